package org.spkeras.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.spkeras.OptionText;
import org.spkeras.SpkerasException;
import org.spkeras.convert.Conversion;
import org.spkeras.convert.ConversionOptions;
import org.spkeras.convert.Convertibility;
import org.spkeras.data.DataOptions;
import org.spkeras.io.OutputPaths;
import org.spkeras.model.Network;
import org.spkeras.pipeline.ModelConversion;
import org.spkeras.report.ConversionSummary;
import org.spkeras.snn.SnnFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "import", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Imports a Keras model, converts it to a spiking network with the chosen methods and "
                + "writes it as a .snn file; optionally evaluates it.")
final class ImportCommand implements Callable<Integer> {
    @Mixin
    ModelOptions model;

    @Mixin
    ConversionFlags conversion;

    @Option(names = {"-o", "--output"}, paramLabel = "OUT.snn", description = "Where to write the spiking network "
            + "(default: out/<model name>.snn).")
    Path output;

    @Option(names = "--calibration", paramLabel = "DATA", description = "Data λ is measured on (default: the "
            + "training split of --evaluate's named set, else the --evaluate data).")
    String calibration;

    @Option(names = "--evaluate", paramLabel = "DATA", description = "After converting, evaluate on DATA (see the "
            + "evaluate command for the flags that go with it).")
    String evaluate;

    @Mixin
    EvaluationFlags evaluation;

    @Mixin
    DataFlags dataFlags;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        evaluation.data = evaluate;
        if (evaluate == null) {
            refuseWithoutEffect();
        }
        ConversionOptions given = conversion.toOptions();
        if (evaluate != null) {
            evaluation.settings();
        }
        String calibrationData = calibrationSpec();
        Path out = output != null ? output : Path.of("out", baseName(model.model) + ".snn");
        Path reportJson = evaluation.reportPath(out.toAbsolutePath().getParent(), baseName(out));
        Map<String, Path> inputs = new LinkedHashMap<>();
        inputs.put("the model", model.model);
        inputs.put("the --architecture file", model.architecture);
        inputs.put("the --config file", conversion.config);
        inputs.put("the calibration data", CommandPaths.dataFile(calibrationData));
        inputs.put("the --evaluate data", CommandPaths.dataFile(evaluate));
        Map<String, Path> outputs = new LinkedHashMap<>();
        outputs.put("the output (-o)", out);
        if (evaluate != null) {
            outputs.putAll(CommandPaths.reportOutputs(reportJson));
            outputs.putAll(evaluation.extraOutputs());
        }
        OutputPaths.check(inputs, outputs);

        Network ann = model.read();
        ConversionOptions options = conversion.normChosen() ? given
                : ModelConversion.clipWhereTrained(ann, given, this::announce);
        Conversion result = ModelConversion.convert(ann, model.model, options, calibrationData,
                dataFlags.calibrationOptions());
        SnnFile.write(result.network(), out);
        spec.commandLine().getOut().print(ConversionSummary.text(result, out.toString()));
        spec.commandLine().getOut().flush();
        if (evaluation.data != null) {
            DataOptions calibrated = ModelConversion.calibrationSamples(dataFlags.calibrationOptions(), options);
            DataOptions samples = ModelConversion.evaluationSamples(evaluate, dataFlags.toOptions(evaluation.limit),
                    evaluation.range, calibrationData, calibrated);
            String overlap = ModelConversion.overlapNote(evaluate, samples, calibrationData, calibrated);
            return evaluation.run(ann, result.network(), out.getFileName().toString(), reportJson, samples,
                    overlap == null ? List.of() : List.of(overlap), spec.commandLine().getOut());
        }
        return ExitCodes.OK;
    }

    /** Evaluation options without --evaluate would be silently ignored: refused, naming them. */
    private void refuseWithoutEffect() {
        List<String> given = CommandPaths.matched(spec, EvaluationFlags.NAMES);
        if (!given.isEmpty()) {
            throw new SpkerasException(String.join(", ", given) + (given.size() == 1 ? " has" : " have") + " no effect "
                    + "without --evaluate DATA: add --evaluate DATA, or drop " + (given.size() == 1 ? "it" : "them"));
        }
    }

    private String calibrationSpec() {
        if (calibration != null) {
            return calibration;
        }
        if (evaluation.data == null) {
            // A model that cannot convert says so first: calibration data would not help it.
            Convertibility.requireConvertible(model.read(), conversion.toOptions());
            throw new SpkerasException("import needs calibration data to measure λ: pass --calibration DATA (e.g. "
                    + "--calibration mnist), or --evaluate DATA");
        }
        return ModelConversion.defaultCalibration(evaluation.data);
    }

    static String baseName(Path model) {
        String name = model.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }

    private void announce(String message) {
        spec.commandLine().getErr().println(OptionText.render(message, ErrorHandler::flag));
        spec.commandLine().getErr().flush();
    }
}
