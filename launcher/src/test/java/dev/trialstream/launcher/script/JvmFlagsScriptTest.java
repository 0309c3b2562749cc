package dev.trialstream.launcher.script;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/jvm-flags}, which the {@code trialstream} script asks for the options only newer JVMs
 * take: on Java 23 and later the one that lets JavaCPP use {@code sun.misc.Unsafe} without four
 * lines of warnings, on Java 17-22 nothing (the option would stop the JVM from starting). Run with
 * {@code sh} on made-up JDK directories, whose {@code release} file gives the version, reached as
 * {@code /usr/bin/java} reaches a Debian JDK: through links.
 */
class JvmFlagsScriptTest {

    private static final Path SCRIPT = Path.of("..", "bin", "jvm-flags").toAbsolutePath().normalize();
    private static final String UNSAFE = "--sun-misc-unsafe-memory-access=allow";

    @TempDir
    Path dir;

    @Test
    void java25_getsTheUnsafeOption() throws Exception {
        assertThat(flagsFor(jdk("JAVA_VERSION=\"25.0.3\""))).isEqualTo(UNSAFE + "\n");
    }

    @Test
    void java23_theFirstToKnowIt_getsIt() throws Exception {
        assertThat(flagsFor(jdk("JAVA_VERSION=\"23\""))).isEqualTo(UNSAFE + "\n");
    }

    @Test
    void java17And22_getNothing() throws Exception {
        assertThat(flagsFor(jdk("JAVA_VERSION=\"17.0.15\""))).isEmpty();
        assertThat(flagsFor(jdk("JAVA_VERSION=\"22.0.2\""))).isEmpty();
    }

    @Test
    void theVersionIsReadFromTheJdkALinkLeadsTo() throws Exception {
        Path java = jdk("IMPLEMENTOR=\"Eclipse Adoptium\"\nJAVA_RUNTIME_VERSION=\"25.0.3+9-LTS\"\n"
                + "JAVA_VERSION=\"25.0.3\"");
        Path alternatives = Files.createSymbolicLink(dir.resolve("alternatives-java"), java);
        Path usrBin = Files.createDirectories(dir.resolve("usr/bin"));
        Path link = Files.createSymbolicLink(usrBin.resolve("java"), alternatives);

        assertThat(flagsFor(link)).isEqualTo(UNSAFE + "\n");
    }

    @Test
    void aJavaWithoutAReleaseFile_orAnOddVersion_getsNothing() throws Exception {
        Path bare = Files.createDirectories(dir.resolve("bare/bin")).resolve("java");
        Files.writeString(bare, "#!/bin/sh\n");
        bare.toFile().setExecutable(true);

        assertThat(flagsFor(bare)).isEmpty();
        assertThat(flagsFor(jdk("JAVA_VERSION=\"1.8.0_402\""))).isEmpty();
        assertThat(flagsFor(jdk("JAVA_VERSION=\"\""))).isEmpty();
        assertThat(flagsFor(dir.resolve("no-such-java"))).isEmpty();
    }

    /** The option the script gives is one a real Java 23+ starts with (a misspelt one stops every command). */
    @Test
    void aRealNewerJava_startsWithTheOptionsGiven() throws Exception {
        Optional<Path> newer = newerJdkOnThisMachine();
        assumeTrue(newer.isPresent(), "no JDK 23 or later under /usr/lib/jvm or in TRIALSTREAM_TEST_JDK: "
                + "nothing to start the option with (the made-up JDKs above still test the choice)");
        Path java = newer.get().resolve("bin/java");
        String flags = flagsFor(java);
        assertThat(flags).isEqualTo(UNSAFE + "\n");

        List<String> command = new ArrayList<>(List.of(java.toString()));
        command.addAll(List.of(flags.strip().split("\n")));
        command.add("-version");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.exitValue()).as(out).isZero();
    }

    /** A JDK under /usr/lib/jvm (or TRIALSTREAM_TEST_JDK) for which the script itself gives the option. */
    private Optional<Path> newerJdkOnThisMachine() throws Exception {
        String named = System.getenv("TRIALSTREAM_TEST_JDK");
        if (named != null && !named.isBlank()) {
            return Optional.of(Path.of(named));
        }
        Path jvms = Path.of("/usr/lib/jvm");
        if (!Files.isDirectory(jvms)) {
            return Optional.empty();
        }
        List<Path> homes;
        try (Stream<Path> listed = Files.list(jvms)) {
            homes = listed.filter(home -> Files.isExecutable(home.resolve("bin/java"))).sorted().toList();
        }
        for (Path home : homes) {
            if (!flagsFor(home.resolve("bin/java")).isEmpty()) {
                return Optional.of(home);
            }
        }
        return Optional.empty();
    }

    /** A JDK directory with this {@code release} file and an executable {@code bin/java}; returns the latter. */
    private Path jdk(String release) throws IOException {
        Path home = Files.createTempDirectory(dir, "jdk");
        Files.writeString(home.resolve("release"), release + "\n");
        Path java = Files.createDirectories(home.resolve("bin")).resolve("java");
        Files.writeString(java, "#!/bin/sh\nexit 0\n");
        assertThat(java.toFile().setExecutable(true)).isTrue();
        return java;
    }

    private String flagsFor(Path java) throws Exception {
        Process process = new ProcessBuilder("sh", SCRIPT.toString(), java.toString()).start();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("jvm-flags ends").isTrue();
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.exitValue()).as("stderr: %s", err).isZero();
        return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }
}
