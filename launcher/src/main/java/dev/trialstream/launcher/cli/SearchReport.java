package dev.trialstream.launcher.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trialstream.aggregator.page.PageHtml;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes a search page as one self-contained HTML file, for {@code local --report} and {@code report}. */
final class SearchReport {

    private SearchReport() {
    }

    static void write(Path file, JsonNode page) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.writeString(file, PageHtml.report(page), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot write the report " + file + ": " + e.getMessage(), e);
        }
    }

}
