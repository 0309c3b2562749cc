package dev.trialstream.worker.dl4j;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Whether the OpenBLAS that ND4J ships (0.3.19) runs its AVX-512 "SkylakeX" kernels here, and with them
 * its small-matrix {@code sgemm} kernels, which read the operands in place instead of copying them into
 * panels first. OpenBLAS takes that path only for a call whose {@code M·N·K ≤ 10⁶} (and, for a transposed
 * first operand in its column-major terms, {@code M·N ≤ 1200} and {@code K ≥ 32}:
 * {@code kernel/x86_64/sgemm_small_kernel_permit_skylakex.c}); {@link HostGemm} splits larger products
 * into calls that qualify. The bytedeco binding has no {@code openblas_get_corename}, so this reads what
 * OpenBLAS reads: {@code OPENBLAS_CORETYPE} when set (the {@code trialstream} script and the CPU image set
 * {@code SkylakeX} on AMD CPUs with AVX-512), else the CPU: OpenBLAS runs its SkylakeX (or Cooperlake)
 * kernels on the Intel CPUs with AVX-512 F, BW, DQ and VL that it knows, its AVX2 kernels on AMD. A wrong
 * answer costs speed, not correctness: the split calls compute the same products (to float rounding).
 */
final class OpenBlasSmallKernels {

    /** {@code -Dtrialstream.gemmSplit=true|false} overrides the detection (benchmarks compare the two). */
    static final String PROPERTY = "trialstream.gemmSplit";

    private static final List<String> AVX512 = List.of("avx512f", "avx512bw", "avx512dq", "avx512vl");
    private static final List<String> CORES = List.of("skylakex", "cooperlake", "sapphirerapids");

    private OpenBlasSmallKernels() {
    }

    /** This process's answer: the property if set, else the environment and {@code /proc/cpuinfo}. */
    static boolean here() {
        String forced = System.getProperty(PROPERTY);
        if (forced != null) {
            return Boolean.parseBoolean(forced);
        }
        return available(System.getenv(), cpuinfo(Path.of("/proc/cpuinfo")));
    }

    /**
     * @param env     the process environment
     * @param cpuinfo the contents of {@code /proc/cpuinfo}, empty when it cannot be read
     */
    static boolean available(Map<String, String> env, Optional<String> cpuinfo) {
        String coretype = env.get("OPENBLAS_CORETYPE");
        if (coretype != null && !coretype.isBlank()) {
            return CORES.contains(coretype.strip().toLowerCase(Locale.ROOT));
        }
        if (cpuinfo.isEmpty()) {
            return false;
        }
        String vendor = field(cpuinfo.get(), "vendor_id");
        List<String> flags = List.of(field(cpuinfo.get(), "flags").split("\\s+"));
        return vendor.equals("GenuineIntel") && flags.containsAll(AVX512);
    }

    /** The value of the first line {@code name\t: value}, or "". */
    private static String field(String cpuinfo, String name) {
        for (String line : cpuinfo.split("\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).strip().equals(name)) {
                return line.substring(colon + 1).strip();
            }
        }
        return "";
    }

    private static Optional<String> cpuinfo(Path file) {
        try {
            return Optional.of(Files.readString(file));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
