package dev.trialstream.worker.dl4j;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Where a {@link LockstepMlp}'s numbers sit in its flat parameter vector: per layer, every
 * member's kernel ({@code [in, out]}, member after member), then every member's bias. Optimizer
 * state and the per-member rates, L2 and decay vectors use the same layout.
 *
 * @param count    members
 * @param features inputs
 * @param widths   widths of the layers after the input; the output layer's 1 is last
 */
record StackedLayout(int count, int features, List<Integer> widths) {

    StackedLayout {
        widths = List.copyOf(widths);
    }

    /** {@code hiddenLayers} layers of {@code neurons} units, then one output. */
    static StackedLayout of(int count, int features, int hiddenLayers, int neurons) {
        List<Integer> widths = new ArrayList<>();
        for (int l = 0; l < hiddenLayers; l++) {
            widths.add(neurons);
        }
        widths.add(1);
        return new StackedLayout(count, features, widths);
    }

    /** The same network with {@code members} members. */
    StackedLayout withMembers(int members) {
        return new StackedLayout(members, features, widths);
    }

    int hiddenLayers() {
        return widths.size() - 1;
    }

    /** Inputs of layer l. */
    int fanIn(int layer) {
        return layer == 0 ? features : widths.get(layer - 1);
    }

    /** Parameters of all members. */
    long size() {
        long total = 0;
        for (int l = 0; l < widths.size(); l++) {
            total += (long) count * (fanIn(l) + 1) * widths.get(l);
        }
        return total;
    }

    /** Where layer l's kernels start (its biases follow them). */
    long layerOffset(int layer) {
        long offset = 0;
        for (int l = 0; l < layer; l++) {
            offset += (long) count * (fanIn(l) + 1) * widths.get(l);
        }
        return offset;
    }

    /** Where layer l's biases start. */
    long biasOffset(int layer) {
        return layerOffset(layer) + (long) count * fanIn(layer) * widths.get(layer);
    }

    /** A flat vector with member m's kernel entries (and with {@code biasesToo} its biases) at {@code perMember[m]}, the rest 0. */
    float[] perParameter(double[] perMember, boolean biasesToo) {
        float[] out = new float[(int) size()];
        int at = 0;
        for (int l = 0; l < widths.size(); l++) {
            int kernel = fanIn(l) * widths.get(l);
            for (int m = 0; m < count; m++) {
                Arrays.fill(out, at, at + kernel, (float) perMember[m]);
                at += kernel;
            }
            for (int m = 0; m < count; m++) {
                if (biasesToo) {
                    Arrays.fill(out, at, at + widths.get(l), (float) perMember[m]);
                }
                at += widths.get(l);
            }
        }
        return out;
    }

    /** Of a flat vector in this layout, the entries of members {@code keep} (ascending), in the layout of that many members. */
    float[] gather(float[] flat, int[] keep) {
        float[] out = new float[(int) withMembers(keep.length).size()];
        int from = 0;
        int to = 0;
        for (int l = 0; l < widths.size(); l++) {
            for (int per : new int[] {fanIn(l) * widths.get(l), widths.get(l)}) {
                for (int m : keep) {
                    System.arraycopy(flat, from + m * per, out, to, per);
                    to += per;
                }
                from += count * per;
            }
        }
        return out;
    }
}
