package org.spkeras.convert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.spkeras.data.NdArray;
import org.spkeras.data.Npz;
import org.spkeras.keras.KerasModelReader;
import org.spkeras.model.ForwardPass;
import org.spkeras.model.Layer;
import org.spkeras.model.Network;
import org.spkeras.testing.ArrayCalibration;
import org.spkeras.testing.Fixtures;
import org.spkeras.testing.Fixtures.Fixture;

/** The folded ANN computes what the unfolded ANN computes, on every fixture's inputs (≤ 1e-5 relative). */
class BatchNormFoldingTest {

    static List<Fixture> fixtures() {
        return Fixtures.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void foldedNetworkEqualsOriginal(Fixture f) {
        Network ann = KerasModelReader.read(f.model(), f.options());
        Network folded = BatchNormFolding.fold(ann);
        long foldable = ann.layers().stream().filter(l -> l instanceof Layer.BatchNorm bn && BatchNormFolding.foldable(bn, ann)).count();
        long before = ann.layers().stream().filter(l -> l instanceof Layer.BatchNorm).count();
        long after = folded.layers().stream().filter(l -> l instanceof Layer.BatchNorm).count();
        assertEquals(before - foldable, after, "every foldable BN is folded");
        NdArray input = Npz.read(f.expected()).get("input");
        ArrayCalibration data = new ArrayCalibration(input, ann, f.name());
        for (int i = 0; i < data.size(); i++) {
            double[] want = new ForwardPass(ann).output(data.sample(i));
            double[] got = new ForwardPass(folded).output(data.sample(i));
            double scale = 0;
            double diff = 0;
            for (int k = 0; k < want.length; k++) {
                scale = Math.max(scale, Math.abs(want[k]));
                diff = Math.max(diff, Math.abs(want[k] - got[k]));
            }
            assertTrue(diff <= 1e-5 * scale, f.name() + " sample " + i + ": max diff " + diff + " vs scale " + scale);
        }
    }
}
