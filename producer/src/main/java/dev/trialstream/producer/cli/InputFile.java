package dev.trialstream.producer.cli;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Checks a file a command reads, so a directory given by mistake is reported by its flag and path
 * rather than as the JDK's bare "Is a directory".
 */
public final class InputFile {

    private InputFile() {
    }

    /**
     * The file, unless it is a directory. A missing file is left to the read (its error names the path).
     *
     * @throws IllegalArgumentException (bad input, exit 2) naming the flag and the path
     */
    public static Path requireFile(String flag, Path file) {
        if (Files.isDirectory(file)) {
            throw new IllegalArgumentException(flag + " " + file + ": is a directory; give a file");
        }
        return file;
    }
}
