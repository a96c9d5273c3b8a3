package org.spkeras.sim.ttfs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.spkeras.SpkerasException;
import org.spkeras.convert.Converter;
import org.spkeras.data.NdArray;
import org.spkeras.data.Npz;
import org.spkeras.keras.KerasModelReader;
import org.spkeras.model.Network;
import org.spkeras.sim.EngineKind;
import org.spkeras.snn.SpikingNetwork;
import org.spkeras.snn.Stage;
import org.spkeras.testing.ArrayCalibration;
import org.spkeras.testing.Fixtures;
import org.spkeras.testing.TtfsReferences;
import org.spkeras.testing.TtfsReferences.Case;

/**
 * Both TTFS engines equal the independent NumPy reference (python-reference/ttfs_reference.py, written from
 * docs/temporal.md alone; keras-fixtures/snn-reference/*__ttfs*.npz) bit for bit on every fixture that converts and
 * every TTFS option set: the conversion's biases and window indices, and per K and sample the spike tick of every
 * neuron and gate output, the spikes per stage and of the input, the output potentials V_end, the prediction, the
 * first-spike decision and its tick, and the SynOps. Both the queue engine and the literal dense engine (one tick
 * per step) run at every K of the reference (1 … 65536; about a minute in all, most of it the dense engine at 65536).
 */
class TtfsReferenceTest {
    static List<Case> cases() {
        return TtfsReferences.all();
    }

    @Test
    void theReferenceCoversTheFixturesItMust() {
        List<Case> all = cases();
        assertTrue(all.size() >= 3 * 19, "TTFS reference files: " + all.size());
        for (String name : List.of("func_resnet", "seq_cnn", "relu6_all", "channels_first", "keras1_th")) {
            assertTrue(all.stream().anyMatch(c -> c.fixture().name().equals(name)), name + " has TTFS references");
        }
        // func_resnet reaches a later window through a delay: a stage two windows after one of its sources.
        Case resnet = all.stream().filter(c -> c.toString().equals("func_resnet__ttfs")).findFirst().orElseThrow();
        assertEquals(1, (int) resnet.arrays().get("depth__re_lu").values()[0]);
        assertEquals(3, (int) resnet.arrays().get("depth__re_lu_2").values()[0]);
        for (int k : resnet.ks()) {
            assertTrue(k >= 1);
        }
        assertEquals(65536, resnet.ks()[resnet.ks().length - 1]);
    }

    @Test
    void whatTheReferenceRefusesJavaRefuses() {
        List<String[]> refused = TtfsReferences.refused();
        // stride2_same (max pooling on a linear conv) in every set; with norm clip every model with an unclipped ReLU
        assertTrue(refused.size() >= 3 + 18, "refusals: " + refused.size());
        for (String[] r : refused) {
            Fixtures.Fixture f = Fixtures.all().stream().filter(x -> x.name().equals(r[0])).findFirst().orElseThrow();
            Network ann = KerasModelReader.read(f.model(), f.options());
            ArrayCalibration data = new ArrayCalibration(Npz.read(f.expected()).get("input"), ann, f.name());
            var options = TtfsReferences.options(r[1]);
            assertThrows(SpkerasException.class, () -> Converter.convert(ann, options, data, "0"), r[0] + ": " + r[2]);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void enginesEqualTheNumpyReference(Case c) {
        Network ann = KerasModelReader.read(c.fixture().model(), c.fixture().options());
        ArrayCalibration data = new ArrayCalibration(Npz.read(c.fixture().expected()).get("input"), ann, c.fixture().name());
        SpikingNetwork snn = Converter.convert(ann, c.options(), data, "0").network();
        Map<String, NdArray> a = c.arrays();
        String at0 = c + ": ";
        assertEquals(SpikingNetwork.Code.TTFS, snn.code(), at0 + "code");
        List<Stage> stages = snn.stages();
        Stage out = stages.get(stages.size() - 1);
        assertEquals(0, (int) a.get("depth__" + snn.input().name()).values()[0], at0 + "input window");
        for (Stage s : stages) {
            assertNotNull(a.get("depth__" + s.name()), at0 + "the reference has stage " + s.name());
            if (s instanceof Stage.Neurons n) {
                assertArrayEquals(longs(a.get("bias__" + s.name()).values()), n.bias(), at0 + "bias of " + s.name());
            }
        }
        for (int k : c.ks()) {
            Map<String, TtfsEngine> engines = new LinkedHashMap<>();
            engines.put("queue", EngineKind.QUEUE.ttfsFactory(snn, k, true).get());
            engines.put("dense", EngineKind.DENSE.ttfsFactory(snn, k, true).get());
            String key = "K" + k;
            double[] pred = a.get("pred__" + key).values();
            double[] first = a.get("first__" + key).values();
            double[] latency = a.get("latency__" + key).values();
            double[] synops = a.get("synops__" + key).values();
            double[] inputSpikes = a.get("spikes__" + snn.input().name() + "__" + key).values();
            for (var e : engines.entrySet()) {
                for (int i = 0; i < data.size(); i++) {
                    String at = c + " K=" + k + " " + e.getKey() + " sample " + i;
                    TtfsResult r = e.getValue().run(data.sample(i));
                    assertNotNull(r.ticks(), at + ": ticks recorded");
                    for (int s = 0; s < stages.size() - 1; s++) {
                        String name = stages.get(s).name();
                        double[] want = a.get("tick__" + name + "__" + key).row(i);
                        assertArrayEquals(longs(want), widen(r.ticks()[s]), at + " stage " + name + " spike ticks");
                        assertEquals((long) a.get("spikes__" + name + "__" + key).values()[i], r.stageSpikes()[s],
                                at + " stage " + name + " spikes");
                    }
                    assertEquals((long) inputSpikes[i], r.inputSpikes(), at + " input spikes");
                    double[] vend = a.get("vend__" + key).row(i);
                    for (double v : vend) {
                        assertTrue(Math.abs(v) < 0x1p53, at + ": V_end exact in the npz's doubles");
                    }
                    assertArrayEquals(longs(vend), r.outputPotential(), at + " output " + out.name() + " V_end");
                    assertEquals((int) pred[i], r.prediction(), at + " prediction");
                    assertEquals((int) first[i], r.firstSpike(), at + " first-spike decision");
                    assertEquals((int) latency[i], r.firstSpikeTick(), at + " first-spike tick");
                    assertEquals((long) synops[i], r.synOps(), at + " SynOps");
                }
            }
        }
    }

    private static long[] longs(double[] v) {
        long[] out = new long[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = (long) v[i];
        }
        return out;
    }

    private static long[] widen(int[] v) {
        long[] out = new long[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = v[i];
        }
        return out;
    }
}
