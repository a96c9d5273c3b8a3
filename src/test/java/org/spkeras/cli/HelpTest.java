package org.spkeras.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.spkeras.testing.CliRun.run;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;
import org.spkeras.testing.CliRun;

/** {@code --help} grouped with examples, the {@code help} command, and "did you mean" (issue 19; none on cd88cd1). */
class HelpTest {

    @Test
    void helpOfImportListsTheOptionsUnderInputConversionSimulationOutputWithExamples() {
        CliRun r = run("help", "import");
        assertEquals(0, r.exitCode(), r.err());
        String out = r.out();
        int input = out.indexOf("\nInput:\n");
        int conversion = out.indexOf("\nConversion:\n");
        int simulation = out.indexOf("\nSimulation:\n");
        int output = out.indexOf("\nOutput:\n");
        assertTrue(0 < input && input < conversion && conversion < simulation && simulation < output, out);
        assertTrue(out.indexOf("--architecture") > input && out.indexOf("--architecture") < conversion, out);
        assertTrue(out.indexOf("--norm=") > conversion && out.indexOf("--norm=") < simulation, out);
        assertTrue(out.indexOf("--engine=") > simulation && out.indexOf("--engine=") < output, out);
        assertTrue(out.indexOf("--report=") > output, out);
        assertTrue(out.contains("Examples:\n  spkeras-java import "), out);
        assertTrue(out.startsWith("Usage: spkeras-java import [OPTIONS] MODEL"), out);
    }

    @Test
    void helpWithoutACommandListsTheCommands() {
        CliRun r = run("help");
        assertEquals(0, r.exitCode(), r.err());
        for (String command : new String[] {"inspect", "import", "evaluate", "verify", "export", "help"}) {
            assertTrue(r.out().contains("\n  " + command), command + " in " + r.out());
        }
    }

    /** Every option of every command has a section, so none is listed apart or escapes the no-effect rules. */
    @Test
    void everyOptionHasASection() {
        List<String> without = new ArrayList<>();
        CommandLine cl = Main.commandLine();
        for (CommandLine sub : cl.getSubcommands().values()) {
            if (sub.getCommandName().equals("help")) {
                continue;
            }
            for (OptionSpec o : sub.getCommandSpec().options()) {
                if (Section.of(o) == null && !o.usageHelp() && !o.versionHelp()) {
                    without.add(sub.getCommandName() + " " + o.longestName());
                }
            }
            assertNotNull(sub.getCommandSpec().usageMessage().footer().length > 0 ? "" : null,
                    sub.getCommandName() + " has an example");
        }
        assertEquals(List.of(), without);
    }

    @Test
    void unknownOptionsAndCommandsGetTheNearestName() {
        usageError(run("import", "model.h5", "--evalute", "mnist"), "Unknown option", "did you mean --evaluate?");
        usageError(run("evaluate", "model.h5", "--data", "mnist", "--engin", "dense"), "did you mean --engine?");
        usageError(run("imprt", "model.h5"), "did you mean import?");
    }

    private static void usageError(CliRun r, String... fragments) {
        assertEquals(2, r.exitCode(), r.err());
        for (String f : fragments) {
            assertTrue(r.err().contains(f), f + " in " + r.err());
        }
    }
}
