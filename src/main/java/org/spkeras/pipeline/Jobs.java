package org.spkeras.pipeline;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.spkeras.AtomicFile;
import org.spkeras.SpkerasException;
import org.spkeras.data.Dataset;
import org.spkeras.data.Datasets;
import org.spkeras.io.OutputPaths;
import org.spkeras.model.Network;
import org.spkeras.report.EvaluationReport;
import org.spkeras.report.ReportWriter;
import org.spkeras.snn.SpikingNetwork;

/** What the jobs share: default names, the one output-path check, and evaluating with the report written. */
final class Jobs {
    private Jobs() {}

    /** A file name without its last extension. */
    static String baseName(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }

    /** DATA as a file when it is one (a named set is not), else null. */
    static Path dataFile(String data) {
        if (data == null) {
            return null;
        }
        Path p = Path.of(data);
        return Files.exists(p) || data.contains("/") || data.contains(".") ? p : null;
    }

    /** The JSON report and the plots written beside it. */
    static Map<String, Path> reportOutputs(Path json) {
        String stem = json.getFileName().toString().replaceFirst("\\.json$", "");
        Map<String, Path> out = new LinkedHashMap<>();
        out.put("the report", json);
        for (String plot : List.of("-accuracy.png", "-accuracy.svg", "-rates.png", "-rates.svg")) {
            out.put("the plot " + stem + plot, json.resolveSibling(stem + plot));
        }
        return out;
    }

    /** The report's path: the request's, else {@code <dir>/<stem>-report.json}. */
    static Path reportPath(EvaluationRequest evaluation, Path dir, String stem) {
        return evaluation.report() != null ? evaluation.report() : dir.resolve(stem + "-report.json");
    }

    /** The files a job reads and writes, checked with one call before any work. */
    static final class Paths {
        private final Map<String, Path> inputs = new LinkedHashMap<>();
        private final Map<String, Path> outputs = new LinkedHashMap<>();

        Paths input(String what, Path path) {
            inputs.put(what, path);
            return this;
        }

        Paths inputs(Map<String, Path> more) {
            if (more != null) {
                inputs.putAll(more);
            }
            return this;
        }

        Paths model(ConversionRequest model, String what) {
            input(what, model.model());
            return input("the {architecture} file", model.reading().architecture());
        }

        Paths output(String what, Path path) {
            outputs.put(what, path);
            return this;
        }

        /** The report set of {@code evaluation} written at {@code report}: the report, its plots, the predictions. */
        Paths evaluation(EvaluationRequest evaluation, String dataName, Path report) {
            input(dataName, dataFile(evaluation.data()));
            outputs.putAll(reportOutputs(report));
            return output("the predictions file", evaluation.predictions());
        }

        void check() {
            OutputPaths.check(inputs, outputs);
        }
    }

    /** How a network is measured on a data set (its model already checked): one network, or one per T. */
    interface Measurement {
        Evaluation.Result measure(Dataset data, Evaluation.Settings settings, Evaluation.Progress progress);
    }

    /**
     * Evaluates on the samples {@link Evaluation#select} chooses (clear of the samples {@code network} was calibrated
     * on, after checking that {@code ann} is its model), adds {@code notes} and the selection's warning to the
     * report, and writes it with its plots (and the predictions) as one set.
     */
    static Evaluated evaluate(Network ann, SpikingNetwork network, Measurement measurement, EvaluationRequest request,
                              String source, Path report, List<String> notes, JobListener listener) {
        Evaluation.refuseOtherModel(ann, network);
        Evaluation.Selection selection = Evaluation.select(network.provenance(), request.data(), request.samples(),
                request.range());
        Evaluation.Result measured;
        try (Dataset dataset = Datasets.open(request.data(), selection.samples(), ann);
             Evaluation.Progress progress = listener.evaluating(dataset.size())) {
            measured = measurement.measure(dataset, request.settings(), progress);
        } catch (SpkerasException e) {
            throw naming(e, source);
        }
        EvaluationReport result = measured.report();
        for (String note : notes) {
            result = result.withWarning(note);
        }
        if (selection.warning() != null) {
            result = result.withWarning(selection.warning());
        }
        result = result.withOptionsRendered(listener.optionNames());
        Map<Path, AtomicFile.Content> more = request.predictions() == null ? Map.of()
                : Map.of(request.predictions(), measured.predictions().npz());
        List<Path> plots = ReportWriter.writeWithPlots(result, report, more);
        return new Evaluated(result, measured.predictions(), report, plots, request.predictions());
    }

    /** A refusal about the network's stages (e.g. the simulator's overflow bound) names the network's file. */
    private static SpkerasException naming(SpkerasException e, String source) {
        String m = String.valueOf(e.template());
        return m.startsWith("stage '") ? new SpkerasException(source + ": " + m, e) : e;
    }
}
