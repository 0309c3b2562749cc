package dev.trialstream.worker.dl4j;

import dev.trialstream.core.params.Activation;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * Copies one fold of a trained {@link LockstepMlp} into a plain {@link MultiLayerNetwork}, so the
 * model a search produces is an ordinary DL4J model zip that any DL4J user can load.
 */
final class NetworkExport {

    private NetworkExport() {
    }

    static MultiLayerNetwork toMultiLayerNetwork(LockstepMlp net, Activation activation, int fold) {
        NeuralNetConfiguration.ListBuilder layers = new NeuralNetConfiguration.Builder().list();
        int fanIn = net.features();
        int last = net.widths().size() - 1;
        for (int l = 0; l < last; l++) {
            int fanOut = net.widths().get(l);
            layers.layer(new DenseLayer.Builder().nIn(fanIn).nOut(fanOut).activation(Activations.of(activation)).build());
            fanIn = fanOut;
        }
        layers.layer(new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nIn(fanIn).nOut(1)
                .activation(org.nd4j.linalg.activations.Activation.IDENTITY).build());
        MultiLayerConfiguration conf = layers.build();
        MultiLayerNetwork network = new MultiLayerNetwork(conf);
        network.init();
        for (int l = 0; l <= last; l++) {
            network.getLayer(l).setParam("W", net.kernel(l, fold));
            network.getLayer(l).setParam("b", net.bias(l, fold));
        }
        return network;
    }

}
