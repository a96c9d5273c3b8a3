package org.spkeras.cli;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Help;
import picocli.CommandLine.Model.OptionSpec;

/**
 * {@code --help} lists a command's options under the headings of their {@link Section} (input, conversion,
 * simulation, verification, output), in the order they are declared, then --help and --version.
 */
final class HelpSections {
    private HelpSections() {}

    /** Installs the grouped option list on {@code cl} and every subcommand. */
    static void install(CommandLine cl) {
        cl.getCommandSpec().usageMessage().abbreviateSynopsis(true);
        cl.getHelpSectionMap().put(CommandLine.Model.UsageMessageSpec.SECTION_KEY_OPTION_LIST_HEADING, help -> "");
        cl.getHelpSectionMap().put(CommandLine.Model.UsageMessageSpec.SECTION_KEY_OPTION_LIST, HelpSections::options);
        cl.getSubcommands().values().forEach(HelpSections::install);
    }

    private static String options(Help help) {
        StringBuilder out = new StringBuilder();
        for (String heading : Section.HEADINGS) {
            section(help, out, heading + ":", o -> {
                Section s = Section.of(o);
                return s != null && s.heading.equals(heading);
            });
        }
        section(help, out, "Help:", o -> Section.of(o) == null);
        return out.toString();
    }

    private static void section(Help help, StringBuilder out, String heading, java.util.function.Predicate<OptionSpec> in) {
        List<OptionSpec> options = new ArrayList<>();
        for (OptionSpec o : help.commandSpec().options()) {
            if (!o.hidden() && in.test(o)) {
                options.add(o);
            }
        }
        if (!options.isEmpty()) {
            out.append(String.format("%n%s%n", heading));
            out.append(help.optionListExcludingGroups(options, help.createDefaultLayout(), null,
                    help.createDefaultParamLabelRenderer()));
        }
    }
}
