package org.spkeras.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.spkeras.convert.ConversionOptions;
import org.spkeras.convert.Converter;
import org.spkeras.data.NdArray;
import org.spkeras.data.Npz;
import org.spkeras.keras.KerasModelReader;
import org.spkeras.model.Network;
import org.spkeras.sim.NetworkIndex;
import org.spkeras.snn.SpikingNetwork;
import org.spkeras.snn.Stage;
import org.spkeras.testing.ArrayCalibration;

/**
 * Regression: a max-pool gate over burst neurons passes up to Γ spikes per step, so it is saturated only at Γ per
 * step; it used to be judged against 1, and the defaults' Fashion-MNIST VGG warned of saturated pooling stages
 * that were not.
 */
class SaturationCapTest {

    @Test
    void gatesOverBurstNeuronsOfLenetAreCappedAtTheirSourcesGamma() {
        Network ann = KerasModelReader.read(Path.of("keras-fixtures/real/lenet5_98.96.h5"));
        NdArray x = Npz.read(Path.of("keras-fixtures/data/mnist/x_norm.npz")).get("arr_0");
        ConversionOptions options = ConversionOptions.builder().burst(5).maxPool(ConversionOptions.MaxPool.GATING)
                .calibrate(false, false).build();
        SpikingNetwork snn = Converter.convert(ann, options, new ArrayCalibration(x, ann, "mnist first 4", 4), "0")
                .network();
        NetworkIndex index = new NetworkIndex(snn);
        int gates = 0;
        for (int s = 0; s < snn.stages().size(); s++) {
            Stage stage = snn.stages().get(s);
            int expected = s == index.outputStage ? 1 : 5;
            assertEquals(expected, Evaluation.maxSpikesPerStep(index, s), stage.name());
            gates += stage instanceof Stage.MaxPoolGate ? 1 : 0;
        }
        assertEquals(2, gates, "LeNet-5's two max-pooling layers become gates");
    }
}
