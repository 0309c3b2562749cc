package dev.trialstream.launcher.script;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/openblas-env}, which the {@code trialstream} script and the CPU image's entrypoint start java
 * through: OpenBLAS's AVX-512 kernels on AMD CPUs that have AVX-512, unless the user chose, and an exec that
 * keeps the command's PID (the image needs java as PID 1 to receive SIGTERM). Run with {@code sh} on
 * made-up {@code /proc/cpuinfo} files.
 */
class OpenBlasEnvScriptTest {

    private static final Path SCRIPT = Path.of("..", "bin", "openblas-env").toAbsolutePath().normalize();
    private static final String AVX512 = "avx512f avx512dq avx512cd avx512bw avx512vl avx512_bf16";

    @TempDir
    Path dir;

    @Test
    void amdWithAvx512_getsTheSkylakeXKernels() throws Exception {
        assertThat(coretypeOn(cpu("AuthenticAMD", "fpu sse2 avx2 " + AVX512 + " vaes"), null)).isEqualTo("SkylakeX");
    }

    @Test
    void amdWithAvx512AsTheLastFlags_getsTheSkylakeXKernels() throws Exception {
        assertThat(coretypeOn(cpu("AuthenticAMD", "fpu sse2 avx2 " + AVX512), null)).isEqualTo("SkylakeX");
    }

    @Test
    void amdWithoutAvx512_keepsOpenBlasOwnChoice() throws Exception {
        assertThat(coretypeOn(cpu("AuthenticAMD", "fpu sse2 avx avx2 fma bmi2"), null)).isEmpty();
    }

    @Test
    void amdMissingOneOfTheFourAvx512Parts_keepsOpenBlasOwnChoice() throws Exception {
        assertThat(coretypeOn(cpu("AuthenticAMD", "fpu avx2 avx512f avx512dq avx512cd avx512bw"), null)).isEmpty();
    }

    @Test
    void flagThatOnlyStartsWithAnAvx512Name_doesNotCount() throws Exception {
        assertThat(coretypeOn(cpu("AuthenticAMD", "avx2 avx512fx avx512dq avx512bw avx512vl"), null)).isEmpty();
    }

    @Test
    void intelWithAvx512_keepsOpenBlasOwnChoice() throws Exception {
        assertThat(coretypeOn(cpu("GenuineIntel", "fpu avx2 " + AVX512), null)).isEmpty();
    }

    @Test
    void aChoiceAlreadyMade_wins() throws Exception {
        assertThat(coretypeOn(cpu("AuthenticAMD", "avx2 " + AVX512), "Zen")).isEqualTo("Zen");
    }

    @Test
    void noCpuinfo_runsTheCommandUnchanged() throws Exception {
        assertThat(coretypeOn(dir.resolve("missing"), null)).isEmpty();
    }

    @Test
    void theCommandKeepsTheScriptsProcess() throws Exception {
        Result result = run(cpu("AuthenticAMD", "avx2 " + AVX512), null, "sh", "-c", "echo $$");

        assertThat(result.exit()).isZero();
        assertThat(result.out().trim()).isEqualTo(Long.toString(result.pid()));
    }

    @Test
    void theCommandsArgumentsAndExitCodePassThrough() throws Exception {
        Result result = run(cpu("GenuineIntel", "avx2"), null, "sh", "-c", "printf '%s|' \"$@\"; exit 7", "sh",
                "worker", "--slots", "two words");

        assertThat(result.out()).isEqualTo("worker|--slots|two words|");
        assertThat(result.exit()).isEqualTo(7);
    }

    @Test
    void noCommand_isAUsageError() throws Exception {
        Result result = run(cpu("AuthenticAMD", "avx2"), null);

        assertThat(result.exit()).isEqualTo(2);
        assertThat(result.err()).contains("usage: openblas-env COMMAND");
    }

    private String coretypeOn(Path cpuinfo, String preset) throws Exception {
        Result result = run(cpuinfo, preset, "sh", "-c", "printf '%s' \"${OPENBLAS_CORETYPE:-}\"");
        assertThat(result.exit()).as("stderr: %s", result.err()).isZero();
        return result.out();
    }

    /** Two logical CPUs, as /proc/cpuinfo lists them: a tab before the colon, the flags last but one. */
    private Path cpu(String vendor, String flags) throws IOException {
        String one = "processor\t: %d\nvendor_id\t: " + vendor + "\nmodel name\t: test CPU\nflags\t\t: " + flags
                + "\nbugs\t\t: sysret_ss_attrs\n\n";
        Path file = Files.createTempFile(dir, "cpuinfo", "");
        return Files.writeString(file, String.format(one, 0) + String.format(one, 1));
    }

    private Result run(Path cpuinfo, String preset, String... command) throws Exception {
        List<String> args = new ArrayList<>(List.of("sh", SCRIPT.toString()));
        args.addAll(List.of(command));
        ProcessBuilder builder = new ProcessBuilder(args);
        Map<String, String> env = builder.environment();
        env.put("CPUINFO", cpuinfo.toString());
        env.remove("OPENBLAS_CORETYPE");
        if (preset != null) {
            env.put("OPENBLAS_CORETYPE", preset);
        }
        Process process = builder.start();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("openblas-env ends").isTrue();
        return new Result(process.exitValue(), process.pid(),
                new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8),
                new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    private record Result(int exit, long pid, String out, String err) {
    }
}
