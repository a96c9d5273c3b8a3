package org.spkeras.sim.event;

import java.util.Arrays;

/** A reusable growable int list: cleared, never shrunk, so the steady state allocates nothing. */
final class IntBag {
    int[] items = new int[8];
    int size;

    void add(int v) {
        if (size == items.length) {
            items = Arrays.copyOf(items, size * 2);
        }
        items[size++] = v;
    }

    void clear() {
        size = 0;
    }
}
