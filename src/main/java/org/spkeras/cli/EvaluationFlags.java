package org.spkeras.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.function.IntFunction;
import java.util.Locale;
import org.spkeras.model.Network;
import org.spkeras.pipeline.Evaluation;
import org.spkeras.report.EvaluationReport;
import org.spkeras.report.Plots;
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

    @Option(names = "--limit", paramLabel = "N", description = "Evaluate only the first N samples.")
    Integer limit;

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

    int run(Network ann, SpikingNetwork snn, String modelStem, DataFlags dataFlags, PrintWriter out, PrintWriter err) {
        return write(Evaluation.run(ann, snn, data, dataFlags.toOptions(limit), settings(), err), modelStem, out);
    }

    /** Evaluates a network converted separately for each T by {@code convertAt}. */
    int runPerSteps(Network ann, IntFunction<SpikingNetwork> convertAt, String modelStem, DataFlags dataFlags,
                    PrintWriter out, PrintWriter err) {
        return write(Evaluation.runPerSteps(ann, convertAt, data, dataFlags.toOptions(limit), settings(), err), modelStem, out);
    }

    private Evaluation.Settings settings() {
        return new Evaluation.Settings(steps, engine, threads == null
                ? Runtime.getRuntime().availableProcessors() : threads, input, seed, pjPerAc, pjPerMac);
    }

    private int write(EvaluationReport measured, String modelStem, PrintWriter out) {
        EvaluationReport result = measured.withOptionsRendered(ErrorHandler::flag);
        out.print(ReportWriter.table(result));
        Path json = report != null ? report : Path.of("out", modelStem + "-report.json");
        ReportWriter.writeJson(result, json);
        String stem = json.getFileName().toString().replaceFirst("\\.json$", "");
        List<Path> plots = Plots.write(result, json.resolveSibling(stem));
        out.println("report: " + json);
        out.println("plots: " + String.join(", ", plots.stream().map(Path::toString).toList()));
        out.flush();
        return ExitCodes.OK;
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
