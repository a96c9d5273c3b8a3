package org.spkeras.sim.event;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.spkeras.convert.ConversionOptions;
import org.spkeras.convert.Converter;
import org.spkeras.data.NdArray;
import org.spkeras.data.Npz;
import org.spkeras.keras.KerasModelReader;
import org.spkeras.model.Network;
import org.spkeras.snn.SpikingNetwork;
import org.spkeras.snn.Stage;
import org.spkeras.snn.Synapses;
import org.spkeras.testing.ArrayCalibration;

/**
 * Merging adjacent segments keeps every source neuron's synapses; on LeNet's 5×5 convolutions it merges rows
 * without growing the weight pool.
 */
class MergedSynapsesTest {

    @Test
    void everySourceKeepsItsWeightsPerTargetAndConvolutionRowsMerge() {
        Network ann = KerasModelReader.read(Path.of("keras-fixtures/real/lenet5_98.96.h5"));
        NdArray x = Npz.read(Path.of("keras-fixtures/data/mnist/x_norm.npz")).get("arr_0");
        SpikingNetwork snn = Converter.convert(ann, ConversionOptions.ECC, new ArrayCalibration(x, ann, "mnist 10", 10), "0")
                .network();
        Stage.Neurons conv2 = (Stage.Neurons) snn.stages().stream()
                .filter(s -> s instanceof Stage.Neurons n && n.inputs().get(0).target().length > n.inputs().get(0).sourceSize())
                .skip(1).findFirst().orElseThrow();
        Synapses stored = conv2.inputs().get(0);
        MergedSynapses merged = MergedSynapses.of(stored);
        int targets = conv2.size();
        for (int p = 0; p < stored.sourceSize(); p++) {
            assertArrayEquals(row(stored.segmentStart(), stored.target(), stored.length(), stored.weightOffset(), stored.weights(), p, targets),
                    row(merged.segmentStart(), merged.target(), merged.length(), merged.weightOffset(), merged.weights(), p, targets),
                    "source " + p);
        }
        // a 5×5 kernel: the up to 5 rows of one kernel row become one (fewer at the borders of a 'valid' convolution)
        assertTrue(3 * merged.target().length <= stored.target().length,
                merged.target().length + " merged segments of " + stored.target().length);
        // border neurons read slices of the interior neurons' rows: no weight is stored twice
        assertEquals(stored.weights().length, merged.weights().length);
    }

    private static long[] row(int[] start, int[] target, int[] length, int[] offset, long[] w, int p, int targets) {
        long[] out = new long[targets];
        for (int k = start[p]; k < start[p + 1]; k++) {
            for (int j = 0; j < length[k]; j++) {
                out[target[k] + j] += w[offset[k] + j];
            }
        }
        return out;
    }
}
