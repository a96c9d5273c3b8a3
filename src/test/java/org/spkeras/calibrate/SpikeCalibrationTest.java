package org.spkeras.calibrate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.spkeras.convert.Conversion;
import org.spkeras.convert.ConversionOptions;
import org.spkeras.convert.Converter;
import org.spkeras.data.NdArray;
import org.spkeras.data.Npz;
import org.spkeras.keras.KerasModelReader;
import org.spkeras.model.Network;
import org.spkeras.snn.Stage;
import org.spkeras.testing.ArrayCalibration;

/** Calibration on the bundled LeNet and the first 64 MNIST images. */
class SpikeCalibrationTest {
    private static final int STEPS = 32;

    private static ConversionOptions options(boolean bias, boolean potential) {
        return ConversionOptions.ECC.toBuilder().calibrationSamples(64).calibrate(bias, potential)
                .calibrationSteps(STEPS).build();
    }

    private static Network lenet() {
        return KerasModelReader.read(Path.of("keras-fixtures/real/lenet5_98.96.h5"));
    }

    private static ArrayCalibration mnist(Network ann, int samples) {
        NdArray x = Npz.read(Path.of("keras-fixtures/data/mnist/x_norm.npz")).get("arr_0");
        return new ArrayCalibration(x, ann, "mnist first " + samples, samples);
    }

    private static double total(double[] errors) {
        double sum = 0;
        for (double e : errors) {
            sum += Math.abs(e);
        }
        return sum;
    }

    @Test
    void biasCalibrationReducesEveryStagesRateErrorOnTheCalibrationData() {
        Network ann = lenet();
        ArrayCalibration data = mnist(ann, 64);
        Conversion plain = Converter.convert(ann, options(false, false), data, "0");
        Conversion calibrated = SpikeCalibration.apply(plain, data, options(true, false));
        for (int s = 0; s < plain.network().stages().size(); s++) {
            if (!(plain.network().stages().get(s) instanceof Stage.Neurons n) || !n.spiking()) {
                continue;
            }
            double before = total(SpikeCalibration.channelRateErrors(plain.network(), ann, s, data, 64, STEPS));
            double after = total(SpikeCalibration.channelRateErrors(calibrated.network(), plain.convertedAnn(), s, data, 64, STEPS));
            assertTrue(after < before, n.name() + ": rate error " + before + " -> " + after);
            assertNotEquals(((Stage.Neurons) plain.network().stages().get(s)).bias()[0],
                    ((Stage.Neurons) calibrated.network().stages().get(s)).bias()[0], n.name() + " bias changed");
        }
    }

    @Test
    void potentialCalibrationSetsPerNeuronPotentialsAndReducesEveryStagesRateError() {
        Network ann = lenet();
        ArrayCalibration data = mnist(ann, 64);
        Conversion plain = Converter.convert(ann, options(false, false), data, "0");
        Conversion calibrated = SpikeCalibration.apply(plain, data, options(false, true));
        for (int s = 0; s < plain.network().stages().size(); s++) {
            if (!(plain.network().stages().get(s) instanceof Stage.Neurons n) || !n.spiking()) {
                continue;
            }
            Stage.Neurons after = (Stage.Neurons) calibrated.network().stages().get(s);
            assertEquals(n.size(), after.initialPotential().length, n.name() + ": one initial potential per neuron");
            assertArrayEquals(n.bias(), after.bias(), n.name() + ": biases untouched");
            double errorBefore = total(SpikeCalibration.neuronRateErrors(plain.network(), ann, s, data, 64, STEPS));
            double errorAfter = total(SpikeCalibration.neuronRateErrors(calibrated.network(), ann, s, data, 64, STEPS));
            assertTrue(errorAfter < errorBefore, n.name() + ": rate error " + errorBefore + " -> " + errorAfter);
        }
    }

    @Test
    void withoutCalibrationOptionsTheNetworkIsUntouched() {
        Network ann = lenet();
        ArrayCalibration data = mnist(ann, 16);
        Conversion plain = Converter.convert(ann, options(false, false), data, "0");
        assertSame(plain, SpikeCalibration.apply(plain, data, options(false, false)));
    }
}
