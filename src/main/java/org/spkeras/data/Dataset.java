package org.spkeras.data;

import java.util.Iterator;
import java.util.NoSuchElementException;
import org.spkeras.model.Shape;

/**
 * Samples to run a model on, read lazily: memory does not grow with the number of samples read (see
 * docs/data.md). Samples are indexed 0..size()-1 and returned channels-last, scaled, and checked to be finite.
 * {@link #sample} and {@link #label} are safe to call from several threads, so parallel evaluation can split index
 * ranges deterministically. Opened with {@link Datasets#open}.
 */
public interface Dataset extends AutoCloseable {

    /** What this is, for reports: the name, the file(s) and arrays, layout, labels and which samples are used. */
    String description();

    /** Number of samples used (after the limit of {@link DataOptions}). */
    int size();

    /** Where sample {@code index} is in the stored set (its range or the samples skipped before it moved it). */
    int storedIndex(int index);

    /** Per-sample shape, channels-last (the model's input shape when one was given). */
    Shape sampleShape();

    /** Number of classes, or -1 when unlabelled. */
    int classes();

    default boolean labelled() {
        return classes() > 0;
    }

    /** Sample {@code index} (0 ≤ index &lt; size()), a fresh array; refused with a message if it holds NaN or ±Inf. */
    float[] sample(int index);

    /** The class of sample {@code index}, or -1 when unlabelled. */
    int label(int index);

    /** Samples {@code from..to-1} in batches of at most {@code batchSize}, read as the iterator advances. */
    default Iterator<Batch> batches(int from, int to, int batchSize) {
        if (from < 0 || to > size() || from > to || batchSize < 1) {
            throw new IllegalArgumentException("range " + from + ".." + to + " of " + size() + ", batch " + batchSize);
        }
        return new Iterator<>() {
            private int next = from;

            @Override
            public boolean hasNext() {
                return next < to;
            }

            @Override
            public Batch next() {
                if (next >= to) {
                    throw new NoSuchElementException();
                }
                int n = Math.min(batchSize, to - next);
                float[][] samples = new float[n][];
                int[] labels = new int[n];
                for (int k = 0; k < n; k++) {
                    samples[k] = sample(next + k);
                    labels[k] = label(next + k);
                }
                Batch b = new Batch(next, samples, labels);
                next += n;
                return b;
            }
        };
    }

    /** All samples in batches of at most {@code batchSize}. */
    default Iterator<Batch> batches(int batchSize) {
        return batches(0, size(), batchSize);
    }

    /** Releases open files (HDF5); other data sets hold nothing to release. Never throws. */
    @Override
    void close();
}
