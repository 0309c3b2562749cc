package dev.trialstream.core.prep;

import java.util.Arrays;

/**
 * A dense row-major float matrix: the hand-over format between preprocessing and a trainer, so
 * that no trainer type leaks into core and no core type needs a tensor library.
 */
public record Matrix(int rows, int cols, float[] data) {

    public Matrix {
        if (rows < 0) {
            throw new IllegalArgumentException("rows must be >= 0, found " + rows);
        }
        if (cols < 0) {
            throw new IllegalArgumentException("cols must be >= 0, found " + cols);
        }
        if (data.length != rows * cols) {
            throw new IllegalArgumentException(
                    "data length must be rows*cols = " + rows * cols + ", found " + data.length);
        }
    }

    public static Matrix zeros(int rows, int cols) {
        return new Matrix(rows, cols, new float[rows * cols]);
    }

    public float get(int row, int col) {
        return data[row * cols + col];
    }

    public void set(int row, int col, float value) {
        data[row * cols + col] = value;
    }

    /** A copy of one row. */
    public float[] row(int row) {
        return Arrays.copyOfRange(data, row * cols, (row + 1) * cols);
    }
}
