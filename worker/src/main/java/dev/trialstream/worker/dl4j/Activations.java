package dev.trialstream.worker.dl4j;

import dev.trialstream.core.params.Activation;

/** Core's activation names → DL4J's activation functions (the same ones the exported model uses). */
final class Activations {

    private Activations() {
    }

    static org.nd4j.linalg.activations.Activation of(Activation activation) {
        return switch (activation) {
            case RELU -> org.nd4j.linalg.activations.Activation.RELU;
            case TANH -> org.nd4j.linalg.activations.Activation.TANH;
            case SIGMOID -> org.nd4j.linalg.activations.Activation.SIGMOID;
            case ELU -> org.nd4j.linalg.activations.Activation.ELU;
            case LEAKYRELU -> org.nd4j.linalg.activations.Activation.LEAKYRELU;
            case SELU -> org.nd4j.linalg.activations.Activation.SELU;
        };
    }
}
