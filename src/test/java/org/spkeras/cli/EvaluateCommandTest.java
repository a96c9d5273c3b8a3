package org.spkeras.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The evaluate command end to end on the bundled LeNet and MNIST (few samples). */
class EvaluateCommandTest {
    @TempDir
    Path tmp;

    private static String[] run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = Main.commandLine();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute(args);
        return new String[] {Integer.toString(code), out.toString(), err.toString()};
    }

    @Test
    void writesReportAndPlotsAndTheReportMatchesTheTable() throws Exception {
        Path report = tmp.resolve("r.json");
        String[] r = run("evaluate", "keras-fixtures/real/lenet5_98.96.h5", "--data", "mnist", "--limit", "40",
                "-T", "8,32", "--calibration-samples", "100", "--report", report.toString());
        assertEquals("0", r[0], r[2]);
        JsonObject json = JsonParser.parseString(Files.readString(report)).getAsJsonObject();
        assertEquals(1, json.get("schemaVersion").getAsInt());
        assertEquals(40, json.get("samples").getAsInt());
        assertEquals(2, json.getAsJsonArray("steps").size());
        double ann = json.get("annAccuracy").getAsDouble();
        assertTrue(r[1].contains(String.format(java.util.Locale.ROOT, "ANN accuracy: %.2f %%", ann)), r[1]);
        for (String suffix : new String[] {"-accuracy.png", "-accuracy.svg", "-rates.png", "-rates.svg"}) {
            assertTrue(Files.size(tmp.resolve("r" + suffix)) > 1000, suffix);
        }
    }

    @Test
    void reportIsIdenticalWhateverTheThreadCount() throws Exception {
        String[] common = {"evaluate", "keras-fixtures/real/lenet5_98.96.h5", "--data", "mnist", "--limit", "70", "-T", "16",
                "--calibration-samples", "50", "--input", "bernoulli", "--seed", "7"};
        Path one = tmp.resolve("one.json");
        Path two = tmp.resolve("two.json");
        assertEquals("0", run(concat(common, "--threads", "1", "--report", one.toString()))[0]);
        assertEquals("0", run(concat(common, "--threads", "2", "--report", two.toString()))[0]);
        assertEquals(Files.readString(one), Files.readString(two));
    }

    @Test
    void closedFormEngineRuns() {
        String[] r = run("evaluate", "keras-fixtures/real/lenet5_98.96.h5", "--data", "mnist", "--limit", "20", "-T", "32",
                "--engine", "closedform", "--calibration-samples", "50", "--report", tmp.resolve("c.json").toString());
        assertEquals("0", r[0], r[2]);
        assertTrue(r[1].contains("engine: closedform"), r[1]);
    }

    private static String[] concat(String[] a, String... b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
