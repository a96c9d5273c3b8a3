package org.spkeras.pipeline;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.spkeras.SpkerasException;
import org.spkeras.Version;
import org.spkeras.data.Dataset;
import org.spkeras.model.ForwardPass;
import org.spkeras.model.Network;
import org.spkeras.report.EvaluationReport;
import org.spkeras.report.Intervals;
import org.spkeras.sim.EngineKind;
import org.spkeras.sim.NetworkIndex;
import org.spkeras.sim.ttfs.TtfsEngine;
import org.spkeras.sim.ttfs.TtfsPlan;
import org.spkeras.sim.ttfs.TtfsResult;
import org.spkeras.snn.SpikingNetwork;
import org.spkeras.snn.Stage;

/**
 * The evaluation use case for time-to-first-spike networks (docs/temporal.md): every sample is simulated once per K
 * (the semantics depend on K, so one run cannot give the others), on the queue engine or the literal dense one, and
 * compared with the ANN: accuracy and agreement per K (prediction = argmax of the output potential), the first-spike
 * decision and its latency, spikes per neuron, SynOps beside their floor (the ANN's MACs over its non-zero
 * activations). Chunks are combined in order, so the report does not depend on the number of threads.
 */
public final class TemporalEvaluation {
    private static final int CHUNK = 32;

    private TemporalEvaluation() {}

    /** As {@link Evaluation#measure}; {@code settings.steps()} are the K values, {@code settings.engine()} queue or dense. */
    public static Evaluation.Result measure(Network ann, SpikingNetwork snn, Dataset data, Evaluation.Settings settings,
                                            Evaluation.Progress progress) {
        if (!data.labelled()) {
            throw new SpkerasException(data.description() + ": has no labels; evaluation needs labelled data");
        }
        Evaluation.refuseOtherModel(ann, snn);
        int[] ks = settings.steps();
        List<Supplier<TtfsEngine>> factories = new ArrayList<>();
        List<TtfsPlan> plans = new ArrayList<>();
        for (int j = 0; j < ks.length; j++) {
            // Per-neuron ticks are needed only for the per-stage figures, at the largest K.
            factories.add(settings.engine().ttfsFactory(snn, ks[j], j == ks.length - 1));
            plans.add(new TtfsPlan(snn, ks[j]));
        }
        List<ThreadLocal<TtfsEngine>> engines = factories.stream().map(ThreadLocal::withInitial).toList();
        NetworkIndex index = new NetworkIndex(snn);
        int[] inputFanOut = plans.get(0).inputFanOut();
        ForwardPass forward = new ForwardPass(ann);
        int n = data.size();
        int chunks = (n + CHUNK - 1) / CHUNK;
        AtomicInteger done = new AtomicInteger();
        Predictions predictions = new Predictions(new int[n], new int[n], new int[n], ks, new int[ks.length][n]);
        List<Tally> tallies = Evaluation.perChunk(settings.threads(), chunks, c -> {
            Tally tally = new Tally(snn, ks.length);
            for (int i = c * CHUNK; i < Math.min(n, (c + 1) * CHUNK); i++) {
                float[] x = data.sample(i);
                Map<String, double[]> acts = forward.activations(x);
                int annPrediction = Evaluation.argmax(acts.get(ann.outputNames().get(0)));
                int label = data.label(i);
                predictions.indices()[i] = data.storedIndex(i);
                predictions.labels()[i] = label;
                predictions.ann()[i] = annPrediction;
                tally.addAnn(annPrediction == label, floor(x, acts, snn, index, inputFanOut));
                for (int j = 0; j < ks.length; j++) {
                    TtfsResult r = simulate(engines.get(j).get(), x, i, data);
                    predictions.snn()[j][i] = r.prediction();
                    tally.add(j, r, label, annPrediction, plans.get(j));
                    if (j == ks.length - 1) {
                        tally.addLayers(acts, r, plans.get(j), index);
                    }
                }
                int d = done.incrementAndGet();
                if (progress != null) {
                    progress.samplesDone(d, n);
                }
            }
            return tally;
        });
        Tally total = new Tally(snn, ks.length);
        tallies.forEach(total::merge);
        return new Evaluation.Result(total.report(ann, snn, data, settings, plans, index), predictions);
    }

    private static TtfsResult simulate(TtfsEngine engine, float[] x, int i, Dataset data) {
        try {
            return engine.run(x);
        } catch (SpkerasException e) {
            throw new SpkerasException(data.description() + ": sample " + i + ": " + e.getMessage(), e);
        }
    }

    /**
     * The SynOps floor of one sample: the fan-out of every input value and every stage neuron whose ANN activation is
     * non-zero (docs/temporal.md, "Counting").
     */
    private static long floor(float[] x, Map<String, double[]> acts, SpikingNetwork snn, NetworkIndex index,
                              int[] inputFanOut) {
        long ops = 0;
        for (int p = 0; p < x.length; p++) {
            ops += x[p] != 0 ? inputFanOut[p] : 0;
        }
        for (int s = 0; s < index.outputStage; s++) {
            double[] a = acts.get(snn.stages().get(s).name());
            int[] fanOut = index.fanOut[s];
            for (int o = 0; o < fanOut.length; o++) {
                ops += a != null && a[o] != 0 ? fanOut[o] : 0;
            }
        }
        return ops;
    }

    /** Sums over a chunk of samples; merged in chunk order. */
    private static final class Tally {
        final SpikingNetwork snn;
        long samples;
        long annCorrect;
        double floor;
        final long[] correct;
        final long[] agree;
        final long[] snnOnlyCorrect;
        final long[] annOnlyCorrect;
        final long[] firstCorrect;
        final long[] firstAgree;
        final long[] withFirst;
        final double[] firstTicks;
        final double[] spikes;
        final double[] synops;
        final double[] queueOps;
        final double[] inputSpikes;
        final double[] stageSpikes;
        final double[][] corr;
        final double[] silent;
        final double[] saturated;

        Tally(SpikingNetwork snn, int ks) {
            this.snn = snn;
            correct = new long[ks];
            agree = new long[ks];
            snnOnlyCorrect = new long[ks];
            annOnlyCorrect = new long[ks];
            firstCorrect = new long[ks];
            firstAgree = new long[ks];
            withFirst = new long[ks];
            firstTicks = new double[ks];
            spikes = new double[ks];
            synops = new double[ks];
            queueOps = new double[ks];
            inputSpikes = new double[ks];
            int stages = snn.stages().size();
            stageSpikes = new double[stages];
            corr = new double[stages][6];
            silent = new double[stages];
            saturated = new double[stages];
        }

        void addAnn(boolean right, long floorOps) {
            samples++;
            annCorrect += right ? 1 : 0;
            floor += floorOps;
        }

        void add(int j, TtfsResult r, int label, int annPrediction, TtfsPlan plan) {
            correct[j] += r.prediction() == label ? 1 : 0;
            agree[j] += r.prediction() == annPrediction ? 1 : 0;
            snnOnlyCorrect[j] += r.prediction() == label && annPrediction != label ? 1 : 0;
            annOnlyCorrect[j] += r.prediction() != label && annPrediction == label ? 1 : 0;
            firstCorrect[j] += r.firstSpike() == label ? 1 : 0;
            firstAgree[j] += r.firstSpike() == annPrediction ? 1 : 0;
            if (r.firstSpike() >= 0) {
                withFirst[j]++;
                firstTicks[j] += r.firstSpikeTick();
            }
            for (long c : r.stageSpikes()) {
                spikes[j] += c;
            }
            synops[j] += r.synOps();
            queueOps[j] += r.queueOperations();
            inputSpikes[j] += r.inputSpikes();
        }

        /** Per stage at the largest K: spikes, the spike's value (K − ℓ)/K against the ANN activation, silence, clipping. */
        void addLayers(Map<String, double[]> acts, TtfsResult r, TtfsPlan plan, NetworkIndex index) {
            int k = plan.ticks();
            for (int s = 0; s < index.outputStage; s++) {
                stageSpikes[s] += r.stageSpikes()[s];
                double[] a = acts.get(snn.stages().get(s).name());
                int[] ticks = r.ticks() == null ? null : r.ticks()[s];
                if (ticks == null) {
                    continue;
                }
                long start = (long) plan.depth(s) * k;
                for (int o = 0; o < ticks.length; o++) {
                    double x = a == null ? 0 : a[o];
                    double y = ticks[o] < 0 ? 0 : (k - (ticks[o] - start)) / (double) k;
                    double[] c = corr[s];
                    c[0]++;
                    c[1] += x;
                    c[2] += y;
                    c[3] += x * x;
                    c[4] += y * y;
                    c[5] += x * y;
                    silent[s] += ticks[o] < 0 ? 1 : 0;
                    saturated[s] += ticks[o] == start ? 1 : 0;
                }
            }
        }

        void merge(Tally o) {
            samples += o.samples;
            annCorrect += o.annCorrect;
            floor += o.floor;
            for (int j = 0; j < correct.length; j++) {
                correct[j] += o.correct[j];
                agree[j] += o.agree[j];
                snnOnlyCorrect[j] += o.snnOnlyCorrect[j];
                annOnlyCorrect[j] += o.annOnlyCorrect[j];
                firstCorrect[j] += o.firstCorrect[j];
                firstAgree[j] += o.firstAgree[j];
                withFirst[j] += o.withFirst[j];
                firstTicks[j] += o.firstTicks[j];
                spikes[j] += o.spikes[j];
                synops[j] += o.synops[j];
                queueOps[j] += o.queueOps[j];
                inputSpikes[j] += o.inputSpikes[j];
            }
            for (int s = 0; s < stageSpikes.length; s++) {
                stageSpikes[s] += o.stageSpikes[s];
                silent[s] += o.silent[s];
                saturated[s] += o.saturated[s];
                for (int i = 0; i < 6; i++) {
                    corr[s][i] += o.corr[s][i];
                }
            }
        }

        EvaluationReport report(Network ann, SpikingNetwork snn, Dataset data, Evaluation.Settings settings,
                                List<TtfsPlan> plans, NetworkIndex index) {
            double annAcc = 100.0 * annCorrect / samples;
            double annMacs = ann.totalMacs();
            long hidden = 0;
            for (int s = 0; s < index.outputStage; s++) {
                hidden += snn.stages().get(s).size();
            }
            List<EvaluationReport.StepRow> rows = new ArrayList<>();
            List<EvaluationReport.TemporalRow> temporal = new ArrayList<>();
            boolean queue = settings.engine() == EngineKind.QUEUE;
            for (int j = 0; j < correct.length; j++) {
                double ops = synops[j] / samples;
                rows.add(EvaluationReport.StepRow.of(plans.get(j).ticks(), samples, correct[j], annCorrect,
                        snnOnlyCorrect[j], annOnlyCorrect[j], agree[j], ops, 0, ops * settings.pjPerAc() / 1000.0));
                temporal.add(new EvaluationReport.TemporalRow(plans.get(j).ticks(), plans.get(j).decisionTick(),
                        100.0 * firstCorrect[j] / samples, 100.0 * firstAgree[j] / samples,
                        withFirst[j] == 0 ? null : firstTicks[j] / withFirst[j], 100.0 * (samples - withFirst[j]) / samples,
                        spikes[j] / samples / Math.max(1, hidden), floor == 0 ? 0 : synops[j] / floor,
                        queue && spikes[j] + inputSpikes[j] > 0 ? queueOps[j] / (spikes[j] + inputSpikes[j]) : null));
            }
            int last = correct.length - 1;
            List<EvaluationReport.LayerRow> layers = new ArrayList<>();
            List<String> warnings = new ArrayList<>();
            for (int s = 0; s < index.outputStage; s++) {
                Stage stage = snn.stages().get(s);
                double neurons = stage.size();
                double[] c = corr[s];
                double cov = c[5] / c[0] - (c[1] / c[0]) * (c[2] / c[0]);
                double vx = c[3] / c[0] - Math.pow(c[1] / c[0], 2);
                double vy = c[4] / c[0] - Math.pow(c[2] / c[0], 2);
                double r = vx > 0 && vy > 0 ? cov / Math.sqrt(vx * vy) : Double.NaN;
                double saturatedFraction = saturated[s] / (neurons * samples);
                layers.add(new EvaluationReport.LayerRow(stage.name(), stage instanceof Stage.MaxPoolGate
                        ? "first-spike max-pool gate" : "first-spike neurons", stage.size(), stageSpikes[s] / samples,
                        stageSpikes[s] / samples / neurons, r, silent[s] / (neurons * samples), saturatedFraction));
                if (stageSpikes[s] == 0) {
                    warnings.add("stage '" + stage.name() + "' never spiked at K = " + plans.get(last).ticks() + ": its "
                            + "activations are below 1/K of λ on this data; use a larger K, or check {scale}");
                } else if (saturatedFraction > 0.1) {
                    warnings.add(String.format(java.util.Locale.ROOT, "stage '%s' clips %.0f%% of its neurons at λ (they "
                            + "fire at the first tick of their window): this data exceeds the calibration data's "
                            + "activations; check {scale}, or calibrate on more data", stage.name(),
                            100 * saturatedFraction));
                }
            }
            double floorPerImage = floor / samples;
            TtfsPlan top = plans.get(last);
            Double latency = withFirst[last] == 0 ? null : firstTicks[last] / withFirst[last];
            return new EvaluationReport(EvaluationReport.SCHEMA_VERSION, "spkeras-java " + Version.VERSION,
                    ann.source().file(), data.description(), (int) samples,
                    settings.engine().name().toLowerCase(java.util.Locale.ROOT), "first-spike times", 0,
                    settings.pjPerAc(), settings.pjPerMac(), annAcc, Intervals.wilson(annCorrect, samples).times(100),
                    annMacs, annMacs * settings.pjPerMac() / 1000.0, rows,
                    latency, latency == null ? "no output neuron reaches its threshold within its window at K = "
                            + top.ticks() : "ticks from the first input tick to the first output spike at K = "
                            + top.ticks() + " (the argmax decision comes at tick " + top.decisionTick() + ")",
                    layers, warnings, snn.provenance(),
                    new EvaluationReport.Temporal(top.depth(index.outputStage), floorPerImage, inputSpikes[last] / samples,
                            temporal));
        }
    }
}
