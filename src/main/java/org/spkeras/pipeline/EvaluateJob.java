package org.spkeras.pipeline;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.spkeras.SpkerasException;
import org.spkeras.convert.Conversion;
import org.spkeras.convert.ConversionOptions;
import org.spkeras.keras.ModelFiles;
import org.spkeras.model.Network;
import org.spkeras.snn.SnnFile;
import org.spkeras.snn.SpikingNetwork;

/**
 * The {@code evaluate} use case: a spiking network against its ANN over a data set, the report and plots written.
 * The network is a {@code .snn} file (the model is then only its ANN) or converted from the model on the fly, once,
 * or once per T where the options depend on T.
 */
public final class EvaluateJob {
    private EvaluateJob() {}

    /**
     * @param snn           the {@code .snn} to evaluate, or null to convert {@code model}
     * @param annMismatchOk evaluate a {@code .snn} against a model other than its source (refused by default)
     * @param model         the Keras model: the ANN, and what is converted when {@code snn} is null
     * @param evaluation    what to evaluate on, and where the report goes
     * @param alsoRead      other files the caller read (e.g. a config file), which no output may be (null: none)
     */
    public record Request(Path snn, boolean annMismatchOk, ConversionRequest model, EvaluationRequest evaluation,
                          Map<String, Path> alsoRead) {
        public Request(Path snn, ConversionRequest model, EvaluationRequest evaluation) {
            this(snn, false, model, evaluation, Map.of());
        }
    }

    public static Evaluated run(Request request, JobListener listener) {
        ConversionRequest model = request.model();
        EvaluationRequest evaluation = request.evaluation();
        Path snnFile = request.snn();
        String calibration = snnFile != null ? null : model.calibrationData() != null ? model.calibrationData()
                : ModelConversion.defaultCalibration(evaluation.data());
        Path report = Jobs.reportPath(evaluation, Path.of("out"), Jobs.baseName(model.model()));
        Jobs.Paths paths = new Jobs.Paths().input("the .snn input", snnFile)
                .model(model, snnFile != null ? "the {ann} model" : "the model")
                .input("the calibration data", Jobs.dataFile(calibration)).inputs(request.alsoRead());
        paths.evaluation(evaluation, "the {data} file", report).check();

        Network ann = ModelFiles.read(model.model(), model.reading());
        List<String> notes = new ArrayList<>();
        if (snnFile != null) {
            SpikingNetwork snn = SnnFile.read(snnFile);
            String mismatch = annMismatch(snnFile, snn, model.model(), request.annMismatchOk());
            if (mismatch != null) {
                notes.add(mismatch);
            }
            return Jobs.evaluate(ann, snn, (data, settings, progress) -> Evaluation.measureChecked(ann, snn, data,
                    settings, progress), evaluation, snnFile.getFileName().toString(), report, notes, listener);
        }
        ConversionOptions options = ModelConversion.options(ann, model, listener);
        String source = model.model().getFileName().toString();
        if (!options.dependsOnSteps()) {
            Conversion converted = ModelConversion.convert(ann, model, options, calibration, listener);
            listener.converted(converted, "the network evaluated (not written)");
            SpikingNetwork snn = converted.network();
            return Jobs.evaluate(ann, snn, (data, settings, progress) -> Evaluation.measureChecked(ann, snn, data,
                    settings, progress), evaluation, source, report, notes, listener);
        }
        // One network per T: the first is converted before the data is opened, so the samples can keep clear of its
        // calibration samples; the others when their T comes.
        Map<Integer, SpikingNetwork> networks = new HashMap<>();
        java.util.function.IntFunction<SpikingNetwork> convertAt = t -> networks.computeIfAbsent(t, steps -> {
            Conversion converted = ModelConversion.convert(ann, model, options.atSteps(steps), calibration, listener);
            listener.converted(converted, "the network evaluated at T = " + steps + " (not written)");
            return converted.network();
        });
        SpikingNetwork first = convertAt.apply(evaluation.settings().steps()[0]);
        return Jobs.evaluate(ann, first, (data, settings, progress) -> Evaluation.measurePerSteps(ann, convertAt, data,
                settings, progress), evaluation, source, report, notes, listener);
    }

    /** A .snn records its source model's SHA-256; another model would compare two different models. */
    private static String annMismatch(Path snnFile, SpikingNetwork snn, Path model, boolean mismatchOk) {
        String recorded = snn.provenance().sourceSha256();
        String actual = Sha256.of(model);
        if (recorded == null || recorded.equalsIgnoreCase(actual)) {
            return null;
        }
        String what = "{ann} " + model + " (SHA-256 " + actual.substring(0, 12) + "…) is not the model " + snnFile
                + " was converted from (" + snn.provenance().sourceFile() + ", SHA-256 "
                + recorded.substring(0, Math.min(12, recorded.length())) + "…)";
        if (!mismatchOk) {
            throw new SpkerasException(what + "; the ANN accuracy would be another model's: pass the source model, "
                    + "or {ann-mismatch-ok} to compare them anyway");
        }
        return what + "; compared anyway ({ann-mismatch-ok})";
    }
}
