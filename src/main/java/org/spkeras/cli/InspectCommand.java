package org.spkeras.cli;

import java.util.EnumSet;
import java.util.concurrent.Callable;
import org.spkeras.export.NirFile;
import org.spkeras.report.ConversionSummary;
import org.spkeras.report.ModelSummary;
import org.spkeras.snn.SnnFile;
import org.spkeras.snn.SpikingNetwork;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "inspect", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        footerHeading = "%nExamples:%n", footer = {
                "  spkeras-java inspect model.h5 --neuron if --maxpool gate",
                "  spkeras-java inspect out/model.snn --json"},
        description = "Shows the model as read: layers, output shapes, parameters, MACs, and how each layer converts with "
                + "the conversion flags given (the converter's own verdict); "
                + "for a .snn file, its stages, λ values and conversion options; for a .nir file, its nodes and edges.")
final class InspectCommand implements Callable<Integer> {
    @Mixin
    ModelOptions model;

    @Mixin
    ConversionFlags conversion;

    @Section.In(Section.OUTPUT)
    @Option(names = "--json", description = "Print JSON instead of a table.")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        if (model.model.getFileName().toString().endsWith(".nir")) {
            Section.refuseGiven(spec, EnumSet.of(Section.MODEL, Section.CONVERSION, Section.OUTPUT), model.model
                    + ": is a NIR graph, described as text only, so ", "", "");
            spec.commandLine().getOut().print(NirFile.describe(model.model));
            spec.commandLine().getOut().flush();
            return ExitCodes.OK;
        }
        if (model.model.getFileName().toString().endsWith(".snn")) {
            Section.refuseGiven(spec, EnumSet.of(Section.MODEL, Section.CONVERSION), model.model
                    + ": is already converted, so ", "", "");
            String name = model.model.getFileName().toString();
            SpikingNetwork net = SnnFile.read(model.model);
            spec.commandLine().getOut().print(json ? ConversionSummary.json(net, name) + System.lineSeparator()
                    : ConversionSummary.text(net, name));
            spec.commandLine().getOut().flush();
            return ExitCodes.OK;
        }
        ModelSummary summary = ModelSummary.of(model.read(), conversion.toOptions(), ErrorHandler::flag);
        spec.commandLine().getOut().print(json ? summary.toJson() + System.lineSeparator() : summary.toText());
        spec.commandLine().getOut().flush();
        return ExitCodes.OK;
    }
}
