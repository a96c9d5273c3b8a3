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

    /** The first {@code n} samples (this set itself where it has no more). */
    default CalibrationSet firstSamples(int n) {
        return size() <= n ? this : new View(this, n, description() + ", first " + n + " samples", () -> {});
    }

    /** The same samples, running {@code eachSample} whenever one is read (e.g. to show progress). */
    default CalibrationSet tellingEachSample(Runnable eachSample) {
        return new View(this, size(), description(), eachSample);
    }

    /** Samples 0..size-1 of {@code base} under another description, with {@code onRead} run on every read. */
    record View(CalibrationSet base, int size, String description, Runnable onRead) implements CalibrationSet {
        @Override
        public float[] sample(int index) {
            onRead.run();
            return base.sample(index);
        }

        @Override
        public String source() {
            return base.source();
        }

        @Override
        public int first() {
            return base.first();
        }
    }
}
