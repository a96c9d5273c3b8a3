package org.spkeras.pipeline;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.spkeras.SpkerasException;
import org.spkeras.convert.Conversion;
import org.spkeras.convert.ConversionOptions;
import org.spkeras.export.NirExporter;
import org.spkeras.export.NirFile;
import org.spkeras.export.NirGraph;
import org.spkeras.keras.ModelFiles;
import org.spkeras.model.Network;
import org.spkeras.snn.SnnFile;
import org.spkeras.snn.SpikingNetwork;

/** The {@code export} use case: a {@code .snn}, or a Keras model converted first as {@link ImportJob} does, as NIR. */
public final class ExportJob {
    private ExportJob() {}

    /** The formats this build writes. */
    public static final String NIR = "nir";

    /**
     * @param snn      the {@code .snn} to export, or null to convert {@code model}
     * @param model    the Keras model to convert when {@code snn} is null (else null)
     * @param format   the output format ({@link #NIR})
     * @param output   where to write (null: {@code out/<name>.nir})
     * @param alsoRead other files the caller read (e.g. a config file), which the output may not be (null: none)
     * @param evaluation what to measure the exported network against the ANN on (null: nothing; a model only)
     */
    public record Request(Path snn, ConversionRequest model, String format, Path output, Map<String, Path> alsoRead,
                          EvaluationRequest evaluation) {
        public Request(Path snn, ConversionRequest model, String format, Path output, Map<String, Path> alsoRead) {
            this(snn, model, format, output, alsoRead, null);
        }
    }

    /**
     * The graph written and where; the warnings (options named {@code {name}}) when the exported network
     * approximates the model; the measurement against the ANN (null when none was asked for).
     */
    public record Result(NirGraph graph, Path written, List<String> warnings, Evaluated evaluated) {}

    public static Result run(Request request, JobListener listener) {
        if (!NIR.equals(request.format())) {
            throw new SpkerasException("{format} " + request.format() + ": unknown export format; this build writes: "
                    + NIR);
        }
        ConversionRequest model = request.model();
        EvaluationRequest evaluation = request.evaluation();
        Path input = request.snn() != null ? request.snn() : model.model();
        if (request.snn() != null && evaluation != null) {
            throw new SpkerasException("{evaluate} measures the conversion of a MODEL; a .snn file is measured by "
                    + "evaluating it against its model (evaluate NET.snn, --ann MODEL)");
        }
        Path out = request.output() != null ? request.output() : Path.of("out", Jobs.baseName(input) + ".nir");
        String calibration = model == null ? null : model.calibrationData() != null ? model.calibrationData()
                : evaluation != null ? ModelConversion.defaultCalibration(evaluation.data()) : null;
        Path report = evaluation == null ? null
                : Jobs.reportPath(evaluation, out.toAbsolutePath().getParent(), Jobs.baseName(out));
        Jobs.Paths paths = new Jobs.Paths().input(request.snn() != null ? "the .snn input" : "the model", input)
                .inputs(request.alsoRead()).output("the output", out);
        if (request.snn() == null) {
            paths.input("the {architecture} file", model.reading().architecture())
                    .input("the calibration data", Jobs.dataFile(calibration));
        }
        if (evaluation != null) {
            paths.evaluation(evaluation, "the {evaluate} data", report);
        }
        paths.check();

        if (request.snn() != null) {
            SpikingNetwork snn = SnnFile.read(request.snn());
            NirGraph graph = export(snn, input, out);
            String warning = NirExport.approximationWarning(snn);
            return new Result(graph, out, warning == null ? List.of() : List.of(warning), null);
        }
        Network ann = ModelFiles.read(model.model(), model.reading());
        ConversionOptions options = ModelConversion.options(ann, model, listener);
        try {
            // Every NIR requirement before any work, every problem in one refusal.
            NirExport.requireExportable(ann, options);
        } catch (SpkerasException e) {
            throw new SpkerasException(input.getFileName() + ": " + e.template(), e);
        }
        if (calibration == null) {
            throw new SpkerasException("exporting a Keras model converts it first, which needs calibration data to "
                    + "measure λ: pass {calibration} DATA (e.g. {calibration} mnist) or {evaluate} DATA, or export "
                    + "a .snn file");
        }
        Conversion converted = ModelConversion.convert(ann, model, options, calibration, listener);
        listener.converted(converted, "the network exported (not written as .snn)");
        NirGraph graph = export(converted.network(), input, out);
        String warning = NirExport.approximationWarning(converted.approximations(), evaluation != null);
        List<String> warnings = warning == null ? List.of() : List.of(warning);
        Evaluated evaluated = evaluation == null ? null : Jobs.evaluate(ann, converted.network(),
                (data, settings, progress) -> Evaluation.measureChecked(ann, converted.network(), data, settings, progress),
                evaluation, out.getFileName().toString(), report, warnings, listener);
        return new Result(graph, out, warnings, evaluated);
    }

    private static NirGraph export(SpikingNetwork snn, Path input, Path out) {
        NirGraph graph;
        try {
            graph = NirExporter.export(snn);
        } catch (SpkerasException e) {
            throw new SpkerasException(input.getFileName() + ": " + e.template(), e);
        }
        NirFile.write(graph, out);
        return graph;
    }
}
