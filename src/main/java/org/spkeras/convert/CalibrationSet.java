package org.spkeras.convert;

/** Samples to measure activations on: channels-last, read by index so passes can run in parallel. */
public interface CalibrationSet {
    int size();

    float[] sample(int index);

    /** What the samples are (file and range), for the provenance. */
    String description();

    /** The DATA the samples were read from as given (e.g. {@code mnist}), or null when they were not read from one. */
    default String source() {
        return null;
    }

    /** The index of the first sample in {@link #source()}. */
    default int first() {
        return 0;
    }
}
