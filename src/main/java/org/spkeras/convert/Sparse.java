package org.spkeras.convert;

import java.util.Arrays;

/** A short sparse vector of (index, factor) pairs: one source neuron's activity on its way to a stage. */
final class Sparse {
    private int[] index = new int[4];
    private double[] factor = new double[4];
    private int size;

    static Sparse unit(int index, double factor) {
        Sparse s = new Sparse();
        s.add(index, factor);
        return s;
    }

    void add(int i, double f) {
        if (size == index.length) {
            index = Arrays.copyOf(index, size * 2);
            factor = Arrays.copyOf(factor, size * 2);
        }
        index[size] = i;
        factor[size] = f;
        size++;
    }

    int size() {
        return size;
    }

    int index(int k) {
        return index[k];
    }

    double factor(int k) {
        return factor[k];
    }
}
