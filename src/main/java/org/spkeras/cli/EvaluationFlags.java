package org.spkeras.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import org.spkeras.data.SampleRange;
import org.spkeras.pipeline.Evaluated;
import org.spkeras.pipeline.Evaluation;
import org.spkeras.pipeline.EvaluationRequest;
import org.spkeras.report.ReportWriter;
import org.spkeras.sim.EngineKind;
import org.spkeras.sim.SimOptions;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/** How to evaluate a spiking network against its ANN, shared by {@code import --evaluate} and {@code evaluate}. */
@Section.In(Section.SIMULATION)
final class EvaluationFlags {
    @Option(names = "-T", split = ",", paramLabel = "T", description = "Timestep budgets of a rate code, "
            + "comma-separated (default: 8,16,32,64,128,256); one run to the largest gives all.")
    int[] steps;

    @Option(names = "--time-resolution", split = ",", paramLabel = "K", description = "Ticks per layer window of a "
            + "--code ttfs network, comma-separated (default: 4,16,64,256,65536); each K is one run.")
    int[] ticks;

    @Option(names = "--engine", paramLabel = "event|dense|closedform|closedform-accumulator|queue",
            converter = EngineConverter.class, description = "Simulation engine (default: event for rate codes, queue "
            + "for --code ttfs; dense is the literal time-stepped loop of either).")
    EngineKind engine;

    @Section.In(Section.SAMPLES)
    @Option(names = "--limit", paramLabel = "N", description = "Evaluate only the first N samples (of --range).")
    Integer limit;

    @Section.In(Section.SAMPLES)
    @Option(names = "--range", paramLabel = "A:B", converter = RangeConverter.class, description = "Evaluate only "
            + "samples A to B-1 of DATA (A: to the end); --limit counts from A (default: all, or those after the "
            + "calibration samples where both are the same mnist).")
    SampleRange range;

    @Section.In(Section.REPORT)
    @Option(names = "--predictions", paramLabel = "FILE.npz", description = "Also write every sample's label and "
            + "predictions (ANN, SNN at each T) with its index in DATA, for paired statistics (docs/cli.md).")
    Path predictions;

    @Option(names = "--threads", paramLabel = "K", description = "Worker threads (default: all cores); results do not depend on it.")
    Integer threads;

    @Option(names = "--seed", defaultValue = "" + Evaluation.Settings.DEFAULT_SEED, description = "Seed of the Bernoulli input (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--input", defaultValue = "analog", paramLabel = "analog|bernoulli",
            converter = EncodingConverter.class, description = "Input encoding (default: ${DEFAULT-VALUE}).")
    SimOptions.Encoding input;

    @Section.In(Section.REPORT)
    @Option(names = "--report", paramLabel = "report.json", description = "Where to write the JSON report (default: "
            + "out/<model>-report.json); plots are written beside it.")
    Path report;

    @Option(names = "--pj-per-ac", defaultValue = "" + Evaluation.Settings.DEFAULT_PJ_PER_AC, description = "Energy per synaptic event in pJ (default: ${DEFAULT-VALUE}).")
    double pjPerAc;

    @Option(names = "--pj-per-mac", defaultValue = "" + Evaluation.Settings.DEFAULT_PJ_PER_MAC, description = "Energy per MAC in pJ (default: ${DEFAULT-VALUE}).")
    double pjPerMac;

    @Section.In(Section.OUTPUT)
    @Option(names = {"-q", "--quiet"}, description = "No progress bar (there is none either when stderr is not a terminal).")
    boolean quiet;

    /** Checks every option before any work; the settings to evaluate with. */
    Evaluation.Settings settings() {
        Evaluation.Settings.Builder settings = Evaluation.Settings.builder().steps(steps).ticks(ticks).engine(engine)
                .encoding(input).seed(seed).pjPerAc(pjPerAc).pjPerMac(pjPerMac);
        if (threads != null) {
            settings.threads(threads);
        }
        return settings.build();
    }

    /** The evaluation of DATA {@code data} these options ask for, read with {@code dataFlags}. */
    EvaluationRequest request(String data, DataFlags dataFlags) {
        return new EvaluationRequest(data, dataFlags.toOptions(limit), range, settings(), report, predictions);
    }

    /** Prints the table and where the report, predictions and plots were written. */
    static void print(Evaluated evaluated, PrintWriter out) {
        out.print(ReportWriter.table(evaluated.report()));
        out.println("report: " + evaluated.reportFile());
        if (evaluated.predictionsFile() != null) {
            out.println("predictions: " + evaluated.predictionsFile());
        }
        out.println("plots: " + String.join(", ", evaluated.plots().stream().map(Path::toString).toList()));
        out.flush();
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
                case "queue" -> EngineKind.QUEUE;
                default -> throw new TypeConversionException("'" + value + "' is not known; expected event, dense, closedform, "
                        + "closedform-accumulator or queue");
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
