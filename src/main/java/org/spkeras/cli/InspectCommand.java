package org.spkeras.cli;

import java.util.List;
import java.util.concurrent.Callable;
import org.spkeras.SpkerasException;
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
        description = "Shows the model as read: layers, output shapes, parameters, MACs, and how each layer converts with "
                + "the conversion flags given (the converter's own verdict); "
                + "for a .snn file, its stages, λ values and conversion options; for a .nir file, its nodes and edges.")
final class InspectCommand implements Callable<Integer> {
    @Mixin
    ModelOptions model;

    @Mixin
    ConversionFlags conversion;

    @Option(names = "--json", description = "Print JSON instead of a table.")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        if (model.model.getFileName().toString().endsWith(".nir")) {
            spec.commandLine().getOut().print(NirFile.describe(model.model));
            spec.commandLine().getOut().flush();
            return ExitCodes.OK;
        }
        if (model.model.getFileName().toString().endsWith(".snn")) {
            List<String> given = CommandPaths.matched(spec, CommandPaths.withModelReading(CommandPaths.CONVERSION_OPTIONS));
            if (!given.isEmpty()) {
                throw new SpkerasException(model.model + ": is already converted, so " + String.join(", ", given)
                        + (given.size() == 1 ? " has" : " have") + " no effect; drop " + (given.size() == 1 ? "it" : "them"));
            }
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
