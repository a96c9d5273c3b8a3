package org.spkeras.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.spkeras.testing.CliRun.run;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.Arrays;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spkeras.fuzz.SeedFiles;
import org.spkeras.testing.CliRun;
import org.spkeras.testing.RealCheckpoints;

/**
 * Regression tests of issue 25 ("trust, round three"), named after its cases (case01 … case10): each reproduces the
 * reported input and checks the clean refusal (exit 2, one line naming the file, nothing destroyed). Fixtures:
 * keras-fixtures/seq_cnn.h5 (12×12×3 → 10 classes) with 16 random labelled samples (SeedFiles, seed 3).
 * Device nodes are private ones made with mknod in a temporary folder, never the machine's own /dev entries.
 */
class TrustRoundThreeTest {
    @TempDir
    static Path dir;
    static Path model;
    static Path data;
    static Path snn;

    static final String[] FAST = {"--calibration-samples", "8", "--calibrate", "none"};
    static final String[] EVAL = {"--limit", "4", "-T", "4", "--threads", "1", "-q"};

    static String s(Path p) {
        return p.toString();
    }

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

    /** A private device node (or FIFO) made with mknod, or null where mknod is refused (not root). */
    static Path node(String name, String... mknod) throws IOException, InterruptedException {
        Path p = dir.resolve(name);
        List<String> cmd = new ArrayList<>(List.of("mknod", s(p)));
        cmd.addAll(List.of(mknod));
        Process proc = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        proc.getInputStream().readAllBytes();
        return proc.waitFor() == 0 && Files.exists(p) ? p : null;
    }

    @Test
    void case01_exportRefusesToWriteOverItsInputs() throws IOException {
        byte[] snnBefore = Files.readAllBytes(snn);
        Files.createDirectories(dir.resolve("sub"));
        run("export", s(snn), "-o", s(snn)).refused(s(snn), "the .snn input", "choose another output path");
        run("export", s(snn), "-o", s(dir.resolve("sub/../seq_cnn.snn"))).refused("the .snn input", "the same file");
        Path link = Files.createSymbolicLink(dir.resolve("link.nir"), snn);
        run("export", s(snn), "-o", s(link)).refused("the .snn input");
        Path hard = Files.createLink(dir.resolve("hard.nir"), snn);
        run("export", s(snn), "-o", s(hard)).refused("the .snn input");
        assertArrayEquals(snnBefore, Files.readAllBytes(snn));

        byte[] modelBefore = Files.readAllBytes(model);
        byte[] dataBefore = Files.readAllBytes(data);
        run(args(new String[] {"export", s(model), "--neuron", "if", "--maxpool", "avg", "--calibration", s(data), "-o",
                s(model)}, FAST)).refused("the model");
        run(args(new String[] {"export", s(model), "--neuron", "if", "--maxpool", "avg", "--calibration", s(data), "-o",
                s(data)}, FAST)).refused("the calibration data");
        assertArrayEquals(modelBefore, Files.readAllBytes(model));
        assertArrayEquals(dataBefore, Files.readAllBytes(data));
    }

    @Test
    void case02_deviceNodesAndFifosAreNeverReplacedByAnOutput() throws IOException, InterruptedException {
        Path nul = node("null-node", "c", "1", "3");
        Path fifo = node("fifo-node", "p");
        assumeTrue(nul != null || fifo != null, "mknod is refused here (not root)");
        for (Path target : new Path[] {nul, fifo}) {
            if (target == null) {
                continue;
            }
            String words = target == nul ? "a character device" : "a FIFO (named pipe)";
            run(args(new String[] {"import", s(model), "--calibration", s(data), "-o", s(target)}, FAST))
                    .refused(s(target), words, "not a regular file");
            run("export", s(snn), "-o", s(target)).refused(s(target), words);
            run(args(new String[] {"evaluate", s(snn), "--ann", s(model), "--data", s(data), "--report", s(target)},
                    EVAL)).refused(s(target), words);
            run(args(new String[] {"evaluate", s(snn), "--ann", s(model), "--data", s(data), "--report",
                    s(dir.resolve("dev-r.json")), "--predictions", s(target)}, EVAL)).refused(s(target), words);
            assertTrue(Files.exists(target) && !Files.isRegularFile(target), "the node is still there");
        }
        try (var files = Files.list(dir)) {
            assertTrue(files.noneMatch(p -> p.getFileName().toString().startsWith("dev-r")), "nothing written");
        }
    }

    @Test
    void case08_longOutputNamesWorkUpToTheLimitAndAreRefusedPastIt() throws IOException {
        String name = "n".repeat(240) + ".snn";
        Path out = dir.resolve(name);
        run(args(new String[] {"import", s(model), "--calibration", s(data), "-o", s(out)}, FAST)).ok();
        assertTrue(Files.size(out) > 0);
        Path tooLong = dir.resolve("n".repeat(252) + ".snn");
        run(args(new String[] {"import", s(model), "--calibration", s(data), "-o", s(tooLong)}, FAST))
                .refused("256 bytes", "at most 255");
        try (var files = Files.list(dir)) {
            assertFalse(files.anyMatch(p -> p.getFileName().toString().endsWith(".tmp")));
        }
    }

    /**
     * An HDF5 data file whose 'x' (12×12×3 float32, chunked and compressed, no chunk written) and 'y' declare
     * 2^31 + 5 samples; made by h5py: {@code f.create_dataset('x', shape=(2**31 + 5, 12, 12, 3), dtype='f4',
     * chunks=(1, 12, 12, 3), compression='gzip')}, 'y' likewise with shape (2**31 + 5,), dtype 'i8', chunks (1024,).
     */
    static final Path HUGE = Path.of("src/test/resources/fuzz-regressions/huge-dimension.h5");

    @Test
    void case03_hugeHdf5DimensionAndDeepModelsAreRefusedOrReadWithoutAStackTrace() throws IOException {
        Path huge = HUGE;
        run(args(new String[] {"evaluate", s(snn), "--ann", s(model), "--data", s(huge), "--report",
                s(dir.resolve("h.json"))}, EVAL)).refused("huge-dimension.h5 'x'", "above 2^31-1");
        run(args(new String[] {"import", s(model), "--calibration", s(huge), "-o", s(dir.resolve("h.snn"))}, FAST))
                .refused("huge-dimension.h5 'x'", "above 2^31-1");

        // A Sequential model of 4,000 Dropout layers before its first Dense: read and converted without recursion.
        JsonObject arch = JsonParser.parseString(Files.readString(Path.of("keras-fixtures/weights_only.json")))
                .getAsJsonObject();
        JsonArray layers = arch.getAsJsonObject("config").getAsJsonArray("layers");
        JsonArray deep = new JsonArray();
        for (int i = 0; i < layers.size(); i++) {
            if (i == 4) {
                for (int k = 0; k < 4000; k++) {
                    deep.add(JsonParser.parseString("{\"class_name\": \"Dropout\", \"config\": {\"name\": \"drop" + k
                            + "\", \"rate\": 0.1}}"));
                }
            }
            deep.add(layers.get(i));
        }
        arch.getAsJsonObject("config").add("layers", deep);
        Path json = Files.writeString(dir.resolve("deep.json"), arch.toString());
        Path weights = Path.of("keras-fixtures/weights_only.h5");
        CliRun inspect = run("inspect", s(weights), "--architecture", s(json));
        inspect.ok();
        assertTrue(inspect.out().contains("drop3999"), inspect.out());
        Path cal = Files.write(dir.resolve("cal8.npz"), SeedFiles.npz(SeedFiles.Data.random(5, 8, 8, 8, 1), false));
        run(args(new String[] {"import", s(weights), "--architecture", s(json), "--calibration", s(cal), "-o",
                s(dir.resolve("deep.snn"))}, FAST)).ok();
    }

    @Test
    void case04_configAndReferenceThatAreDevicesOrFifosAreRefusedWithoutReading() throws Exception {
        Path zero = node("zero-node", "c", "1", "5");
        Path fifo = node("fifo-config", "p");
        assumeTrue(zero != null || fifo != null, "mknod is refused here (not root)");
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            for (Path p : new Path[] {zero, fifo}) {
                if (p == null) {
                    continue;
                }
                String words = p == zero ? "a character device" : "a FIFO (named pipe)";
                run(args(new String[] {"import", s(model), "--config", s(p), "--calibration", s(data), "-o",
                        s(dir.resolve("c.snn"))}, FAST)).refused(p.getFileName().toString(), "--config", words);
                run("verify", s(model), "--reference", s(p)).refused(p.getFileName().toString(), "reference", words);
            }
        });
        Path big = Files.write(dir.resolve("big.json"), new byte[(1 << 20) + 1]);
        run(args(new String[] {"import", s(model), "--config", s(big), "--calibration", s(data), "-o",
                s(dir.resolve("c.snn"))}, FAST)).refused("big.json", "1048577 bytes");
    }

    @Test
    void case07_messagesNameWhatWasFound() throws IOException {
        Path loop = dir.resolve("loop.h5");
        Files.createSymbolicLink(loop, loop.getFileName());
        run("inspect", s(loop)).refused("loop.h5", "symbolic link loop");

        byte[] keras = Files.readAllBytes(Path.of("keras-fixtures/keras3_zip.keras"));
        int end = lastIndexOf(keras, new byte[] {'P', 'K', 5, 6});
        byte[] comment = Arrays.copyOf(keras, end + 22 + 100);
        comment[end + 20] = (byte) 0xff;
        comment[end + 21] = (byte) 0xff;
        Arrays.fill(comment, end + 22, comment.length, (byte) 'c');
        Path commented = Files.write(dir.resolve("comment.keras"), comment);
        run("inspect", s(commented)).refused("comment.keras", "zip comment of 65535 bytes, but 100 follow");

        Path folder = Files.createDirectories(dir.resolve("ckpt-binary"));
        Files.write(folder.resolve("checkpoint"), new byte[] {0, (byte) 0xff, (byte) 0xfe, 'x'});
        Files.write(folder.resolve("a.index"), new byte[0]);
        run("inspect", s(folder)).refused("ckpt-binary", "checkpoint file that is not text");

        Path nir = dir.resolve("x.nir");
        Path ifSnn = dir.resolve("if.snn");
        run(args(new String[] {"import", s(model), "--calibration", s(data), "--neuron", "if", "--maxpool", "avg", "-o",
                s(ifSnn)}, FAST)).ok();
        run("export", s(ifSnn), "-o", s(nir)).ok();
        run(args(new String[] {"evaluate", s(nir), "--ann", s(model), "--data", s(data)}, EVAL))
                .refused("x.nir", "is a NIR file");
    }

    static int lastIndexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = hay.length - needle.length; i >= 0; i--) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /** A copy of a real SavedModel (../shared, test-only) in a fresh folder, or a skip where it is absent. */
    static Path savedModelCopy(String name) throws IOException {
        Path source = RealCheckpoints.file("savedmodel/th368_cnn_mnist_tf26");
        Path copy = dir.resolve(name);
        try (var files = Files.walk(source)) {
            for (Path p : files.toList()) {
                Path to = copy.resolve(source.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(p, to);
                }
            }
        }
        return copy;
    }

    @Test
    void case07_checkpointPiecesAndKerasMetadataAreNamedForWhatTheyAre() throws Exception {
        Path saved = savedModelCopy("sm-pieces");
        Path shard = saved.resolve("variables/variables.data-00000-of-00001");
        Path keep = Files.move(shard, saved.resolve("shard.keep"));
        Files.createDirectory(shard);
        run("inspect", s(saved)).refused("variables.data-00000-of-00001", "is a directory");
        Files.delete(shard);
        Files.createSymbolicLink(shard, shard.getFileName());
        run("inspect", s(saved)).refused("variables.data-00000-of-00001", "symbolic link loop");
        Files.delete(shard);
        if (node("fifo-unused", "p") != null) {
            Files.delete(dir.resolve("fifo-unused"));
            new ProcessBuilder("mknod", s(shard), "p").start().waitFor();
            assertTimeoutPreemptively(Duration.ofSeconds(60),
                    () -> run("inspect", s(saved)).refused("variables.data-00000-of-00001", "FIFO"));
            Files.delete(shard);
        }
        Files.move(keep, shard);
        Path index = saved.resolve("variables/variables.index");
        Path keepIndex = Files.move(index, saved.resolve("index.keep"));
        Files.createDirectory(index);
        run("inspect", s(saved)).refused("variables.index is a directory");
        Files.delete(index);
        Files.move(keepIndex, index);

        Path metadata = saved.resolve("keras_metadata.pb");
        Files.write(metadata, new byte[0]);
        run("inspect", s(saved)).refused("keras_metadata.pb", "holds no Keras model", "empty");
        // field 1, length-delimited, declaring 2^62 bytes: the protobuf ends inside it, at byte 11
        Files.write(metadata, new byte[] {0x0a, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80,
            (byte) 0x80, (byte) 0x80, (byte) 0x80, 0x40, 'a', 'b', 'c'});
        run("inspect", s(saved)).refused("keras_metadata.pb", "is not a valid keras_metadata.pb", "at byte");
        byte[] nested = new byte[0];
        for (int k = 0; k < 100_000; k++) {
            nested = nest(nested);
        }
        Files.write(metadata, nested);
        run("inspect", s(saved)).refused("keras_metadata.pb", "holds no Keras model");
    }

    /** {@code inner} as field 1 (length-delimited) of a message. */
    static byte[] nest(byte[] inner) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(inner.length + 6);
        out.write(0x0a);
        long n = inner.length;
        while (n >= 0x80) {
            out.write((int) (n & 0x7f) | 0x80);
            n >>>= 7;
        }
        out.write((int) n);
        out.writeBytes(inner);
        return out.toByteArray();
    }

    @Test
    void case08_npzWhoseDirectoryOverstatesItsArraysIsRefusedBeforeAllocating() throws IOException {
        byte[] npz = SeedFiles.npz(SeedFiles.Data.random(3, 16, 12, 12, 3));
        int central = indexOf(npz, new byte[] {'P', 'K', 1, 2});
        assertTrue(central > 0, "a central directory entry");
        ByteBuffer.wrap(npz).order(ByteOrder.LITTLE_ENDIAN).putInt(central + 24, 0x7fff_fff0);
        Path bomb = Files.write(dir.resolve("bomb.npz"), npz);
        run(args(new String[] {"evaluate", s(snn), "--ann", s(model), "--data", s(bomb), "--report",
                s(dir.resolve("b.json"))}, EVAL)).refused("bomb.npz", "declares");
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

    /** The command line in a JVM of its own (as the launcher runs it), with stdout sent where {@code stdout} says. */
    static Process java(ProcessBuilder.Redirect stdout, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "--add-modules", "jdk.incubator.vector", "-cp", System.getProperty("java.class.path"),
                Main.class.getName()));
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).redirectOutput(stdout).start();
    }

    @Test
    void case06_stdoutWriteErrorsExit2WithAMessage() throws IOException, InterruptedException {
        Path full = node("full-node", "c", "1", "7");
        if (full != null) {
            Process p = java(ProcessBuilder.Redirect.to(full.toFile()), "inspect", s(model), "--json");
            String err = new String(p.getErrorStream().readAllBytes());
            assertEquals(2, p.waitFor(), err);
            assertTrue(err.contains("error: standard output could not be written"), err);
        }
        Process p = java(ProcessBuilder.Redirect.PIPE, "inspect", s(model));
        p.getInputStream().close();
        String err = new String(p.getErrorStream().readAllBytes());
        assertEquals(2, p.waitFor(), err);
        assertTrue(err.contains("error: standard output could not be written"), err);
    }

    static CliRun ok(CliRun r) {
        r.ok();
        return r;
    }
}
