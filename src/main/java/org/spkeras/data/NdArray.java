package org.spkeras.data;

import java.util.Arrays;

/**
 * A numeric array read from a file, with its shape (C order) and its values widened to float64.
 * {@code dtype} is the NumPy type string it was stored with, e.g. {@code <f4}.
 */
public record NdArray(String name, int[] shape, String dtype, double[] values) {
    public NdArray {
        long size = 1;
        for (int d : shape) {
            size *= d;
        }
        if (size != values.length) {
            throw new IllegalArgumentException("array '" + name + "' has " + values.length + " values for shape "
                    + Arrays.toString(shape));
        }
    }

    /** Number of rows along the first axis (1 for a 0-d array). */
    public int rows() {
        return shape.length == 0 ? 1 : shape[0];
    }

    /** Values per row: the product of all dimensions but the first. */
    public int rowSize() {
        return rows() == 0 ? 0 : values.length / rows();
    }

    public float[] rowAsFloats(int row) {
        int n = rowSize();
        float[] out = new float[n];
        for (int i = 0; i < n; i++) {
            out[i] = (float) values[row * n + i];
        }
        return out;
    }

    public double[] row(int row) {
        int n = rowSize();
        return Arrays.copyOfRange(values, row * n, row * n + n);
    }
}
