package dev.trialstream.core.ensemble;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.trialstream.core.prep.Fold;
import dev.trialstream.core.prep.FoldPlan;
import dev.trialstream.core.training.FoldData;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

/**
 * A trial's out-of-fold predictions with the truth they are scored against, both in the order of
 * the training split's rows and in the target's own units: row {@code i}'s prediction comes from the
 * fold network that did not train on row {@code i}. Every trial of a search has the same folds and
 * so the same targets; they travel with each trial because a reader of exactly-once events cannot
 * know which trial arrives first.
 *
 * <p>On the wire each array is the base64 of its little-endian float32s (4 bytes a row, a third more
 * as text), not a JSON number list (~10 bytes a row).
 */
public record OutOfFold(float[] predictions, float[] targets) {

    /**
     * The most encoded bytes an event carries inline (24,576 rows; California's 16,512 fit): well
     * below Kafka's 1 MiB default record size, beside the rest of the event. Larger predictions
     * travel through the blob store ({@link #toBytes()}, {@code TrialCompleted.outOfFoldFile}).
     */
    public static final int INLINE_LIMIT_BYTES = 256 * 1024;

    public OutOfFold {
        if (predictions == null || targets == null) {
            throw new IllegalArgumentException("predictions and targets must be set");
        }
        if (predictions.length == 0) {
            throw new IllegalArgumentException("out-of-fold predictions must not be empty");
        }
        if (predictions.length != targets.length) {
            throw new IllegalArgumentException(predictions.length + " out-of-fold predictions for "
                    + targets.length + " targets");
        }
        predictions = predictions.clone();
        targets = targets.clone();
    }

    /**
     * Each fold's validation predictions put back at their rows. Predictions come in the trainer's
     * units; the per-fold target mean they were centred on is not kept in {@link FoldData}, but the
     * error is: {@code prediction = truth + (scaled prediction - scaled truth) × scale}.
     *
     * @param plan        the folds, whose {@code valid} indices name the rows of each fold
     * @param folds       the prepared folds of {@code plan}, in the same order
     * @param predictions each fold's validation predictions, in the trainer's units
     * @param targets     every training row's target, in its own units, in row order
     */
    public static OutOfFold assemble(FoldPlan plan, List<FoldData> folds, List<float[]> predictions,
                                     double[] targets) {
        if (folds.size() != plan.k() || predictions.size() != plan.k()) {
            throw new IllegalArgumentException("the plan has " + plan.k() + " folds but " + folds.size()
                    + " prepared folds and " + predictions.size() + " prediction sets were given");
        }
        if (targets.length != plan.rows()) {
            throw new IllegalArgumentException("the plan covers " + plan.rows() + " rows but " + targets.length
                    + " targets were given");
        }
        float[] oof = new float[plan.rows()];
        float[] truth = new float[plan.rows()];
        for (int f = 0; f < plan.k(); f++) {
            Fold fold = plan.folds().get(f);
            int[] rows = fold.valid();
            float[] predicted = predictions.get(f);
            float[] scaledTruth = folds.get(f).validY();
            if (predicted.length != rows.length || scaledTruth.length != rows.length) {
                throw new IllegalArgumentException("fold " + f + " validates " + rows.length + " rows but has "
                        + predicted.length + " predictions and " + scaledTruth.length + " targets");
            }
            double scale = folds.get(f).targetScale();
            for (int i = 0; i < rows.length; i++) {
                int row = rows[i];
                truth[row] = (float) targets[row];
                oof[row] = (float) (targets[row] + ((double) predicted[i] - scaledTruth[i]) * scale);
            }
        }
        return new OutOfFold(oof, truth);
    }

    /** The size of both arrays as base64 text. */
    public long encodedBytes() {
        return 2L * (4L * ((predictions.length * (long) Float.BYTES + 2) / 3));
    }

    /**
     * The blob-store form: the predictions' little-endian float32s, then the targets'; 8 bytes a
     * row, no header (the row count is the length over 8).
     */
    public byte[] toBytes() {
        ByteBuffer bytes = ByteBuffer.allocate(2 * predictions.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asFloatBuffer().put(predictions).put(targets);
        return bytes.array();
    }

    /**
     * Reads {@link #toBytes()}' form back.
     *
     * @param name what the bytes are, for the error (a file name)
     */
    public static OutOfFold fromBytes(byte[] bytes, String name) {
        if (bytes.length == 0 || bytes.length % (2 * Float.BYTES) != 0) {
            throw new IllegalArgumentException(name + ": out-of-fold predictions must be a positive multiple of 8 bytes"
                    + " (a float32 prediction and target per row), found " + bytes.length);
        }
        int rows = bytes.length / (2 * Float.BYTES);
        float[] predictions = new float[rows];
        float[] targets = new float[rows];
        var floats = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
        floats.get(predictions).get(targets);
        return new OutOfFold(predictions, targets);
    }

    /** Whether {@link #encodedBytes()} is too large to travel inline in an event. */
    public boolean tooLargeInline() {
        return encodedBytes() > INLINE_LIMIT_BYTES;
    }

    /** The rows predicted. */
    public int rows() {
        return predictions.length;
    }

    @Override
    public float[] predictions() {
        return predictions.clone();
    }

    @Override
    public float[] targets() {
        return targets.clone();
    }

    /** The targets as doubles, as {@link EnsembleSelection} takes them. */
    public double[] truth() {
        double[] truth = new double[targets.length];
        for (int i = 0; i < truth.length; i++) {
            truth[i] = targets[i];
        }
        return truth;
    }

    @JsonValue
    public Encoded encoded() {
        return new Encoded(encode(predictions), encode(targets));
    }

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public static OutOfFold decode(Encoded encoded) {
        if (encoded == null) {
            throw new IllegalArgumentException("out-of-fold payload must be set");
        }
        return new OutOfFold(decode(encoded.predictions(), "predictions"), decode(encoded.targets(), "targets"));
    }

    /** The JSON form: base64 of little-endian float32s. */
    public record Encoded(String predictions, String targets) {
    }

    static String encode(float[] values) {
        ByteBuffer bytes = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asFloatBuffer().put(values);
        return Base64.getEncoder().encodeToString(bytes.array());
    }

    static float[] decode(String base64, String field) {
        if (base64 == null) {
            throw new IllegalArgumentException(field + " must be set");
        }
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(field + " must be base64 of little-endian float32s: " + e.getMessage());
        }
        if (bytes.length % Float.BYTES != 0) {
            throw new IllegalArgumentException(field + " must be a whole number of float32s, found " + bytes.length
                    + " bytes");
        }
        float[] values = new float[bytes.length / Float.BYTES];
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(values);
        return values;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof OutOfFold that && Arrays.equals(predictions, that.predictions)
                && Arrays.equals(targets, that.targets);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(predictions) + Arrays.hashCode(targets);
    }

    @Override
    public String toString() {
        return "OutOfFold[" + predictions.length + " rows]";
    }
}
