package org.spkeras.cli;

import java.nio.file.Path;
import java.util.EnumSet;
import java.util.concurrent.Callable;
import org.spkeras.export.NirFile;
import org.spkeras.pipeline.ConversionRequest;
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
                "  spkeras-java export model.h5 --calibration mnist --neuron if --maxpool avg"},
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
    @Option(names = "--calibration", paramLabel = "DATA", description = "Data λ is measured on when converting a MODEL.")
    String calibration;

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
        if (isSnn) {
            Section.refuseGiven(spec, EnumSet.of(Section.MODEL, Section.DATA, Section.CONVERSION), input
                    + ": is already converted, so ", "", ", or export the Keras model to convert it with these options");
        }
        ConversionRequest model = isSnn ? null : new ConversionRequest(input, reading.importOptions(),
                conversion.toOptions(), conversion.normChosen(), calibration, dataFlags.calibrationOptions());
        ExportJob.Result result = ExportJob.run(new ExportJob.Request(isSnn ? input : null, model, format, output,
                conversion.configFile()), new ConsoleListener(spec, false));
        spec.commandLine().getOut().printf("wrote %s: NIR %s, %d nodes, %d edges (docs/nir.md says what a consumer "
                + "must honour)%n", result.written(), NirFile.NIR_VERSION, result.graph().nodes().size(),
                result.graph().edges().size());
        spec.commandLine().getOut().flush();
        return ExitCodes.OK;
    }
}
