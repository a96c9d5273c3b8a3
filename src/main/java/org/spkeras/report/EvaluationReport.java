package org.spkeras.report;

import java.util.List;
import java.util.function.UnaryOperator;
import org.spkeras.OptionText;
import org.spkeras.snn.Provenance;

/**
 * Everything an evaluation measured, as written to the JSON report ({@code schemaVersion} 1). Accuracies are
 * in percent; energy in nanojoules per image, from {@code pjPerAc} per synaptic event and {@code pjPerMac}
 * per multiply-accumulate (defaults 0.9 / 4.6 pJ, 45 nm, Horowitz 2014). Warnings name options as
 * {@code {name}} until rendered ({@link #withOptionsRendered}). {@code meanLatency} is null where it has no meaning,
 * and {@code latencyNote} then says why. A time-to-first-spike evaluation has one step row per K (ticks per window,
 * in {@code t}) and its own figures in {@code temporal}; rate evaluations have {@code temporal} null. Intervals are
 * 95 % ({@link Intervals}): Wilson for accuracies, Tango's paired interval for the SNN − ANN gap on the same images.
 * The per-stage rows ({@code layers}) are for the largest T or K ({@link #layersAtT}).
 */
public record EvaluationReport(int schemaVersion, String tool, String model, String data, int samples, String engine,
                               String encoding, long seed, double pjPerAc, double pjPerMac, double annAccuracy,
                               Intervals.Interval annAccuracyInterval, double annMacsPerImage, double annEnergyNj, List<StepRow> steps, Double meanLatency,
                               String latencyNote, List<LayerRow> layers, List<String> warnings, Provenance conversion,
                               Temporal temporal) {
    public static final int SCHEMA_VERSION = 1;

    /** This report with one more warning (e.g. one the command knows of: mismatched model, overlapping samples). */
    public EvaluationReport withWarning(String warning) {
        List<String> all = new java.util.ArrayList<>(warnings);
        all.add(warning);
        return new EvaluationReport(schemaVersion, tool, model, data, samples, engine, encoding, seed, pjPerAc, pjPerMac,
                annAccuracy, annAccuracyInterval, annMacsPerImage, annEnergyNj, steps, meanLatency, latencyNote, layers, List.copyOf(all), conversion,
                temporal);
    }

    /** This report with its warnings' option references rendered by {@code option} ({@link OptionText}). */
    public EvaluationReport withOptionsRendered(UnaryOperator<String> option) {
        return new EvaluationReport(schemaVersion, tool, model, data, samples, engine, encoding, seed, pjPerAc, pjPerMac,
                annAccuracy, annAccuracyInterval, annMacsPerImage, annEnergyNj, steps, meanLatency, latencyNote, layers,
                warnings.stream().map(w -> OptionText.render(w, option)).toList(), conversion, temporal);
    }

    /** The T (or K) the per-stage rows are measured at: the largest evaluated. */
    public int layersAtT() {
        return steps.stream().mapToInt(StepRow::t).max().orElse(0);
    }

    /**
     * One timestep budget. {@code synopsPerImage} counts synaptic events up to T; MACs are the analog input's.
     * {@code snnOnlyCorrect} / {@code annOnlyCorrect}: images only the SNN / only the ANN classifies correctly
     * (the discordant pairs behind {@code gapInterval}, in percentage points).
     */
    public record StepRow(int t, double snnAccuracy, Intervals.Interval snnAccuracyInterval, double gapToAnn,
                          Intervals.Interval gapInterval, long snnOnlyCorrect, long annOnlyCorrect, double agreement,
                          double synopsPerImage, double analogMacsPerImage, double energyNj) {
        /** The row of {@code samples} images, with accuracies and intervals computed from the counts. */
        public static StepRow of(int t, long samples, long snnCorrect, long annCorrect, long snnOnlyCorrect,
                                 long annOnlyCorrect, long agree, double synopsPerImage, double analogMacsPerImage,
                                 double energyNj) {
            double acc = 100.0 * snnCorrect / samples;
            return new StepRow(t, acc, Intervals.wilson(snnCorrect, samples).times(100), acc - 100.0 * annCorrect / samples,
                    Intervals.tango(snnOnlyCorrect, annOnlyCorrect, samples).times(100), snnOnlyCorrect, annOnlyCorrect,
                    100.0 * agree / samples, synopsPerImage, analogMacsPerImage, energyNj);
        }
    }

    /**
     * Time-to-first-spike figures (docs/temporal.md): {@code windows} is the output's window index (the decision
     * comes {@code windows·K} ticks after the first input spike can occur); {@code synopsFloorPerImage} is the ANN's
     * MACs over its non-zero activations (every active neuron firing once into its fan-out), the least any spiking
     * code can spend; {@code inputSpikesPerImage} the input's spikes.
     */
    public record Temporal(int windows, double synopsFloorPerImage, double inputSpikesPerImage, List<TemporalRow> rows) {}

    /**
     * One K: the first-spike decision's accuracy and agreement with the ANN, its mean latency in ticks (over samples
     * with a decision), the share of samples without one, spikes per neuron (hidden stages and gates), SynOps over the
     * floor, and queue operations per spike (null for the dense engine).
     */
    public record TemporalRow(int k, double decisionTick, double firstSpikeAccuracy, double firstSpikeAgreement,
                              Double meanFirstSpikeTick, double noFirstSpike, double spikesPerNeuron,
                              double synopsOverFloor, Double queueOpsPerSpike) {}

    /** One stage at the largest T: spikes, rate per neuron per step, ANN-activation vs SNN-count correlation. */
    public record LayerRow(String name, String kind, int neurons, double spikesPerImage, double rate,
                           double correlation, double silentFraction, double saturatedFraction) {}
}
