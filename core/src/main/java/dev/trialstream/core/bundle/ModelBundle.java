package dev.trialstream.core.bundle;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * A model bundle: a zip holding {@code bundle.json} ({@link BundleInfo}) and the engine's own model
 * files (DL4J MultiLayerNetworks): {@code model.zip}, then {@code model-1.zip}, {@code model-2.zip}
 * ... when the final fit trained an ensemble ({@link BundleInfo#models()} of them).
 */
public record ModelBundle(BundleInfo info, List<byte[]> models) {

    static final String MODEL_ENTRY = "model.zip";
    static final String INFO_ENTRY = "bundle.json";
    private static final Pattern MEMBER_ENTRY = Pattern.compile("model-([1-9][0-9]?)\\.zip");
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    public ModelBundle {
        if (info == null || models == null || models.isEmpty() || models.stream().anyMatch(m -> m == null || m.length == 0)) {
            throw new IllegalArgumentException("a bundle needs its info and non-empty models");
        }
        if (models.size() != info.models()) {
            throw new IllegalArgumentException("the bundle's info says " + info.models() + " models but it holds "
                    + models.size());
        }
        models = List.copyOf(models);
    }

    /** The zip entry holding network {@code member} (from 0): {@code model.zip}, then {@code model-1.zip} ... */
    public static String entryName(int member) {
        return member == 0 ? MODEL_ENTRY : "model-" + member + ".zip";
    }

    public void write(OutputStream out) throws IOException {
        ZipOutputStream zip = new ZipOutputStream(out);
        zip.putNextEntry(new ZipEntry(INFO_ENTRY));
        zip.write(JSON.writeValueAsBytes(info));
        zip.closeEntry();
        for (int member = 0; member < models.size(); member++) {
            zip.putNextEntry(new ZipEntry(entryName(member)));
            zip.write(models.get(member));
            zip.closeEntry();
        }
        zip.finish();
    }

    public byte[] toBytes() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            write(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /**
     * Writes the bundle to a sibling {@code .partial} file and renames it over {@code file}, so a
     * half-written bundle never has the real name; a {@code file} that exists and is not a regular
     * file (/dev/null, a pipe) is written in place, as the rename would replace the device or pipe
     * itself when the user may (root may replace /dev/null).
     */
    public void writeTo(Path file) throws IOException {
        if (Files.exists(file) && !Files.isRegularFile(file)) {
            try (OutputStream out = Files.newOutputStream(file)) {
                write(out);
            }
            return;
        }
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Path partial = file.resolveSibling(file.getFileName() + ".partial");
        try (OutputStream out = Files.newOutputStream(partial)) {
            write(out);
        }
        // Never leave a half-written bundle under the real name.
        Files.move(partial, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    /**
     * Reads a bundle; the error names what is missing or unreadable.
     *
     * @throws IllegalArgumentException (bad input) naming {@code displayName} when it is not a bundle,
     *                                  or a truncated or corrupt one
     */
    public static ModelBundle read(String displayName, InputStream in) throws IOException {
        BundleInfo info = null;
        Map<Integer, byte[]> members = new TreeMap<>();
        try (ZipInputStream zip = new ZipInputStream(in)) {
            for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
                byte[] content = zip.readAllBytes();
                if (entry.getName().equals(INFO_ENTRY)) {
                    info = readInfo(displayName, content);
                } else if (entry.getName().equals(MODEL_ENTRY)) {
                    members.put(0, content);
                } else {
                    Matcher member = MEMBER_ENTRY.matcher(entry.getName());
                    if (member.matches()) {
                        members.put(Integer.parseInt(member.group(1)), content);
                    }
                }
            }
        } catch (ZipException | EOFException e) {
            // The file's content is at fault (a copy cut short, a damaged download), not the disk.
            throw new IllegalArgumentException(displayName + ": not a readable trialstream model bundle (truncated or"
                    + " corrupt zip: " + e.getMessage() + ")", e);
        }
        if (info == null || !members.containsKey(0)) {
            throw new IllegalArgumentException(displayName + " is not a trialstream model bundle: it has no "
                    + (info == null ? INFO_ENTRY : MODEL_ENTRY));
        }
        List<byte[]> models = new ArrayList<>();
        for (int member = 0; member < info.models(); member++) {
            byte[] content = members.get(member);
            if (content == null) {
                throw new IllegalArgumentException(displayName + ": " + INFO_ENTRY + " says " + info.models()
                        + " models but " + entryName(member) + " is missing");
            }
            models.add(content);
        }
        if (members.size() > models.size()) {
            throw new IllegalArgumentException(displayName + ": it holds " + members.size() + " models but "
                    + INFO_ENTRY + " says " + info.models());
        }
        return new ModelBundle(info, models);
    }

    /**
     * {@code bundle.json} as a {@link BundleInfo}. A bundle of another schema version says so, and
     * what to do, before anything else; any other fault is said in the check's own words with the
     * field it is in ("preprocessing: targetStd must be > 0, found 0.0"), not Jackson's ("Cannot
     * construct instance of `dev.trialstream.core.bundle.BundleInfo`, problem: ..." and a second line
     * "at [Source: REDACTED ...]"), which named a class the user never wrote.
     */
    private static BundleInfo readInfo(String displayName, byte[] content) {
        String invalid = displayName + ": " + INFO_ENTRY + " is invalid: ";
        JsonNode tree;
        try {
            tree = JSON.readTree(content);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(invalid + "not JSON (" + e.getOriginalMessage() + ")", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        JsonNode version = tree == null ? null : tree.get("schemaVersion");
        if (version == null || !version.canConvertToExactIntegral()) {
            throw new IllegalArgumentException(invalid + "it has no schemaVersion (a trialstream bundle's is "
                    + BundleInfo.SCHEMA_VERSION + ")");
        }
        int schema = version.asInt();
        if (schema != BundleInfo.SCHEMA_VERSION) {
            // As the messages of another version are refused (MessageCodec): by whom, and what this one reads.
            throw new IllegalArgumentException(displayName + ": a bundle written by "
                    + (schema > BundleInfo.SCHEMA_VERSION ? "a newer" : "an older") + " trialstream (schemaVersion "
                    + schema + "); this one reads " + BundleInfo.SCHEMA_VERSION + ": predict with the trialstream that"
                    + " wrote it, or export or train the model again with this one");
        }
        try {
            return JSON.treeToValue(tree, BundleInfo.class);
        } catch (JsonMappingException e) {
            String path = e.getPath().stream()
                    .map(ref -> ref.getFieldName() != null ? "." + ref.getFieldName() : "[" + ref.getIndex() + "]")
                    .collect(Collectors.joining());
            String reason = e.getOriginalMessage();
            if (e instanceof ValueInstantiationException && e.getCause() instanceof IllegalArgumentException cause) {
                reason = cause.getMessage();
            }
            throw new IllegalArgumentException(invalid + (path.isEmpty() ? "" : path.substring(1) + ": ") + reason, e);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(invalid + e.getOriginalMessage(), e);
        }
    }

    public static ModelBundle read(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return read(file.toString(), in);
        }
    }

    public static ModelBundle fromBytes(String displayName, byte[] bytes) {
        try {
            return read(displayName, new ByteArrayInputStream(bytes));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
