package org.spkeras.convert;

import java.util.Locale;

/**
 * Every conversion choice, validated here, with the defaults in one place ({@link #DEFAULTS}; SpKeras's
 * published settings are {@link #ECC}).
 *
 * @param norm                how λ is measured: {@code max} or {@code percentile} of non-zero activations
 * @param percentile          p for {@link Norm#PERCENTILE}, in (0, 100]
 * @param perChannel          one λ per channel instead of one per layer
 * @param scaling             weight normalisation (threshold 1) or threshold balancing (threshold λ)
 * @param initialPotential    θ: every membrane starts at θ·V_th
 * @param shiftSteps          S &gt; 0 adds V_th/(2S) to the current every step (Deng &amp; Gu); 0 = off
 * @param reset               reset by subtraction or to zero
 * @param burst               Γ ≥ 1: at most Γ spikes per neuron per step (Γ = 1: plain IF)
 * @param maxPool             how max pooling is made spiking
 * @param weightBits          0 = float weights; n ≥ 2 quantises every weighted layer to n bits (symmetric)
 * @param calibrationSamples  how many calibration samples λ is measured on (the first N of the data)
 * @param biasCalibration     Li et al. bias correction (needs the simulator)
 * @param potentialCalibration Li et al. initial-potential correction (needs the simulator)
 * @param calibrationSteps    T the spike calibration simulates (calibrate for the budget you will use)
 * @param spikeCalibrationSamples how many of the calibration samples the spike calibration simulates (it runs
 *                            the network once per sample and calibrated stage, so it is the costly part)
 */
public record ConversionOptions(Norm norm, double percentile, boolean perChannel, Scaling scaling,
                                double initialPotential, int shiftSteps, Reset reset, int burst, MaxPool maxPool,
                                int weightBits, int calibrationSamples, boolean biasCalibration,
                                boolean potentialCalibration, int calibrationSteps, int spikeCalibrationSamples) {
    public enum Norm { MAX, PERCENTILE }

    public enum Scaling { WEIGHT_NORMALISATION, THRESHOLD_BALANCING }

    public enum Reset { SUBTRACT, ZERO }

    public enum MaxPool { GATING, LIPOOL, AVERAGE }

    public static final double DEFAULT_PERCENTILE = 99.9;
    public static final int DEFAULT_CALIBRATION_SAMPLES = 1000;
    public static final int DEFAULT_CALIBRATION_STEPS = 8;
    public static final int DEFAULT_SPIKE_CALIBRATION_SAMPLES = 200;

    /**
     * SpKeras's explicit current control as published (Wu et al. 2022): max normalisation per layer, weight
     * normalisation, θ = 0.5, reset by subtraction, IF neurons, max pooling by gating, no spike calibration.
     */
    public static final ConversionOptions ECC = new ConversionOptions(Norm.MAX, DEFAULT_PERCENTILE, false,
            Scaling.WEIGHT_NORMALISATION, 0.5, 0, Reset.SUBTRACT, 1, MaxPool.GATING, 0,
            DEFAULT_CALIBRATION_SAMPLES, false, false);

    /**
     * What {@code spkeras-java import} does without options, chosen from the measurements in docs/results.md
     * (reasons in docs/conversion.md): ECC's weight normalisation, θ = 0.5 and subtractive reset, with λ at
     * the 99.9th percentile, burst neurons with Γ = 2, LIPooling and Li et al.'s per-neuron potential calibration
     * at T = 8.
     */
    public static final ConversionOptions DEFAULTS = new ConversionOptions(Norm.PERCENTILE, DEFAULT_PERCENTILE, false,
            Scaling.WEIGHT_NORMALISATION, 0.5, 0, Reset.SUBTRACT, 2, MaxPool.LIPOOL, 0,
            DEFAULT_CALIBRATION_SAMPLES, false, true, DEFAULT_CALIBRATION_STEPS, DEFAULT_SPIKE_CALIBRATION_SAMPLES);

    /** Without spike calibration settings: calibration steps and samples take their defaults. */
    public ConversionOptions(Norm norm, double percentile, boolean perChannel, Scaling scaling, double initialPotential,
                             int shiftSteps, Reset reset, int burst, MaxPool maxPool, int weightBits,
                             int calibrationSamples, boolean biasCalibration, boolean potentialCalibration) {
        this(norm, percentile, perChannel, scaling, initialPotential, shiftSteps, reset, burst, maxPool, weightBits,
                calibrationSamples, biasCalibration, potentialCalibration, DEFAULT_CALIBRATION_STEPS);
    }

    /** Without the spike calibration sample count: it takes its default. */
    public ConversionOptions(Norm norm, double percentile, boolean perChannel, Scaling scaling, double initialPotential,
                             int shiftSteps, Reset reset, int burst, MaxPool maxPool, int weightBits,
                             int calibrationSamples, boolean biasCalibration, boolean potentialCalibration,
                             int calibrationSteps) {
        this(norm, percentile, perChannel, scaling, initialPotential, shiftSteps, reset, burst, maxPool, weightBits,
                calibrationSamples, biasCalibration, potentialCalibration, calibrationSteps,
                DEFAULT_SPIKE_CALIBRATION_SAMPLES);
    }

    public ConversionOptions {
        require(norm != null && scaling != null && reset != null && maxPool != null, "norm, scaling, reset and maxPool are required");
        require(percentile > 0 && percentile <= 100, "percentile must be in (0, 100], found " + percentile);
        require(initialPotential >= 0 && initialPotential < 1, "initial potential θ must be in [0, 1), found " + initialPotential);
        require(shiftSteps >= 0, "shift steps must be >= 0 (0 = off), found " + shiftSteps);
        require(burst >= 1 && burst <= 1024, "burst Γ must be from 1 to 1024, found " + burst);
        require(weightBits == 0 || (weightBits >= 2 && weightBits <= 32), "weight bits must be 0 (float) or 2..32, found " + weightBits);
        require(calibrationSamples >= 1, "calibration samples must be >= 1, found " + calibrationSamples);
        require(calibrationSteps >= 1 && calibrationSteps <= 1 << 16, "calibration steps must be from 1 to 65536, found " + calibrationSteps);
        require(spikeCalibrationSamples >= 1, "spike calibration samples must be >= 1, found " + spikeCalibrationSamples);
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }

    /** {@code max} or {@code percentile:p}, as written on the command line. */
    public String normSpec() {
        return norm == Norm.MAX ? "max" : "percentile:" + percentile;
    }

    /** {@code none}, {@code bias}, {@code potential} or {@code both}, as written on the command line. */
    public String calibrateSpec() {
        return biasCalibration && potentialCalibration ? "both" : biasCalibration ? "bias"
                : potentialCalibration ? "potential" : "none";
    }

    public boolean calibrates() {
        return biasCalibration || potentialCalibration;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "norm=%s%s, scaling=%s, theta=%s, shift=%d, reset=%s, burst=%d, maxpool=%s, bits=%d",
                normSpec(), perChannel ? " per channel" : "", scaling.name().toLowerCase(Locale.ROOT), initialPotential,
                shiftSteps, reset.name().toLowerCase(Locale.ROOT), burst, maxPool.name().toLowerCase(Locale.ROOT), weightBits);
    }
}
