package org.spkeras.snn;

import org.spkeras.model.Shape;

/**
 * The network input: a channels-last sample {@code x} becomes the value {@code x/λ0} (λ0 = {@code scale}),
 * rounded to the input grid, fed as a constant current (analog) or as Bernoulli spikes with that rate.
 */
public record InputStage(String name, Shape shape, double scale) {
    public InputStage {
        if (!(scale > 0) || Double.isInfinite(scale)) {
            throw new IllegalArgumentException("input scale λ0 must be > 0, found " + scale);
        }
    }
}
