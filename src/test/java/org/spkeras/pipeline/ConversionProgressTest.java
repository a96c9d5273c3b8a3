package org.spkeras.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.spkeras.convert.ConversionOptions;
import org.spkeras.convert.ConversionProgress;
import org.spkeras.data.DataOptions;
import org.spkeras.keras.ModelFiles;
import org.spkeras.model.Network;

/**
 * Conversion and calibration report their progress, step k of n and every sample in it, so the console can show a
 * bar with the time left (issue 19: on old main cd88cd1 they printed nothing for a minute or more). Bundled LeNet-5,
 * 40 MNIST calibration samples, 20 of them simulated by the potential calibration.
 */
class ConversionProgressTest {
    @Test
    void everyLambdaPassAndCalibratedStageIsAStepWhoseSamplesAllArrive() {
        Network ann = ModelFiles.read(Path.of("keras-fixtures/real/lenet5_98.96.h5"));
        ConversionOptions options = ConversionOptions.builder().calibrationSamples(40).spikeCalibrationSamples(20).build();
        List<String> steps = new ArrayList<>();
        List<Integer> declared = new ArrayList<>();
        List<AtomicInteger> done = new ArrayList<>();
        ConversionProgress recorder = new ConversionProgress() {
            @Override
            public synchronized void step(String name, int k, int n, int samples) {
                steps.add(name + " " + k + "/" + n);
                declared.add(samples);
                done.add(new AtomicInteger());
            }

            @Override
            public void sampleDone() {
                done.get(done.size() - 1).incrementAndGet();
            }
        };
        ModelConversion.convert(ann, Path.of("keras-fixtures/real/lenet5_98.96.h5"), options, "mnist",
                DataOptions.DEFAULTS, recorder);
        assertEquals(List.of("measuring λ 1/3", "measuring λ 2/3", "measuring λ 3/3"), steps.subList(0, 3),
                "the default burst norm is a percentile: three passes");
        assertTrue(steps.size() > 3 && steps.get(3).startsWith("calibrating stage '") && steps.get(3).endsWith(" 1/"
                + (steps.size() - 3)), steps.toString());
        for (int i = 0; i < steps.size(); i++) {
            assertEquals(i < 3 ? 40 : 20, (int) declared.get(i), steps.get(i));
            assertEquals((int) declared.get(i), done.get(i).get(), steps.get(i) + ": every sample told");
        }
    }
}
