package org.spkeras.data;

import org.spkeras.SpkerasException;
import org.spkeras.model.Shape;

/** A {@link Dataset} over one features array, optional labels, a layout and a scale factor. */
final class ArrayDataset implements Dataset {
    private final String description;
    private final SampleArray x;
    private final SampleLayout layout;
    private final float scale;
    private final float[] mean;
    private final float[] std;
    private final Labels labels;
    private final int first;
    private final int size;
    private final AutoCloseable resource;

    ArrayDataset(String description, SampleArray x, SampleLayout layout, float scale, float[] mean, float[] std,
                 Labels labels, int first,
                 int size, AutoCloseable resource) {
        this.first = first;
        this.description = description;
        this.x = x;
        this.layout = layout;
        this.scale = scale;
        this.mean = mean;
        this.std = std;
        this.labels = labels;
        this.size = size;
        this.resource = resource;
    }

    @Override
    public String description() {
        return description;
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public int storedIndex(int index) {
        return first + index;
    }

    @Override
    public Shape sampleShape() {
        return layout.shape();
    }

    @Override
    public int classes() {
        return labels == null ? -1 : labels.classes();
    }

    @Override
    public float[] sample(int index) {
        checkIndex(index);
        float[] row = new float[x.rowSize()];
        x.readRow(first + index, row);
        for (int i = 0; i < row.length; i++) {
            float v = row[i] * scale;
            if (!Float.isFinite(v)) {
                throw new SpkerasException(x.source() + ": sample " + (first + index) + " holds " + (Float.isNaN(row[i]) ? "NaN"
                        : "an infinite value") + " at flat position " + i + "; clean the data (e.g. np.nan_to_num) "
                        + "or leave the sample out");
            }
            row[i] = v;
        }
        float[] out = layout.toChannelsLast(row);
        if (mean != null || std != null) {
            Shape shape = layout.shape();
            int channels = shape.isSpatial() ? shape.channels() : 1;
            for (int i = 0; i < out.length; i++) {
                int c = i % channels;
                float m = mean == null ? 0 : mean[mean.length == 1 ? 0 : c];
                float s = std == null ? 1 : std[std.length == 1 ? 0 : c];
                out[i] = (out[i] - m) / s;
            }
        }
        return out;
    }

    @Override
    public int label(int index) {
        checkIndex(index);
        return labels == null ? -1 : labels.values()[first + index];
    }

    private void checkIndex(int index) {
        if (index < 0 || index >= size) {
            throw new IndexOutOfBoundsException("sample " + index + " of " + size);
        }
    }

    @Override
    public void close() {
        if (resource != null) {
            try {
                resource.close();
            } catch (Exception e) {
                // nothing useful to do: the data were only read
            }
        }
    }

    @Override
    public String toString() {
        return description;
    }
}
