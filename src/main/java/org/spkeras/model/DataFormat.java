package org.spkeras.model;

/** The tensor layout the source model was trained with; the neutral model is always channels-last. */
public enum DataFormat {
    CHANNELS_LAST, CHANNELS_FIRST;

    /** Reorders one sample from this layout to channels-last (a no-op for flat shapes or channels-last). */
    public float[] toChannelsLast(float[] sample, Shape shape) {
        if (this == CHANNELS_LAST || !shape.isSpatial()) {
            return sample;
        }
        int h = shape.height(), w = shape.width(), c = shape.channels();
        float[] out = new float[sample.length];
        for (int ci = 0; ci < c; ci++) {
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    out[(y * w + x) * c + ci] = sample[(ci * h + y) * w + x];
                }
            }
        }
        return out;
    }
}
