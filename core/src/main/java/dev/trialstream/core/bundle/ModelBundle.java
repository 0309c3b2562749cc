package dev.trialstream.core.bundle;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * A model bundle: a zip holding {@code model.zip} (the engine's own model file, a DL4J
 * MultiLayerNetwork) and {@code bundle.json} ({@link BundleInfo}).
 */
public record ModelBundle(BundleInfo info, byte[] model) {

    static final String MODEL_ENTRY = "model.zip";
    static final String INFO_ENTRY = "bundle.json";
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    public ModelBundle {
        if (info == null || model == null || model.length == 0) {
            throw new IllegalArgumentException("a bundle needs its info and a non-empty model");
        }
    }

    public void write(OutputStream out) throws IOException {
        ZipOutputStream zip = new ZipOutputStream(out);
        zip.putNextEntry(new ZipEntry(INFO_ENTRY));
        zip.write(JSON.writeValueAsBytes(info));
        zip.closeEntry();
        zip.putNextEntry(new ZipEntry(MODEL_ENTRY));
        zip.write(model);
        zip.closeEntry();
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

    public void writeTo(Path file) throws IOException {
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

    /** Reads a bundle; the error names what is missing or unreadable. */
    public static ModelBundle read(String displayName, InputStream in) throws IOException {
        BundleInfo info = null;
        byte[] model = null;
        try (ZipInputStream zip = new ZipInputStream(in)) {
            for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
                byte[] content = zip.readAllBytes();
                if (entry.getName().equals(INFO_ENTRY)) {
                    try {
                        info = JSON.readValue(content, BundleInfo.class);
                    } catch (IOException | IllegalArgumentException e) {
                        throw new IllegalArgumentException(displayName + ": " + INFO_ENTRY + " is invalid: " + e.getMessage(), e);
                    }
                } else if (entry.getName().equals(MODEL_ENTRY)) {
                    model = content;
                }
            }
        }
        if (info == null || model == null) {
            throw new IllegalArgumentException(displayName + " is not a trialstream model bundle: it has no "
                    + (info == null ? INFO_ENTRY : MODEL_ENTRY));
        }
        return new ModelBundle(info, model);
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
