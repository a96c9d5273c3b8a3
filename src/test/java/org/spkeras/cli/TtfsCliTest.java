package org.spkeras.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.spkeras.testing.CliRun.run;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spkeras.data.Npz;
import org.spkeras.testing.CliRun;

/** {@code --code ttfs} end to end on the bundled LeNet-5 and MNIST (few samples): import, inspect, evaluate, export. */
class TtfsCliTest {
    private static final String LENET = "keras-fixtures/real/lenet5_98.96.h5";

    @TempDir
    Path tmp;

    @Test
    void importEvaluateInspectAndExport() throws Exception {
        Path snn = tmp.resolve("lenet-ttfs.snn");
        Path report = tmp.resolve("r.json");
        Path predictions = tmp.resolve("p.npz");
        CliRun r = run("import", LENET, "-o", snn.toString(), "--code", "ttfs", "--calibration-samples", "200",
                "--evaluate", "mnist", "--limit", "30", "--time-resolution", "16,65536", "--report", report.toString(),
                "--predictions", predictions.toString(), "-q");
        r.ok();
        assertTrue(r.out().contains("TTFS neurons"), r.out());
        assertTrue(r.out().contains("first-spike max pool"), r.out());
        JsonObject json = JsonParser.parseString(Files.readString(report)).getAsJsonObject();
        assertEquals("queue", json.get("engine").getAsString());
        JsonArray steps = json.getAsJsonArray("steps");
        assertEquals(16, steps.get(0).getAsJsonObject().get("t").getAsInt());
        assertEquals(65536, steps.get(1).getAsJsonObject().get("t").getAsInt());
        JsonObject temporal = json.getAsJsonObject("temporal");
        assertEquals(2, temporal.getAsJsonArray("rows").size());
        assertTrue(temporal.get("synopsFloorPerImage").getAsDouble() > 0, temporal.toString());
        assertTrue(r.out().contains("time to first spike:"), r.out());
        // K = 65536 is the ANN up to 2^-16 per layer: every one of these images gets the ANN's class.
        var p = Npz.read(predictions);
        double[] ann = p.get("ann").values();
        double[] atLargest = p.get("snn").row(1);
        assertEquals(30, ann.length);
        assertArrayEquals(ann, atLargest, "K = 65536 predictions vs the ANN's");

        CliRun inspect = run("inspect", snn.toString());
        inspect.ok();
        assertTrue(inspect.out().contains("code=ttfs"), inspect.out());
        assertTrue(inspect.out().contains("TTFS neurons"), inspect.out());

        // The literal dense engine gives the queue engine's figures at K = 16 on the same samples.
        JsonObject[] byEngine = new JsonObject[2];
        String[] engines = {"queue", "dense"};
        for (int e = 0; e < 2; e++) {
            Path out = tmp.resolve(engines[e] + ".json");
            run("evaluate", snn.toString(), "--ann", LENET, "--data", "mnist", "--limit", "30", "--engine", engines[e],
                    "--time-resolution", "16", "--report", out.toString(), "-q").ok();
            byEngine[e] = JsonParser.parseString(Files.readString(out)).getAsJsonObject();
        }
        assertEquals(byEngine[0].get("steps"), byEngine[1].get("steps"));
        assertEquals(byEngine[0].get("layers"), byEngine[1].get("layers"));

        run("export", snn.toString(), "--format", "nir", "-o", tmp.resolve("x.nir").toString())
                .refused("time-to-first-spike", "NIR has no TTFS neuron");
        run("evaluate", snn.toString(), "--ann", LENET, "--data", "mnist", "--limit", "5", "-T", "8")
                .refused("--time-resolution");
        run("evaluate", snn.toString(), "--ann", LENET, "--data", "mnist", "--limit", "5", "--engine", "event")
                .refused("--engine queue");
    }

    @Test
    void rateOptionsAndFlagsOfTheOtherCodeAreRefused() {
        run("import", LENET, "--code", "ttfs", "--theta", "0.5", "--neuron", "burst:2", "--calibration", "mnist")
                .refused("--theta", "--neuron", "--code rate");
        run("evaluate", LENET, "--data", "mnist", "--code", "ttfs", "-T", "8").refused("--time-resolution");
        run("evaluate", LENET, "--data", "mnist", "--code", "ttfs", "--engine", "closedform").refused("--engine queue");
        run("evaluate", LENET, "--data", "mnist", "--time-resolution", "16").refused("--code ttfs");
        run("evaluate", LENET, "--data", "mnist", "--engine", "queue").refused("--code ttfs");
        run("evaluate", LENET, "--data", "mnist", "--code", "ttfs", "--time-resolution", "0").refused("time-resolution");
        run("evaluate", LENET, "--data", "mnist", "--code", "ttfs", "--norm", "mmse").refused("mmse");
    }
}
