package org.spkeras.convert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.spkeras.model.Activation;
import org.spkeras.model.DataFormat;
import org.spkeras.model.Layer;
import org.spkeras.model.Network;
import org.spkeras.model.Shape;
import org.spkeras.model.SourceInfo;

/**
 * What {@code inspect} says a layer becomes is what the converter does with the options given (issue 19; on old main
 * cd88cd1 a BatchNorm after Conv+ReLU read "folded into 'dense'" and every ReLU "integrate-and-fire neurons").
 * Fixture: a hand-built Dense(relu) → BatchNorm → Dense(softmax) network.
 */
class ConvertibilityWordingTest {
    private static final SourceInfo SOURCE = new SourceInfo("bn-after-relu", "test", null, null, "Sequential",
            DataFormat.CHANNELS_LAST, false);

    private static Network bnAfterRelu() {
        Layer.Input in = new Layer.Input("in", Shape.flat(4));
        Layer.Dense hidden = new Layer.Dense("dense", "in", 4, 3, new float[12], new float[3], Activation.RELU);
        Layer.BatchNorm bn = new Layer.BatchNorm("bn", "dense", new float[] {1, 2, 3}, new float[] {0, 0, 1},
                new float[3], new float[] {1, 1, 1}, 1e-3);
        Layer.Dense out = new Layer.Dense("out", "bn", 3, 2, new float[6], new float[2], Activation.SOFTMAX);
        return Network.build(List.of(in, hidden, bn, out), List.of("out"), Map.of(), SOURCE);
    }

    private static String how(Network net, ConversionOptions options, String layer) {
        return Convertibility.assess(net, options).stream().filter(v -> v.layer().equals(layer)).findFirst()
                .orElseThrow().how();
    }

    @Test
    void batchNormAfterAReluIsFoldedForwardNotIntoTheLayerBeforeIt() {
        Network net = bnAfterRelu();
        assertEquals("folded forward into the next weighted layer (exact affine)", how(net, ConversionOptions.DEFAULTS, "bn"));
        assertEquals(net.layers().size(), BatchNormFolding.fold(net).layers().size(), "the converter keeps it too");
    }

    @Test
    void neuronsAreDescribedAsTheOptionsMakeThem() {
        Network net = bnAfterRelu();
        assertTrue(how(net, ConversionOptions.DEFAULTS, "dense").contains("burst neurons (up to 5 spikes per step"),
                how(net, ConversionOptions.DEFAULTS, "dense"));
        ConversionOptions ifNeurons = ConversionOptions.builder().burst(1).build();
        assertEquals("dense, integrate-and-fire neurons", how(net, ifNeurons, "dense"));
    }
}
