package org.spkeras.snn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spkeras.SpkerasException;
import org.spkeras.model.Shape;

/** The .snn file: lossless, deterministic, atomic, and every damaged or foreign file refused by name. */
class SnnFileTest {
    @TempDir
    Path tmp;

    // ------------------------------------------------------------------------------------------ networks

    /** Source neuron p reaches every target as one segment, reading weight row p. */
    private static Synapses dense(String source, int sources, int targets, Random rnd) {
        int[] start = new int[sources + 1];
        int[] target = new int[sources];
        int[] length = new int[sources];
        int[] offset = new int[sources];
        long[] weights = new long[sources * targets];
        for (int p = 0; p < sources; p++) {
            start[p + 1] = p + 1;
            length[p] = targets;
            offset[p] = p * targets;
        }
        for (int i = 0; i < weights.length; i++) {
            weights[i] = rnd.nextLong() >> rnd.nextInt(40);
        }
        weights[0] = Long.MIN_VALUE;
        weights[weights.length - 1] = Long.MAX_VALUE;
        return new Synapses(source, start, target, length, offset, weights);
    }

    /** Conv-like: source neuron p of a (h, w, 1) map reaches its own pixel and the next one (if any), all channels. */
    private static Synapses convLike(String source, int pixels, int channels, Random rnd) {
        List<int[]> segs = new ArrayList<>();
        int[] start = new int[pixels + 1];
        for (int p = 0; p < pixels; p++) {
            for (int q = p; q <= Math.min(p + 1, pixels - 1); q++) {
                segs.add(new int[] {q * channels, channels, (q - p) * channels});
            }
            start[p + 1] = segs.size();
        }
        long[] weights = new long[2 * channels];
        for (int i = 0; i < weights.length; i++) {
            weights[i] = rnd.nextLong() % FixedPoint.ONE;
        }
        return new Synapses(source, start, segs.stream().mapToInt(s -> s[0]).toArray(),
                segs.stream().mapToInt(s -> s[1]).toArray(), segs.stream().mapToInt(s -> s[2]).toArray(), weights);
    }

    private static long[] randomLongs(Random rnd, int n, boolean positive) {
        long[] a = new long[n];
        for (int i = 0; i < n; i++) {
            a[i] = positive ? 1 + (rnd.nextLong() >>> 2) : rnd.nextLong();
        }
        return a;
    }

    /**
     * in (2,2,1) → a: IF neurons (2,2,2) → pool: gate (1,1,2) → b: burst neurons (3) fed by pool and by the
     * input → out: accumulator (2).
     */
    static SpikingNetwork network(Map<String, double[]> lambdas) {
        Random rnd = new Random(42);
        InputStage input = new InputStage("in", Shape.spatial(2, 2, 1), 0.8399999737739563);
        Stage.Neurons a = new Stage.Neurons("a", Shape.spatial(2, 2, 2), List.of(convLike("in", 4, 2, rnd)),
                randomLongs(rnd, 8, false), new long[] {FixedPoint.ONE / 7, -3}, new long[] {FixedPoint.ONE, 12345},
                new long[] {FixedPoint.ONE / 2, Long.MIN_VALUE}, new NeuronModel.IntegrateAndFire(1, NeuronModel.Reset.SUBTRACT));
        Stage.MaxPoolGate pool = new Stage.MaxPoolGate("pool", Shape.spatial(1, 1, 2), "a", Stage.MaxPoolGate.Kind.LIPOOL,
                new int[] {0, 4, 8}, new int[] {0, 2, 4, 6, 1, 3, 5, 7});
        Stage.Neurons b = new Stage.Neurons("b", Shape.flat(3), List.of(dense("pool", 2, 3, rnd), dense("in", 4, 3, rnd)),
                randomLongs(rnd, 3, false), randomLongs(rnd, 3, false), randomLongs(rnd, 3, true), randomLongs(rnd, 3, false),
                new NeuronModel.IntegrateAndFire(3, NeuronModel.Reset.ZERO));
        Stage.Neurons out = new Stage.Neurons("out", Shape.flat(2), List.of(dense("b", 3, 2, rnd)),
                randomLongs(rnd, 2, false), new long[2], new long[] {FixedPoint.ONE, FixedPoint.ONE}, new long[2],
                new NeuronModel.Accumulator());
        Map<String, String> options = new LinkedHashMap<>();
        options.put("norm", "percentile:99.9");
        options.put("theta", "0.5");
        options.put("maxpool", "lipool");
        options.put("neuron", "burst:3");
        Provenance provenance = new Provenance("lenet5.h5", "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
                "0.1.0", options, "mnist_test.npz (x: 100 samples)", 100, lambdas, 1.0000000000000002);
        return new SpikingNetwork(input, List.of(a, pool, b, out), provenance);
    }

    static Map<String, double[]> lambdas() {
        Map<String, double[]> l = new HashMap<>();
        l.put("a", new double[] {0.1, 1.0 / 3, Math.PI, 2e23, 2.82879384806159E17});
        l.put("b", new double[] {Double.MIN_VALUE, -0.0, 1e-300, Double.MAX_VALUE});
        l.put("out", new double[] {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 0.0});
        l.put("conv 1/x", new double[] {7.25});
        return l;
    }

    // ------------------------------------------------------------------------------------------ round trip

    @Test
    void roundTripIsLossless() {
        SpikingNetwork net = network(lambdas());
        Path file = tmp.resolve("net.snn");
        SnnFile.write(net, file);
        assertSameNetwork(net, SnnFile.read(file));
    }

    /** A time-to-first-spike network (first-spike neurons and gate) is written as schema 2 and read back as it was. */
    @Test
    void temporalNetworkRoundTripsAsSchema2() throws IOException {
        SpikingNetwork rate = network(lambdas());
        List<Stage> stages = new java.util.ArrayList<>();
        for (Stage s : rate.stages()) {
            if (s instanceof Stage.Neurons n && n.spiking()) {
                stages.add(new Stage.Neurons(n.name(), n.shape(), n.inputs(), n.bias(), new long[n.shift().length],
                        n.threshold(), new long[n.shape().channels()], new NeuronModel.FirstSpike()));
            } else if (s instanceof Stage.MaxPoolGate g) {
                stages.add(new Stage.MaxPoolGate(g.name(), g.shape(), g.source(), Stage.MaxPoolGate.Kind.FIRST_SPIKE,
                        g.windowStart(), g.members()));
            } else {
                stages.add(s);
            }
        }
        SpikingNetwork net = new SpikingNetwork(rate.input(), stages, rate.provenance());
        assertEquals(SpikingNetwork.Code.TTFS, net.code());
        Path file = tmp.resolve("ttfs.snn");
        SnnFile.write(net, file);
        assertEquals(2, JsonParser.parseString(entries(file).get("network.json").toString()).getAsJsonObject()
                .get("schemaVersion").getAsInt());
        SpikingNetwork back = SnnFile.read(file);
        assertSameNetwork(net, back);
        assertEquals(SpikingNetwork.Code.TTFS, back.code());
    }

    @Test
    void everyDoubleRoundTripsThroughTheJson() {
        Random rnd = new Random(7);
        double[] values = new double[20_000];
        for (int i = 0; i < values.length; i++) {
            values[i] = Double.longBitsToDouble(rnd.nextLong());
        }
        Map<String, double[]> l = lambdas();
        l.put("random", values);
        Path file = tmp.resolve("doubles.snn");
        SnnFile.write(network(l), file);
        assertArrayEquals(values, SnnFile.read(file).provenance().lambdas().get("random"));
    }

    @Test
    void jsonIsStrictAndDescribesTheNetwork() throws IOException {
        Path file = tmp.resolve("net.snn");
        SnnFile.write(network(lambdas()), file);
        String json = entries(file).get("network.json").toString();
        JsonReader strict = new JsonReader(new StringReader(json));
        strict.setStrictness(Strictness.STRICT);
        JsonObject root = JsonParser.parseReader(strict).getAsJsonObject();
        assertEquals("spkeras-snn", root.get("format").getAsString());
        assertEquals(1, root.get("schemaVersion").getAsInt());
        assertEquals(org.spkeras.Version.VERSION, root.get("toolVersion").getAsString());
        assertEquals("NaN", root.getAsJsonObject("provenance").getAsJsonObject("lambdas").getAsJsonArray("out").get(0).getAsString());
        JsonObject b = root.getAsJsonArray("stages").get(2).getAsJsonObject();
        assertEquals("neurons", b.get("kind").getAsString());
        assertEquals("[3]", b.get("shape").toString());
        assertEquals("{\"kind\":\"integrateAndFire\",\"maxSpikes\":3,\"reset\":\"ZERO\"}", b.get("model").toString());
        assertEquals("{\"entry\":\"arrays/b/input1/weights.bin\",\"dtype\":\"int64\",\"length\":12}",
                b.getAsJsonArray("inputs").get(1).getAsJsonObject().get("weights").toString());
        JsonObject pool = root.getAsJsonArray("stages").get(1).getAsJsonObject();
        assertEquals("{\"entry\":\"arrays/pool/members.bin\",\"dtype\":\"int32\",\"length\":8}", pool.get("members").toString());
        assertEquals("LIPOOL", pool.get("pooling").getAsString());
    }

    @Test
    void arraysAreLittleEndianEntriesWithFixedTimesInFixedOrder() throws IOException {
        SpikingNetwork net = network(lambdas());
        Path file = tmp.resolve("net.snn");
        SnnFile.write(net, file);
        List<String> names = new ArrayList<>();
        try (ZipFile zip = new ZipFile(file.toFile())) {
            zip.stream().forEach(e -> {
                names.add(e.getName());
                assertEquals(LocalDateTime.of(1980, 1, 1, 0, 0), e.getTimeLocal(), e.getName());
            });
            byte[] bias = zip.getInputStream(zip.getEntry("arrays/a/bias.bin")).readAllBytes();
            long[] expected = ((Stage.Neurons) net.stages().get(0)).bias();
            assertEquals(expected.length * 8, bias.length);
            assertEquals(expected[1], ByteBuffer.wrap(bias).order(ByteOrder.LITTLE_ENDIAN).getLong(8));
            byte[] members = zip.getInputStream(zip.getEntry("arrays/pool/members.bin")).readAllBytes();
            assertArrayEquals(new byte[] {2, 0, 0, 0}, Arrays.copyOfRange(members, 4, 8));
        }
        assertEquals(List.of("network.json",
                "arrays/a/input0/segmentStart.bin", "arrays/a/input0/target.bin", "arrays/a/input0/length.bin",
                "arrays/a/input0/weightOffset.bin", "arrays/a/input0/weights.bin",
                "arrays/a/bias.bin", "arrays/a/shift.bin", "arrays/a/threshold.bin", "arrays/a/initialPotential.bin",
                "arrays/pool/windowStart.bin", "arrays/pool/members.bin"), names.subList(0, 12));
        assertEquals(1 + 9 + 2 + 14 + 9, names.size());
    }

    @Test
    void twoWritesGiveIdenticalBytes() throws IOException {
        Path first = tmp.resolve("one/first.snn");
        Path second = tmp.resolve("two/second.snn");
        SnnFile.write(network(lambdas()), first);
        SnnFile.write(network(lambdas()), second);
        byte[] bytes = Files.readAllBytes(first);
        assertArrayEquals(bytes, Files.readAllBytes(second));
        SnnFile.write(SnnFile.read(first), first);
        assertArrayEquals(bytes, Files.readAllBytes(first));
    }

    @Test
    void writeIsAtomicAndLeavesNoTemporaryFile() throws IOException {
        Path dir = tmp.resolve("deep/er");
        Path file = dir.resolve("net.snn");
        SnnFile.write(network(lambdas()), file);
        assertEquals(List.of(file), list(dir));
        byte[] before = Files.readAllBytes(file);

        Map<String, double[]> other = lambdas();
        other.put("extra", new double[] {2.5});
        SnnFile.write(network(other), file);
        assertEquals(List.of(file), list(dir));
        assertNotEquals(Arrays.toString(before), Arrays.toString(Files.readAllBytes(file)));
        before = Files.readAllBytes(file);

        // A network the reader would refuse is never written, and the previous file stays as it was.
        SpikingNetwork good = network(lambdas());
        Stage.Neurons b = (Stage.Neurons) good.stages().get(2);
        Synapses s = b.inputs().get(0);
        int[] target = s.target().clone();
        target[0] = 1;
        Synapses bad = new Synapses(s.source(), s.segmentStart(), target, s.length(), s.weightOffset(), s.weights());
        SpikingNetwork broken = new SpikingNetwork(good.input(), List.of(good.stages().get(0), good.stages().get(1),
                new Stage.Neurons("b", b.shape(), List.of(bad, b.inputs().get(1)), b.bias(), b.shift(), b.threshold(),
                        b.initialPotential(), b.model()), good.stages().get(3)), good.provenance());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SnnFile.write(broken, file));
        assertTrue(e.getMessage().contains("stage 'b': input 0 (from 'pool'): segment 0 targets neurons 1..3, outside the stage's 3 neurons"),
                e.getMessage());
        assertArrayEquals(before, Files.readAllBytes(file));
        assertEquals(List.of(file), list(dir));
    }

    @Test
    void unwritablePlaceIsRefusedByName() throws IOException {
        Path blocker = Files.writeString(tmp.resolve("blocker"), "a file, not a directory");
        assertRefused(assertThrows(SpkerasException.class,
                () -> SnnFile.write(network(lambdas()), blocker.resolve("net.snn"))), "net.snn: cannot create the directory");
        Path dir = Files.createDirectory(tmp.resolve("taken.snn"));
        assertRefused(assertThrows(SpkerasException.class, () -> SnnFile.write(network(lambdas()), dir)),
                "taken.snn: is a directory");
        assertEquals(List.of(), list(dir));
    }

    // ------------------------------------------------------------------------------------------ refusals

    @Test
    void refusesMissingFile() {
        assertRefused(tmp.resolve("nope.snn"), "nope.snn: no such file");
    }

    @Test
    void refusesRandomBytes() throws IOException {
        byte[] junk = new byte[5000];
        new Random(3).nextBytes(junk);
        Path file = Files.write(tmp.resolve("junk.snn"), junk);
        assertRefused(file, "junk.snn: is not a spkeras-java .snn file (not a zip archive)");
        assertRefused(Files.write(tmp.resolve("empty.snn"), new byte[0]), "empty.snn: is not a spkeras-java .snn file (not a zip archive)");
    }

    @Test
    void refusesZipWithoutNetworkJson() throws IOException {
        Path file = tmp.resolve("other.snn");
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(file))) {
            zip.putNextEntry(new ZipEntry("readme.txt"));
            zip.write("hello".getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
        }
        assertRefused(file, "other.snn: is not a spkeras-java .snn file (a zip archive without network.json)");
    }

    @Test
    void refusesForeignJson() throws IOException {
        Path file = tmp.resolve("foreign.snn");
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(file))) {
            zip.putNextEntry(new ZipEntry("network.json"));
            zip.write("{\"class_name\": \"Sequential\", \"config\": {}}".getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
        }
        assertRefused(file, "foreign.snn: is not a spkeras-java .snn file (network.json has no \"format\"");
        Path other = rewriteJson("other.snn", root -> root.addProperty("format", "keras"));
        assertRefused(other, "other.snn: is not a spkeras-java .snn file (network.json declares format \"keras\"");
        Path text = rewrite("text.snn", Map.of("network.json", "not json at all {".getBytes(StandardCharsets.UTF_8)));
        assertRefused(text, "text.snn: is not a spkeras-java .snn file (network.json is not valid JSON");
    }

    @Test
    void refusesNewerSchema() throws IOException {
        Path file = rewriteJson("v99.snn", root -> root.addProperty("schemaVersion", 99));
        assertRefused(file, "v99.snn: was written by a newer spkeras-java (schema 99); this build reads schema 2");
        assertRefused(rewriteJson("v0.snn", root -> root.addProperty("schemaVersion", 0)),
                "v0.snn: has an unknown schemaVersion 0; this build reads schemas 1 and 2");
        assertRefused(rewriteJson("vx.snn", root -> root.remove("schemaVersion")),
                "vx.snn: network.json has no \"schemaVersion\"");
    }

    @Test
    void refusesTruncatedFile() throws IOException {
        Path good = tmp.resolve("good.snn");
        SnnFile.write(network(lambdas()), good);
        byte[] bytes = Files.readAllBytes(good);
        Path cut = Files.write(tmp.resolve("cut.snn"), Arrays.copyOf(bytes, bytes.length / 2));
        assertRefused(cut, "cut.snn: is truncated or damaged");
    }

    @Test
    void refusesCorruptedEntryData() throws IOException {
        Path good = tmp.resolve("good.snn");
        SnnFile.write(network(lambdas()), good);
        byte[] bytes = Files.readAllBytes(good);
        String name = "arrays/b/input1/weights.bin";
        long compressed;
        try (ZipFile zip = new ZipFile(good.toFile())) {
            compressed = zip.getEntry(name).getCompressedSize();
        }
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        int data = -1;
        for (int i = 0; i + 30 < bytes.length && data < 0; i++) {
            if (b.getInt(i) == 0x04034b50) {
                int nameLength = b.getShort(i + 26);
                if (name.equals(new String(bytes, i + 30, nameLength, StandardCharsets.UTF_8))) {
                    data = i + 30 + nameLength + b.getShort(i + 28);
                }
            }
        }
        assertTrue(data > 0);
        bytes[data + (int) compressed / 2] ^= 0x5a;
        Path bad = Files.write(tmp.resolve("flipped.snn"), bytes);
        SpkerasException e = assertThrows(SpkerasException.class, () -> SnnFile.read(bad));
        assertTrue(e.getMessage().startsWith("flipped.snn: ") && e.getMessage().contains(name), e.getMessage());
    }

    @Test
    void refusesLengthThatDisagreesWithTheBinaryEntry() throws IOException {
        Path file = rewriteJson("edited.snn", root -> weightsRef(root).addProperty("length", 5));
        assertRefused(file, "edited.snn: arrays/b/input0/weights.bin holds 48 bytes, but network.json declares 5 int64 values (40 bytes)");
        Path huge = rewriteJson("huge.snn", root -> weightsRef(root).addProperty("length", 1L << 40));
        assertRefused(huge, "huge.snn: network.json, stage 'b', input 0 (from 'pool'), weights: declares 1099511627776 values");
        Path negative = rewriteJson("negative.snn", root -> weightsRef(root).addProperty("length", -1));
        assertRefused(negative, "negative.snn: network.json, stage 'b', input 0 (from 'pool'), weights: declares -1 values");
        Path type = rewriteJson("type.snn", root -> weightsRef(root).addProperty("dtype", "float64"));
        assertRefused(type, "type.snn: network.json, stage 'b', input 0 (from 'pool'), weights: dtype is \"float64\", expected \"int64\"");
    }

    @Test
    void refusesArraysThatDoNotFitTheStage() throws IOException {
        Path bias = rewriteJson("bias.snn", root -> stage(root, 2).getAsJsonObject("bias").addProperty("length", 4));
        assertRefused(bias, "bias.snn: stage 'b': bias has 4 values, but shape (3) has 3 neurons (needs 3)");
        Path starts = rewriteJson("starts.snn", root -> stage(root, 1).getAsJsonObject("windowStart").addProperty("length", 2));
        assertRefused(starts, "starts.snn: stage 'pool': windowStart has 2 values, but shape (1, 1, 2) has 2 neurons (needs 3)");
        Path missing = rewrite("missing.snn", Map.of("arrays/a/threshold.bin", new byte[0]));
        assertRefused(missing, "missing.snn: arrays/a/threshold.bin holds 0 bytes, but network.json declares 2 int64 values");
        Path gone = rewriteJson("gone.snn", root -> stage(root, 0).getAsJsonObject("shift").addProperty("entry", "arrays/a/nothing.bin"));
        assertRefused(gone, "gone.snn: entry arrays/a/nothing.bin (stage 'a', shift) is missing");
        Path threshold = rewrite("threshold.snn", Map.of("arrays/out/threshold.bin", new byte[16]));
        assertRefused(threshold, "threshold.snn: stage 'out': thresholds must be > 0, found 0");
    }

    @Test
    void refusesSynapseTargetOutOfRange() throws IOException {
        // b's first input (from pool, 2 neurons) has one segment per source neuron, each covering all 3 targets
        Path file = rewrite("target.snn", Map.of("arrays/b/input0/target.bin", ints(0, 1)));
        assertRefused(file, "target.snn: stage 'b', input 0 (from 'pool'): segment 1 targets neurons 1..3, outside the stage's 3 neurons");
        Path offset = rewrite("offset.snn", Map.of("arrays/b/input1/weightOffset.bin", ints(0, 3, 6, 10)));
        assertRefused(offset, "offset.snn: stage 'b', input 1 (from 'in'): segment 3 reads weights 10..12, outside the 12 weights");
        Path starts = rewrite("starts.snn", Map.of("arrays/b/input0/segmentStart.bin", ints(0, 2, 1)));
        assertRefused(starts, "starts.snn: stage 'b', input 0 (from 'pool'): segmentStart decreases at source neuron 1 (2 then 1)");
    }

    @Test
    void refusesGateMemberOutOfRange() throws IOException {
        Path file = rewrite("member.snn", Map.of("arrays/pool/members.bin", ints(0, 2, 4, 6, 1, 3, 5, 8)));
        assertRefused(file, "member.snn: stage 'pool': member 7 is source neuron 8, outside the source 'a' with 8 neurons");
    }

    @Test
    void refusesBrokenStructure() throws IOException {
        assertRefused(rewriteJson("source.snn", root -> stage(root, 1).addProperty("source", "later")),
                "source.snn: network.json, stage 'pool': reads 'later', which is neither the input nor an earlier stage");
        assertRefused(rewriteJson("kind.snn", root -> stage(root, 1).addProperty("kind", "conv")),
                "kind.snn: network.json, stage 'pool': unknown kind \"conv\"");
        assertRefused(rewriteJson("reset.snn", root -> stage(root, 0).getAsJsonObject("model").addProperty("reset", "HALF")),
                "reset.snn: network.json, stage 'a', model: \"reset\" is \"HALF\", expected one of [SUBTRACT, ZERO]");
        assertRefused(rewriteJson("shape.snn", root -> stage(root, 2).add("shape", JsonParser.parseString("[2.5]"))),
                "shape.snn: network.json, stage 'b' \"shape\": expected an integer");
        assertRefused(rewriteJson("last.snn", root -> root.getAsJsonArray("stages").remove(3)),
                "last.snn: the network: the last stage must be the non-spiking output accumulator");
        assertRefused(rewriteJson("scale.snn", root -> root.getAsJsonObject("input").addProperty("scale", -1)),
                "scale.snn: input 'in': input scale λ0 must be from 2^-40 to 2^40, found -1.0");
        assertRefused(rewriteJson("prov.snn", root -> root.remove("provenance")),
                "prov.snn: network.json, the top level: \"provenance\" is missing");
    }

    // ------------------------------------------------------------------------------------------ helpers

    /** A real conversion (bundled LeNet, 50 MNIST calibration images, burst and LIPooling) survives a round trip. */
    @Test
    void convertedLenetRoundTripsLosslessly() {
        org.spkeras.model.Network ann = org.spkeras.keras.KerasModelReader.read(Path.of("keras-fixtures/real/lenet5_98.96.h5"));
        org.spkeras.data.NdArray x = org.spkeras.data.Npz.read(Path.of("keras-fixtures/data/mnist/x_norm.npz")).get("arr_0");
        org.spkeras.convert.ConversionOptions d = org.spkeras.convert.ConversionOptions.ECC;
        org.spkeras.convert.ConversionOptions o = d.toBuilder().norm(org.spkeras.convert.ConversionOptions.Norm.PERCENTILE)
                .perChannel(true).shiftSteps(16).burst(2).maxPool(org.spkeras.convert.ConversionOptions.MaxPool.LIPOOL)
                .calibrationSamples(50).build();
        SpikingNetwork net = org.spkeras.convert.Converter.convert(ann, o,
                new org.spkeras.testing.ArrayCalibration(x, ann, "mnist first 50", 50), "abc").network();
        Path file = tmp.resolve("lenet.snn");
        SnnFile.write(net, file);
        assertSameNetwork(net, SnnFile.read(file));
    }

    /** Potential calibration stores one initial potential per neuron; the file keeps them (bundled LeNet, 20 MNIST images). */
    @Test
    void perNeuronInitialPotentialsRoundTrip() {
        org.spkeras.model.Network ann = org.spkeras.keras.KerasModelReader.read(Path.of("keras-fixtures/real/lenet5_98.96.h5"));
        org.spkeras.data.NdArray x = org.spkeras.data.Npz.read(Path.of("keras-fixtures/data/mnist/x_norm.npz")).get("arr_0");
        org.spkeras.testing.ArrayCalibration data = new org.spkeras.testing.ArrayCalibration(x, ann, "mnist first 20", 20);
        org.spkeras.convert.ConversionOptions d = org.spkeras.convert.ConversionOptions.ECC;
        org.spkeras.convert.ConversionOptions o = d.toBuilder().calibrationSamples(20).calibrate(false, true)
                .calibrationSteps(8).spikeCalibrationSamples(20).build();
        SpikingNetwork net = org.spkeras.calibrate.SpikeCalibration.apply(
                org.spkeras.convert.Converter.convert(ann, o, data, "abc"), data, o).network();
        Stage.Neurons first = (Stage.Neurons) net.stages().get(0);
        assertEquals(first.size(), first.initialPotential().length);
        Path file = tmp.resolve("lenet-cal.snn");
        SnnFile.write(net, file);
        assertSameNetwork(net, SnnFile.read(file));
    }

    private static void assertSameNetwork(SpikingNetwork expected, SpikingNetwork actual) {
        assertEquals(expected.input(), actual.input());
        Provenance ep = expected.provenance();
        Provenance ap = actual.provenance();
        assertEquals(ep.sourceFile(), ap.sourceFile());
        assertEquals(ep.sourceSha256(), ap.sourceSha256());
        assertEquals(ep.toolVersion(), ap.toolVersion());
        assertEquals(ep.options(), ap.options());
        assertEquals(ep.calibrationData(), ap.calibrationData());
        assertEquals(ep.calibrationSamples(), ap.calibrationSamples());
        assertEquals(Double.doubleToRawLongBits(ep.inputLambda()), Double.doubleToRawLongBits(ap.inputLambda()));
        assertEquals(ep.lambdas().keySet(), ap.lambdas().keySet());
        for (String k : ep.lambdas().keySet()) {
            double[] e = ep.lambdas().get(k);
            double[] a = ap.lambdas().get(k);
            assertEquals(e.length, a.length, k);
            for (int i = 0; i < e.length; i++) {
                assertEquals(Double.doubleToRawLongBits(e[i]), Double.doubleToRawLongBits(a[i]), "λ " + k + "[" + i + "]");
            }
        }
        assertEquals(expected.stages().size(), actual.stages().size());
        for (int i = 0; i < expected.stages().size(); i++) {
            Stage e = expected.stages().get(i);
            Stage a = actual.stages().get(i);
            assertEquals(e.getClass(), a.getClass());
            assertEquals(e.name(), a.name());
            assertEquals(e.shape(), a.shape());
            if (e instanceof Stage.Neurons en) {
                Stage.Neurons an = (Stage.Neurons) a;
                assertEquals(en.model(), an.model());
                assertArrayEquals(en.bias(), an.bias());
                assertArrayEquals(en.shift(), an.shift());
                assertArrayEquals(en.threshold(), an.threshold());
                assertArrayEquals(en.initialPotential(), an.initialPotential());
                assertEquals(en.inputs().size(), an.inputs().size());
                for (int k = 0; k < en.inputs().size(); k++) {
                    Synapses es = en.inputs().get(k);
                    Synapses as = an.inputs().get(k);
                    assertEquals(es.source(), as.source());
                    assertArrayEquals(es.segmentStart(), as.segmentStart());
                    assertArrayEquals(es.target(), as.target());
                    assertArrayEquals(es.length(), as.length());
                    assertArrayEquals(es.weightOffset(), as.weightOffset());
                    assertArrayEquals(es.weights(), as.weights());
                }
            } else {
                Stage.MaxPoolGate eg = (Stage.MaxPoolGate) e;
                Stage.MaxPoolGate ag = assertInstanceOf(Stage.MaxPoolGate.class, a);
                assertEquals(eg.source(), ag.source());
                assertEquals(eg.kind(), ag.kind());
                assertArrayEquals(eg.windowStart(), ag.windowStart());
                assertArrayEquals(eg.members(), ag.members());
            }
        }
    }

    private static void assertRefused(Path file, String expected) {
        assertRefused(assertThrows(SpkerasException.class, () -> SnnFile.read(file)), expected);
    }

    private static void assertRefused(SpkerasException e, String expected) {
        assertTrue(e.getMessage().contains(expected), "expected '" + expected + "' in: " + e.getMessage());
        assertTrue(e.getMessage().startsWith(expected.substring(0, expected.indexOf(':') + 1)), e.getMessage());
        assertTrue(!e.getMessage().contains("\n"), "one line: " + e.getMessage());
    }

    private static List<Path> list(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().toList();
        }
    }

    private static byte[] ints(int... values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        b.asIntBuffer().put(values);
        return b.array();
    }

    private static JsonObject stage(JsonObject root, int i) {
        return root.getAsJsonArray("stages").get(i).getAsJsonObject();
    }

    private static JsonObject weightsRef(JsonObject root) {
        return stage(root, 2).getAsJsonArray("inputs").get(0).getAsJsonObject().getAsJsonObject("weights");
    }

    /** Every entry of a zip, in order: network.json as a String, the rest as bytes. */
    private static Map<String, Object> entries(Path file) throws IOException {
        Map<String, Object> m = new LinkedHashMap<>();
        try (ZipFile zip = new ZipFile(file.toFile())) {
            for (ZipEntry e : zip.stream().toList()) {
                try (InputStream in = zip.getInputStream(e)) {
                    byte[] b = in.readAllBytes();
                    m.put(e.getName(), e.getName().equals("network.json") ? new String(b, StandardCharsets.UTF_8) : b);
                }
            }
        }
        return m;
    }

    /** A good network written, then rewritten as {@code name} with some entries replaced. */
    private Path rewrite(String name, Map<String, byte[]> replace) throws IOException {
        Path good = tmp.resolve("source-" + name);
        SnnFile.write(network(lambdas()), good);
        Map<String, Object> entries = entries(good);
        Path out = tmp.resolve(name);
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(out))) {
            for (Map.Entry<String, Object> e : entries.entrySet()) {
                zip.putNextEntry(new ZipEntry(e.getKey()));
                Object v = replace.containsKey(e.getKey()) ? replace.get(e.getKey()) : e.getValue();
                zip.write(v instanceof String s ? s.getBytes(StandardCharsets.UTF_8) : (byte[]) v);
                zip.closeEntry();
            }
        }
        return out;
    }

    private Path rewriteJson(String name, java.util.function.Consumer<JsonObject> edit) throws IOException {
        Path good = tmp.resolve("json-" + name);
        SnnFile.write(network(lambdas()), good);
        JsonObject root = JsonParser.parseString((String) entries(good).get("network.json")).getAsJsonObject();
        edit.accept(root);
        return rewrite(name, Map.of("network.json", root.toString().getBytes(StandardCharsets.UTF_8)));
    }
}
