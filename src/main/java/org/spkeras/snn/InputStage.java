package org.spkeras.snn;

import org.spkeras.model.Shape;

/**
 * The network input: a channels-last sample {@code x} becomes the value {@code x/λ0} (λ0 = {@code scale}),
 * rounded to the input grid, fed as a constant current (analog) or as Bernoulli spikes with that rate.
 */
public record InputStage(String name, Shape shape, double scale) {
    /** λ0 is the calibration data's largest input value (or a percentile): anything outside is not a real input. */
    public static final double MIN_SCALE = 0x1p-40;
    public static final double MAX_SCALE = 0x1p40;

    public InputStage {
        if (!(scale >= MIN_SCALE && scale <= MAX_SCALE)) {
            throw new IllegalArgumentException("input scale λ0 must be from 2^-40 to 2^40, found " + scale);
        }
    }
}
