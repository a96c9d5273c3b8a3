package org.spkeras.convert;

import java.util.Arrays;

/** A growable list of ints without boxing, for building synapse arrays. */
final class IntList {
    private int[] values = new int[16];
    private int size;

    void add(int v) {
        if (size == values.length) {
            values = Arrays.copyOf(values, size * 2);
        }
        values[size++] = v;
    }

    int size() {
        return size;
    }

    int[] toArray() {
        return Arrays.copyOf(values, size);
    }
}
