package org.spkeras.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.spkeras.SpkerasException;
import org.spkeras.model.Shape;
import org.spkeras.snn.InputStage;
import org.spkeras.snn.NeuronModel;
import org.spkeras.snn.Provenance;
import org.spkeras.snn.SpikingNetwork;
import org.spkeras.snn.Stage;
import org.spkeras.snn.Synapses;

/**
 * The overflow bounds on a two-input network small enough to bound by hand: one IF neuron (Γ = 2) reading
 * both inputs with weights 3 and -5, bias 7, threshold 100, initial potential 10, and the output reading it
 * with weight {@code w}.
 */
class PotentialBoundsTest {
    private static final double SAFETY = 1 + 0x1p-20;

    static SpikingNetwork network(long outputWeight) {
        InputStage input = new InputStage("in", Shape.flat(2), 1.0);
        Synapses in = new Synapses("in", new int[] {0, 1, 2}, new int[] {0, 0}, new int[] {1, 1}, new int[] {0, 1},
                new long[] {3, -5});
        Stage.Neurons hidden = new Stage.Neurons("hidden", Shape.flat(1), List.of(in), new long[] {7}, new long[] {0},
                new long[] {100}, new long[] {10}, new NeuronModel.IntegrateAndFire(2, NeuronModel.Reset.SUBTRACT));
        Synapses out = new Synapses("hidden", new int[] {0, 1}, new int[] {0}, new int[] {1}, new int[] {0},
                new long[] {outputWeight});
        Stage.Neurons output = new Stage.Neurons("output", Shape.flat(1), List.of(out), new long[] {0}, new long[] {0},
                new long[] {1}, new long[] {0}, new NeuronModel.Accumulator());
        List<Stage> stages = new ArrayList<>(List.of(hidden, output));
        return new SpikingNetwork(input, stages, new Provenance("hand-made", "", "0", Map.of(), "", 0, Map.of(), 1.0));
    }

    @Test
    void boundsFollowFromWeightsBiasThresholdAndBurstLimit() {
        PotentialBounds b = PotentialBounds.of(network(11), 10).requireWithinLimit();
        // hidden: synaptic 1·(3 + 5); constant 7 + (1024 + 1)·8 + 1; start max(10, 100)
        double hiddenCurrent = (7 + 1025.0 * 8 + 1 + 8) * SAFETY;
        assertEquals(8 * SAFETY, b.synaptic(0));
        assertEquals((100 + 11 * hiddenCurrent) * SAFETY, b.potential(0));
        // output: a hidden spike carries at most Γ = 2
        assertEquals(2 * 11 * SAFETY, b.synaptic(1));
        assertTrue(b.synapticFitsInt(0) && b.synapticFitsInt(1));
    }

    @Test
    void aWeightOfTwoToThe62IsRefusedNamingTheStageAndTheBound() {
        SpkerasException e = assertThrows(SpkerasException.class,
                () -> PotentialBounds.of(network(1L << 62), 8).requireWithinLimit());
        assertTrue(e.getMessage().contains("stage 'output'"), e.getMessage());
        assertTrue(e.getMessage().contains("bounded by 8.301e+19"), e.getMessage());
        assertTrue(e.getMessage().contains("2^62"), e.getMessage());
    }

    @Test
    void theBoundGrowsWithTheStepBudget() {
        long w = 1L << 42;
        PotentialBounds.of(network(w), 1000).requireWithinLimit();
        assertThrows(SpkerasException.class, () -> PotentialBounds.of(network(w), 1 << 20).requireWithinLimit());
    }

    @Test
    void sumsBeyondAnIntTakeThe64BitPath() {
        PotentialBounds b = PotentialBounds.of(network(1L << 30), 8);
        assertTrue(b.synapticFitsInt(0));
        assertTrue(!b.synapticFitsInt(1), "2 · 2^30 does not fit an int");
    }
}
