package org.spkeras.sim;

/**
 * A simulator of one spiking network. An engine holds mutable buffers and is used by one thread at a time;
 * create one per thread. Every engine follows docs/simulation.md and gives identical results.
 */
public interface Engine {
    /** Simulates one channels-last sample; {@code sampleIndex} seeds the Bernoulli input. */
    SampleResult run(float[] sample, int sampleIndex);
}
