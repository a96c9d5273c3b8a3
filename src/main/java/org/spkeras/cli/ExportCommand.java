package org.spkeras.cli;

import java.nio.file.Path;
import java.util.EnumSet;
import java.util.concurrent.Callable;
import org.spkeras.OptionText;
import org.spkeras.SpkerasException;
import org.spkeras.export.NirFile;
import org.spkeras.pipeline.ConversionRequest;
import org.spkeras.pipeline.EvaluationRequest;
import org.spkeras.pipeline.ExportJob;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "export", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        footerHeading = "%nExamples:%n", footer = {
                "  spkeras-java export out/model.snn -o out/model.nir",
                "  spkeras-java export model.h5 --calibration mnist --neuron if --maxpool avg",
                "  spkeras-java export model.h5 --evaluate mnist -T 8,32 --neuron if --maxpool avg"},
        description = "Writes a converted network for other simulators and neuromorphic hardware: NIR (docs/nir.md). "
                + "SNN is a .snn file; a Keras MODEL is converted first with the conversion flags (NIR needs "
                + "--neuron if and --maxpool avg).")
final class ExportCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "MODEL|SNN", description = "Converted network (.snn) or Keras model (any "
            + "format import reads: .h5, .keras, SavedModel folder, TF checkpoint...).")
    Path input;

    @Section.In(Section.OUTPUT)
    @Option(names = "--format", paramLabel = "nir", description = "Output format (default: nir, the only one).")
    String format = "nir";

    @Section.In(Section.OUTPUT)
    @Option(names = {"-o", "--output"}, paramLabel = "OUT.nir", description = "Where to write (default: out/<name>.nir).")
    Path output;

    @Section.In(Section.CONVERSION)
    @Option(names = "--calibration", paramLabel = "DATA", description = "Data λ is measured on when converting a MODEL "
            + "(default: the training split of --evaluate's named set, else the --evaluate data).")
    String calibration;

    @Section.In(Section.SAMPLES)
    @Option(names = "--evaluate", paramLabel = "DATA", description = "After converting a MODEL, measure the exported "
            + "network against the ANN on DATA (see the evaluate command for the flags that go with it).")
    String evaluate;

    @Mixin
    EvaluationFlags evaluation;

    @Mixin
    ModelReadFlags reading;

    @Mixin
    ConversionFlags conversion;

    @Mixin
    DataFlags dataFlags;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        boolean isSnn = input.getFileName().toString().endsWith(".snn");
        if (evaluate == null) {
            Section.refuseGiven(spec, EnumSet.of(Section.SAMPLES, Section.SIMULATION, Section.REPORT), "",
                    " without --evaluate DATA", ", or add --evaluate DATA");
        } else if (isSnn) {
            throw new SpkerasException("--evaluate measures the conversion of a MODEL; a .snn file is measured with "
                    + "`evaluate " + input.getFileName() + " --ann MODEL --data " + evaluate + "`");
        }
        if (isSnn) {
            Section.refuseGiven(spec, EnumSet.of(Section.MODEL, Section.DATA, Section.CONVERSION), input
                    + ": is already converted, so ", "", ", or export the Keras model to convert it with these options");
        }
        ConversionRequest model = isSnn ? null : new ConversionRequest(input, reading.importOptions(),
                conversion.toOptions(), conversion.normChosen(), calibration, dataFlags.calibrationOptions());
        EvaluationRequest measured = evaluate == null ? null : evaluation.request(evaluate, dataFlags);
        ExportJob.Result result = ExportJob.run(new ExportJob.Request(isSnn ? input : null, model, format, output,
                conversion.configFile(), measured), new ConsoleListener(spec, evaluation.quiet));
        spec.commandLine().getOut().printf("wrote %s: NIR %s, %d nodes, %d edges (docs/nir.md says what a consumer "
                + "must honour)%n", result.written(), NirFile.NIR_VERSION, result.graph().nodes().size(),
                result.graph().edges().size());
        for (String warning : result.warnings()) {
            spec.commandLine().getErr().println("warning: " + OptionText.render(warning, ErrorHandler::flag));
        }
        spec.commandLine().getErr().flush();
        if (result.evaluated() != null) {
            spec.commandLine().getOut().println("the exported network against the ANN:");
            EvaluationFlags.print(result.evaluated(), spec.commandLine().getOut());
        }
        spec.commandLine().getOut().flush();
        return ExitCodes.OK;
    }
}
