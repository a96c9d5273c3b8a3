package org.spkeras.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The top-level command; it only dispatches to subcommands. */
@Command(name = "spkeras-java", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Converts trained Keras CNNs into spiking neural networks and reports how they perform.",
        subcommands = {InspectCommand.class, ImportCommand.class, EvaluateCommand.class, VerifyCommand.class,
                ExportCommand.class, CommandLine.HelpCommand.class},
        commandListHeading = "%nCommands:%n", footerHeading = "%nExamples:%n",
        footer = {"  spkeras-java import fmnist-vgg.h5 --evaluate bundled -T 4,8,16",
                "  spkeras-java help import"},
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {"0:success", "1:a check failed (verify) or an internal error", "2:bad input or usage"})
final class SpkerasCommand {
}
