package org.spkeras.data;

/**
 * Consecutive samples of a {@link Dataset}: {@code samples[k]} is sample {@code firstIndex + k}, channels-last and
 * scaled; {@code labels[k]} its class, or -1 when the data set is unlabelled.
 */
public record Batch(int firstIndex, float[][] samples, int[] labels) {
    public Batch {
        if (samples.length != labels.length) {
            throw new IllegalArgumentException(samples.length + " samples but " + labels.length + " labels");
        }
    }

    public int size() {
        return samples.length;
    }
}
