package dev.trialstream.core.training;

import dev.trialstream.core.prep.Matrix;
import java.io.IOException;
import java.io.OutputStream;

/** A trained network, opaque to everything outside the trainer's package. */
public interface FittedModel {

    /** Predictions in the trainer's target units (standardized when the target was). */
    float[] predict(Matrix features);

    /** Writes the model in the engine's own format (a DL4J model zip). */
    void writeTo(OutputStream out) throws IOException;
}
