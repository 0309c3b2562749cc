package dev.trialstream.worker.dl4j;

/**
 * Whether the host step's SIMD loops ({@link VectorKernels}) run: the JVM was started with
 * {@code --add-modules jdk.incubator.vector}, as the {@code trialstream} script, the images and the
 * builds' tests do, and {@code -Dtrialstream.vector=false} did not turn them off. Otherwise the scalar
 * loops run, with the same results (to float rounding for the activations, exactly for the masks)
 * and 10–15× slower for the exp-based activations.
 */
final class Simd {

    static final boolean AVAILABLE = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()
            && !"false".equals(System.getProperty("trialstream.vector"));

    private Simd() {
    }
}
