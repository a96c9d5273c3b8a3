package org.spkeras.convert;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.spkeras.data.NdArray;
import org.spkeras.data.Npz;
import org.spkeras.keras.KerasModelReader;
import org.spkeras.model.Layer;
import org.spkeras.model.Network;
import org.spkeras.snn.SpikingNetwork;
import org.spkeras.snn.Stage;
import org.spkeras.snn.Synapses;
import org.spkeras.testing.ArrayCalibration;
import org.spkeras.testing.Fixtures;
import org.spkeras.testing.Fixtures.Fixture;

/** Fixture seq_cnn: the weighted layer feeding each stage, and stages compiled again from a (changed) kernel. */
class WeightedStageTest {
    private static final Fixture SEQ_CNN = Fixtures.all().stream().filter(f -> f.name().equals("seq_cnn")).findFirst()
            .orElseThrow();

    private static Conversion convert(ConversionOptions options) {
        Network ann = KerasModelReader.read(SEQ_CNN.model(), SEQ_CNN.options());
        NdArray input = Npz.read(SEQ_CNN.expected()).get("input");
        return Converter.convert(ann, options, new ArrayCalibration(input, ann, "seq_cnn"), "0");
    }

    @Test
    void feedsAreTheSinglePathsThroughAWeightedLayer() {
        ConversionOptions options = ConversionOptions.DEFAULTS.withoutSpikeCalibration();
        Network ann = convert(options).convertedAnn();
        WeightedStage.Feed dense = WeightedStage.feedOf(ann, options, "dense").orElseThrow();
        assertEquals("max_pooling2d", dense.source());
        assertEquals("dense", dense.weighted().name());
        assertEquals(List.of("flatten"), dense.pre().stream().map(Layer::name).toList());
        assertEquals("conv2d_input", WeightedStage.feedOf(ann, options, "conv2d").orElseThrow().source());
        assertTrue(WeightedStage.feedOf(ann, options, "re_lu").isEmpty(), "re_lu follows a BatchNorm of spikes, no kernel");
    }

    @Test
    void compilingAgainWithTheSameKernelGivesTheConvertersStage() {
        ConversionOptions options = ConversionOptions.DEFAULTS.toBuilder().weightBits(6).build().withoutSpikeCalibration();
        Conversion c = convert(options);
        for (Stage stage : c.network().stages()) {
            if (stage instanceof Stage.Neurons n) {
                assertSame(n, WeightedStage.compile(c.convertedAnn(), options, c.network(), n.name()));
            }
        }
    }

    @Test
    void aReplacedKernelIsQuantisedLikeEveryKernel() {
        ConversionOptions options = ConversionOptions.DEFAULTS.toBuilder().weightBits(4).build().withoutSpikeCalibration();
        Network ann = convert(options).convertedAnn();
        Layer.Dense dense = (Layer.Dense) ann.layer("dense");
        float[] doubled = dense.kernel().clone();
        for (int i = 0; i < doubled.length; i++) {
            doubled[i] *= 1.5f;
        }
        float[] got = ((Layer.Dense) WeightedStage.withKernel(ann, "dense", doubled, options).layer("dense")).kernel();
        assertArrayEquals(NetworkTransforms.quantise(doubled, 4), got);
        assertTrue(got.length > 0 && java.util.stream.IntStream.range(0, got.length).mapToDouble(i -> got[i])
                .map(Math::abs).distinct().count() <= 8, "4 bits: at most 8 magnitudes");
    }

    private static void assertSame(Stage.Neurons want, Stage.Neurons got) {
        assertArrayEquals(want.bias(), got.bias(), want.name());
        assertArrayEquals(want.threshold(), got.threshold(), want.name());
        assertArrayEquals(want.initialPotential(), got.initialPotential(), want.name());
        assertArrayEquals(want.shift(), got.shift(), want.name());
        assertEquals(want.inputs().size(), got.inputs().size(), want.name());
        for (int k = 0; k < want.inputs().size(); k++) {
            Synapses a = want.inputs().get(k);
            Synapses b = got.inputs().get(k);
            assertEquals(a.source(), b.source());
            assertArrayEquals(a.segmentStart(), b.segmentStart());
            assertArrayEquals(a.target(), b.target());
            assertArrayEquals(a.weightOffset(), b.weightOffset());
            assertArrayEquals(a.weights(), b.weights(), want.name() + " <- " + a.source());
        }
    }
}
