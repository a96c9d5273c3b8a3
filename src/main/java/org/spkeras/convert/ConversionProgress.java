package org.spkeras.convert;

/**
 * Told how far a conversion has come, for a progress display: each step over the calibration samples (a pass of the
 * λ measurement, a stage of the spike calibration) as step {@code k} of {@code n} of its kind, then each sample done
 * in it (from worker threads, concurrently).
 */
public interface ConversionProgress {
    /** Tells nothing. */
    ConversionProgress NONE = new ConversionProgress() {
        @Override
        public void step(String name, int k, int n, int samples) {}

        @Override
        public void sampleDone() {}
    };

    /** Step {@code k} of {@code n} (from 1), e.g. "measuring λ", over {@code samples} samples. */
    void step(String name, int k, int n, int samples);

    void sampleDone();
}
