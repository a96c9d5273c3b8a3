package org.spkeras.data;

import java.util.Arrays;

/**
 * One array of a data file, read row by row (a row is everything under one index of the first axis) without
 * widening the whole array. Implementations are safe for concurrent {@link #readRow} calls.
 */
interface SampleArray {
    /** The file name and array name, as error messages and descriptions show them, e.g. {@code x.npz 'x_test'}. */
    String source();

    /** Full shape, first axis = rows. */
    int[] shape();

    /** Element type in words, e.g. {@code uint8}, {@code float32}. */
    String dtype();

    /** Integer element type (not float, not bool). */
    boolean integral();

    /** Copies row {@code row} into {@code out} (length {@link #rowSize()}) as stored, unscaled. */
    void readRow(int row, float[] out);

    default int rows() {
        return shape().length == 0 ? 1 : shape()[0];
    }

    /** Per-row dimensions: the shape without its first axis. */
    default int[] rowDims() {
        int[] s = shape();
        return s.length == 0 ? s : Arrays.copyOfRange(s, 1, s.length);
    }

    default int rowSize() {
        int n = 1;
        for (int d : rowDims()) {
            n *= d;
        }
        return n;
    }

    /** Shape in the usual {@code 10000×28×28 uint8} form. */
    default String describe() {
        StringBuilder b = new StringBuilder();
        for (int d : shape()) {
            b.append(b.length() == 0 ? "" : "×").append(d);
        }
        return (b.length() == 0 ? "scalar" : b) + " " + dtype();
    }
}
