package org.spkeras.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.spkeras.OptionText;
import org.spkeras.SpkerasException;
import org.spkeras.convert.ConversionOptions;
import org.spkeras.data.DataOptions;
import org.spkeras.io.OutputPaths;
import org.spkeras.keras.ModelFiles;
import org.spkeras.model.Network;
import org.spkeras.pipeline.ModelConversion;
import org.spkeras.pipeline.Sha256;
import org.spkeras.snn.SnnFile;
import org.spkeras.snn.SpikingNetwork;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "evaluate", aliases = "simulate", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Accuracy-vs-T sweep of a spiking network against its ANN: accuracy, agreement, SynOps, energy, "
                + "per-stage rates and correlations; JSON report and plots. MODEL is a Keras model (converted on the "
                + "fly with the conversion flags) or a .snn file (then --ann names its Keras model).")
final class EvaluateCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "MODEL|SNN", description = "Keras model (.h5/.keras) or converted network (.snn).")
    Path input;

    @Option(names = "--ann", paramLabel = "MODEL", description = "The Keras model of a .snn file (for ANN accuracy).")
    Path ann;

    @Mixin
    ModelReadFlags reading;

    @Option(names = "--data", required = true, paramLabel = "DATA", description = "Data set: a file or mnist, fashion-mnist, bundled.")
    String data;

    @Option(names = "--calibration", paramLabel = "DATA", description = "Calibration data when converting on the fly "
            + "(default: the training split of a named set, else --data).")
    String calibration;

    @Option(names = "-o", paramLabel = "report.json", description = "Same as --report.")
    Path output;

    @Mixin
    ConversionFlags conversion;

    @Mixin
    EvaluationFlags evaluation;

    @Mixin
    DataFlags dataFlags;

    @Option(names = "--ann-mismatch-ok", description = "Evaluate a .snn against a --ann model other than the one it "
            + "was converted from (refused by default: its SHA-256 differs); the report says so.")
    boolean annMismatchOk;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        evaluation.data = data;
        if (output != null) {
            evaluation.report = output;
        }
        boolean isSnn = input.getFileName().toString().endsWith(".snn");
        Path modelPath = isSnn ? ann : input;
        if (modelPath == null) {
            throw new SpkerasException(input.getFileName() + ": evaluating a .snn needs its Keras model for the ANN "
                    + "accuracy: pass --ann MODEL");
        }
        if (isSnn) {
            refuseConversionFlags();
        } else if (ann != null || annMismatchOk) {
            throw new SpkerasException(input + ": --ann" + (annMismatchOk ? "-mismatch-ok" : "") + " applies to a .snn "
                    + "input; a Keras model is its own ANN: drop it");
        }
        ConversionOptions given = isSnn ? null : conversion.toOptions();
        evaluation.settings();
        String cal = isSnn ? null : calibration != null ? calibration : ModelConversion.defaultCalibration(data);
        Path reportJson = evaluation.reportPath(Path.of("out"), ImportCommand.baseName(modelPath));
        Map<String, Path> inputs = new LinkedHashMap<>();
        inputs.put(isSnn ? "the .snn input" : "the model", input);
        inputs.put("the --ann model", ann);
        inputs.put("the --architecture file", reading.architecture);
        inputs.put("the --config file", conversion.config);
        inputs.put("the --data file", CommandPaths.dataFile(data));
        inputs.put("the calibration data", CommandPaths.dataFile(cal));
        Map<String, Path> outputs = new LinkedHashMap<>(CommandPaths.reportOutputs(reportJson));
        outputs.putAll(evaluation.extraOutputs());
        OutputPaths.check(inputs, outputs);

        Network network = ModelFiles.read(modelPath, reading.importOptions());
        ConversionOptions options = isSnn || conversion.normChosen() ? given
                : ModelConversion.clipWhereTrained(network, given, this::announce);
        List<String> notes = new ArrayList<>();
        DataOptions samples = evaluation.dataOptions(dataFlags);
        SpikingNetwork snn;
        if (isSnn) {
            snn = SnnFile.read(input);
            String mismatch = annMismatch(snn);
            if (mismatch != null) {
                notes.add(mismatch);
            }
        } else {
            DataOptions calibrated = ModelConversion.calibrationSamples(dataFlags.calibrationOptions(), options);
            samples = ModelConversion.evaluationSamples(data, dataFlags.toOptions(evaluation.limit), evaluation.range,
                    cal, calibrated);
            String overlap = ModelConversion.overlapNote(data, samples, cal, calibrated);
            if (overlap != null) {
                notes.add(overlap);
            }
            if (options.dependsOnSteps()) {
                return evaluation.runPerSteps(network, t -> convert(network, modelPath, options.atSteps(t), cal),
                        modelPath.getFileName().toString(), reportJson, samples, notes, spec.commandLine().getOut());
            }
            snn = convert(network, modelPath, options, cal);
        }
        return evaluation.run(network, snn, (isSnn ? input : modelPath).getFileName().toString(), reportJson, samples,
                notes, spec.commandLine().getOut());
    }

    private SpikingNetwork convert(Network network, Path modelPath, ConversionOptions options, String cal) {
        return ModelConversion.convert(network, modelPath, options, cal, dataFlags.calibrationOptions()).network();
    }

    private void announce(String message) {
        spec.commandLine().getErr().println(OptionText.render(message, ErrorHandler::flag));
        spec.commandLine().getErr().flush();
    }

    /** Conversion flags with a .snn would be silently ignored: the network is already converted. */
    private void refuseConversionFlags() {
        List<String> given = CommandPaths.matched(spec, CommandPaths.CONVERSION_OPTIONS);
        if (!given.isEmpty()) {
            throw new SpkerasException(input + ": is already converted, so " + String.join(", ", given)
                    + (given.size() == 1 ? " has" : " have") + " no effect; drop " + (given.size() == 1 ? "it" : "them")
                    + ", or evaluate the Keras model to convert it again with these options");
        }
    }

    /** A .snn records its source model's SHA-256; another --ann would compare two different models. */
    private String annMismatch(SpikingNetwork snn) {
        String recorded = snn.provenance().sourceSha256();
        String actual = Sha256.of(ann);
        if (recorded == null || recorded.equalsIgnoreCase(actual)) {
            return null;
        }
        String what = "--ann " + ann + " (SHA-256 " + actual.substring(0, 12) + "…) is not the model " + input
                + " was converted from (" + snn.provenance().sourceFile() + ", SHA-256 "
                + recorded.substring(0, Math.min(12, recorded.length())) + "…)";
        if (!annMismatchOk) {
            throw new SpkerasException(what + "; the ANN accuracy would be another model's: pass the source model, "
                    + "or --ann-mismatch-ok to compare them anyway");
        }
        return what + "; compared anyway (--ann-mismatch-ok)";
    }
}
