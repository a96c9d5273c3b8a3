package org.spkeras.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.spkeras.OptionText;
import org.spkeras.SpkerasException;
import org.spkeras.convert.ConversionOptions;
import org.spkeras.keras.ModelFiles;
import org.spkeras.model.Network;
import org.spkeras.pipeline.ModelConversion;
import org.spkeras.snn.SnnFile;
import org.spkeras.snn.SpikingNetwork;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "evaluate", aliases = "simulate", mixinStandardHelpOptions = true,
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
        Network network = ModelFiles.read(modelPath, reading.importOptions());
        ConversionOptions options = conversion.normChosen() || isSnn ? conversion.toOptions()
                : ModelConversion.clipWhereTrained(network, conversion.toOptions(), this::announce);
        if (!isSnn && options.dependsOnSteps()) {
            return evaluation.runPerSteps(network, t -> convert(network, modelPath, options.atSteps(t)),
                    ImportCommand.baseName(modelPath), dataFlags, spec.commandLine().getOut(), spec.commandLine().getErr());
        }
        SpikingNetwork snn = isSnn ? SnnFile.read(input) : convert(network, modelPath, options);
        return evaluation.run(network, snn, ImportCommand.baseName(modelPath), dataFlags, spec.commandLine().getOut(),
                spec.commandLine().getErr());
    }

    private SpikingNetwork convert(Network network, Path modelPath, ConversionOptions options) {
        String cal = calibration != null ? calibration : ModelConversion.defaultCalibration(data);
        return ModelConversion.convert(network, modelPath, options, cal, dataFlags.toOptions(null)).network();
    }

    private void announce(String message) {
        spec.commandLine().getErr().println(OptionText.render(message, ErrorHandler::flag));
        spec.commandLine().getErr().flush();
    }
}
