package org.spkeras.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.spkeras.OptionText;
import org.spkeras.SpkerasException;
import org.spkeras.convert.Conversion;
import org.spkeras.convert.ConversionOptions;
import org.spkeras.model.Network;
import org.spkeras.pipeline.ModelConversion;
import org.spkeras.report.ConversionSummary;
import org.spkeras.snn.SnnFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "import", mixinStandardHelpOptions = true,
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
        Network ann = model.read();
        ConversionOptions options = conversion.normChosen() ? conversion.toOptions()
                : ModelConversion.clipWhereTrained(ann, conversion.toOptions(), this::announce);
        Conversion result = ModelConversion.convert(ann, model.model, options, calibrationSpec(), dataFlags.toOptions(null));
        Path out = output != null ? output : Path.of("out", baseName(model.model) + ".snn");
        SnnFile.write(result.network(), out);
        spec.commandLine().getOut().print(ConversionSummary.text(result, out.toString()));
        spec.commandLine().getOut().flush();
        if (evaluation.data != null) {
            return evaluation.run(ann, result.network(), baseName(model.model), dataFlags, spec.commandLine().getOut(),
                    spec.commandLine().getErr());
        }
        return ExitCodes.OK;
    }

    private String calibrationSpec() {
        if (calibration != null) {
            return calibration;
        }
        if (evaluation.data == null) {
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
