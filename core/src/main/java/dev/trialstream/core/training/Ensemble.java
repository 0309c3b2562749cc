package dev.trialstream.core.training;

import dev.trialstream.core.prep.Matrix;
import java.util.List;

/** Networks trained on the same data with different seeds; predicts the mean of their predictions. */
public record Ensemble(List<FittedModel> members) {

    public Ensemble {
        if (members == null || members.isEmpty()) {
            throw new IllegalArgumentException("an ensemble needs at least one model");
        }
        members = List.copyOf(members);
    }

    public float[] predict(Matrix features) {
        return mean(members.stream().map(m -> m.predict(features)).toList());
    }

    /** The element-wise weighted mean of predictions; the weights sum to 1. */
    public static float[] weightedMean(List<float[]> predictions, double[] weights) {
        if (weights.length != predictions.size()) {
            throw new IllegalArgumentException(weights.length + " weights for " + predictions.size() + " predictions");
        }
        double[] sum = new double[predictions.get(0).length];
        for (int m = 0; m < predictions.size(); m++) {
            float[] next = predictions.get(m);
            for (int i = 0; i < sum.length; i++) {
                sum[i] += weights[m] * next[i];
            }
        }
        float[] mean = new float[sum.length];
        for (int i = 0; i < sum.length; i++) {
            mean[i] = (float) sum[i];
        }
        return mean;
    }

    /** The element-wise mean of the members' predictions, for a caller that already has them. */
    public static float[] mean(List<float[]> predictions) {
        float[] mean = predictions.get(0).clone();
        for (int m = 1; m < predictions.size(); m++) {
            float[] next = predictions.get(m);
            for (int i = 0; i < mean.length; i++) {
                mean[i] += next[i];
            }
        }
        for (int i = 0; i < mean.length; i++) {
            mean[i] /= predictions.size();
        }
        return mean;
    }
}
