package org.spkeras.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import org.spkeras.SpkerasException;
import org.spkeras.data.DataOptions;
import org.spkeras.data.Dataset;
import org.spkeras.data.Datasets;
import org.spkeras.model.Network;
import org.spkeras.report.EvaluationReport;
import org.spkeras.report.Evaluator;
import org.spkeras.report.Plots;
import org.spkeras.report.ReportWriter;
import org.spkeras.sim.EngineKind;
import org.spkeras.sim.SimOptions;
import org.spkeras.snn.SpikingNetwork;
import picocli.CommandLine.Option;

/** How to evaluate a spiking network against its ANN, shared by {@code import --evaluate} and {@code evaluate}. */
final class EvaluationFlags {
    /** The data to evaluate on; set by the command (from --evaluate or --data). */
    String data;

    @Option(names = "-T", split = ",", paramLabel = "T", defaultValue = "8,16,32,64,128,256",
            description = "Timestep budgets, comma-separated (default: ${DEFAULT-VALUE}); one run to the largest gives all.")
    int[] steps;

    @Option(names = "--engine", defaultValue = "event", paramLabel = "event|dense|closedform",
            description = "Simulation engine (default: ${DEFAULT-VALUE}).")
    String engine;

    @Option(names = "--limit", paramLabel = "N", description = "Evaluate only the first N samples.")
    Integer limit;

    @Option(names = "--threads", paramLabel = "K", description = "Worker threads (default: all cores); results do not depend on it.")
    Integer threads;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of the Bernoulli input (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--input", defaultValue = "analog", paramLabel = "analog|bernoulli",
            description = "Input encoding (default: ${DEFAULT-VALUE}).")
    String input;

    @Option(names = "--report", paramLabel = "report.json", description = "Where to write the JSON report (default: "
            + "out/<model>-report.json); plots are written beside it.")
    Path report;

    @Option(names = "--pj-per-ac", defaultValue = "0.9", description = "Energy per synaptic event in pJ (default: ${DEFAULT-VALUE}).")
    double pjPerAc;

    @Option(names = "--pj-per-mac", defaultValue = "4.6", description = "Energy per MAC in pJ (default: ${DEFAULT-VALUE}).")
    double pjPerMac;

    int run(Network ann, SpikingNetwork snn, String modelStem, PrintWriter out, PrintWriter err) {
        Evaluator.Settings settings = new Evaluator.Settings(steps, engineKind(), threads == null
                ? Runtime.getRuntime().availableProcessors() : threads, encoding(), seed, pjPerAc, pjPerMac);
        EvaluationReport result;
        try (Dataset dataset = Datasets.open(data, DataOptions.DEFAULTS.withLimit(limit), ann)) {
            result = Evaluator.run(ann, snn, dataset, settings, err);
        }
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

    private EngineKind engineKind() {
        return switch (engine.toLowerCase(java.util.Locale.ROOT)) {
            case "event" -> EngineKind.EVENT;
            case "dense" -> EngineKind.DENSE;
            case "closedform", "closed-form" -> EngineKind.CLOSEDFORM;
            default -> throw new SpkerasException("--engine '" + engine + "' is not known; expected event, dense or closedform");
        };
    }

    private SimOptions.Encoding encoding() {
        return switch (input.toLowerCase(java.util.Locale.ROOT)) {
            case "analog" -> SimOptions.Encoding.ANALOG;
            case "bernoulli", "poisson" -> SimOptions.Encoding.BERNOULLI;
            default -> throw new SpkerasException("--input '" + input + "' is not known; expected analog or bernoulli");
        };
    }
}
