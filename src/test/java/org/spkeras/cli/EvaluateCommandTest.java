package org.spkeras.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
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

    /** The report's accuracies and agreement, recomputed exactly from the predictions file. */
    private static void assertPredictionsGiveTheReport(Path npz, Path report, int[] indices) throws Exception {
        Map<String, NdArray> p = Npz.read(npz);
        JsonObject json = JsonParser.parseString(Files.readString(report)).getAsJsonObject();
        double[] labels = p.get("labels").values();
        double[] ann = p.get("ann").values();
        int n = labels.length;
        assertEquals(json.get("samples").getAsInt(), n);
        assertArrayEquals(java.util.Arrays.stream(indices).asDoubleStream().toArray(), p.get("indices").values());
        assertEquals(json.get("annAccuracy").getAsDouble(), 100.0 * matches(labels, ann, 0, n) / n);
        var steps = json.getAsJsonArray("steps");
        assertArrayEquals(new int[] {steps.size(), n}, p.get("snn").shape());
        for (int k = 0; k < steps.size(); k++) {
            JsonObject row = steps.get(k).getAsJsonObject();
            assertEquals(row.get("t").getAsInt(), (int) p.get("steps").values()[k]);
            double[] snn = p.get("snn").values();
            assertEquals(row.get("snnAccuracy").getAsDouble(), 100.0 * matches(labels, snn, k * n, n) / n, "T row " + k);
            assertEquals(row.get("agreement").getAsDouble(), 100.0 * matches(ann, snn, k * n, n) / n, "T row " + k);
        }
    }

    private static int matches(double[] a, double[] b, int offset, int n) {
        int same = 0;
        for (int i = 0; i < n; i++) {
            same += a[i] == b[offset + i] ? 1 : 0;
        }
        return same;
    }

    private static int[] from(int first, int count) {
        return java.util.stream.IntStream.range(first, first + count).toArray();
    }

    /**
     * {@code --predictions}: per sample, its index in DATA, label, the ANN's and the SNN's prediction at each T; the
     * report's accuracies and agreements are exactly those of the file, and it does not depend on the thread count.
     */
    @Test
    void predictionsFileGivesTheReportsAccuraciesWhateverTheThreadCount() throws Exception {
        String[] common = {"evaluate", "keras-fixtures/real/lenet5_98.96.h5", "--data", "mnist", "--range", "1000:1040",
            "--calibration-range", "0:60", "-T", "2,8,32", "--spike-calibration-samples", "20"};
        for (String threads : new String[] {"1", "2"}) {
            Path npz = tmp.resolve("p" + threads + ".npz");
            Path report = tmp.resolve("r" + threads + ".json");
            CliRun r = run(concat(common, "--threads", threads, "--predictions", npz.toString(), "--report", report.toString()));
            r.ok();
            assertTrue(r.out().contains("predictions: " + npz), r.out());
            assertPredictionsGiveTheReport(npz, report, from(1000, 40));
        }
        assertArrayEquals(Files.readAllBytes(tmp.resolve("p1.npz")), Files.readAllBytes(tmp.resolve("p2.npz")));
    }

    /** The closed form, and a network converted per T ({@code --shift auto}), write predictions for every T too. */
    @Test
    void predictionsOfTheClosedFormAndOfANetworkPerT() throws Exception {
        String[] common = {"evaluate", "keras-fixtures/real/lenet5_98.96.h5", "--data", "mnist", "--limit", "24",
            "--calibration-samples", "50", "--calibrate", "none", "--threads", "2", "-T", "4,16"};
        Path closed = tmp.resolve("closed.npz");
        run(concat(common, "--engine", "closedform", "--predictions", closed.toString(),
                "--report", tmp.resolve("closed.json").toString())).ok();
        assertPredictionsGiveTheReport(closed, tmp.resolve("closed.json"), from(50, 24));
        Path auto = tmp.resolve("auto.npz");
        run(concat(common, "--shift", "auto", "--theta", "0", "--predictions", auto.toString(),
                "--report", tmp.resolve("auto.json").toString())).ok();
        assertPredictionsGiveTheReport(auto, tmp.resolve("auto.json"), from(50, 24));
    }

    /**
     * {@code --range} and {@code --calibration-range} pick the samples; where calibration and evaluation share samples the
     * report says so, and mnist's evaluation starts after a calibration range when no --range is given.
     */
    @Test
    void rangesSelectDisjointCalibrationAndEvaluationSamples() throws Exception {
        String[] common = {"evaluate", "keras-fixtures/real/lenet5_98.96.h5", "--data", "mnist", "-T", "8",
            "--calibrate", "none", "--threads", "2"};
        Path disjoint = tmp.resolve("d.json");
        run(concat(common, "--range", "1000:1010", "--calibration-range", "0:1000",
                "--calibration-samples", "40", "--report", disjoint.toString())).ok();
        JsonObject d = JsonParser.parseString(Files.readString(disjoint)).getAsJsonObject();
        assertTrue(d.get("data").getAsString().endsWith("samples 1000..1009 (10 of 10000)"), d.get("data").getAsString());
        assertTrue(d.getAsJsonObject("conversion").get("calibrationData").getAsString()
                .endsWith("samples 0..39 (first 40 of 10000)"), d.toString());
        assertEquals(0, d.getAsJsonArray("warnings").size(), d.toString());

        Path shared = tmp.resolve("s.json");
        run(concat(common, "--range", "30:40", "--calibration-samples", "40", "--report",
                shared.toString())).ok();
        String warnings = JsonParser.parseString(Files.readString(shared)).getAsJsonObject().get("warnings").toString();
        assertTrue(warnings.contains("calibration and evaluation use the same samples of mnist"), warnings);
        assertTrue(warnings.contains("--calibration-range and --range"), warnings);

        Path after = tmp.resolve("after.npz");
        run(concat(common, "--calibration-range", "200:", "--calibration-samples", "30", "--limit", "5",
                "--predictions", after.toString(), "--report", tmp.resolve("a.json").toString())).ok();
        assertArrayEquals(new double[] {230, 231, 232, 233, 234}, Npz.read(after).get("indices").values());
    }

    @Test
    void badRangesAndRangesWithoutEffectAreRefused() throws Exception {
        CliRun r = run("evaluate", "keras-fixtures/real/lenet5_98.96.h5", "--data", "mnist", "--range", "10:10");
        assertEquals(2, r.exitCode(), r.err());
        assertTrue(r.err().startsWith("error: Invalid value for option '--range': must name at least one sample"), r.err());
        r = run("evaluate", "keras-fixtures/real/lenet5_98.96.h5", "--data", "mnist", "--range", "20000:", "-T", "4",
                "--calibration-samples", "20", "--calibrate", "none", "--report", tmp.resolve("x.json").toString());
        r.refused("none from sample 20000 on");
        r = run("import", "keras-fixtures/real/lenet5_98.96.h5", "--calibration", "mnist", "--range", "0:10",
                "--predictions", tmp.resolve("p.npz").toString(), "-o", tmp.resolve("n.snn").toString());
        r.refused("--range, --predictions have no effect without --evaluate");
    }

    private static String[] concat(String[] a, String... b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
