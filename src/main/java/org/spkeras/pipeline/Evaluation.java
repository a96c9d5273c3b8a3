package org.spkeras.pipeline;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.function.IntFunction;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import java.util.Objects;
import org.spkeras.InvalidOption;
import org.spkeras.SpkerasException;
import org.spkeras.Version;
import org.spkeras.data.DataOptions;
import org.spkeras.data.Dataset;
import org.spkeras.data.Datasets;
import org.spkeras.data.SampleRange;
import org.spkeras.model.ForwardPass;
import org.spkeras.model.Network;
import org.spkeras.report.EvaluationReport;
import org.spkeras.report.Intervals;
import org.spkeras.sim.Engine;
import org.spkeras.sim.EngineKind;
import org.spkeras.sim.NetworkIndex;
import org.spkeras.sim.SampleResult;
import org.spkeras.sim.SimOptions;
import org.spkeras.snn.NeuronModel;
import org.spkeras.snn.Provenance;
import org.spkeras.snn.SpikingNetwork;
import org.spkeras.snn.Stage;

/**
 * The evaluation use case: runs the ANN and the spiking network over a data set in parallel, one simulation to the largest T giving
 * every smaller T, and aggregates the metrics of docs/cli.md. Samples are processed in fixed chunks whose
 * results are combined in chunk order, so the report is identical whatever the number of threads.
 */
public final class Evaluation {
    private static final int CHUNK = 32;

    /**
     * What to run: budgets, engine, threads, input encoding, seed, energy constants. {@code steps} are a rate code's
     * budgets T (null: {@link #DEFAULT_STEPS}), {@code ticks} a time-to-first-spike network's K values (null:
     * {@link #DEFAULT_TICKS}), {@code engine} null: the code's default; {@link #forCode} resolves them for a network
     * and refuses the other code's budgets. {@link #defaults()} are the command line's defaults; {@link #builder()}
     * changes some of them.
     */
    public record Settings(int[] steps, EngineKind engine, int threads, SimOptions.Encoding encoding, long seed,
                           double pjPerAc, double pjPerMac, int[] ticks) {
        public static final int[] DEFAULT_STEPS = {8, 16, 32, 64, 128, 256};
        public static final int[] DEFAULT_TICKS = {4, 16, 64, 256, 65536};
        public static final long DEFAULT_SEED = 1;
        /** Energy per synaptic event and per MAC in pJ (docs/cli.md). */
        public static final double DEFAULT_PJ_PER_AC = 0.9;
        public static final double DEFAULT_PJ_PER_MAC = 4.6;

        public Settings(int[] steps, EngineKind engine, int threads, SimOptions.Encoding encoding, long seed,
                        double pjPerAc, double pjPerMac) {
            this(steps, engine, threads, encoding, seed, pjPerAc, pjPerMac, null);
        }

        public Settings {
            steps = sorted(steps, "T", "timestep budgets");
            ticks = sorted(ticks, "time-resolution", "ticks per window K");
            InvalidOption.require(threads >= 1 && threads <= maxThreads(), "threads", "must be from 1 to " + maxThreads()
                    + " (4 per core of this machine, at least 64), found " + threads + "; results do not depend on it");
            InvalidOption.require(pjPerAc >= 0 && pjPerAc < Double.POSITIVE_INFINITY, "pj-per-ac",
                    "energy per operation must be a finite number >= 0, found " + pjPerAc);
            InvalidOption.require(pjPerMac >= 0 && pjPerMac < Double.POSITIVE_INFINITY, "pj-per-mac",
                    "energy per operation must be a finite number >= 0, found " + pjPerMac);
            Objects.requireNonNull(encoding, "encoding");
        }

        private static int[] sorted(int[] values, String option, String what) {
            if (values == null) {
                return null;
            }
            int[] v = values.clone();
            Arrays.sort(v);
            InvalidOption.require(v.length > 0 && v[0] >= 1 && v[v.length - 1] <= SimOptions.MAX_STEPS, option,
                    what + " must be from 1 to " + SimOptions.MAX_STEPS + ", found " + Arrays.toString(values));
            return v;
        }

        /** The budgets: T for a rate code (as given, or the defaults); K after {@link #forCode} for TTFS. */
        @Override
        public int[] steps() {
            return steps != null ? steps : DEFAULT_STEPS;
        }

        /** The engine: as given, or the rate codes' default (see {@link #forCode}). */
        @Override
        public EngineKind engine() {
            return engine != null ? engine : EngineKind.EVENT;
        }

        /**
         * These settings for a network of {@code code}: for TTFS the K values become the budgets and the engine
         * defaults to queue; T for a TTFS network, K for a rate one, or an engine of the other code are refused.
         */
        public Settings forCode(SpikingNetwork.Code code) {
            boolean ttfs = code == SpikingNetwork.Code.TTFS;
            if (ttfs && steps != null) {
                throw new InvalidOption("T", "-T sets the step budgets of a rate code; a time-to-first-spike (--code "
                        + "ttfs) network takes {time-resolution} K (ticks per layer window), e.g. 16,256,65536");
            }
            if (!ttfs && ticks != null) {
                throw new InvalidOption("time-resolution", "{time-resolution} applies to time-to-first-spike (--code "
                        + "ttfs) networks; a rate code takes -T");
            }
            EngineKind kind = engine != null ? engine : EngineKind.defaultFor(code);
            boolean fits = ttfs ? kind == EngineKind.QUEUE || kind == EngineKind.DENSE : kind != EngineKind.QUEUE;
            if (!fits) {
                throw new InvalidOption("engine", ttfs ? "{engine} " + kind.name().toLowerCase(java.util.Locale.ROOT)
                        .replace('_', '-') + " simulates rate codes; a time-to-first-spike network runs on {engine} "
                        + "queue (default) or dense" : "{engine} queue simulates time-to-first-spike (--code ttfs) "
                        + "networks; a rate code runs on event (default), dense or closedform");
            }
            return ttfs ? new Settings(ticks != null ? ticks : DEFAULT_TICKS, kind, threads, encoding, seed, pjPerAc,
                    pjPerMac, null) : new Settings(steps(), kind, threads, encoding, seed, pjPerAc, pjPerMac, null);
        }

        /** More workers than this only costs memory; a typo such as 40000 is refused, not passed to the pool. */
        public static int maxThreads() {
            return Math.max(64, 4 * Runtime.getRuntime().availableProcessors());
        }

        public int maxSteps() {
            return steps[steps.length - 1];
        }

        /** The defaults: the code's default budgets and engine, a worker per core, analog input. */
        public static Settings defaults() {
            return new Settings(null, null, Math.min(maxThreads(), Runtime.getRuntime().availableProcessors()),
                    SimOptions.Encoding.ANALOG, DEFAULT_SEED, DEFAULT_PJ_PER_AC, DEFAULT_PJ_PER_MAC, null);
        }

        /** A builder starting from {@link #defaults()}. */
        public static Builder builder() {
            return defaults().toBuilder();
        }

        public Builder toBuilder() {
            return new Builder(this);
        }

        /** Changes some settings; {@link #build()} checks them all. */
        public static final class Builder {
            private int[] steps;
            private EngineKind engine;
            private int threads;
            private SimOptions.Encoding encoding;
            private long seed;
            private double pjPerAc;
            private double pjPerMac;
            private int[] ticks;

            private Builder(Settings s) {
                steps = s.steps;
                ticks = s.ticks;
                engine = s.engine;
                threads = s.threads;
                encoding = s.encoding;
                seed = s.seed;
                pjPerAc = s.pjPerAc;
                pjPerMac = s.pjPerMac;
            }

            /** Budgets T of a rate code (null: the defaults). */
            public Builder steps(int... value) {
                steps = value == null ? null : value.clone();
                return this;
            }

            /** Ticks per window K of a time-to-first-spike network (null: the defaults). */
            public Builder ticks(int... value) {
                ticks = value == null ? null : value.clone();
                return this;
            }

            public Builder engine(EngineKind value) {
                engine = value;
                return this;
            }

            public Builder threads(int value) {
                threads = value;
                return this;
            }

            public Builder encoding(SimOptions.Encoding value) {
                encoding = value;
                return this;
            }

            public Builder seed(long value) {
                seed = value;
                return this;
            }

            public Builder pjPerAc(double value) {
                pjPerAc = value;
                return this;
            }

            public Builder pjPerMac(double value) {
                pjPerMac = value;
                return this;
            }

            public Settings build() {
                return new Settings(steps, engine, threads, encoding, seed, pjPerAc, pjPerMac, ticks);
            }
        }
    }

    private Evaluation() {}

    /**
     * Evaluates on DATA {@code data}, the samples {@code samples} selects (read for {@code ann}'s input), kept clear of
     * the samples {@code snn} was calibrated on as {@link #select} says; the report carries its warning.
     */
    public static EvaluationReport run(Network ann, SpikingNetwork snn, String data, DataOptions samples,
                                       Settings settings) {
        refuseOtherModel(ann, snn);
        Selection selection = select(snn.provenance(), data, samples, null);
        try (Dataset dataset = Datasets.open(data, selection.samples(), ann)) {
            EvaluationReport report = measureChecked(ann, snn, dataset, settings, null).report();
            return selection.warning() == null ? report : report.withWarning(selection.warning());
        }
    }

    /** Told the number of samples done after each sample (from worker threads; may be called concurrently). */
    public interface Progress extends AutoCloseable {
        void samplesDone(int done, int total);

        @Override
        default void close() {}

        /** A text line on {@code out} at most every 10 s, with the time left. */
        static Progress text(PrintWriter out) {
            long start = System.nanoTime();
            long[] last = {start};
            return (done, n) -> progress(out, done, n, start, last);
        }
    }

    /** The evaluated samples, and the warning for the report when they are also calibration samples (else null). */
    public record Selection(DataOptions samples, String warning) {}

    /**
     * The samples to evaluate on DATA {@code data}: {@code samples} within {@code range} when one is given;
     * otherwise, where the network was calibrated on the same DATA from its first sample on and that DATA has only a
     * test split (mnist), the samples after the calibration samples, so that the two never share one. Where they
     * still overlap, the warning says so.
     */
    public static Selection select(Provenance calibrated, String data, DataOptions samples, SampleRange range) {
        DataOptions chosen = samples == null ? DataOptions.DEFAULTS : samples;
        if (range != null) {
            chosen = chosen.withRange(range);
        }
        String source = calibrated.calibrationSource();
        if (source == null || !source.equals(data)) {
            return new Selection(chosen, null);
        }
        int calFirst = calibrated.calibrationFirst();
        int calEnd = calFirst + calibrated.calibrationSamples();
        if (range == null && chosen.first() == 0 && data.equalsIgnoreCase("mnist")) {
            chosen = chosen.withFirst(calEnd);
        }
        SampleRange calibration = new SampleRange("calibration-range", calFirst, calEnd);
        if (!calibration.overlaps(chosen.first(), chosen.limit())) {
            return new Selection(chosen, null);
        }
        return new Selection(chosen, "calibration and evaluation use the same samples of " + data + " (λ was measured "
                + "on evaluated images, which flatters the accuracy); pass {calibration} with other data, or disjoint "
                + "{calibration-range} and {range}");
    }

    /** What an evaluation measured: the report, and every sample's predictions behind its accuracies. */
    public record Result(EvaluationReport report, Predictions predictions) {}

    /**
     * Evaluates a network that depends on T ({@code auto} steps): converted by {@code convertAt} and evaluated
     * separately at each T. Per-stage figures and the provenance are those of the largest T; the report says so.
     */
    public static Result measurePerSteps(Network ann, IntFunction<SpikingNetwork> convertAt, Dataset data,
                                         Settings settings, Progress progress) {
        List<EvaluationReport> reports = new ArrayList<>();
        List<Predictions> predictions = new ArrayList<>();
        for (int t : settings.steps()) {
            Settings one = new Settings(new int[] {t}, settings.engine(), settings.threads(), settings.encoding(),
                    settings.seed(), settings.pjPerAc(), settings.pjPerMac());
            Result r = measure(ann, convertAt.apply(t), data, one, progress);
            reports.add(r.report());
            predictions.add(r.predictions());
        }
        EvaluationReport last = reports.get(reports.size() - 1);
        List<String> warnings = new ArrayList<>(last.warnings());
        warnings.add(0, "the network depends on T ({shift} or {calibration-steps} auto): it was converted and calibrated "
                + "separately for each T; per-stage figures and the conversion are those of T = " + settings.maxSteps());
        return new Result(new EvaluationReport(last.schemaVersion(), last.tool(), last.model(), last.data(),
                last.samples(), last.engine(), last.encoding(), last.seed(), last.pjPerAc(), last.pjPerMac(),
                last.annAccuracy(), last.annAccuracyInterval(), last.annMacsPerImage(), last.annEnergyNj(),
                reports.stream().map(r -> r.steps().get(0)).toList(), null,
                "each T has its own network, so there is no time course across T", last.layers(), warnings,
                last.conversion(), null), Predictions.concat(predictions));
    }

    /**
     * Evaluates {@code snn} against {@code ann} on the samples of {@code data}, with every sample's predictions at
     * each T; {@code progress} (null: none) is told after each sample.
     */
    public static Result measure(Network ann, SpikingNetwork snn, Dataset data, Settings settings, Progress progress) {
        refuseOtherModel(ann, snn);
        return measureChecked(ann, snn, data, settings, progress);
    }

    /** As {@link #measure}, for a network already checked against {@code ann} ({@link #refuseOtherModel}). */
    static Result measureChecked(Network ann, SpikingNetwork snn, Dataset data, Settings requested, Progress progress) {
        Settings settings = requested.forCode(snn.code());
        if (snn.code() == SpikingNetwork.Code.TTFS) {
            return TemporalEvaluation.measure(ann, snn, data, settings, progress);
        }
        if (!data.labelled()) {
            throw new SpkerasException(data.description() + ": has no labels; evaluation needs labelled data");
        }
        int n = data.size();
        SimOptions sim = new SimOptions(settings.maxSteps(), settings.encoding(), settings.seed(), true);
        NetworkIndex index = new NetworkIndex(snn);
        ForwardPass forward = new ForwardPass(ann);
        ThreadLocal<Engine> engines = ThreadLocal.withInitial(settings.engine().factory(snn, sim, settings.steps()));
        int chunks = (n + CHUNK - 1) / CHUNK;
        AtomicInteger done = new AtomicInteger();
        int[] steps = settings.steps();
        Predictions predictions = new Predictions(new int[n], new int[n], new int[n], steps, new int[steps.length][n]);
        List<Tally> tallies = perChunk(settings.threads(), chunks, c -> {
            Tally tally = new Tally(snn, settings);
            for (int i = c * CHUNK; i < Math.min(n, (c + 1) * CHUNK); i++) {
                float[] x = data.sample(i);
                Map<String, double[]> acts = forward.activations(x);
                SampleResult r = simulate(engines.get(), x, i, data);
                int annPrediction = argmax(acts.get(ann.outputNames().get(0)));
                tally.add(acts, annPrediction, data.label(i), r, index);
                record(predictions, i, data, annPrediction, r);
                int d = done.incrementAndGet();
                if (progress != null) {
                    progress.samplesDone(d, n);
                }
            }
            return tally;
        });
        Tally total = new Tally(snn, settings);
        tallies.forEach(total::merge);
        return new Result(total.report(ann, snn, data, settings, index, n), predictions);
    }

    /** Sample {@code i}'s entries (each worker writes only its own samples' entries). */
    private static void record(Predictions p, int i, Dataset data, int annPrediction, SampleResult r) {
        p.indices()[i] = data.storedIndex(i);
        p.labels()[i] = data.label(i);
        p.ann()[i] = annPrediction;
        for (int k = 0; k < p.steps().length; k++) {
            p.snn()[k][i] = r.predictions()[p.steps()[k] - 1];
        }
    }

    /**
     * The warning for a stage whose neurons fire every step: the data driving it harder than the calibration data did
     * (most often a different scale) comes first, since raising λ only hides that.
     */
    public static String saturationAdvice(String stage, double percent) {
        return String.format(java.util.Locale.ROOT, "stage '%s' is saturated (%.0f%% of neurons fire every step): its "
                + "activations on this data exceed the λ measured on the calibration data; if the data is scaled "
                + "differently from the calibration data (e.g. 0–255 against 0–1), give both the same {scale}; "
                + "otherwise raise λ with {norm} max or a higher percentile (more spikes per step with {neuron} burst:Γ)",
                stage, percent);
    }

    /** Runs {@code work} on every chunk index in a pool of {@code threads} workers; a user error passes through as is. */
    static <T> List<T> perChunk(int threads, int chunks, IntFunction<T> work) {
        ForkJoinPool pool = new ForkJoinPool(threads);
        try {
            return pool.submit(() -> IntStream.range(0, chunks).parallel().mapToObj(work).toList()).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException(e.getCause());
        } finally {
            pool.shutdown();
        }
    }

    /**
     * The most spikes stage {@code s} can emit in one step: Γ of its neurons, or of a max-pool gate's source (a
     * stage counts as saturated where its neurons emit that many every step).
     */
    static int maxSpikesPerStep(NetworkIndex index, int s) {
        Stage stage = index.net.stages().get(s);
        if (stage instanceof Stage.MaxPoolGate) {
            int source = index.inputSources[s][0];
            return source < 0 ? 1 : maxSpikesPerStep(index, source);
        }
        return stage instanceof Stage.Neurons n && n.model() instanceof NeuronModel.IntegrateAndFire f ? f.maxSpikes() : 1;
    }

    /** The ANN must take the spiking network's input and give as many classes, or the comparison is meaningless. */
    public static void refuseOtherModel(Network ann, SpikingNetwork snn) {
        Stage output = snn.stages().get(snn.stages().size() - 1);
        int annClasses = ann.outputShape(ann.outputNames().get(0)).size();
        if (!ann.inputShape().equals(snn.input().shape()) || annClasses != output.size()) {
            throw new SpkerasException(ann.source().file() + ": takes " + ann.inputShape() + " and gives " + annClasses
                    + " classes, but the spiking network (converted from " + snn.provenance().sourceFile() + ") takes "
                    + snn.input().shape() + " and gives " + output.size() + "; pass the model it was converted from");
        }
    }

    private static SampleResult simulate(Engine engine, float[] x, int i, Dataset data) {
        try {
            return engine.run(x, i);
        } catch (SpkerasException e) {
            throw new SpkerasException(data.description() + ": sample " + i + ": " + e.getMessage(), e);
        }
    }

    private static synchronized void progress(PrintWriter out, int done, int n, long start, long[] last) {
        long now = System.nanoTime();
        if (out == null || (now - last[0] < 10_000_000_000L && done < n)) {
            return;
        }
        last[0] = now;
        double seconds = (now - start) / 1e9;
        out.printf(java.util.Locale.ROOT, "evaluated %d/%d samples (%.0f%%) in %.1f s, about %.0f s left%n", done, n,
                100.0 * done / n, seconds, seconds / done * (n - done));
        out.flush();
    }

    static int argmax(double[] v) {
        int best = 0;
        for (int i = 1; i < v.length; i++) {
            if (v[i] > v[best]) {
                best = i;
            }
        }
        return best;
    }

    /** The sums behind Pearson's r of ANN activations x and spike counts y over every neuron of every sample. */
    private static final class Correlation {
        double n;
        double sumX;
        double sumY;
        double sumXx;
        double sumYy;
        double sumXy;

        void add(double x, double y) {
            n++;
            sumX += x;
            sumY += y;
            sumXx += x * x;
            sumYy += y * y;
            sumXy += x * y;
        }

        void merge(Correlation o) {
            n += o.n;
            sumX += o.sumX;
            sumY += o.sumY;
            sumXx += o.sumXx;
            sumYy += o.sumYy;
            sumXy += o.sumXy;
        }

        /** Pearson's r; NaN where either side does not vary. */
        double pearson() {
            double cov = sumXy / n - (sumX / n) * (sumY / n);
            double vx = sumXx / n - Math.pow(sumX / n, 2);
            double vy = sumYy / n - Math.pow(sumY / n, 2);
            return vx > 0 && vy > 0 ? cov / Math.sqrt(vx * vy) : Double.NaN;
        }
    }

    /** Sums over a chunk of samples; merged in chunk order. */
    private static final class Tally {
        final SpikingNetwork snn;
        final int[] steps;
        final int maxSteps;
        long samples;
        long annCorrect;
        final long[] snnCorrect;
        final long[] agree;
        final long[] snnOnlyCorrect;
        final long[] annOnlyCorrect;
        final double[] synops;
        double latencySum;
        long latencyCount;
        final double[] spikes;
        final Correlation[] corr;
        final double[] silent;
        final double[] saturated;

        Tally(SpikingNetwork snn, Settings settings) {
            this.snn = snn;
            this.steps = settings.steps();
            this.maxSteps = settings.maxSteps();
            int stages = snn.stages().size();
            snnCorrect = new long[steps.length];
            agree = new long[steps.length];
            snnOnlyCorrect = new long[steps.length];
            annOnlyCorrect = new long[steps.length];
            synops = new double[steps.length];
            spikes = new double[stages];
            corr = new Correlation[stages];
            for (int s = 0; s < stages; s++) {
                corr[s] = new Correlation();
            }
            silent = new double[stages];
            saturated = new double[stages];
        }

        void add(Map<String, double[]> acts, int annPrediction, int label, SampleResult r, NetworkIndex index) {
            samples++;
            if (annPrediction == label) {
                annCorrect++;
            }
            long cumulative = 0;
            int k = 0;
            for (int t = 1; t <= maxSteps && k < steps.length; t++) {
                cumulative += r.synapticEvents()[t - 1];
                if (t == steps[k]) {
                    int p = r.predictions()[t - 1];
                    snnCorrect[k] += p == label ? 1 : 0;
                    agree[k] += p == annPrediction ? 1 : 0;
                    snnOnlyCorrect[k] += p == label && annPrediction != label ? 1 : 0;
                    annOnlyCorrect[k] += p != label && annPrediction == label ? 1 : 0;
                    synops[k] += cumulative;
                    k++;
                }
            }
            int latency = latency(r.predictions(), label);
            if (latency > 0) {
                latencySum += latency;
                latencyCount++;
            }
            for (int s = 0; s < snn.stages().size(); s++) {
                Stage stage = snn.stages().get(s);
                if (s == index.outputStage) {
                    continue;
                }
                spikes[s] += r.stageSpikes()[s];
                double[] a = acts.get(stage.name());
                int[] counts = r.neuronCounts()[s];
                int cap = maxSpikesPerStep(index, s) * maxSteps;
                for (int o = 0; o < counts.length; o++) {
                    double x = a == null ? 0 : a[o];
                    double y = counts[o];
                    corr[s].add(x, y);
                    silent[s] += counts[o] == 0 ? 1 : 0;
                    saturated[s] += counts[o] >= cap ? 1 : 0;
                }
            }
        }

        /** The first step from which the prediction stays correct to the end; 0 if wrong at the end. */
        private int latency(int[] predictions, int label) {
            if (predictions[maxSteps - 1] != label) {
                return 0;
            }
            int t = maxSteps;
            while (t > 1 && predictions[t - 2] == label) {
                t--;
            }
            return predictions[t - 1] == label ? t : 0;
        }

        void merge(Tally o) {
            samples += o.samples;
            annCorrect += o.annCorrect;
            for (int k = 0; k < steps.length; k++) {
                snnCorrect[k] += o.snnCorrect[k];
                agree[k] += o.agree[k];
                snnOnlyCorrect[k] += o.snnOnlyCorrect[k];
                annOnlyCorrect[k] += o.annOnlyCorrect[k];
                synops[k] += o.synops[k];
            }
            latencySum += o.latencySum;
            latencyCount += o.latencyCount;
            for (int s = 0; s < spikes.length; s++) {
                spikes[s] += o.spikes[s];
                silent[s] += o.silent[s];
                saturated[s] += o.saturated[s];
                corr[s].merge(o.corr[s]);
            }
        }

        EvaluationReport report(Network ann, SpikingNetwork snn, Dataset data, Settings settings, NetworkIndex index, int n) {
            double annAcc = 100.0 * annCorrect / samples;
            double analogMacs = settings.encoding() == SimOptions.Encoding.ANALOG ? index.analogMacs() : 0;
            double annMacs = ann.totalMacs();
            List<EvaluationReport.StepRow> rows = new ArrayList<>();
            for (int k = 0; k < steps.length; k++) {
                double ops = synops[k] / samples;
                rows.add(EvaluationReport.StepRow.of(steps[k], samples, snnCorrect[k], annCorrect, snnOnlyCorrect[k],
                        annOnlyCorrect[k], agree[k], ops, analogMacs,
                        (ops * settings.pjPerAc() + analogMacs * settings.pjPerMac()) / 1000.0));
            }
            List<EvaluationReport.LayerRow> layers = new ArrayList<>();
            List<String> warnings = new ArrayList<>();
            for (int s = 0; s < snn.stages().size(); s++) {
                if (s == index.outputStage) {
                    continue;
                }
                Stage stage = snn.stages().get(s);
                double neurons = stage.size();
                double r = corr[s].pearson();
                double silentFraction = silent[s] / (neurons * samples);
                double saturatedFraction = saturated[s] / (neurons * samples);
                layers.add(new EvaluationReport.LayerRow(stage.name(), kind(stage), stage.size(), spikes[s] / samples,
                        spikes[s] / samples / neurons / maxSteps, r, silentFraction, saturatedFraction));
                if (spikes[s] == 0) {
                    warnings.add("stage '" + stage.name() + "' never spiked: its λ is too large for this data or the "
                            + "input is scaled differently from the calibration data; check {scale}, use {norm} "
                            + "percentile (smaller λ), or add {shift}/{theta}");
                } else if (saturatedFraction > 0.1) {
                    warnings.add(saturationAdvice(stage.name(), 100 * saturatedFraction));
                }
            }
            return new EvaluationReport(EvaluationReport.SCHEMA_VERSION, "spkeras-java " + Version.VERSION,
                    ann.source().file(), data.description(), n,
                    settings.engine().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'),
                    settings.encoding().name().toLowerCase(java.util.Locale.ROOT), settings.seed(), settings.pjPerAc(),
                    settings.pjPerMac(), annAcc, Intervals.wilson(annCorrect, samples).times(100), annMacs,
                    annMacs * settings.pjPerMac() / 1000.0, rows, latency(settings), latencyNote(settings), layers,
                    warnings, snn.provenance(), null);
        }

        private Double latency(Settings settings) {
            return settings.engine().closedForm() || latencyCount == 0 ? null : latencySum / latencyCount;
        }

        private String latencyNote(Settings settings) {
            if (settings.engine().closedForm()) {
                return "the closed form computes each T's counts separately; there is no time course";
            }
            return latencyCount == 0 ? "no sample is classified correctly at the largest T" : null;
        }

        private static String kind(Stage stage) {
            return stage instanceof Stage.MaxPoolGate g ? (g.kind() == Stage.MaxPoolGate.Kind.GATING ? "max-pool gate"
                    : g.kind() == Stage.MaxPoolGate.Kind.LIPOOL ? "LIPooling" : "first-spike max pool")
                    : "neurons";
        }
    }
}
