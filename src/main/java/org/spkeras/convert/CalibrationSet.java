package org.spkeras.convert;

/** Samples to measure activations on: channels-last, read by index so passes can run in parallel. */
public interface CalibrationSet {
    int size();

    float[] sample(int index);

    /** What the samples are (file and range), for the provenance. */
    String description();
}
