package dev.trialstream.aggregator.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.RocksDB;

/**
 * RocksDB's library is loaded from the state dir, so a process that dies without a normal exit
 * leaves no copy of it in the temp dir. Each case runs in a JVM of its own (a library loads once
 * per JVM) that halts the way {@code kill -9} ends one: no shutdown hooks, no delete-on-exit.
 */
class RocksDbLibraryTest {

    @TempDir
    Path dir;

    /** Loads the library (from {@code args[0]}'s state dir, or with RocksDB's own loader if none), uses it, halts. */
    public static final class Halting {
        public static void main(String[] args) {
            if (args.length > 0) {
                System.out.println("loaded from " + RocksDbLibrary.load(Path.of(args[0])).orElseThrow());
            }
            RocksDB.loadLibrary();
            System.out.println("rocksdb " + RocksDB.rocksdbVersion());
            Runtime.getRuntime().halt(0);
        }
    }

    private String run(Path temp, String... args) throws Exception {
        return run(temp, dir.toFile(), args);
    }

    private String run(Path temp, java.io.File workingDir, String... args) throws Exception {
        Files.createDirectories(temp);
        Path out = dir.resolve("out.txt");
        List<String> command = new java.util.ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "-Djava.io.tmpdir=" + temp, "-cp", System.getProperty("java.class.path"), Halting.class.getName()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).directory(workingDir).redirectErrorStream(true)
                .redirectOutput(out.toFile()).start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String output = Files.readString(out, StandardCharsets.UTF_8);
        assertThat(process.exitValue()).as(output).isZero();
        assertThat(output).contains("rocksdb ");
        return output;
    }

    private static List<Path> libraryCopies(Path temp) throws IOException {
        try (Stream<Path> files = Files.list(temp)) {
            return files.filter(f -> f.getFileName().toString().startsWith("librocksdbjni")).toList();
        }
    }

    @Test
    void rocksDbsOwnLoader_leavesACopyInTheTempDirWhenTheProcessDies() throws Exception {
        Path temp = dir.resolve("tmp");
        run(temp);
        run(temp);

        assertThat(libraryCopies(temp)).as("one copy per process that died").hasSize(2);
    }

    @Test
    void loadedFromTheStateDir_leavesNothingInTheTempDir_andIsWrittenOnce() throws Exception {
        Path temp = dir.resolve("tmp");
        Path stateDir = dir.resolve("state");

        String first = run(temp, stateDir.toString());
        Path file = Path.of(first.lines().filter(l -> l.startsWith("loaded from ")).findFirst().orElseThrow()
                .substring("loaded from ".length()));
        assertThat(file).startsWith(stateDir).isRegularFile();
        Files.setLastModifiedTime(file, FileTime.fromMillis(0));
        run(temp, stateDir.toString());

        assertThat(libraryCopies(temp)).isEmpty();
        assertThat(Files.getLastModifiedTime(file).toMillis()).as("the same library is not written again").isZero();
        try (Stream<Path> native_ = Files.list(file.getParent())) {
            assertThat(native_).containsExactly(file);
        }
    }

    /** The aggregator's default state dir is relative ({@code aggregator-state}): the library loads from it too. */
    @Test
    void loadedFromARelativeStateDir() throws Exception {
        Path temp = dir.resolve("tmp");

        String output = run(temp, dir.toFile(), "aggregator-state");

        assertThat(output).contains("loaded from " + dir.resolve("aggregator-state").resolve("native"));
        assertThat(libraryCopies(temp)).isEmpty();
    }
}
