package org.spkeras.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.spkeras.testing.CliRun.run;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spkeras.data.NdArray;
import org.spkeras.data.Npz;
import org.spkeras.snn.SnnFile;
import org.spkeras.snn.SpikingNetwork;
import org.spkeras.snn.Stage;
import org.spkeras.snn.Synapses;
import org.spkeras.testing.CliRun;
import org.spkeras.testing.NpzWriter;

/** The evaluate command end to end on the bundled LeNet and MNIST (few samples). */
class EvaluateCommandTest {
    @TempDir
    Path tmp;

    @Test
    void writesReportAndPlotsAndTheReportMatchesTheTable() throws Exception {
        Path report = tmp.resolve("r.json");
        CliRun r = run("evaluate", "keras-fixtures/real/lenet5_98.96.h5", "--data", "mnist", "--limit", "40",
                "-T", "8,32", "--calibration-samples", "100", "--report", report.toString());
        assertEquals(0, r.exitCode(), r.err());
        JsonObject json = JsonParser.parseString(Files.readString(report)).getAsJsonObject();
        assertEquals(1, json.get("schemaVersion").getAsInt());
        assertEquals(40, json.get("samples").getAsInt());
        assertEquals(2, json.getAsJsonArray("steps").size());
        double ann = json.get("annAccuracy").getAsDouble();
        assertTrue(r.out().contains(String.format(java.util.Locale.ROOT, "ANN accuracy: %.2f %%", ann)), r.out());
        for (String suffix : new String[] {"-accuracy.png", "-accuracy.svg", "-rates.png", "-rates.svg"}) {
            assertTrue(Files.size(tmp.resolve("r" + suffix)) > 1000, suffix);
        }
    }

    /**
     * The data flags: an .npz with other key names holding 0–255 NCHW floats (the first 120 bundled MNIST images
     * × 255) evaluates exactly as the same images pre-scaled under the recognised names.
     */
    @Test
    void dataFlagsReadOtherKeysLayoutAndScale() throws Exception {
        int n = 120;
        NdArray x = Npz.read(Path.of("keras-fixtures/data/mnist/x_norm.npz")).get("arr_0");
        NdArray y = Npz.read(Path.of("keras-fixtures/data/mnist/y_test.npz")).get("arr_0");
        int size = x.rowSize();
        float[] pixels = new float[n * size];
        float[] scaled = new float[n * size];
        float scale = (float) (1 / 255.0);
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = Math.round(x.values()[i] * 255);
            scaled[i] = pixels[i] * scale;
        }
        float[] labels = new float[n * 10];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = (float) y.values()[i];
        }
        int[] xShape = {n, 1, 28, 28};
        NpzWriter.Array y10 = new NpzWriter.Array(new int[] {n, 10}, labels);
        Path raw = NpzWriter.write(tmp.resolve("X.npz"), Map.of("images", new NpzWriter.Array(xShape, pixels), "labels", y10));
        Path plain = NpzWriter.write(tmp.resolve("plain.npz"), Map.of("x", new NpzWriter.Array(xShape, scaled), "y", y10));
        String[] common = {"evaluate", "keras-fixtures/real/lenet5_98.96.h5", "-T", "8", "--spike-calibration-samples", "20"};
        Path flagged = tmp.resolve("flagged.json");
        Path reference = tmp.resolve("reference.json");
        CliRun r = run(concat(common, "--data", raw.toString(), "--x-key", "images", "--y-key", "labels", "--layout", "nchw",
                "--scale", "1/255", "--report", flagged.toString()));
        assertEquals(0, r.exitCode(), r.err());
        assertEquals(0, run(concat(common, "--data", plain.toString(), "--report", reference.toString())).exitCode());
        JsonObject a = JsonParser.parseString(Files.readString(flagged)).getAsJsonObject();
        JsonObject b = JsonParser.parseString(Files.readString(reference)).getAsJsonObject();
        assertEquals(n, a.get("samples").getAsInt());
        assertTrue(a.get("data").getAsString().contains("images"), a.get("data").getAsString());
        assertTrue(a.get("data").getAsString().contains("NCHW (as set)"), a.get("data").getAsString());
        assertEquals(b.get("annAccuracy"), a.get("annAccuracy"));
        assertTrue(b.get("annAccuracy").getAsDouble() > 90, "the images were read as images");
        assertEquals(b.get("steps"), a.get("steps"));
    }

    @Test
    void reportIsIdenticalWhateverTheThreadCount() throws Exception {
        String[] common = {"evaluate", "keras-fixtures/real/lenet5_98.96.h5", "--data", "mnist", "--limit", "70", "-T", "16",
                "--calibration-samples", "50", "--input", "bernoulli", "--seed", "7"};
        Path one = tmp.resolve("one.json");
        Path two = tmp.resolve("two.json");
        assertEquals(0, run(concat(common, "--threads", "1", "--report", one.toString())).exitCode());
        assertEquals(0, run(concat(common, "--threads", "2", "--report", two.toString())).exitCode());
        assertEquals(Files.readString(one), Files.readString(two));
    }

    @Test
    void closedFormEngineRunsAndReportsNoLatency() throws Exception {
        CliRun r = run("evaluate", "keras-fixtures/real/lenet5_98.96.h5", "--data", "mnist", "--limit", "20", "-T", "32",
                "--engine", "closedform", "--calibration-samples", "50", "--report", tmp.resolve("c.json").toString());
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().contains("engine: closedform"), r.out());
        JsonObject json = JsonParser.parseString(Files.readString(tmp.resolve("c.json"))).getAsJsonObject();
        assertTrue(json.get("meanLatency").isJsonNull(), json.toString());
        assertTrue(json.get("latencyNote").getAsString().contains("no time course"), json.toString());
    }

    /** {@code --shift auto}: each T's row is exactly what a run with S = T at that T alone reports. */
    @Test
    void shiftAutoConvertsOncePerEvaluatedT() throws Exception {
        String[] common = {"evaluate", "keras-fixtures/real/lenet5_98.96.h5", "--data", "mnist", "--limit", "24",
            "--calibration-samples", "50", "--calibrate", "none", "--threads", "1", "--theta", "0"};
        assertEquals(0, run(concat(common, "-T", "4,16", "--shift", "auto", "--report", tmp.resolve("auto.json").toString())).exitCode());
        JsonObject auto = JsonParser.parseString(Files.readString(tmp.resolve("auto.json"))).getAsJsonObject();
        assertTrue(auto.getAsJsonArray("warnings").get(0).getAsString().contains("converted and calibrated separately"));
        assertTrue(auto.get("meanLatency").isJsonNull());
        int[] steps = {4, 16};
        for (int k = 0; k < steps.length; k++) {
            Path single = tmp.resolve("s" + steps[k] + ".json");
            assertEquals(0, run(concat(common, "-T", Integer.toString(steps[k]), "--shift", Integer.toString(steps[k]),
                    "--report", single.toString())).exitCode());
            JsonObject one = JsonParser.parseString(Files.readString(single)).getAsJsonObject();
            assertEquals(one.getAsJsonArray("steps").get(0), auto.getAsJsonArray("steps").get(k), "T = " + steps[k]);
        }
    }

    @Test
    void aNetworkWhosePotentialsCouldOverflowIsRefusedWithExitCode2() throws Exception {
        Path snnFile = tmp.resolve("lenet.snn");
        assertEquals(0, run("import", "keras-fixtures/real/lenet5_98.96.h5", "--calibration", "mnist",
                "--calibration-samples", "20", "--calibrate", "none", "-o", snnFile.toString()).exitCode());
        SpikingNetwork snn = SnnFile.read(snnFile);
        List<Stage> stages = new ArrayList<>(snn.stages());
        Stage.Neurons first = (Stage.Neurons) stages.get(0);
        Synapses in = first.inputs().get(0);
        long[] huge = new long[in.weights().length];
        for (int i = 0; i < huge.length; i++) {
            huge[i] = i % 2 == 0 ? 1L << 62 : -(1L << 62);
        }
        stages.set(0, new Stage.Neurons(first.name(), first.shape(),
                List.of(new Synapses(in.source(), in.segmentStart(), in.target(), in.length(), in.weightOffset(), huge)),
                first.bias(), first.shift(), first.threshold(), first.initialPotential(), first.model()));
        Path edited = tmp.resolve("edited.snn");
        SnnFile.write(new SpikingNetwork(snn.input(), stages, snn.provenance()), edited);
        CliRun r = run("evaluate", edited.toString(), "--ann", "keras-fixtures/real/lenet5_98.96.h5", "--data", "mnist",
                "--limit", "5", "-T", "8",
                "--report", tmp.resolve("e.json").toString());
        assertEquals(2, r.exitCode(), r.err());
        assertTrue(r.err().contains("stage '" + first.name() + "'") && r.err().contains("bounded by"), r.err());
        assertTrue(!r.err().contains("Exception"), r.err());
    }

    private static String[] concat(String[] a, String... b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
