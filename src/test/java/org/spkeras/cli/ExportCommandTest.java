package org.spkeras.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.spkeras.testing.CliRun.run;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spkeras.testing.CliRun;

/** The export command on the bundled LeNet (keras-fixtures/real/), and inspect on the file it writes. */
class ExportCommandTest {
    private static final String LENET = "keras-fixtures/real/lenet5_98.96.h5";
    private static final String[] QUICK = {"--calibration", "mnist", "--calibration-samples", "100", "--calibrate", "none"};

    @TempDir
    Path tmp;

    private static String[] args(String[] head, String... tail) {
        String[] all = new String[head.length + QUICK.length + tail.length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(QUICK, 0, all, head.length, QUICK.length);
        System.arraycopy(tail, 0, all, head.length + QUICK.length, tail.length);
        return all;
    }

    @Test
    void snnExportsToNirAndInspectDescribesIt() {
        Path snn = tmp.resolve("lenet.snn");
        CliRun imported = run(args(new String[] {"import", LENET}, "--neuron", "if", "--maxpool", "avg", "-o", snn.toString()));
        assertEquals(0, imported.exitCode(), imported.err());
        Path nir = tmp.resolve("lenet.nir");
        CliRun r = run("export", snn.toString(), "--format", "nir", "-o", nir.toString());
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().contains("NIR 1.0.7"), r.out());
        CliRun inspect = run("inspect", nir.toString());
        assertEquals(0, inspect.exitCode(), inspect.err());
        for (String s : new String[] {"NIR 1.0.7 NIRGraph", "conv2d_1.weights", "Conv2d", "IF", "Affine", "Flatten",
                "Output", "conv2d_1 -> "}) {
            assertTrue(inspect.out().contains(s), s + " in " + inspect.out());
        }
    }

    @Test
    void modelIsConvertedFirstWithTheConversionFlags() {
        Path nir = tmp.resolve("m.nir");
        CliRun r = run(args(new String[] {"export", LENET}, "--neuron", "if", "--maxpool", "avg", "-o", nir.toString()));
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(Files.isRegularFile(nir), "written: " + nir);
    }

    /** Export reads its calibration data with the data options too, e.g. a range of it. */
    @Test
    void calibrationRangeAppliesToTheCalibrationData() {
        Path nir = tmp.resolve("ranged.nir");
        CliRun r = run(args(new String[] {"export", LENET}, "--neuron", "if", "--maxpool", "avg", "--calibration-range",
                "500:530", "-o", nir.toString()));
        assertEquals(0, r.exitCode(), r.err());
        CliRun beyond = run(args(new String[] {"export", LENET}, "--neuron", "if", "--maxpool", "avg", "--calibration-range",
                "20000:", "-o", tmp.resolve("beyond.nir").toString()));
        beyond.refused("none from sample 20000 on");
    }

    /**
     * With the default options (burst neurons, LIPooling) every NIR problem is found before any conversion work
     * and listed in one refusal, even before the missing calibration data (it used to convert for a minute, refuse
     * the burst neurons, and after a rerun convert again and refuse LIPooling).
     */
    @Test
    void everyNirProblemIsRefusedAtOnceBeforeConverting() {
        Path nir = tmp.resolve("defaults.nir");
        CliRun r = run("export", LENET, "-o", nir.toString());
        assertEquals(2, r.exitCode(), r.err());
        assertTrue(r.err().contains("for 3 reasons"), r.err());
        assertTrue(r.err().contains("burst neurons") && r.err().contains("--neuron if"), r.err());
        assertTrue(r.err().contains("'max_pooling2d_1'") && r.err().contains("'max_pooling2d_2'")
                && r.err().contains("LIPooling") && r.err().contains("--maxpool avg"), r.err());
        assertFalse(r.err().contains("calibration"), "the options are refused before data is asked for: " + r.err());
        assertFalse(Files.exists(nir));
    }

    /** --maxpool avg over max pooling changes the function: export says so every time it converts so. */
    @Test
    void anApproximatingConversionIsAlwaysWarnedAbout() {
        CliRun r = run(args(new String[] {"export", LENET}, "--neuron", "if", "--maxpool", "avg", "-o",
                tmp.resolve("w.nir").toString()));
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.err().contains("warning: the exported network approximates the model")
                && r.err().contains("max pooling replaced by average pooling") && r.err().contains("--evaluate DATA"), r.err());
        Path snn = tmp.resolve("avg.snn");
        assertEquals(0, run(args(new String[] {"import", LENET}, "--neuron", "if", "--maxpool", "avg", "-o",
                snn.toString())).exitCode());
        CliRun fromSnn = run("export", snn.toString(), "-o", tmp.resolve("s.nir").toString());
        assertEquals(0, fromSnn.exitCode(), fromSnn.err());
        assertTrue(fromSnn.err().contains("warning: it was converted with --maxpool avg") && fromSnn.err().contains(
                "evaluate NET.snn --ann MODEL --data DATA"), fromSnn.err());
    }

    /** With --evaluate DATA the exported network is measured against the ANN, with intervals and the warning. */
    @Test
    void theExportedNetworkIsMeasuredAgainstTheAnnWhenDataIsGiven() {
        Path nir = tmp.resolve("measured.nir");
        CliRun r = run(args(new String[] {"export", LENET}, "--neuron", "if", "--maxpool", "avg", "--evaluate", "mnist",
                "--limit", "200", "-T", "8,32", "--threads", "2", "-o", nir.toString()));
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().contains("the exported network against the ANN:"), r.out());
        assertTrue(r.out().contains("ANN accuracy:") && r.out().contains("gap 95 % interval"), r.out());
        assertTrue(r.out().contains("warning: the exported network approximates the model"), r.out());
        assertTrue(Files.isRegularFile(tmp.resolve("measured-report.json")), r.out());
        CliRun snnEvaluate = run("export", tmp.resolve("none.snn").toString(), "--evaluate", "mnist");
        snnEvaluate.refused("evaluate none.snn --ann MODEL --data mnist");
        CliRun withoutData = run(args(new String[] {"export", LENET}, "--neuron", "if", "--maxpool", "avg", "-T", "8",
                "-o", nir.toString()));
        withoutData.refused("-T has no effect without --evaluate DATA");
    }

    @Test
    void burstNeuronsAndSpikingMaxPoolingAreRefusedWithExitCode2() {
        Path nir = tmp.resolve("refused.nir");
        CliRun burst = run(args(new String[] {"export", LENET}, "--maxpool", "avg", "-o", nir.toString()));
        assertEquals(2, burst.exitCode(), burst.err());
        assertTrue(burst.err().contains("lenet5_98.96.h5: every spiking stage has burst neurons")
                && burst.err().contains("--neuron if"), burst.err());
        CliRun lipool = run(args(new String[] {"export", LENET}, "--neuron", "if", "-o", nir.toString()));
        assertEquals(2, lipool.exitCode(), lipool.err());
        assertTrue(lipool.err().contains("stage 'max_pooling2d_1'") && lipool.err().contains("LIPooling")
                && lipool.err().contains("--maxpool avg"), lipool.err());
        assertFalse(Files.exists(nir), "nothing is written");
    }

    @Test
    void unknownFormatIsRefused() {
        CliRun r = run("export", LENET, "--format", "onnx", "-o", tmp.resolve("x.onnx").toString());
        assertEquals(2, r.exitCode());
        assertTrue(r.err().contains("--format onnx") && r.err().contains("nir"), r.err());
    }
}
