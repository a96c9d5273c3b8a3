package org.spkeras.export;

import java.util.Arrays;

/** A float32 array with its shape (row-major), as NIR stores parameters. */
public record Tensor(int[] shape, float[] values) {
    public Tensor {
        long size = 1;
        for (int d : shape) {
            size *= d;
        }
        if (size != values.length) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " needs " + size + " values, found "
                    + values.length);
        }
    }

    public static Tensor filled(int[] shape, float value) {
        int size = 1;
        for (int d : shape) {
            size *= d;
        }
        float[] v = new float[size];
        Arrays.fill(v, value);
        return new Tensor(shape, v);
    }
}
