package org.spkeras.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.spkeras.convert.ConversionOptions;
import org.spkeras.data.DataOptions;
import org.spkeras.keras.ModelFiles;
import org.spkeras.model.Network;
import org.spkeras.report.EvaluationReport;
import org.spkeras.sim.EngineKind;
import org.spkeras.sim.SimOptions;
import org.spkeras.snn.SpikingNetwork;

/**
 * The library pair {@code ModelConversion.convert(…, "mnist", …)} + {@code Evaluation.run(…, "mnist", …)} keeps the
 * evaluated samples clear of the calibration samples as the command line does, and warns where they overlap. On old
 * main (cd88cd1) it evaluated images 0..19 after calibrating on 0..59, without a word. Bundled LeNet and MNIST.
 */
class LibraryPairTest {
    private static final Path LENET = Path.of("keras-fixtures/real/lenet5_98.96.h5");
    private static final Evaluation.Settings ONE_STEP = new Evaluation.Settings(new int[] {4}, EngineKind.EVENT, 1,
            SimOptions.Encoding.ANALOG, 1, 0.9, 4.6);

    @Test
    void evaluationOnTheCalibrationSetSkipsTheCalibrationSamplesOrWarns() {
        Network ann = ModelFiles.read(LENET);
        ConversionOptions options = ConversionOptions.builder().calibrationSamples(60).calibrate(false, false).build();
        SpikingNetwork snn = ModelConversion.convert(ann, LENET, options, "mnist", DataOptions.DEFAULTS).network();
        assertEquals("mnist", snn.provenance().calibrationSource());
        assertEquals(0, snn.provenance().calibrationFirst());

        EvaluationReport after = Evaluation.run(ann, snn, "mnist", DataOptions.DEFAULTS.withLimit(20), ONE_STEP);
        assertTrue(after.data().contains("samples 60..79"), after.data());
        assertTrue(after.warnings().stream().noneMatch(w -> w.contains("same samples")), after.warnings().toString());

        EvaluationReport overlapping = Evaluation.run(ann, snn, "mnist", DataOptions.DEFAULTS.withFirst(50).withLimit(20),
                ONE_STEP);
        assertTrue(overlapping.data().contains("samples 50..69"), overlapping.data());
        assertTrue(overlapping.warnings().stream().anyMatch(w -> w.contains("calibration and evaluation use the same "
                + "samples of mnist")), overlapping.warnings().toString());
    }
}
