package org.spkeras.cli;

import java.nio.file.Path;
import java.util.EnumSet;
import java.util.concurrent.Callable;
import org.spkeras.pipeline.ConversionRequest;
import org.spkeras.pipeline.EvaluationRequest;
import org.spkeras.pipeline.ImportJob;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "import", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        footerHeading = "%nExamples:%n", footer = {
                "  spkeras-java import fmnist-vgg.h5 --evaluate bundled -T 4,8,16",
                "  spkeras-java import model.h5 --calibration mnist --neuron if -o out/model.snn"},
        description = "Imports a Keras model, converts it to a spiking network with the chosen methods and "
                + "writes it as a .snn file; optionally evaluates it.")
final class ImportCommand implements Callable<Integer> {
    @Mixin
    ModelOptions model;

    @Mixin
    ConversionFlags conversion;

    @Section.In(Section.OUTPUT)
    @Option(names = {"-o", "--output"}, paramLabel = "OUT.snn", description = "Where to write the spiking network "
            + "(default: out/<model name>.snn).")
    Path output;

    @Section.In(Section.CONVERSION)
    @Option(names = "--calibration", paramLabel = "DATA", description = "Data λ is measured on (default: the "
            + "training split of --evaluate's named set, else the --evaluate data).")
    String calibration;

    @Section.In(Section.SAMPLES)
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
        if (evaluate == null) {
            Section.refuseGiven(spec, EnumSet.of(Section.SAMPLES, Section.SIMULATION, Section.REPORT), "",
                    " without --evaluate DATA", ", or add --evaluate DATA");
        }
        ConversionRequest request = new ConversionRequest(model.model, model.importOptions(), conversion.toOptions(),
                conversion.normChosen(), calibration, dataFlags.calibrationOptions());
        EvaluationRequest evaluated = evaluate == null ? null : evaluation.request(evaluate, dataFlags);
        ImportJob.Result result = ImportJob.run(new ImportJob.Request(request, output, evaluated,
                conversion.configFile()), new ConsoleListener(spec, evaluation.quiet));
        if (result.evaluated() != null) {
            EvaluationFlags.print(result.evaluated(), spec.commandLine().getOut());
        }
        return ExitCodes.OK;
    }
}
