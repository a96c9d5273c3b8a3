package org.spkeras.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Hand-computed values on tiny networks; all values are exact in binary floating point. */
class ForwardPassTest {
    private static final SourceInfo SOURCE = new SourceInfo("test", "test", null, null, "Sequential",
            DataFormat.CHANNELS_LAST, false);

    @Test
    void convSamePaddingBiasAndRelu() {
        // 3x3 input, one channel; 2x2 kernel of ones, stride 1, 'same': pads bottom/right by one.
        Layer.Input in = new Layer.Input("in", Shape.spatial(3, 3, 1));
        Layer.Conv2D conv = new Layer.Conv2D("conv", "in", new Window(2, 2, 1, 1, 1, 1, Window.PaddingMode.SAME), 1, 1,
                new float[] {1, 1, 1, 1}, new float[] {-10}, Activation.RELU);
        Network net = Network.build(List.of(in, conv), List.of("conv"), Map.of(), SOURCE);
        double[] out = new ForwardPass(net).output(new float[] {1, 2, 3, 4, 5, 6, 7, 8, 9});
        // sums: 12 16 9 / 24 28 15 / 15 17 9, minus 10, relu
        assertArrayEquals(new double[] {2, 6, 0, 14, 18, 5, 5, 7, 0}, out);
    }

    @Test
    void averagePoolingSameExcludesPaddingFromTheCount() {
        Layer.Input in = new Layer.Input("in", Shape.spatial(3, 3, 1));
        Layer.Pooling2D pool = new Layer.Pooling2D("pool", "in", Layer.PoolKind.AVERAGE,
                new Window(2, 2, 2, 2, 1, 1, Window.PaddingMode.SAME));
        Network net = Network.build(List.of(in, pool), List.of("pool"), Map.of(), SOURCE);
        double[] out = new ForwardPass(net).output(new float[] {1, 2, 3, 4, 5, 6, 7, 8, 9});
        assertArrayEquals(new double[] {3, 4.5, 7.5, 9}, out);
    }

    @Test
    void flattenChannelsFirstOrderThenDense() {
        Layer.Input in = new Layer.Input("in", Shape.spatial(1, 2, 2));
        Layer.Flatten flat = new Layer.Flatten("flat", "in", Layer.FlattenOrder.CHW);
        Layer.Dense dense = new Layer.Dense("dense", "flat", 4, 1, new float[] {1, 10, 100, 1000}, null, Activation.LINEAR);
        Network net = Network.build(List.of(in, flat, dense), List.of("dense"), Map.of(), SOURCE);
        // channels-last sample (h=1, w=2, c=2): [p0c0, p0c1, p1c0, p1c1] = [1, 2, 3, 4]; CHW order is [1, 3, 2, 4]
        assertArrayEquals(new double[] {1 + 30 + 200 + 4000}, new ForwardPass(net).output(new float[] {1, 2, 3, 4}));
    }

    @Test
    void batchNormWithoutGammaAndAddAndConcatenate() {
        Layer.Input in = new Layer.Input("in", Shape.flat(2));
        Layer.BatchNorm bn = new Layer.BatchNorm("bn", "in", null, new float[] {1, 2}, new float[] {1, 1},
                new float[] {4, 16}, 0);
        Layer.Add add = new Layer.Add("add", List.of("in", "bn"));
        Layer.Concatenate cat = new Layer.Concatenate("cat", List.of("add", "in"));
        Network net = Network.build(List.of(in, bn, add, cat), List.of("cat"), Map.of(), SOURCE);
        // bn: (x-1)/2+1, (x-1)/4+2 on [3, 5] -> [2, 3]; add -> [5, 8]
        assertArrayEquals(new double[] {5, 8, 3, 5}, new ForwardPass(net).output(new float[] {3, 5}));
    }

    @Test
    void clippedReluAndZeroPadding() {
        Layer.Input in = new Layer.Input("in", Shape.spatial(1, 1, 2));
        Layer.ActivationLayer relu6 = new Layer.ActivationLayer("relu6", "in", Activation.relu(6, 0, 0));
        Layer.ZeroPadding2D pad = new Layer.ZeroPadding2D("pad", "relu6", 0, 1, 1, 0);
        Network net = Network.build(List.of(in, relu6, pad), List.of("pad"), Map.of(), SOURCE);
        assertArrayEquals(new double[] {0, 0, 6, 0, 0, 0, 0, 0}, new ForwardPass(net).output(new float[] {7, -1}));
    }
}
