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

    @Test
    void burstNeuronsAndSpikingMaxPoolingAreRefusedWithExitCode2() {
        Path nir = tmp.resolve("refused.nir");
        CliRun burst = run(args(new String[] {"export", LENET}, "--maxpool", "avg", "-o", nir.toString()));
        assertEquals(2, burst.exitCode(), burst.err());
        assertTrue(burst.err().contains("lenet5_98.96.h5: stage 'conv2d_1'") && burst.err().contains("--neuron if"),
                burst.err());
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
