package org.spkeras.model;

/**
 * Shape of one sample's activation, without the batch dimension. Spatial tensors are stored
 * channels-last (height, width, channels); flat vectors have {@code rank == 1}, height = width = 1.
 */
public record Shape(int rank, int height, int width, int channels) {
    /** Largest number of values one sample may hold; bigger declared shapes are refused as absurd. */
    public static final long MAX_SIZE = 1L << 28;

    public Shape {
        if (rank != 1 && rank != 3) {
            throw new IllegalArgumentException("rank must be 1 or 3, found " + rank);
        }
        if (height < 1 || width < 1 || channels < 1) {
            throw new IllegalArgumentException("dimensions must be positive, found " + dims(rank, height, width, channels));
        }
        if ((long) height * width * channels > MAX_SIZE) {
            throw new IllegalArgumentException("shape " + dims(rank, height, width, channels) + " holds more than " + MAX_SIZE + " values");
        }
    }

    public static Shape spatial(int height, int width, int channels) {
        return new Shape(3, height, width, channels);
    }

    public static Shape flat(int size) {
        return new Shape(1, 1, 1, size);
    }

    public boolean isSpatial() {
        return rank == 3;
    }

    public int size() {
        return height * width * channels;
    }

    @Override
    public String toString() {
        return dims(rank, height, width, channels);
    }

    private static String dims(int rank, int h, int w, int c) {
        return rank == 1 ? "(" + c + ")" : "(" + h + ", " + w + ", " + c + ")";
    }
}
