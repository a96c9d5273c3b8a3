package org.spkeras.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.spkeras.testing.CliRun.run;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spkeras.fuzz.RawZip;
import org.spkeras.fuzz.SeedFiles;
import org.spkeras.keras.KerasModelReader;
import org.spkeras.model.Layer;
import org.spkeras.model.Network;
import org.spkeras.testing.CliRun;

/**
 * One regression test per case of the hostile-input review, named after it (case01 … case17): each reproduces the
 * reported input and checks the clean refusal (exit 2, one line naming the file, nothing written) or the correct
 * result. Fixtures: keras-fixtures/seq_cnn.h5 (12×12×3 → 10 classes) with 16 random labelled samples.
 */
class HostileInputRegressionTest {
    @TempDir
    static Path dir;
    static Path model;
    static Path data;
    static Path snn;

    static String s(Path p) {
        return p.toString();
    }

    static final String[] FAST = {"--calibration-samples", "8", "--calibrate", "none"};
    static final String[] EVAL = {"--limit", "4", "-T", "4", "--threads", "1"};

    static String[] args(String[] a, String[]... more) {
        List<String> all = new ArrayList<>(List.of(a));
        for (String[] m : more) {
            all.addAll(List.of(m));
        }
        return all.toArray(String[]::new);
    }

    @BeforeAll
    static void seeds() throws IOException {
        model = Files.copy(Path.of("keras-fixtures/seq_cnn.h5"), dir.resolve("seq_cnn.h5"));
        data = Files.write(dir.resolve("data.npz"), SeedFiles.npz(SeedFiles.Data.random(3, 16, 12, 12, 3)));
        snn = dir.resolve("seq_cnn.snn");
        run(args(new String[] {"import", s(model), "--calibration", s(data), "-o", s(snn)}, FAST)).ok();
    }

    /** A copy of {@code source} with float {@code index} of layer {@code layer}'s kernel set to {@code value}. */
    static Path withWeight(Path source, String layer, int index, float value, String name) throws IOException {
        Network net = KerasModelReader.read(source);
        float[] kernel = ((Layer.Dense) net.layer(layer)).kernel();
        byte[] file = Files.readAllBytes(source);
        ByteBuffer probe = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < 4; i++) {
            probe.putFloat(kernel[i]);
        }
        int at = indexOf(file, probe.array());
        assertTrue(at >= 0, "kernel of " + layer + " not found in " + source);
        ByteBuffer.wrap(file, at + 4 * index, 4).order(ByteOrder.LITTLE_ENDIAN).putFloat(value);
        return Files.write(dir.resolve(name), file);
    }

    static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /** A copy of a zip with one entry's content replaced. */
    static Path rewriteZip(Path source, String entry, java.util.function.UnaryOperator<byte[]> edit, String name)
            throws IOException {
        List<RawZip.Entry> entries = new ArrayList<>();
        for (Map.Entry<String, byte[]> e : RawZip.read(Files.readAllBytes(source)).entrySet()) {
            entries.add(RawZip.Entry.deflated(e.getKey(), e.getKey().equals(entry) ? edit.apply(e.getValue()) : e.getValue()));
        }
        return Files.write(dir.resolve(name), RawZip.write(entries));
    }

    static JsonObject json(byte[] b) {
        return JsonParser.parseString(new String(b, StandardCharsets.UTF_8)).getAsJsonObject();
    }

    static byte[] bytes(JsonElement e) {
        return e.toString().getBytes(StandardCharsets.UTF_8);
    }

    // ------------------------------------------------------------------------------------------------ cases

    @Test
    void case01_outputPathThatIsAnInputIsRefusedBeforeAnyWork() throws IOException {
        byte[] modelBytes = Files.readAllBytes(model);
        byte[] dataBytes = Files.readAllBytes(data);
        byte[] snnBytes = Files.readAllBytes(snn);
        run(args(new String[] {"import", s(model), "--calibration", s(data), "-o", s(model)}, FAST))
                .refused("seq_cnn.h5", "the model", "choose another output path");
        run(args(new String[] {"import", s(model), "--calibration", s(data), "-o", s(data)}, FAST)).refused("data.npz");
        Path hard = dir.resolve("hard-link.h5");
        Files.createLink(hard, model);
        run(args(new String[] {"import", s(model), "--calibration", s(data), "-o", s(hard)}, FAST))
                .refused("hard-link.h5", "the same file");
        Path soft = dir.resolve("sym-link.npz");
        Files.createSymbolicLink(soft, data);
        run(args(new String[] {"evaluate", s(snn), "--ann", s(model), "--data", s(data), "-o", s(soft)}, EVAL))
                .refused("sym-link.npz", "the --data file");
        run(args(new String[] {"evaluate", s(snn), "--ann", s(model), "--data", s(data), "-o", s(snn)}, EVAL))
                .refused("seq_cnn.snn");
        run(args(new String[] {"evaluate", s(snn), "--ann", s(model), "--data", s(data), "-o", s(model)}, EVAL))
                .refused("seq_cnn.h5", "the --ann model");
        Path x = dir.resolve("x.snn");
        run(args(new String[] {"import", s(model), "--evaluate", s(data), "-o", s(x), "--report", s(x)}, FAST, EVAL))
                .refused("x.snn", "are the same file");
        assertFalse(Files.exists(x));
        assertArrayEquals(modelBytes, Files.readAllBytes(model));
        assertArrayEquals(dataBytes, Files.readAllBytes(data));
        assertArrayEquals(snnBytes, Files.readAllBytes(snn));
    }

    @Test
    void case02_nonFiniteOrOffGridValuesAreRefusedNamingTheLayerOrSample() throws IOException {
        Path huge = withWeight(model, "dense", 3, -Float.MAX_VALUE, "huge-weight.h5");
        run(args(new String[] {"import", s(huge), "--calibration", s(data), "-o", s(dir.resolve("h.snn"))}, FAST))
                .refused("huge-weight.h5", "layer 'dense'", "fixed-point grid");
        Path nan = withWeight(model, "dense_1", 3, Float.NaN, "nan-weight.h5");
        run("inspect", s(nan)).refused("nan-weight.h5", "layer 'dense_1'", "NaN", "flat index 3");

        SeedFiles.Data d = SeedFiles.Data.random(3, 16, 12, 12, 3);
        d.x()[5] = 3e38f;
        Path pixel = Files.write(dir.resolve("huge-pixel.npz"), SeedFiles.npz(d));
        run(args(new String[] {"evaluate", s(snn), "--ann", s(model), "--data", s(pixel), "--report",
            s(dir.resolve("p.json"))}, EVAL)).refused("huge-pixel.npz", "sample 0", "input value 5");

        Path tiny = rewriteZip(snn, "network.json", b -> {
            JsonObject root = json(b);
            root.getAsJsonObject("input").addProperty("scale", 1e-320);
            return bytes(root);
        }, "tiny-scale.snn");
        run("inspect", s(tiny)).refused("tiny-scale.snn", "input scale");
    }

    @Test
    void case03_threadCountAboveTheBoundIsRefused() {
        long start = System.nanoTime();
        run(args(new String[] {"evaluate", s(snn), "--ann", s(model), "--data", s(data), "-o", s(dir.resolve("t.json")),
            "--threads", "40000"})).refused("--threads", "40000");
        run(args(new String[] {"evaluate", s(snn), "--ann", s(model), "--data", s(data), "-o", s(dir.resolve("t.json")),
            "--threads", "0"})).refused("--threads");
        assertTrue((System.nanoTime() - start) / 1e9 < 5);
    }

    @Test
    void case04_hdf5LabelsDeclaringBillionsOfRowsAreRefusedFastAndLimitReadsOnlyWhatIsUsed() throws IOException {
        for (long rows : new long[] {3_000_000_000L, 2_000_000_000L, 1_000_000_000L}) {
            Path h5 = dir.resolve("labels-" + rows + ".h5");
            int n = 1237;
            try (io.jhdf.WritableHdfFile f = io.jhdf.HdfFile.write(h5)) {
                f.putDataset("x", new float[n][12][12][3]);
                f.putDataset("y", new int[n]);
            }
            byte[] file = Files.readAllBytes(h5);
            byte[] count = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(n).array();
            byte[] lie = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(rows).array();
            int patched = 0;
            for (int at; (at = indexOf(file, count)) >= 0; patched++) {
                System.arraycopy(lie, 0, file, at, 8);
            }
            assertTrue(patched > 0);
            Files.write(h5, file);
            long start = System.nanoTime();
            CliRun r = run(args(new String[] {"evaluate", s(snn), "--ann", s(model), "--data", s(h5), "-o",
                s(dir.resolve("h.json")), "--limit", "5", "-T", "2"}));
            r.refused(h5.getFileName().toString());
            assertTrue((System.nanoTime() - start) / 1e9 < 5, "took too long for " + rows);
        }
    }

    /**
     * Zip bombs: entries declaring gigabytes are refused from their declared sizes, before anything is inflated or
     * allocated (their raw bytes are random: a real 3 GiB deflate stream is slow to make and is never read); an entry
     * that inflates past what it declares is stopped by the counting stream.
     */
    @Test
    void case05_zipBombsAreRefusedAfterReadingNoMoreThanTheyDeclare() throws IOException {
        Path keras = Path.of("keras-fixtures/keras3_zip.keras");
        Map<String, byte[]> entries = RawZip.read(Files.readAllBytes(keras));
        List<RawZip.Entry> bomb = new ArrayList<>();
        List<RawZip.Entry> liar = new ArrayList<>();
        RawZip.Entry zeros = RawZip.zeros("config.json", 64);
        for (Map.Entry<String, byte[]> e : entries.entrySet()) {
            bomb.add(e.getKey().equals("metadata.json") ? bombEntry("metadata.json", 3L << 30)
                    : RawZip.Entry.deflated(e.getKey(), e.getValue()));
            liar.add(e.getKey().equals("config.json") ? new RawZip.Entry("config.json", zeros.raw(), 1000, zeros.crc(),
                    zeros.method()) : RawZip.Entry.deflated(e.getKey(), e.getValue()));
        }
        Path bombFile = Files.write(dir.resolve("bomb.keras"), RawZip.write(bomb));
        run("inspect", s(bombFile)).refused("bomb.keras", "metadata.json", "declares 3221225472 bytes");
        Path liarFile = Files.write(dir.resolve("liar.keras"), RawZip.write(liar));
        run("inspect", s(liarFile)).refused("liar.keras", "config.json", "inflates to more than the 1000 bytes");

        Path snnBomb = rewriteSnnArray("bomb.snn", 1L << 28);
        run("inspect", s(snnBomb)).refused("bomb.snn", "a real network of that size holds");
    }

    /** An entry that declares {@code size} bytes from size/1000 raw bytes (random: never inflated). */
    static RawZip.Entry bombEntry(String name, long size) {
        byte[] raw = new byte[(int) (size / 1000)];
        new java.util.Random(5).nextBytes(raw);
        return new RawZip.Entry(name, raw, size, 0, java.util.zip.ZipEntry.DEFLATED);
    }

    /** seq_cnn.snn with its first weights array declared {@code length} int64 values, stored as a zip bomb. */
    static Path rewriteSnnArray(String name, long length) throws IOException {
        Map<String, byte[]> entries = RawZip.read(Files.readAllBytes(snn));
        JsonObject root = json(entries.get("network.json"));
        JsonObject ref = root.getAsJsonArray("stages").get(0).getAsJsonObject().getAsJsonArray("inputs").get(0)
                .getAsJsonObject().getAsJsonObject("weights");
        ref.addProperty("length", length);
        String target = ref.get("entry").getAsString();
        List<RawZip.Entry> out = new ArrayList<>();
        for (Map.Entry<String, byte[]> e : entries.entrySet()) {
            if (e.getKey().equals("network.json")) {
                out.add(RawZip.Entry.deflated("network.json", bytes(root)));
            } else if (e.getKey().equals(target)) {
                out.add(bombEntry(target, length * 8));
            } else {
                out.add(RawZip.Entry.deflated(e.getKey(), e.getValue()));
            }
        }
        return Files.write(dir.resolve(name), RawZip.write(out));
    }

    @Test
    void case06_annOfAnotherShapeIsRefusedNamingIt() throws IOException {
        Path other = Files.copy(Path.of("keras-fixtures/func_resnet.h5"), dir.resolve("other-shape.h5"));
        run(args(new String[] {"evaluate", s(snn), "--ann", s(other), "--ann-mismatch-ok", "--data", s(data), "-o",
            s(dir.resolve("o.json"))}, EVAL)).refused("other-shape.h5", "pass the model it was converted from");
    }

    @Test
    void case07_annWhoseSha256DiffersFromTheSnnSourceIsRefusedUnlessTheUserSaysSo() throws IOException {
        Path retrained = withWeight(model, "dense_1", 0, 0.125f, "retrained.h5");
        run(args(new String[] {"evaluate", s(snn), "--ann", s(retrained), "--data", s(data), "-o",
            s(dir.resolve("m.json"))}, EVAL)).refused("retrained.h5", "SHA-256", "--ann-mismatch-ok");
        Path report = dir.resolve("mismatch.json");
        run(args(new String[] {"evaluate", s(snn), "--ann", s(retrained), "--ann-mismatch-ok", "--data", s(data), "-o",
            s(report)}, EVAL)).ok();
        assertTrue(Files.readString(report).contains("compared anyway (--ann-mismatch-ok)"));
    }

    @Test
    void case08_conversionFlagsWithASnnAreRefused() {
        run(args(new String[] {"evaluate", s(snn), "--ann", s(model), "--data", s(data), "-o", s(dir.resolve("c.json")),
            "--norm", "max", "--calibration", s(data)}, EVAL)).refused("seq_cnn.snn", "--norm", "--calibration",
                "already converted");
    }

    @Test
    void case09_floatDataIn0To255IsRefusedWithTheFlagToUse() throws IOException {
        SeedFiles.Data d = SeedFiles.Data.random(3, 16, 12, 12, 3);
        for (int i = 0; i < d.x().length; i++) {
            d.x()[i] = Math.round(d.x()[i] * 255);
        }
        Path raw = Files.write(dir.resolve("pixels255.npz"), SeedFiles.npz(d));
        run(args(new String[] {"evaluate", s(snn), "--ann", s(model), "--data", s(raw), "-o", s(dir.resolve("r.json"))},
                EVAL)).refused("pixels255.npz", "--scale 1/255");
        run(args(new String[] {"evaluate", s(snn), "--ann", s(model), "--data", s(raw), "--scale", "1/255", "-o",
            s(dir.resolve("r.json"))}, EVAL)).ok();
    }

    @Test
    void case09_saturationAdvicePointsAtTheDataScale() {
        String advice = org.spkeras.pipeline.Evaluation.saturationAdvice("conv", 50);
        assertTrue(advice.contains("{scale}"), advice);
        assertTrue(advice.contains("raise λ"), advice);
    }

    @Test
    void case10_namedSetWithOnlyTestImagesCalibratesAndEvaluatesOnDisjointSamples() throws IOException {
        Path report = dir.resolve("mnist.json");
        run("evaluate", "keras-fixtures/real/lenet5_98.96.h5", "--data", "mnist", "--calibration-samples", "50",
                "--calibrate", "none", "--limit", "20", "-T", "2", "-o", s(report)).ok();
        JsonObject r = JsonParser.parseString(Files.readString(report)).getAsJsonObject();
        assertTrue(r.get("data").getAsString().contains("samples 50..69"), r.get("data").getAsString());
        String calibration = r.getAsJsonObject("conversion").get("calibrationData").getAsString();
        assertTrue(calibration.contains("samples 0..49"), calibration);

        Path same = dir.resolve("same.json");
        run(args(new String[] {"evaluate", s(model), "--data", s(data), "-o", s(same)}, FAST, EVAL)).ok();
        assertTrue(Files.readString(same).contains("calibration and evaluation use the same samples"));
    }

    @Test
    void case11_optionsWithoutEffectAndTwoOutputModelsAreRefused() throws IOException {
        run(args(new String[] {"import", s(model), "--calibration", s(data), "-o", s(dir.resolve("l.snn")), "--limit",
            "5"}, FAST)).refused("--limit", "without --evaluate");
        assertFalse(Files.exists(dir.resolve("l.snn")));
        Path two = rewriteZip(Path.of("keras-fixtures/keras3_zip_func.keras"), "config.json", b -> {
            JsonObject root = json(b);
            JsonObject config = root.getAsJsonObject("config");
            JsonArray outputs = config.getAsJsonArray("output_layers");
            JsonArray both = new JsonArray();
            JsonElement first = outputs.get(0).isJsonArray() ? outputs.get(0) : outputs;
            both.add(first);
            JsonArray second = first.deepCopy().getAsJsonArray();
            JsonArray layers = config.getAsJsonArray("layers");
            second.set(0, layers.get(1).getAsJsonObject().getAsJsonObject("config").get("name"));
            both.add(second);
            config.add("output_layers", both);
            return bytes(root);
        }, "two-outputs.keras");
        run("inspect", s(two)).refused("two-outputs.keras", "2 output layers");
    }

    @Test
    void case12_reportGoesBesideTheOutputFile() throws IOException {
        Path out = dir.resolve("other/x.snn");
        run(args(new String[] {"import", s(model), "--calibration", s(data), "--evaluate", s(data), "-o", s(out)}, FAST,
                EVAL)).ok();
        assertTrue(Files.isRegularFile(dir.resolve("other/x-report.json")));
        assertTrue(Files.isRegularFile(dir.resolve("other/x-report-accuracy.png")));
    }

    @Test
    void case13_reportIsStrictJsonAndNonFiniteEnergyIsRefused() throws IOException {
        org.spkeras.report.EvaluationReport r = new org.spkeras.report.EvaluationReport(1, "t", "m", "d", 1, "event",
                "analog", 1, 0.9, 4.6, 100, org.spkeras.report.Intervals.wilson(1, 1).times(100), 1, 1, List.of(), Double.NaN,
                null, List.of(new org.spkeras.report.EvaluationReport.LayerRow("silent", "neurons", 4, 0, 0, Double.NaN, 1, 0)),
                List.of(), null, null);
        String json = org.spkeras.report.ReportWriter.json(r);
        assertFalse(json.contains("NaN") || json.contains("Infinity"), json);
        assertTrue(json.contains("\"meanLatency\": null") && json.contains("meanLatencyNullReason"), json);
        assertTrue(json.contains("\"correlation\": null") && json.contains("correlationNullReason"), json);
        com.google.gson.stream.JsonReader strict = new com.google.gson.stream.JsonReader(new java.io.StringReader(json));
        JsonParser.parseReader(strict);
        run(args(new String[] {"evaluate", s(snn), "--ann", s(model), "--data", s(data), "-o", s(dir.resolve("e.json")),
            "--pj-per-mac", "Infinity"}, EVAL)).refused("--pj-per-mac", "Infinity");
    }

    @Test
    void case14_fileTextIsEscapedAndConversionRefusalsNameTheFile() throws IOException {
        Path evil = rewriteZip(Path.of("keras-fixtures/keras3_zip.keras"), "config.json", b -> {
            JsonObject root = json(b);
            root.getAsJsonObject("config").getAsJsonArray("layers").get(1).getAsJsonObject()
                    .addProperty("class_name", "Evil\u001b[2J\u001b[31mred\u0000\nline");
            return bytes(root);
        }, "evil.keras");
        CliRun r = run("inspect", s(evil));
        r.refused("evil.keras", "\\x1b[2J");
        assertTrue(r.err().strip().chars().noneMatch(c -> c < 0x20), r.err());

        Path stride = Path.of("keras-fixtures/stride2_same.h5");
        Path cal = Files.write(dir.resolve("cal22.npz"), SeedFiles.npz(SeedFiles.Data.random(1, 8, 22, 22, 2), false));
        run(args(new String[] {"import", s(stride), "--calibration", s(cal), "-o", s(dir.resolve("s.snn"))}, FAST))
                .refused("stride2_same.h5: ");
    }

    @Test
    void case15_tempFilesAreRemovedAtExitAndOutputsAre0644AndWrittenAsOneSet() throws IOException {
        Path out = dir.resolve("perm");
        Files.createDirectories(out);
        Path tmp = org.spkeras.AtomicFile.createTemporary(out, "r.json");
        assertTrue(Files.exists(tmp));
        org.spkeras.AtomicFile.deleteTemporaries();
        assertFalse(Files.exists(tmp));

        Path report = out.resolve("r.json");
        run(args(new String[] {"evaluate", s(snn), "--ann", s(model), "--data", s(data), "-o", s(report)}, EVAL)).ok();
        Path fresh = Files.createFile(out.resolve("fresh"));
        Set<PosixFilePermission> expected = Files.getPosixFilePermissions(fresh);
        assertEquals(expected, Files.getPosixFilePermissions(report));
        assertEquals(expected, Files.getPosixFilePermissions(out.resolve("r-accuracy.png")));
        assertEquals(expected, Files.getPosixFilePermissions(snn));

        byte[] before = Files.readAllBytes(report);
        Files.delete(out.resolve("r-rates.svg"));
        Files.createDirectory(out.resolve("r-rates.svg"));
        run(args(new String[] {"evaluate", s(snn), "--ann", s(model), "--data", s(data), "-o", s(report), "--seed", "9"},
                EVAL)).refused("r-rates.svg", "is a directory");
        assertArrayEquals(before, Files.readAllBytes(report));
        try (var files = Files.list(out)) {
            assertTrue(files.noneMatch(p -> p.getFileName().toString().endsWith(".tmp")));
        }
    }

    @Test
    void case16_directoryOrFifoDataVersionOnSubcommandsAndInspectSnnJson() throws IOException, InterruptedException {
        run(args(new String[] {"evaluate", s(snn), "--ann", s(model), "--data", s(dir), "-o", s(dir.resolve("d.json"))},
                EVAL)).refused(dir.getFileName().toString(), "is a directory");
        Path fifo = dir.resolve("fifo");
        if (new ProcessBuilder("mkfifo", s(fifo)).start().waitFor() == 0) {
            run(args(new String[] {"evaluate", s(snn), "--ann", s(model), "--data", s(fifo), "-o",
                s(dir.resolve("f.json"))}, EVAL)).refused("fifo", "not a regular file");
        }
        for (String sub : new String[] {"inspect", "import", "evaluate", "verify"}) {
            CliRun v = run(sub, "--version");
            v.ok();
            assertTrue(v.out().startsWith("spkeras-java "), sub + ": " + v.out());
        }
        CliRun j = run("inspect", s(snn), "--json");
        j.ok();
        JsonObject root = JsonParser.parseString(j.out()).getAsJsonObject();
        assertEquals("seq_cnn.snn", root.get("file").getAsString());
        assertNotEquals(0, root.getAsJsonArray("stages").size());
    }

    @Test
    void case17_progressIsReportedPerSampleWithTimeLeftAndIsQuietWithoutATerminal() {
        assertEquals(null, ProgressDisplay.open(false, 10, System.err), "no terminal in tests: no bar");
        assertEquals(null, ProgressDisplay.open(true, 10, System.err));
        Network ann = KerasModelReader.read(model);
        org.spkeras.snn.SpikingNetwork net = org.spkeras.snn.SnnFile.read(snn);
        List<Integer> seen = java.util.Collections.synchronizedList(new ArrayList<>());
        try (org.spkeras.data.Dataset ds = org.spkeras.data.Datasets.open(s(data), null, ann)) {
            org.spkeras.pipeline.Evaluation.measure(ann, net, ds, new org.spkeras.pipeline.Evaluation.Settings(new int[] {2},
                    org.spkeras.sim.EngineKind.EVENT, 1, org.spkeras.sim.SimOptions.Encoding.ANALOG, 1, 0.9, 4.6),
                    (done, n) -> seen.add(done));
            assertEquals(ds.size(), seen.size());
            assertEquals(ds.size(), (int) seen.get(seen.size() - 1));
        }
        StringWriter text = new StringWriter();
        try (org.spkeras.data.Dataset ds = org.spkeras.data.Datasets.open(s(data), null, ann)) {
            org.spkeras.pipeline.Evaluation.measure(ann, net, ds, new org.spkeras.pipeline.Evaluation.Settings(new int[] {2},
                    org.spkeras.sim.EngineKind.EVENT, 1, org.spkeras.sim.SimOptions.Encoding.ANALOG, 1, 0.9, 4.6),
                    org.spkeras.pipeline.Evaluation.Progress.text(new PrintWriter(text)));
        }
        assertTrue(text.toString().contains("s left"), text.toString());
    }
}
