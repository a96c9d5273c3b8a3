package org.spkeras.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.spkeras.cli.Main;
import picocli.CommandLine;

/** One in-process run of the command line, as a user would type it: its exit code, stdout and stderr. */
public record CliRun(int exitCode, String out, String err) {
    public static CliRun run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = Main.commandLine();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute(args);
        return new CliRun(code, out.toString(), err.toString());
    }

    /** Refused as bad input: exit code 2 and one line {@code error: …} on stderr holding every fragment. */
    public void refused(String... fragments) {
        assertEquals(2, exitCode, err + out);
        assertEquals(1, err.strip().lines().count(), err);
        assertTrue(err.startsWith("error: "), err);
        for (String f : fragments) {
            assertTrue(err.contains(f), "expected '" + f + "' in: " + err);
        }
    }

    public void ok() {
        assertEquals(0, exitCode, err);
    }
}
