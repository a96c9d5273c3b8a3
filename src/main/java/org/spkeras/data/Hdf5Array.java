package org.spkeras.data;

import org.spkeras.SpkerasException;

/**
 * An HDF5 dataset read in blocks of rows (about 4 MB of floats at a time) through jHDF's slicing, so a large
 * file is never read whole. One block is cached; reads are synchronized.
 */
final class Hdf5Array implements SampleArray {
    private static final int BLOCK_VALUES = 1 << 20;

    private final String source;
    private final io.jhdf.api.Dataset dataset;
    private final String dtype;
    private final boolean integral;
    private final int[] shape;
    private final int blockRows;
    private int blockStart = -1;
    private float[] block;

    Hdf5Array(String source, io.jhdf.api.Dataset dataset, String dtype, boolean integral) {
        this.source = source;
        this.dataset = dataset;
        this.dtype = dtype;
        this.integral = integral;
        this.shape = dataset.getDimensions();
        this.blockRows = Math.max(1, BLOCK_VALUES / Math.max(1, rowSize()));
    }

    @Override
    public String source() {
        return source;
    }

    @Override
    public int[] shape() {
        return shape.clone();
    }

    @Override
    public String dtype() {
        return dtype;
    }

    @Override
    public boolean integral() {
        return integral;
    }

    @Override
    public synchronized void readRow(int row, float[] out) {
        if (blockStart < 0 || row < blockStart || row >= blockStart + block.length / out.length) {
            load(row / blockRows * blockRows, out.length);
        }
        System.arraycopy(block, (row - blockStart) * out.length, out, 0, out.length);
    }

    private void load(int start, int rowSize) {
        int[] size = shape.clone();
        size[0] = Math.min(blockRows, shape[0] - start);
        long[] offset = new long[shape.length];
        offset[0] = start;
        float[] values = new float[size[0] * rowSize];
        try {
            flatten(dataset.getData(offset, size), values, new int[1]);
        } catch (InternalError e) {
            // a memory-mapped file that shrank under the mapping (SIGBUS) surfaces as an InternalError
            throw new SpkerasException(source + ": rows " + start + "–" + (start + size[0] - 1) + " cannot be read: "
                    + "the file changed (shrank) while it was being read; read it again once it is complete", e);
        } catch (RuntimeException e) {
            throw new SpkerasException(source + ": rows " + start + "–" + (start + size[0] - 1) + " cannot be read ("
                    + e.getMessage() + "); the file may be truncated or damaged, write it again");
        }
        block = values;
        blockStart = start;
    }

    private static void flatten(Object array, float[] out, int[] at) {
        if (array instanceof float[] f) {
            System.arraycopy(f, 0, out, at[0], f.length);
            at[0] += f.length;
        } else if (array instanceof double[] d) {
            for (double v : d) {
                out[at[0]++] = (float) v;
            }
        } else if (array instanceof int[] a) {
            for (int v : a) {
                out[at[0]++] = v;
            }
        } else if (array instanceof long[] a) {
            for (long v : a) {
                out[at[0]++] = v;
            }
        } else if (array instanceof short[] a) {
            for (short v : a) {
                out[at[0]++] = v;
            }
        } else if (array instanceof byte[] a) {
            for (byte v : a) {
                out[at[0]++] = v;
            }
        } else if (array instanceof Number n) {
            out[at[0]++] = n.floatValue();
        } else if (array instanceof Object[] rows) {
            for (Object r : rows) {
                flatten(r, out, at);
            }
        } else {
            throw new IllegalStateException("unexpected array type " + array.getClass().getSimpleName());
        }
    }
}
