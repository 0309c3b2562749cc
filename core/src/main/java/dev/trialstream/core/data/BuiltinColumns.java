package dev.trialstream.core.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The column names of a built-in dataset, read from the header line of its resource. A spec that
 * names a column of a built-in ({@code data.target}, {@code data.categorical},
 * {@code data.foldColumn}) can then be checked when the spec is read, where the problem has its
 * field and line, instead of when the rows are parsed, where only the resource's file name is
 * known. Only the first line is read (California's file is 1.4 MB), once per dataset.
 */
final class BuiltinColumns {

    private static final Map<String, List<String>> HEADERS = new ConcurrentHashMap<>();

    private BuiltinColumns() {
    }

    /** The header of the built-in's training resource, in file order. */
    static List<String> of(BuiltinDataset builtin) {
        return HEADERS.computeIfAbsent(builtin.trainResource(), BuiltinColumns::readHeader);
    }

    private static List<String> readHeader(String fileName) {
        String resource = DatasetLoader.BUILTIN_FOLDER + fileName;
        try (InputStream in = BuiltinColumns.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("built-in resource " + resource + " is missing from the classpath");
            }
            // The built-ins are plain comma-separated files with unquoted names (see PROVENANCE.md).
            String header = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).readLine();
            if (header == null) {
                throw new IllegalStateException("built-in resource " + resource + " is empty");
            }
            return Arrays.stream(header.split(",")).map(String::trim).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("built-in resource " + resource + " cannot be read", e);
        }
    }
}
