package org.spkeras.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.spkeras.testing.CliRun.run;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spkeras.testing.CliRun;
import org.spkeras.testing.RealCheckpoints;

/**
 * Issue 19's drift between the commands, each reproduced on old main (cd88cd1): every command now runs one pipeline
 * job, and the options without effect on an input are found from the declared options. Fixtures: the bundled LeNet
 * (keras-fixtures/real/), converted once on 60 MNIST images; the SavedModel of ../shared/real-checkpoints/.
 */
class CommandDriftTest {
    private static final String LENET = "keras-fixtures/real/lenet5_98.96.h5";
    private static final String[] QUICK = {"--calibration", "mnist", "--calibration-samples", "60", "--calibrate", "none",
            "--neuron", "if", "--maxpool", "avg"};

    @TempDir
    static Path dir;

    private static Path snn;
    private static Path nir;

    @BeforeAll
    static void convertOnce() {
        snn = dir.resolve("y.snn");
        run(concat(new String[] {"import", LENET, "-o", snn.toString()}, QUICK)).ok();
        nir = dir.resolve("y.nir");
        run("export", snn.toString(), "-o", nir.toString()).ok();
    }

    private static String[] concat(String[] head, String[] tail) {
        String[] all = new String[head.length + tail.length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(tail, 0, all, head.length, tail.length);
        return all;
    }

    /** Old main: export read models with KerasModelReader and refused the SavedModel folders import accepts. */
    @Test
    void exportReadsEveryModelFormatImportReads() {
        String saved = RealCheckpoints.file("savedmodel/th368_cnn_mnist_tf26").toString();
        Path out = dir.resolve("saved.nir");
        CliRun r = run(concat(new String[] {"export", saved, "-o", out.toString()}, QUICK));
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(Files.isRegularFile(out), r.out());
    }

    /** Old main: {@code export y.snn -o y.snn} replaced its own input with the NIR file, exit 0. */
    @Test
    void exportRefusesToOverwriteItsInput() throws Exception {
        byte[] before = Files.readAllBytes(snn);
        run("export", snn.toString(), "-o", snn.toString()).refused("the output", "is the .snn input");
        assertArrayEquals(before, Files.readAllBytes(snn));
    }

    /** Old main: --checkpoint (missing from a hand list) was accepted silently on a .snn. */
    @Test
    void inspectOfASnnRefusesEveryModelReadingOption() {
        run("inspect", snn.toString(), "--checkpoint", "cp-1").refused("is already converted", "--checkpoint has no effect");
        run("inspect", snn.toString(), "--theano-kernels").refused("--theano-kernels has no effect");
        run("inspect", snn.toString(), "--json").ok();
    }

    /** Old main: --json was ignored on a .nir (text printed, exit 0). */
    @Test
    void inspectOfNirRefusesJson() {
        run("inspect", nir.toString(), "--json").refused("--json has no effect");
        run("inspect", nir.toString(), "--norm", "max").refused("--norm has no effect");
    }

    /** Old main: export of a .snn ignored every conversion and data option. */
    @Test
    void exportOfASnnRefusesConversionAndDataOptions() {
        run("export", snn.toString(), "--norm", "max", "--scale", "1/255", "-o", dir.resolve("z.nir").toString())
                .refused("is already converted", "--norm, --scale have no effect");
    }

    /** Old main: evaluate MODEL converted on the fly and printed neither the stage table nor the approximations. */
    @Test
    void evaluateOfAModelDescribesTheConversionLikeImport() throws Exception {
        CliRun r = run(concat(new String[] {"evaluate", LENET, "--data", "mnist", "--limit", "10", "-T", "4",
                "--report", dir.resolve("e.json").toString()}, QUICK));
        assertEquals(0, r.exitCode(), r.err());
        CliRun imported = run(concat(new String[] {"import", LENET, "-o", dir.resolve("again.snn").toString()}, QUICK));
        for (String line : new String[] {"stage", "approximations:", "max pooling replaced by average pooling"}) {
            assertTrue(r.out().contains(line), line + " in " + r.out());
            assertTrue(imported.out().contains(line), line + " in " + imported.out());
        }
        String report = Files.readString(dir.resolve("e.json"));
        assertTrue(report.contains("\"approximations\": [") && report.contains("max pooling replaced by average pooling"),
                report);
    }

    /** Old main: a .snn did not keep its approximations, so inspect could not show them (text or JSON). */
    @Test
    void aSnnCarriesItsApproximationsIntoInspectTextAndJson() {
        CliRun text = run("inspect", snn.toString());
        text.ok();
        assertTrue(text.out().contains("approximations:\n  - max pooling replaced by average pooling"), text.out());
        CliRun json = run("inspect", snn.toString(), "--json");
        json.ok();
        assertTrue(json.out().contains("\"approximations\": [\n    \"max pooling replaced by average pooling"), json.out());
    }

    /** Old main: the options line said calibration-samples=60 where only 40 samples were there to use. */
    @Test
    void theOptionsLineSaysHowManyCalibrationSamplesWereUsed() {
        CliRun r = run(concat(new String[] {"import", LENET, "-o", dir.resolve("forty.snn").toString(),
                "--calibration-range", "0:40"}, QUICK));
        r.ok();
        assertTrue(r.out().contains("calibration-samples=40 ") && !r.out().contains("calibration-samples=60"), r.out());
        assertTrue(r.out().contains("(40 samples used)"), r.out());
    }

    /** Old main: inspect said "integrate-and-fire neurons" and "max pooling by gating" whatever the options. */
    @Test
    void inspectDescribesTheNeuronsAndPoolingTheOptionsGive() {
        CliRun defaults = run("inspect", LENET);
        defaults.ok();
        assertTrue(defaults.out().contains("burst neurons (up to 5 spikes per step, --neuron burst:5)")
                && defaults.out().contains("max pooling by LIPooling"), defaults.out());
        CliRun chosen = run("inspect", LENET, "--neuron", "if", "--maxpool", "gate");
        chosen.ok();
        assertTrue(chosen.out().contains("convolution, integrate-and-fire neurons")
                && chosen.out().contains("max pooling by gating on accumulated spike counts (--maxpool gate)"), chosen.out());
    }
}
