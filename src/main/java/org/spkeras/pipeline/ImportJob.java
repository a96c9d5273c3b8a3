package org.spkeras.pipeline;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.spkeras.SpkerasException;
import org.spkeras.convert.Conversion;
import org.spkeras.convert.ConversionOptions;
import org.spkeras.convert.Convertibility;
import org.spkeras.keras.ModelFiles;
import org.spkeras.model.Network;
import org.spkeras.snn.SnnFile;

/**
 * The {@code import} use case: read a Keras model, convert it, write the {@code .snn}, and evaluate it where asked.
 * Every file is checked against the others before any work; a model that does not convert is refused before data
 * is read.
 */
public final class ImportJob {
    private ImportJob() {}

    /**
     * @param model      the model and how to convert it
     * @param output     the {@code .snn} to write (null: {@code out/<model name>.snn})
     * @param evaluation what to evaluate the converted network on (null: no evaluation)
     * @param alsoRead   other files the caller read (e.g. a config file), which no output may be (null: none)
     */
    public record Request(ConversionRequest model, Path output, EvaluationRequest evaluation, Map<String, Path> alsoRead) {
        public Request(ConversionRequest model, Path output, EvaluationRequest evaluation) {
            this(model, output, evaluation, Map.of());
        }
    }

    /** The conversion, the file written, and the evaluation (null when none was asked for). */
    public record Result(Conversion conversion, Path written, Evaluated evaluated) {}

    public static Result run(Request request, JobListener listener) {
        ConversionRequest model = request.model();
        EvaluationRequest evaluation = request.evaluation();
        Path out = request.output() != null ? request.output() : Path.of("out", Jobs.baseName(model.model()) + ".snn");
        String calibration = model.calibrationData() != null ? model.calibrationData()
                : evaluation != null ? ModelConversion.defaultCalibration(evaluation.data()) : null;
        Path report = evaluation == null ? null
                : Jobs.reportPath(evaluation, out.toAbsolutePath().getParent(), Jobs.baseName(out));
        Jobs.Paths paths = new Jobs.Paths().model(model, "the model").input("the calibration data",
                Jobs.dataFile(calibration)).inputs(request.alsoRead()).output("the output", out);
        if (evaluation != null) {
            paths.evaluation(evaluation, "the {evaluate} data", report);
        }
        paths.check();

        Network ann = ModelFiles.read(model.model(), model.reading());
        if (calibration == null) {
            // A model that cannot convert says so first: calibration data would not help it.
            Convertibility.requireConvertible(ann, model.options());
            throw new SpkerasException("import needs calibration data to measure λ: pass {calibration} DATA (e.g. "
                    + "{calibration} mnist), or {evaluate} DATA");
        }
        ConversionOptions options = ModelConversion.options(ann, model, listener);
        Conversion converted = ModelConversion.convert(ann, model, options, calibration, listener);
        SnnFile.write(converted.network(), out);
        listener.converted(converted, out.toString());
        Evaluated evaluated = evaluation == null ? null : Jobs.evaluate(ann, converted.network(),
                (data, settings, progress) -> Evaluation.measureChecked(ann, converted.network(), data, settings, progress),
                evaluation, out.getFileName().toString(), report, List.of(), listener);
        return new Result(converted, out, evaluated);
    }
}
