package dev.trialstream.aggregator.page;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.List;

/**
 * A curve as the page draws it: {@code [epoch, value]} pairs, at most {@link #MAX_POINTS} of them.
 * The state keeps every epoch (pruning needs them, and a trial has at most maxEpochs); the page
 * keeps every k-th, the first and the last, so a 100,000-epoch search still ships a small page.
 */
final class CurvePoints {

    static final int MAX_POINTS = 200;

    private CurvePoints() {
    }

    /** @param values value of epoch e at index e - 1; non-finite values are left out (a log axis cannot show them) */
    static ArrayNode of(List<Double> values) {
        ArrayNode points = JsonNodeFactory.instance.arrayNode();
        int n = values.size();
        int stride = Math.max(1, (int) Math.ceil(n / (double) MAX_POINTS));
        for (int i = 0; i < n; i++) {
            if (i % stride == 0 || i == n - 1) {
                double value = values.get(i);
                if (Double.isFinite(value)) {
                    points.addArray().add(i + 1).add(value);
                }
            }
        }
        return points;
    }
}
