package org.spkeras.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.function.IntFunction;
import java.util.Locale;
import java.util.Map;
import org.spkeras.SpkerasException;
import org.spkeras.data.DataOptions;
import org.spkeras.data.Dataset;
import org.spkeras.data.SampleRange;
import org.spkeras.data.Datasets;
import org.spkeras.model.Network;
import org.spkeras.pipeline.Evaluation;
import org.spkeras.report.EvaluationReport;
import org.spkeras.report.ReportWriter;
import org.spkeras.sim.EngineKind;
import org.spkeras.sim.SimOptions;
import org.spkeras.snn.SpikingNetwork;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/** How to evaluate a spiking network against its ANN, shared by {@code import --evaluate} and {@code evaluate}. */
final class EvaluationFlags {
    /** The data to evaluate on; set by the command (from --evaluate or --data). */
    String data;

    @Option(names = "-T", split = ",", paramLabel = "T", defaultValue = "8,16,32,64,128,256",
            description = "Timestep budgets, comma-separated (default: ${DEFAULT-VALUE}); one run to the largest gives all.")
    int[] steps;

    @Option(names = "--engine", defaultValue = "event", paramLabel = "event|dense|closedform|closedform-accumulator",
            converter = EngineConverter.class, description = "Simulation engine (default: ${DEFAULT-VALUE}).")
    EngineKind engine;

    @Option(names = "--limit", paramLabel = "N", description = "Evaluate only the first N samples (of --range).")
    Integer limit;

    @Option(names = "--range", paramLabel = "A:B", converter = RangeConverter.class, description = "Evaluate only "
            + "samples A to B-1 of DATA (A: to the end); --limit counts from A (default: all, or those after the "
            + "calibration samples where both are the same mnist).")
    SampleRange range;

    @Option(names = "--predictions", paramLabel = "FILE.npz", description = "Also write every sample's label and "
            + "predictions (ANN, SNN at each T) with its index in DATA, for paired statistics (docs/cli.md).")
    Path predictions;

    @Option(names = "--threads", paramLabel = "K", description = "Worker threads (default: all cores); results do not depend on it.")
    Integer threads;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of the Bernoulli input (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--input", defaultValue = "analog", paramLabel = "analog|bernoulli",
            converter = EncodingConverter.class, description = "Input encoding (default: ${DEFAULT-VALUE}).")
    SimOptions.Encoding input;

    @Option(names = "--report", paramLabel = "report.json", description = "Where to write the JSON report (default: "
            + "out/<model>-report.json); plots are written beside it.")
    Path report;

    @Option(names = "--pj-per-ac", defaultValue = "0.9", description = "Energy per synaptic event in pJ (default: ${DEFAULT-VALUE}).")
    double pjPerAc;

    @Option(names = "--pj-per-mac", defaultValue = "4.6", description = "Energy per MAC in pJ (default: ${DEFAULT-VALUE}).")
    double pjPerMac;

    @Option(names = {"-q", "--quiet"}, description = "No progress bar (there is none either when stderr is not a terminal).")
    boolean quiet;

    /** The options of this mixin, for refusing them where they have no effect. */
    static final List<String> NAMES = List.of("-T", "--engine", "--limit", "--range", "--threads", "--seed", "--input",
            "--report", "--predictions", "--pj-per-ac", "--pj-per-mac");

    /** Checks every option before any work; the settings to evaluate with. */
    Evaluation.Settings settings() {
        return new Evaluation.Settings(steps, engine, threads == null
                ? Math.min(Evaluation.Settings.maxThreads(), Runtime.getRuntime().availableProcessors()) : threads,
                input, seed, pjPerAc, pjPerMac);
    }

    /** The JSON report's path: --report, else {@code <dir>/<model>-report.json}. */
    Path reportPath(Path dir, String modelStem) {
        return report != null ? report : dir.resolve(modelStem + "-report.json");
    }

    /** The evaluated samples: {@code --range} and {@code --limit} on the data flags. */
    DataOptions dataOptions(DataFlags dataFlags) {
        return dataFlags.toOptions(limit).withRange(range);
    }

    /** The outputs besides the report and its plots: the predictions file when asked for. */
    Map<String, Path> extraOutputs() {
        return predictions == null ? Map.of() : Map.of("the predictions file", predictions);
    }

    /**
     * Evaluates the samples {@code samples} selects, adds {@code notes} to the report's warnings, prints the table
     * and writes the report with its plots (and the predictions) as one set.
     */
    int run(Network ann, SpikingNetwork snn, String source, Path reportJson, DataOptions samples, List<String> notes,
            PrintWriter out) {
        Evaluation.refuseOtherModel(ann, snn);
        return evaluate((dataset, settings, progress) -> Evaluation.measure(ann, snn, dataset, settings, progress), ann,
                source, reportJson, samples, notes, out);
    }

    /** As {@link #run}, for a network converted separately for each T by {@code convertAt}. */
    int runPerSteps(Network ann, IntFunction<SpikingNetwork> convertAt, String source, Path reportJson,
                    DataOptions samples, List<String> notes, PrintWriter out) {
        return evaluate((dataset, settings, progress) -> Evaluation.measurePerSteps(ann, convertAt, dataset, settings,
                progress), ann, source, reportJson, samples, notes, out);
    }

    private interface Measurement {
        Evaluation.Result measure(Dataset dataset, Evaluation.Settings settings, Evaluation.Progress progress);
    }

    private int evaluate(Measurement measurement, Network ann, String source, Path reportJson, DataOptions samples,
                         List<String> notes, PrintWriter out) {
        Evaluation.Settings settings = settings();
        Evaluation.Result measured;
        try (Dataset dataset = Datasets.open(data, samples, ann);
             ProgressDisplay progress = ProgressDisplay.open(quiet, dataset.size(), System.err)) {
            measured = measurement.measure(dataset, settings, (Evaluation.Progress) progress);
        } catch (SpkerasException e) {
            throw naming(e, source);
        }
        EvaluationReport result = measured.report();
        for (String note : notes) {
            result = result.withWarning(note);
        }
        result = result.withOptionsRendered(ErrorHandler::flag);
        out.print(ReportWriter.table(result));
        List<Path> plots = ReportWriter.writeWithPlots(result, reportJson, predictions == null ? Map.of()
                : Map.of(predictions, measured.predictions().npz()));
        out.println("report: " + reportJson);
        if (predictions != null) {
            out.println("predictions: " + predictions);
        }
        out.println("plots: " + String.join(", ", plots.stream().map(Path::toString).toList()));
        out.flush();
        return ExitCodes.OK;
    }

    /** A refusal about the network's stages (e.g. the simulator's overflow bound) names the network's file. */
    private static SpkerasException naming(SpkerasException e, String source) {
        String m = String.valueOf(e.getMessage());
        return m.startsWith("stage '") ? new SpkerasException(source + ": " + m, e) : e;
    }

    /** {@code A:B} (samples A..B-1), {@code A:} or {@code :B}; a bad range names {@code --range}. */
    static final class RangeConverter implements ITypeConverter<SampleRange> {
        @Override
        public SampleRange convert(String value) {
            return rangeOf("range", value);
        }
    }

    static SampleRange rangeOf(String option, String value) {
        try {
            return SampleRange.parse(option, value);
        } catch (org.spkeras.InvalidOption e) {
            throw new TypeConversionException(e.getMessage());
        }
    }

    static final class EngineConverter implements ITypeConverter<EngineKind> {
        @Override
        public EngineKind convert(String value) {
            return switch (value.strip().toLowerCase(Locale.ROOT)) {
                case "event" -> EngineKind.EVENT;
                case "dense" -> EngineKind.DENSE;
                case "closedform", "closed-form" -> EngineKind.CLOSEDFORM;
                case "closedform-accumulator" -> EngineKind.CLOSEDFORM_ACCUMULATOR;
                default -> throw new TypeConversionException("'" + value + "' is not known; expected event, dense, closedform "
                        + "or closedform-accumulator");
            };
        }
    }

    static final class EncodingConverter implements ITypeConverter<SimOptions.Encoding> {
        @Override
        public SimOptions.Encoding convert(String value) {
            return switch (value.strip().toLowerCase(Locale.ROOT)) {
                case "analog" -> SimOptions.Encoding.ANALOG;
                case "bernoulli", "poisson" -> SimOptions.Encoding.BERNOULLI;
                default -> throw new TypeConversionException("'" + value + "' is not known; expected analog or bernoulli");
            };
        }
    }
}
