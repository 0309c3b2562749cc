package dev.trialstream.worker.dl4j;

import dev.trialstream.core.prep.Matrix;
import dev.trialstream.core.training.FittedModel;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.factory.Nd4j;

/** A trained {@link MultiLayerNetwork} behind the engine-neutral {@link FittedModel}. */
public final class Dl4jFittedModel implements FittedModel {

    private final MultiLayerNetwork network;

    Dl4jFittedModel(MultiLayerNetwork network) {
        this.network = network;
    }

    /** Loads a model written by {@link #writeTo}. */
    public static FittedModel read(InputStream in) throws IOException {
        return new Dl4jFittedModel(ModelSerializer.restoreMultiLayerNetwork(in, false));
    }

    @Override
    public float[] predict(Matrix features) {
        if (features.rows() == 0) {
            return new float[0];
        }
        return network.output(Nd4j.create(features.data(), new long[] {features.rows(), features.cols()}, 'c'))
                .data().asFloat();
    }

    @Override
    public void writeTo(OutputStream out) throws IOException {
        // Without the updater: the bundle is for prediction, and Adam state would double its size.
        ModelSerializer.writeModel(network, out, false);
    }
}
