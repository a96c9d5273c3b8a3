package org.spkeras.sim.ttfs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.spkeras.SpkerasException;
import org.spkeras.convert.CalibrationSet;
import org.spkeras.convert.ConversionOptions;
import org.spkeras.convert.Converter;
import org.spkeras.data.NdArray;
import org.spkeras.data.Npz;
import org.spkeras.keras.KerasModelReader;
import org.spkeras.model.ForwardPass;
import org.spkeras.model.Network;
import org.spkeras.sim.EngineKind;
import org.spkeras.sim.NetworkIndex;
import org.spkeras.sim.SimOptions;
import org.spkeras.snn.FixedPoint;
import org.spkeras.snn.SpikingNetwork;
import org.spkeras.snn.Stage;
import org.spkeras.snn.Synapses;
import org.spkeras.testing.ArrayCalibration;
import org.spkeras.testing.Fixtures;
import org.spkeras.testing.Fixtures.Fixture;

/**
 * The queue engine equals the literal dense TTFS engine bit for bit (spike tick of every neuron, output potentials,
 * predictions, first-spike decisions, counts) on every fixture that converts, for several option sets and K; and
 * both obey docs/temporal.md's closed form, recomputed here from the recorded ticks and the synapses.
 */
class TtfsEngineTest {
    private static final int[] KS = {1, 4, 16, 256};

    static List<ConversionOptions> optionSets() {
        return List.of(ConversionOptions.TTFS,
                ConversionOptions.TTFS.toBuilder().perChannel(true).build(),
                ConversionOptions.TTFS.toBuilder().norm(ConversionOptions.Norm.PERCENTILE).percentile(99.0)
                        .weightBits(8).build());
    }

    static List<Fixture> fixtures() {
        return Fixtures.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void queueEqualsDenseAndTheClosedForm(Fixture f) {
        Network ann = KerasModelReader.read(f.model(), f.options());
        NdArray input = Npz.read(f.expected()).get("input");
        ArrayCalibration data = new ArrayCalibration(input, ann, f.name());
        for (ConversionOptions options : optionSets()) {
            SpikingNetwork snn;
            try {
                snn = Converter.convert(ann, options, data, "0").network();
            } catch (SpkerasException e) {
                // The rate converter refuses this fixture the same way (ConverterTest covers which and why).
                assertThrows(SpkerasException.class, () -> Converter.convert(ann, ConversionOptions.ECC, data, "0"),
                        f.name() + ": refused only with --code ttfs: " + e.getMessage());
                return;
            }
            for (int k : KS) {
                assertSame(snn, k, data, f.name() + " " + options + " K=" + k);
            }
        }
    }

    @Test
    void funcResnetAtLargeK() {
        Fixture f = Fixtures.all().stream().filter(x -> x.name().equals("func_resnet")).findFirst().orElseThrow();
        Network ann = KerasModelReader.read(f.model(), f.options());
        ArrayCalibration data = new ArrayCalibration(Npz.read(f.expected()).get("input"), ann, f.name());
        SpikingNetwork snn = Converter.convert(ann, ConversionOptions.TTFS, data, "0").network();
        assertSame(snn, 4096, data, "func_resnet K=4096");
    }

    /** At K = 65536 the quantised ReLU is the ANN up to 2^-16 per layer: LeNet-5 agrees with its float ANN. */
    @Test
    void lenetAgreesWithTheAnnAtLargeK() {
        Network ann = KerasModelReader.read(Path.of("keras-fixtures/real/lenet5_98.96.h5"));
        NdArray x = Npz.read(Path.of("keras-fixtures/data/mnist/x_norm.npz")).get("arr_0");
        ArrayCalibration data = new ArrayCalibration(x, ann, "mnist first 200", 200);
        SpikingNetwork snn = Converter.convert(ann, ConversionOptions.TTFS, data, "0").network();
        TtfsEngine queue = EngineKind.QUEUE.ttfsFactory(snn, 65536, false).get();
        ForwardPass forward = new ForwardPass(ann);
        int agree = 0;
        for (int i = 0; i < data.size(); i++) {
            float[] sample = data.sample(i);
            double[] logits = forward.output(sample);
            int best = 0;
            for (int j = 1; j < logits.length; j++) {
                best = logits[j] > logits[best] ? j : best;
            }
            agree += queue.run(sample).prediction() == best ? 1 : 0;
        }
        assertEquals(data.size(), agree, "LeNet-5 at K = 65536 agrees with the float ANN on every calibration image");
    }

    /** A layer TTFS cannot map is refused by name (stride2_same: max pooling fed by a linear conv, not by spikes). */
    @Test
    void unmappableLayerIsRefusedByName() {
        Fixture f = Fixtures.all().stream().filter(x -> x.name().equals("stride2_same")).findFirst().orElseThrow();
        Network ann = KerasModelReader.read(f.model(), f.options());
        ArrayCalibration data = new ArrayCalibration(Npz.read(f.expected()).get("input"), ann, f.name());
        SpkerasException e = assertThrows(SpkerasException.class,
                () -> Converter.convert(ann, ConversionOptions.TTFS, data, "0"));
        assertTrue(e.getMessage().contains("max pooling 'max_pooling2d'") && e.getMessage().contains("option code ttfs")
                && e.getMessage().contains("put a ReLU before it") && !e.getMessage().contains("maxpool"), e.getMessage());
    }

    @Test
    void rateAndTemporalEnginesRefuseEachOthersNetworks() {
        Fixture f = Fixtures.all().stream().filter(x -> x.name().equals("seq_cnn")).findFirst().orElseThrow();
        Network ann = KerasModelReader.read(f.model(), f.options());
        ArrayCalibration data = new ArrayCalibration(Npz.read(f.expected()).get("input"), ann, f.name());
        SpikingNetwork rate = Converter.convert(ann, ConversionOptions.ECC, data, "0").network();
        SpikingNetwork ttfs = Converter.convert(ann, ConversionOptions.TTFS, data, "0").network();
        assertEquals(SpikingNetwork.Code.RATE, rate.code());
        assertEquals(SpikingNetwork.Code.TTFS, ttfs.code());
        SpkerasException e = assertThrows(SpkerasException.class, () -> EngineKind.QUEUE.ttfsFactory(rate, 16, false));
        assertTrue(e.getMessage().contains("--code ttfs"), e.getMessage());
        e = assertThrows(SpkerasException.class, () -> EngineKind.EVENT.factory(ttfs, SimOptions.analog(8), new int[] {8}).get());
        assertTrue(e.getMessage().contains("--engine queue"), e.getMessage());
        e = assertThrows(SpkerasException.class, () -> EngineKind.EVENT.ttfsFactory(ttfs, 16, false));
        assertTrue(e.getMessage().contains("--engine queue"), e.getMessage());
        e = assertThrows(SpkerasException.class, () -> EngineKind.QUEUE.ttfsFactory(ttfs, 0, false));
        assertTrue(e.getMessage().contains("from 1 to"), e.getMessage());
    }

    @Test
    void ttfsRefusesRateOnlyOptions() {
        assertThrows(RuntimeException.class, () -> ConversionOptions.TTFS.toBuilder().burst(2).build());
        assertThrows(RuntimeException.class, () -> ConversionOptions.TTFS.toBuilder().initialPotential(0.5).build());
        assertThrows(RuntimeException.class, () -> ConversionOptions.TTFS.toBuilder().calibrate(false, true).build());
        assertThrows(RuntimeException.class, () -> ConversionOptions.TTFS.toBuilder()
                .scaling(ConversionOptions.Scaling.THRESHOLD_BALANCING).build());
        assertThrows(RuntimeException.class, () -> ConversionOptions.TTFS.toBuilder().norm(ConversionOptions.Norm.MMSE).build());
    }

    private static void assertSame(SpikingNetwork snn, int k, CalibrationSet data, String what) {
        TtfsEngine dense = EngineKind.DENSE.ttfsFactory(snn, k, true).get();
        TtfsEngine queue = EngineKind.QUEUE.ttfsFactory(snn, k, true).get();
        TtfsPlan plan = new TtfsPlan(snn, k);
        long spikes = 0;
        for (int i = 0; i < data.size(); i++) {
            float[] sample = data.sample(i);
            TtfsResult d = dense.run(sample);
            TtfsResult q = queue.run(sample);
            String at = what + " sample " + i;
            for (int s = 0; s < d.ticks().length; s++) {
                assertArrayEquals(d.ticks()[s], q.ticks()[s], at + " stage " + snn.stages().get(s).name() + " ticks");
            }
            assertArrayEquals(d.outputPotential(), q.outputPotential(), at + " V_end");
            assertEquals(d.prediction(), q.prediction(), at + " prediction");
            assertEquals(d.firstSpike(), q.firstSpike(), at + " first spike");
            assertEquals(d.firstSpikeTick(), q.firstSpikeTick(), at + " first-spike tick");
            assertArrayEquals(d.stageSpikes(), q.stageSpikes(), at + " spikes per stage");
            assertEquals(d.inputSpikes(), q.inputSpikes(), at + " input spikes");
            assertEquals(d.synOps(), q.synOps(), at + " SynOps");
            assertClosedForm(plan, sample, d, at);
            for (long c : d.stageSpikes()) {
                spikes += c;
            }
        }
        assertTrue(k == 1 || spikes > 0, what + ": no spikes at all, the comparison proves little");
    }

    /**
     * docs/temporal.md, "Closed form", computed independently of both engines: every neuron stage's V_end from the
     * recorded source ticks, the spike tick {@code d·K + K − min(K, ⌊V_end/ONE⌋)} where {@code ⌊V_end/ONE⌋ ≥ 1},
     * every gate's tick the earliest of its window, and the output's prediction and first-spike decision.
     */
    private static void assertClosedForm(TtfsPlan plan, float[] sample, TtfsResult r, String at) {
        SpikingNetwork net = plan.network();
        int k = plan.ticks();
        long[] q = plan.inputCode(sample);
        NetworkIndex index = new NetworkIndex(net);
        for (int s = 0; s < net.stages().size(); s++) {
            int d = plan.depth(s);
            if (net.stages().get(s) instanceof Stage.MaxPoolGate g) {
                int[] src = r.ticks()[index.inputSources[s][0]];
                for (int o = 0; o < g.size(); o++) {
                    int earliest = -1;
                    for (int m = g.windowStart()[o]; m < g.windowStart()[o + 1]; m++) {
                        int t = src[g.members()[m]];
                        earliest = t >= 0 && (earliest < 0 || t < earliest) ? t : earliest;
                    }
                    assertEquals(earliest, r.ticks()[s][o], at + " gate " + g.name() + " neuron " + o);
                }
                continue;
            }
            Stage.Neurons n = (Stage.Neurons) net.stages().get(s);
            long[] v = new long[n.size()];
            for (int o = 0; o < v.length; o++) {
                v[o] = n.bias()[o] * k;
            }
            for (int j = 0; j < n.inputs().size(); j++) {
                Synapses syn = n.inputs().get(j);
                int src = index.inputSources[s][j];
                for (int p = 0; p < syn.sourceSize(); p++) {
                    long value;
                    if (src < 0) {
                        value = q[p];
                    } else {
                        int t = r.ticks()[src][p];
                        value = t < 0 ? 0 : k - (t - (long) plan.depth(src) * k);
                    }
                    if (value != 0) {
                        syn.addFanOut(p, value, v);
                    }
                }
            }
            if (s == index.outputStage) {
                assertArrayEquals(v, r.outputPotential(), at + " output V_end");
                int best = 0;
                long bestUnits = 0;
                int first = -1;
                for (int o = 0; o < v.length; o++) {
                    best = v[o] > v[best] ? o : best;
                    long units = Math.min(k, Math.floorDiv(v[o], FixedPoint.ONE));
                    if (units >= 1 && units > bestUnits) {
                        bestUnits = units;
                        first = o;
                    }
                }
                assertEquals(best, r.prediction(), at + " prediction");
                assertEquals(first, r.firstSpike(), at + " first spike");
                assertEquals(first < 0 ? -1 : d * k + k - (int) bestUnits, r.firstSpikeTick(), at + " first-spike tick");
                continue;
            }
            for (int o = 0; o < v.length; o++) {
                long units = Math.min(k, Math.floorDiv(v[o], FixedPoint.ONE));
                int expected = units >= 1 ? d * k + k - (int) units : -1;
                assertEquals(expected, r.ticks()[s][o], at + " stage " + n.name() + " neuron " + o);
            }
        }
    }
}
