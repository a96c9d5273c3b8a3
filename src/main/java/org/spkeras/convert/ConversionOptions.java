package org.spkeras.convert;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.spkeras.InvalidOption;

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
 * @param mergeLinear         merge a Conv2D/Dense without activation into the Dense it feeds through linear layers
 *                            (one affine map, its weights rounded to float32); off: such a pair is refused
 * @param weightCalibration   Li et al. weight calibration, before the bias and potential corrections of each stage
 * @param code                rate coding (spike counts) or time to first spike (docs/temporal.md); a TTFS conversion
 *                            uses only the options {@link #TTFS} leaves free (norm, per channel, weight bits,
 *                            calibration samples, merge linear) and keeps every other at its value there
 */
public record ConversionOptions(Norm norm, double percentile, boolean perChannel, Scaling scaling,
                                double initialPotential, int shiftSteps, Reset reset, int burst, MaxPool maxPool,
                                int weightBits, int calibrationSamples, boolean biasCalibration,
                                boolean potentialCalibration, int calibrationSteps, int spikeCalibrationSamples,
                                boolean mergeLinear, boolean weightCalibration, Code code) {
    public enum Code { RATE, TTFS }

    public enum Norm { MAX, PERCENTILE, CLIP, MMSE, BURST }

    public enum Scaling { WEIGHT_NORMALISATION, THRESHOLD_BALANCING }

    public enum Reset { SUBTRACT, ZERO }

    public enum MaxPool { GATING, LIPOOL, AVERAGE }

    public static final double DEFAULT_PERCENTILE = 99.9;
    public static final int DEFAULT_CALIBRATION_SAMPLES = 1000;
    public static final int DEFAULT_CALIBRATION_STEPS = 8;
    public static final int DEFAULT_SPIKE_CALIBRATION_SAMPLES = 200;
    /**
     * {@code shiftSteps} or {@code calibrationSteps} meaning "the evaluated T" ({@code auto}): such options describe a
     * family of networks, one per T; {@link #atSteps} gives the member to convert.
     */
    public static final int PER_T = -1;

    /**
     * SpKeras's explicit current control as published (Wu et al. 2022): max normalisation per layer, weight
     * normalisation, θ = 0.5, reset by subtraction, IF neurons, max pooling by gating, no spike calibration.
     */
    public static final ConversionOptions ECC = new Builder().norm(Norm.MAX).burst(1).maxPool(MaxPool.GATING)
            .calibrate(false, false).build();

    /**
     * What the tool does without options, chosen on a validation split (reasons in docs/conversion.md): ECC's
     * weight normalisation, θ = 0.5 and subtractive reset, burst neurons with Γ = 5 and Li &amp; Zeng's burst
     * normalisation (λ at the 99.9th percentile of the activations with values above 1 divided by Γ), LIPooling
     * and Li et al.'s per-neuron potential calibration at T = 8.
     */
    public static final ConversionOptions DEFAULTS = new Builder().build();

    /**
     * Time-to-first-spike coding (docs/temporal.md) with its defaults: max normalisation (λ clips nothing on the
     * calibration data, which the exact mapping needs), weight normalisation, per-layer λ. The rate-only options
     * are fixed at neutral values: θ = 0, no shift, Γ = 1, no spike calibration; max pooling is the first-spike
     * gate.
     */
    public static final ConversionOptions TTFS = new Builder().code(Code.TTFS).norm(Norm.MAX).burst(1)
            .maxPool(MaxPool.GATING).initialPotential(0).calibrate(false, false).build();

    /** A builder starting from {@link #DEFAULTS}. */
    public static Builder builder() {
        return DEFAULTS.toBuilder();
    }

    /** A builder starting from these options. */
    public Builder toBuilder() {
        return new Builder().norm(norm).percentile(percentile).perChannel(perChannel).scaling(scaling)
                .initialPotential(initialPotential).shiftSteps(shiftSteps).reset(reset).burst(burst).maxPool(maxPool)
                .weightBits(weightBits).calibrationSamples(calibrationSamples)
                .calibrate(biasCalibration, potentialCalibration).calibrationSteps(calibrationSteps)
                .spikeCalibrationSamples(spikeCalibrationSamples).mergeLinear(mergeLinear)
                .calibrateWeights(weightCalibration).code(code);
    }

    /** These options without Li et al. spike calibration (what {@link Converter} alone applies). */
    public ConversionOptions withoutSpikeCalibration() {
        return calibrates() ? toBuilder().calibrate(false, false).calibrateWeights(false).build() : this;
    }

    /** Sets any subset of the options; {@link #build()} validates them all at once. */
    public static final class Builder {
        private Norm norm = Norm.BURST;
        private double percentile = DEFAULT_PERCENTILE;
        private boolean perChannel;
        private Scaling scaling = Scaling.WEIGHT_NORMALISATION;
        private double initialPotential = 0.5;
        private int shiftSteps;
        private Reset reset = Reset.SUBTRACT;
        private int burst = 5;
        private MaxPool maxPool = MaxPool.LIPOOL;
        private int weightBits;
        private int calibrationSamples = DEFAULT_CALIBRATION_SAMPLES;
        private boolean biasCalibration;
        private boolean potentialCalibration = true;
        private int calibrationSteps = DEFAULT_CALIBRATION_STEPS;
        private int spikeCalibrationSamples = DEFAULT_SPIKE_CALIBRATION_SAMPLES;
        private boolean mergeLinear;
        private boolean weightCalibration;
        private Code code = Code.RATE;

        private Builder() {}

        public Builder code(Code value) {
            code = value;
            return this;
        }

        public Builder norm(Norm value) {
            norm = value;
            return this;
        }

        public Builder percentile(double value) {
            percentile = value;
            return this;
        }

        public Builder perChannel(boolean value) {
            perChannel = value;
            return this;
        }

        public Builder scaling(Scaling value) {
            scaling = value;
            return this;
        }

        public Builder initialPotential(double value) {
            initialPotential = value;
            return this;
        }

        public Builder shiftSteps(int value) {
            shiftSteps = value;
            return this;
        }

        public Builder reset(Reset value) {
            reset = value;
            return this;
        }

        public Builder burst(int value) {
            burst = value;
            return this;
        }

        public Builder maxPool(MaxPool value) {
            maxPool = value;
            return this;
        }

        public Builder weightBits(int value) {
            weightBits = value;
            return this;
        }

        public Builder calibrationSamples(int value) {
            calibrationSamples = value;
            return this;
        }

        public Builder calibrate(boolean bias, boolean potential) {
            biasCalibration = bias;
            potentialCalibration = potential;
            return this;
        }

        /** Li et al.'s weight calibration, on or off (independent of {@link #calibrate}). */
        public Builder calibrateWeights(boolean value) {
            weightCalibration = value;
            return this;
        }

        public Builder calibrationSteps(int value) {
            calibrationSteps = value;
            return this;
        }

        public Builder spikeCalibrationSamples(int value) {
            spikeCalibrationSamples = value;
            return this;
        }

        public Builder mergeLinear(boolean value) {
            mergeLinear = value;
            return this;
        }

        public ConversionOptions build() {
            return new ConversionOptions(norm, percentile, perChannel, scaling, initialPotential, shiftSteps, reset, burst,
                    maxPool, weightBits, calibrationSamples, biasCalibration, potentialCalibration, calibrationSteps,
                    spikeCalibrationSamples, mergeLinear, weightCalibration, code);
        }
    }

    public ConversionOptions {
        if (norm == null || scaling == null || reset == null || maxPool == null || code == null) {
            throw new IllegalArgumentException("norm, scaling, reset, maxPool and code are required");
        }
        if (code == Code.TTFS) {
            require(scaling == Scaling.WEIGHT_NORMALISATION, "scaling", "--code ttfs needs weight normalisation "
                    + "(its threshold is K times the unit); threshold balancing is a rate-code option");
            require(initialPotential == 0 && shiftSteps == 0 && reset == Reset.SUBTRACT && burst == 1
                    && maxPool == MaxPool.GATING, "code", "--code ttfs fires each neuron once: θ, shift, reset, "
                    + "burst neurons and the max-pooling choice are rate-code options (max pooling is the first "
                    + "spike of the window)");
            require(!biasCalibration && !potentialCalibration && !weightCalibration, "calibrate",
                    "--code ttfs has no spike calibration (the mapping is exact up to the 1/K grid)");
            require(norm != Norm.MMSE, "norm", "--norm mmse searches thresholds for a rate-code T; with --code ttfs "
                    + "use max, percentile or clip");
        }
        require(percentile > 0 && percentile <= 100, "norm", "percentile must be in (0, 100], found " + percentile);
        require(initialPotential >= 0 && initialPotential < 1, "theta", "initial potential θ must be in [0, 1), found " + initialPotential);
        require(shiftSteps >= 0 || shiftSteps == PER_T, "shift", "shift steps must be >= 0 (0 = off), found " + shiftSteps);
        require(burst >= 1 && burst <= 1024, "neuron", "burst Γ must be from 1 to 1024, found " + burst);
        require(weightBits == 0 || (weightBits >= 2 && weightBits <= 32), "weight-bits", "weight bits must be 0 (float) or 2..32, found " + weightBits);
        require(calibrationSamples >= 1, "calibration-samples", "calibration samples must be >= 1, found " + calibrationSamples);
        require(calibrationSteps == PER_T || calibrationSteps >= 1 && calibrationSteps <= 1 << 16, "calibration-steps", "calibration steps must be from 1 to 65536, found " + calibrationSteps);
        require(spikeCalibrationSamples >= 1, "spike-calibration-samples", "spike calibration samples must be >= 1, found " + spikeCalibrationSamples);
    }

    private static void require(boolean ok, String option, String message) {
        InvalidOption.require(ok, option, "invalid conversion option: " + message);
    }

    /** {@code max}, {@code percentile:p}, {@code clip}, {@code mmse} or {@code burst:p}, as written on the command line. */
    public String normSpec() {
        return switch (norm) {
            case MAX -> "max";
            case PERCENTILE -> "percentile:" + percentile;
            case CLIP -> "clip";
            case MMSE -> "mmse";
            case BURST -> "burst:" + percentile;
        };
    }

    /**
     * {@code none}, {@code bias}, {@code potential} or {@code both}, as written on the command line; with weight
     * calibration {@code weights} or {@code weights,} followed by {@code bias}, {@code potential} or
     * {@code bias,potential}.
     */
    public String calibrateSpec() {
        if (weightCalibration) {
            return "weights" + (biasCalibration ? ",bias" : "") + (potentialCalibration ? ",potential" : "");
        }
        return biasCalibration && potentialCalibration ? "both" : biasCalibration ? "bias"
                : potentialCalibration ? "potential" : "none";
    }

    public boolean calibrates() {
        return biasCalibration || potentialCalibration || weightCalibration;
    }

    /** Whether the converted network depends on the evaluated T (Deng &amp; Gu's S = T, or Li et al.'s T used as T). */
    public boolean dependsOnSteps() {
        return shiftSteps == PER_T || calibrationSteps == PER_T && (calibrates() || norm == Norm.MMSE);
    }

    /** These options for a network evaluated at {@code steps}: every {@code auto} becomes {@code steps}. */
    public ConversionOptions atSteps(int steps) {
        return toBuilder().shiftSteps(shiftSteps == PER_T ? steps : shiftSteps)
                .calibrationSteps(calibrationSteps == PER_T ? steps : calibrationSteps).build();
    }

    /** Every option by name, as the command line and config files write it; the provenance of a converted network. */
    public Map<String, String> toMap() {
        Map<String, String> m = new LinkedHashMap<>();
        if (code == Code.TTFS) {
            m.put("code", "ttfs");
            m.put("norm", normSpec());
            m.put("per-channel", Boolean.toString(perChannel()));
            m.put("weight-bits", Integer.toString(weightBits()));
            m.put("calibration-samples", Integer.toString(calibrationSamples()));
            m.put("merge-linear", Boolean.toString(mergeLinear()));
            return m;
        }
        m.put("norm", normSpec());
        m.put("per-channel", Boolean.toString(perChannel()));
        m.put("scaling", scaling() == Scaling.WEIGHT_NORMALISATION ? "weights" : "thresholds");
        m.put("theta", Double.toString(initialPotential()));
        m.put("shift", shiftSteps() == PER_T ? "auto" : Integer.toString(shiftSteps()));
        m.put("reset", reset().name().toLowerCase(Locale.ROOT));
        m.put("neuron", burst() == 1 ? "if" : "burst:" + burst());
        m.put("maxpool", switch (maxPool()) {
            case GATING -> "gate";
            case LIPOOL -> "lipool";
            case AVERAGE -> "avg";
        });
        m.put("weight-bits", Integer.toString(weightBits()));
        m.put("calibration-samples", Integer.toString(calibrationSamples()));
        m.put("calibrate", calibrateSpec());
        if (calibrates() || norm == Norm.MMSE) {
            m.put("calibration-steps", calibrationSteps() == PER_T ? "auto" : Integer.toString(calibrationSteps()));
        }
        if (calibrates()) {
            m.put("spike-calibration-samples", Integer.toString(spikeCalibrationSamples()));
        }
        m.put("merge-linear", Boolean.toString(mergeLinear()));
        return m;
    }

    @Override
    public String toString() {
        if (code == Code.TTFS) {
            return String.format(Locale.ROOT, "code=ttfs, norm=%s%s, bits=%d%s", normSpec(), perChannel ? " per channel" : "",
                    weightBits, mergeLinear ? ", merge linear" : "");
        }
        return String.format(Locale.ROOT, "norm=%s%s, scaling=%s, theta=%s, shift=%d, reset=%s, burst=%d, maxpool=%s, bits=%d%s",
                normSpec(), perChannel ? " per channel" : "", scaling.name().toLowerCase(Locale.ROOT), initialPotential,
                shiftSteps, reset.name().toLowerCase(Locale.ROOT), burst, maxPool.name().toLowerCase(Locale.ROOT), weightBits,
                mergeLinear ? ", merge linear" : "");
    }
}
