package org.spkeras.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.spkeras.SpkerasException;
import org.spkeras.convert.ConversionOptions;
import org.spkeras.convert.Converter;
import org.spkeras.data.Npz;
import org.spkeras.keras.KerasModelReader;
import org.spkeras.model.Network;
import org.spkeras.model.Shape;
import org.spkeras.snn.FixedPoint;
import org.spkeras.snn.SpikingNetwork;
import org.spkeras.snn.Stage;
import org.spkeras.snn.Synapses;
import org.spkeras.testing.ArrayCalibration;
import org.spkeras.testing.Fixtures;
import org.spkeras.testing.Fixtures.Fixture;

/** The NIR graph built from converted fixtures: refusals, and linear nodes equal to the synapses they replace. */
class NirExporterTest {

    private static ConversionOptions with(int burst, ConversionOptions.MaxPool pool) {
        ConversionOptions d = ExportedNetworks.nirOptions();
        return d.toBuilder().burst(burst).maxPool(pool).calibrate(false, false).build();
    }

    private static SpikingNetwork convert(Fixture f, ConversionOptions options) {
        Network ann = KerasModelReader.read(f.model(), f.options());
        return Converter.convert(ann, options, new ArrayCalibration(Npz.read(f.expected()).get("input"), ann, f.name()),
                "0").network();
    }

    private static Fixture fixture(String name) {
        return Fixtures.all().stream().filter(f -> f.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void burstNeuronsAreRefusedNamingTheStageAndTheFlag() {
        SpikingNetwork snn = convert(fixture("seq_cnn"), with(2, ConversionOptions.MaxPool.AVERAGE));
        String first = snn.stages().get(0).name();
        SpkerasException e = assertThrows(SpkerasException.class, () -> NirExporter.export(snn));
        assertTrue(e.template().contains("'" + first + "'") && e.template().contains("{neuron} if"), e.template());
    }

    /** A network NIR cannot express for several reasons is refused once, naming every one of them. */
    @Test
    void everyProblemIsNamedInOneRefusal() {
        int checked = 0;
        for (Fixture f : Fixtures.all()) {
            SpikingNetwork snn;
            try {
                snn = convert(f, with(3, ConversionOptions.MaxPool.LIPOOL));
            } catch (SpkerasException notConvertible) {
                continue;
            }
            long gates = snn.stages().stream().filter(st -> st instanceof Stage.MaxPoolGate).count();
            if (gates == 0) {
                continue;
            }
            SpkerasException e = assertThrows(SpkerasException.class, () -> NirExporter.export(snn));
            assertTrue(e.template().contains("for " + (gates + 1) + " reasons") && e.template().contains("burst neurons")
                    && e.template().contains("{neuron} if") && e.template().contains("LIPooling")
                    && e.template().contains("{maxpool} avg"), f.name() + ": " + e.template());
            checked++;
        }
        assertTrue(checked >= 2, "only " + checked + " networks with max pooling");
    }

    @Test
    void liPoolingAndGatingAreRefusedNamingTheStageAndTheFlag() {
        int refused = 0;
        for (ConversionOptions.MaxPool pool : new ConversionOptions.MaxPool[] {ConversionOptions.MaxPool.LIPOOL,
                ConversionOptions.MaxPool.GATING}) {
            for (Fixture f : Fixtures.all()) {
                SpikingNetwork snn;
                try {
                    snn = convert(f, with(1, pool));
                } catch (SpkerasException notConvertible) {
                    continue;
                }
                Stage gate = snn.stages().stream().filter(s -> s instanceof Stage.MaxPoolGate).findFirst().orElse(null);
                if (gate == null) {
                    continue;
                }
                SpkerasException e = assertThrows(SpkerasException.class, () -> NirExporter.export(snn));
                assertTrue(e.template().contains("'" + gate.name() + "'") && e.template().contains("{maxpool} avg")
                        && e.template().contains(pool == ConversionOptions.MaxPool.LIPOOL ? "LIPooling" : "gating"),
                        f.name() + ": " + e.template());
                refused++;
            }
        }
        assertTrue(refused >= 4, "only " + refused + " networks with spiking max pooling");
    }

    /**
     * On every fixture that converts with IF neurons and average pooling, each Conv2d or Affine node computes the
     * same currents as the synapses it replaces (a random source activity, float32 tolerance), and every spatial
     * stage whose synapses are convolutions stays spatial.
     */
    @Test
    void everyLinearNodeComputesWhatItsSynapsesDo() {
        int checked = 0;
        int convolutions = 0;
        int pooled = 0;
        for (Fixture f : Fixtures.all()) {
            SpikingNetwork snn;
            try {
                snn = convert(f, with(1, ConversionOptions.MaxPool.AVERAGE));
            } catch (SpkerasException notConvertible) {
                continue;
            }
            NirGraph g = NirExporter.export(snn);
            for (Stage s : snn.stages()) {
                Stage.Neurons n = (Stage.Neurons) s;
                for (int k = 0; k < n.inputs().size(); k++) {
                    NirNode node = g.nodes().get(n.name() + (n.inputs().size() == 1 ? ".weights" : ".weights" + k));
                    Synapses syn = n.inputs().get(k);
                    Shape source = syn.source().equals(snn.input().name()) ? snn.input().shape()
                            : snn.stages().get(snn.indexOf(syn.source())).shape();
                    double unit = syn.source().equals(snn.input().name()) ? snn.input().scale() : 1;
                    int pool = poolBefore(g, n.name() + (n.inputs().size() == 1 ? ".weights" : ".weights" + k));
                    assertSameMap(syn, source, n.shape(), node, unit, pool, f.name() + " " + n.name() + " input " + k);
                    pooled += pool > 1 ? 1 : 0;
                    convolutions += node.type().equals("Conv2d") ? 1 : 0;
                    checked++;
                }
            }
        }
        assertTrue(checked >= 30, "only " + checked + " synapse groups checked");
        assertTrue(convolutions >= 10, "only " + convolutions + " convolutions recovered");
        assertTrue(pooled >= 3, "only " + pooled + " sum poolings factored out");
    }

    /** The kernel of the SumPool2d a linear node reads (through a Flatten, if any), or 1. */
    private static int poolBefore(NirGraph g, String name) {
        String from = g.edges().stream().filter(e -> e.target().equals(name)).findFirst().orElseThrow().source();
        if (g.nodes().get(from).type().equals("Flatten")) {
            String flattened = from;
            from = g.edges().stream().filter(e -> e.target().equals(flattened)).findFirst().orElseThrow().source();
        }
        NirNode n = g.nodes().get(from);
        return n.type().equals("SumPool2d") ? (int) ((long[]) n.parameters().get("kernel_size"))[0] : 1;
    }

    /** p×p sums (stride p) of channels-last x. */
    private static double[] sumPool(double[] x, Shape in, int p) {
        Shape out = Shape.spatial(in.height() / p, in.width() / p, in.channels());
        double[] y = new double[out.size()];
        for (int i = 0; i < x.length; i++) {
            int c = i % in.channels();
            int px = (i / in.channels()) % in.width();
            int py = i / in.channels() / in.width();
            if (py / p < out.height() && px / p < out.width()) {
                y[((py / p) * out.width() + px / p) * out.channels() + c] += x[i];
            }
        }
        return y;
    }

    private static void assertSameMap(Synapses syn, Shape source, Shape target, NirNode node, double inputScale, int pool,
                                      String what) {
        Random random = new Random(what.hashCode());
        double[] x = new double[source.size()];
        for (int i = 0; i < x.length; i++) {
            x[i] = random.nextInt(3);
        }
        double[] expected = new double[target.size()];
        ConvInference.forEach(syn, (p, o, w) -> expected[o] += x[p] * FixedPoint.toDouble(w) / inputScale);
        Shape in = pool > 1 ? Shape.spatial(source.height() / pool, source.width() / pool, source.channels()) : source;
        double[] seen = pool > 1 ? sumPool(x, source, pool) : x;
        double[] actual = node.type().equals("Conv2d") ? conv(node, seen, in, target) : affine(node, seen, in, target);
        Tensor bias = (Tensor) node.parameters().get("bias");
        for (int o = 0; o < expected.length; o++) {
            double b = bias.values()[node.type().equals("Conv2d") ? o % target.channels() : NirExporter.chw(o, target)];
            double tolerance = 1e-5 * (1 + Math.abs(expected[o]));
            assertEquals(expected[o], actual[o] - b, tolerance, what + " neuron " + o + " (" + node.type() + ")");
        }
    }

    /** A literal channels-first cross-correlation of channels-last x, answered channels-last. */
    private static double[] conv(NirNode node, double[] x, Shape in, Shape out) {
        Tensor w = (Tensor) node.parameters().get("weight");
        long[] stride = (long[]) node.parameters().get("stride");
        long[] pad = (long[]) node.parameters().get("padding");
        int[] d = w.shape();
        double[] y = new double[out.size()];
        for (int oy = 0; oy < out.height(); oy++) {
            for (int ox = 0; ox < out.width(); ox++) {
                for (int co = 0; co < d[0]; co++) {
                    double sum = ((Tensor) node.parameters().get("bias")).values()[co];
                    for (int ci = 0; ci < d[1]; ci++) {
                        for (int i = 0; i < d[2]; i++) {
                            for (int j = 0; j < d[3]; j++) {
                                long iy = oy * stride[0] - pad[0] + i;
                                long ix = ox * stride[1] - pad[1] + j;
                                if (iy >= 0 && iy < in.height() && ix >= 0 && ix < in.width()) {
                                    sum += w.values()[((co * d[1] + ci) * d[2] + i) * d[3] + j]
                                            * x[(int) ((iy * in.width() + ix) * in.channels() + ci)];
                                }
                            }
                        }
                    }
                    y[(oy * out.width() + ox) * out.channels() + co] = sum;
                }
            }
        }
        return y;
    }

    private static double[] affine(NirNode node, double[] x, Shape in, Shape out) {
        Tensor w = (Tensor) node.parameters().get("weight");
        Tensor b = (Tensor) node.parameters().get("bias");
        double[] y = new double[out.size()];
        for (int o = 0; o < out.size(); o++) {
            int row = NirExporter.chw(o, out);
            double sum = b.values()[row];
            for (int p = 0; p < in.size(); p++) {
                sum += w.values()[row * in.size() + NirExporter.chw(p, in)] * x[p];
            }
            y[o] = sum;
        }
        return y;
    }

    @Test
    void channelsFirstIndexOfChannelsLastNeurons() {
        Shape s = Shape.spatial(2, 3, 4);
        assertEquals(0, NirExporter.chw(0, s));
        assertEquals(6, NirExporter.chw(1, s), "channel 1 of pixel (0, 0) comes after channel 0's 2×3 pixels");
        assertEquals(1, NirExporter.chw(4, s), "pixel (0, 1) of channel 0");
        assertEquals(3, NirExporter.chw(12, s), "pixel (1, 0) of channel 0");
    }
}
