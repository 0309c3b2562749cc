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
        float[] mean = members.get(0).predict(features).clone();
        for (int m = 1; m < members.size(); m++) {
            float[] next = members.get(m).predict(features);
            for (int i = 0; i < mean.length; i++) {
                mean[i] += next[i];
            }
        }
        for (int i = 0; i < mean.length; i++) {
            mean[i] /= members.size();
        }
        return mean;
    }
}
