package dev.trialstream.launcher.faults;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --dir} of the commands that start a {@link Cluster}: where its processes keep their logs and state. */
final class WorkDirOption {

    @Option(names = "--dir", paramLabel = "DIR",
            description = "working directory (the processes' logs and state); default: a new temp dir")
    Path dir;

    /** The {@code --dir} given, created if need be, or else a new temp dir named {@code prefix...}. */
    Path create(String prefix) throws IOException {
        return dir != null ? Files.createDirectories(dir) : Files.createTempDirectory(prefix);
    }
}
