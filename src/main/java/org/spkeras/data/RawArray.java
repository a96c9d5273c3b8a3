package org.spkeras.data;

import java.nio.ByteBuffer;

/**
 * An array kept as its raw stored bytes (decompressed into memory, or memory-mapped from an uncompressed file),
 * decoded one row at a time: a uint8 image set stays one byte per pixel.
 */
record RawArray(String source, int[] shape, Dtype type, ByteBuffer data) implements SampleArray {

    /** Largest raw array kept: one Java buffer (2 GiB). */
    static final long MAX_BYTES = Integer.MAX_VALUE - 64;

    RawArray {
        data = data.slice().order(type.order());
    }

    /** Number of elements a shape holds, or -1 when it overflows {@link #MAX_BYTES} for this element size. */
    static long count(int[] shape, int elementSize) {
        long n = 1;
        for (int d : shape) {
            n *= d;
            if (n * elementSize > MAX_BYTES) {
                return -1;
            }
        }
        return n;
    }

    @Override
    public String dtype() {
        return type.toString();
    }

    @Override
    public boolean integral() {
        return type.integral();
    }

    @Override
    public void readRow(int row, float[] out) {
        long first = (long) row * out.length;
        try {
            for (int i = 0; i < out.length; i++) {
                out[i] = (float) type.get(data, first + i);
            }
        } catch (InternalError e) {
            // a memory-mapped file that shrank under the mapping (SIGBUS) surfaces as an InternalError
            throw new org.spkeras.SpkerasException(source + ": row " + row + " cannot be read: the file changed "
                    + "(shrank) while it was being read; read it again once it is complete", e);
        }
    }
}
