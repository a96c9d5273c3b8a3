package org.spkeras.convert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.spkeras.data.NdArray;
import org.spkeras.data.Npz;
import org.spkeras.keras.KerasModelReader;
import org.spkeras.model.ForwardPass;
import org.spkeras.model.Layer;
import org.spkeras.model.Network;
import org.spkeras.testing.Fixtures;
import org.spkeras.testing.Fixtures.Fixture;

class NetworkTransformsTest {
    private static final ConversionOptions AVERAGE = ConversionOptions.builder().maxPool(ConversionOptions.MaxPool.AVERAGE).build();

    /**
     * stride2_same: linear conv2d_2 → pooling → flatten → dense becomes one Dense computing the same map, in the
     * graph the converter builds only when the merge is asked for.
     */
    @Test
    void linearChainIntoDenseMergesIntoOneDenseWithTheSameOutputsOnlyOnRequest() {
        Fixture f = Fixtures.all().stream().filter(x -> x.name().equals("stride2_same")).findFirst().orElseThrow();
        Network ann = KerasModelReader.read(f.model(), f.options());
        Network average = SpikingGraph.of(ann, AVERAGE);
        assertTrue(average.hasLayer("conv2d_2") && average.hasLayer("flatten"), "no merge by default");
        assertTrue(NetworkTransforms.mergeable(average, (Layer.Dense) average.layer("dense")));
        Network merged = SpikingGraph.of(ann, AVERAGE.toBuilder().mergeLinear(true).build());
        for (String gone : List.of("conv2d_2", "max_pooling2d", "flatten")) {
            assertFalse(merged.hasLayer(gone), gone);
        }
        Layer.Dense dense = (Layer.Dense) merged.layer("dense");
        assertEquals(merged.outputShape("conv2d_2/flatten").size(), dense.inputSize());
        NdArray x = Npz.read(f.expected()).get("input");
        ForwardPass before = new ForwardPass(average);
        ForwardPass after = new ForwardPass(merged);
        for (int i = 0; i < x.rows(); i++) {
            double[] want = before.output(x.rowAsFloats(i));
            double[] got = after.output(x.rowAsFloats(i));
            for (int k = 0; k < want.length; k++) {
                assertEquals(want[k], got[k], 1e-6, "sample " + i + " class " + k);
            }
        }
    }
}
