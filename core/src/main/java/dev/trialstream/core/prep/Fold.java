package dev.trialstream.core.prep;

import java.util.Arrays;

/** One fold of a {@link FoldPlan}: row indices to fit on and row indices to validate on. */
public record Fold(int[] train, int[] valid) {

    public Fold {
        if (train == null || valid == null) {
            throw new IllegalArgumentException("train and valid rows must be set");
        }
        if (train.length == 0) {
            throw new IllegalArgumentException("a fold needs at least one training row");
        }
        train = train.clone();
        valid = valid.clone();
    }

    @Override
    public int[] train() {
        return train.clone();
    }

    @Override
    public int[] valid() {
        return valid.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Fold that && Arrays.equals(train, that.train) && Arrays.equals(valid, that.valid);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(train) + Arrays.hashCode(valid);
    }

    @Override
    public String toString() {
        return "Fold[train " + train.length + " rows, valid " + valid.length + " rows]";
    }
}
