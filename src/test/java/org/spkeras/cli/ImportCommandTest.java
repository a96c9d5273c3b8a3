package org.spkeras.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.spkeras.testing.CliRun.run;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spkeras.convert.ConversionOptions;
import org.spkeras.convert.Converter;
import org.spkeras.snn.SnnFile;
import org.spkeras.snn.SpikingNetwork;
import org.spkeras.testing.CliRun;

/** The import command on the bundled LeNet (keras-fixtures/real/) and the seq_cnn fixture. */
class ImportCommandTest {
    private static final String LENET = "keras-fixtures/real/lenet5_98.96.h5";

    @TempDir
    Path tmp;

    @Test
    void lenetWithDefaultsWritesASnnFileDescribingEveryStage() {
        Path out = tmp.resolve("lenet.snn");
        CliRun r = run("import", LENET, "--calibration", "mnist", "--calibration-samples", "200", "-o", out.toString());
        assertEquals(0, r.exitCode(), r.err());
        SpikingNetwork snn = SnnFile.read(out);
        assertEquals(7, snn.stages().size());
        Map<String, String> expected = new LinkedHashMap<>(ConversionOptions.DEFAULTS.toMap());
        expected.put("calibration-samples", "200");
        assertEquals(expected, snn.provenance().options(), "no flags: the documented defaults reach the network");
        assertEquals(200, snn.provenance().calibrationSamples());
        for (String stage : new String[] {"conv2d_1", "max_pooling2d_1", "conv2d_3", "dense_1", "dense_2"}) {
            assertTrue(r.out().contains(stage), r.out());
        }
        assertTrue(r.out().contains("LIPooling"), "the summary names the max-pooling approximation: " + r.out());
        CliRun inspect = run("inspect", out.toString());
        assertEquals(0, inspect.exitCode(), inspect.err());
        assertTrue(inspect.out().contains("converted from lenet5_98.96.h5") && inspect.out().contains("conv2d_3"), inspect.out());
    }

    @Test
    void eccOptionsReachTheNetwork() {
        Path out = tmp.resolve("lenet-ecc.snn");
        CliRun r = run("import", LENET, "--calibration", "mnist", "--calibration-samples", "100", "--neuron", "burst:3",
                "--maxpool", "gate", "--norm", "max", "--calibrate", "none", "-o", out.toString());
        assertEquals(0, r.exitCode(), r.err());
        SpikingNetwork snn = SnnFile.read(out);
        assertEquals("burst:3", snn.provenance().options().get("neuron"));
        assertEquals("gate", snn.provenance().options().get("maxpool"));
        assertEquals("max", snn.provenance().options().get("norm"));
        assertEquals("none", snn.provenance().options().get("calibrate"));
        assertTrue(r.out().contains("gating"), r.out());
    }

    @Test
    void spikeCalibrationSimulatesItsOwnSampleCount() {
        Path out = tmp.resolve("lenet-cal.snn");
        CliRun r = run("import", LENET, "--calibration", "mnist", "--calibration-samples", "60", "--calibrate", "potential",
                "--spike-calibration-samples", "20", "--calibration-steps", "8", "-o", out.toString());
        assertEquals(0, r.exitCode(), r.err());
        SpikingNetwork snn = SnnFile.read(out);
        assertEquals("potential", snn.provenance().options().get("calibrate"));
        assertEquals("20", snn.provenance().options().get("spike-calibration-samples"));
        assertEquals("8", snn.provenance().options().get("calibration-steps"));
        assertTrue(r.out().contains("calibrated (initial potential) on 20 samples at T = 8"), r.out());
    }

    /** {@code --calibration-range}: λ is measured on those samples only, at most {@code --calibration-samples} of them. */
    @Test
    void calibrationRangeSelectsTheCalibrationSamples() {
        Path ranged = tmp.resolve("ranged.snn");
        CliRun r = run("import", LENET, "--calibration", "mnist", "--calibration-range", "300:340", "--calibrate", "none",
                "-o", ranged.toString());
        assertEquals(0, r.exitCode(), r.err());
        SpikingNetwork snn = SnnFile.read(ranged);
        assertEquals(40, snn.provenance().calibrationSamples());
        assertTrue(snn.provenance().calibrationData().endsWith("samples 300..339 (40 of 10000)"),
                snn.provenance().calibrationData());
        Path capped = tmp.resolve("capped.snn");
        assertEquals(0, run("import", LENET, "--calibration", "mnist", "--calibration-range", "300:", "--calibration-samples",
                "40", "--calibrate", "none", "-o", capped.toString()).exitCode());
        SpikingNetwork same = SnnFile.read(capped);
        assertEquals(snn.provenance().calibrationData(), same.provenance().calibrationData());
        for (String stage : snn.provenance().lambdas().keySet()) {
            assertTrue(java.util.Arrays.equals(snn.provenance().lambdas().get(stage), same.provenance().lambdas().get(stage)),
                    stage);
        }
    }

    @Test
    void configFileSetsOptionsAndFlagsWin() throws Exception {
        Path config = Files.writeString(tmp.resolve("conv.json"), "{\"theta\": 0, \"neuron\": \"burst:3\"}");
        Path out = tmp.resolve("cfg.snn");
        CliRun r = run("import", LENET, "--calibration", "mnist", "--calibration-samples", "50", "--config", config.toString(),
                "--neuron", "if", "-o", out.toString());
        assertEquals(0, r.exitCode(), r.err());
        SpikingNetwork snn = SnnFile.read(out);
        assertEquals("0.0", snn.provenance().options().get("theta"));
        assertEquals("if", snn.provenance().options().get("neuron"));
    }

    @Test
    void unknownConfigKeyIsRefused() throws Exception {
        Path config = Files.writeString(tmp.resolve("bad.json"), "{\"thetta\": 0.5}");
        CliRun r = run("import", LENET, "--calibration", "mnist", "--config", config.toString(), "-o", tmp.resolve("x.snn").toString());
        assertEquals(2, r.exitCode());
        assertTrue(r.err().contains("bad.json: unknown option 'thetta'"), r.err());
        assertFalse(Files.exists(tmp.resolve("x.snn")));
    }

    @Test
    void calibrationDataOfTheWrongShapeIsRefused() {
        CliRun r = run("import", "keras-fixtures/seq_cnn.h5", "--calibration", "mnist", "-o", tmp.resolve("x.snn").toString());
        assertEquals(2, r.exitCode());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().contains("x_norm.npz") && r.err().contains("the model expects (12, 12, 3)"), r.err());
    }

    @Test
    void corruptSnnFileIsRefusedByEvaluate() throws Exception {
        Path bad = Files.write(tmp.resolve("bad.snn"), new byte[] {'P', 'K', 3, 4, 1, 2, 3});
        CliRun r = run("evaluate", bad.toString(), "--ann", LENET, "--data", "mnist", "--limit", "5");
        assertEquals(2, r.exitCode());
        assertTrue(r.err().contains("bad.snn"), r.err());
    }

    @Test
    void badOptionValueExitsTwo() {
        CliRun r = run("import", LENET, "--calibration", "mnist", "--neuron", "burst:zero");
        assertEquals(2, r.exitCode());
        assertTrue(r.err().contains("neuron"), r.err());
    }

    @Test
    void importWithoutCalibrationDataSaysWhatToPass() {
        CliRun r = run("import", LENET);
        assertEquals(2, r.exitCode());
        assertTrue(r.err().contains("--calibration DATA"), r.err());
    }
}
