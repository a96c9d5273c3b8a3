package org.spkeras.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.spkeras.testing.CliRun.run;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spkeras.fuzz.SeedFiles;
import org.spkeras.io.FileKind;
import org.spkeras.testing.CliRun;

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
            FileKind kind = FileKind.of(target);
            String words = kind.words();
            run(args(new String[] {"import", s(model), "--calibration", s(data), "-o", s(target)}, FAST))
                    .refused(s(target), words, "not a regular file");
            run("export", s(snn), "-o", s(target)).refused(s(target), words);
            run(args(new String[] {"evaluate", s(snn), "--ann", s(model), "--data", s(data), "--report", s(target)},
                    EVAL)).refused(s(target), words);
            run(args(new String[] {"evaluate", s(snn), "--ann", s(model), "--data", s(data), "--report",
                    s(dir.resolve("dev-r.json")), "--predictions", s(target)}, EVAL)).refused(s(target), words);
            assertEquals(kind, FileKind.of(target), "the node is still there");
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
