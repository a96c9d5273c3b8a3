package org.spkeras.sim.event;

import java.util.List;
import java.util.stream.IntStream;
import org.spkeras.sim.NetworkIndex;
import org.spkeras.sim.PotentialBounds;
import org.spkeras.sim.SimOptions;
import org.spkeras.snn.NeuronModel;
import org.spkeras.snn.SpikingNetwork;
import org.spkeras.snn.Stage;
import org.spkeras.snn.Synapses;

/**
 * Everything the {@link EventEngine} needs that does not change while it runs: the network's lookups, the
 * synapses leaving each source as {@link Projection}s, and per stage the integer width of its synaptic input
 * buffer. Immutable after construction and shared by the engines of all threads; each engine keeps only
 * its per-sample state.
 */
public final class EventPlan {
    /** The integer widths of each stage's per-step synaptic input and of the weights added into it. */
    public enum Width {
        /**
         * 32-bit input sums where {@link PotentialBounds} proves them safe, else 64-bit; weights as ints wherever
         * every weight of a projection fits one (half the memory traffic of the file's longs).
         */
        AUTO,
        /** 64-bit input sums everywhere, weights as ints where they fit (the equivalence tests run every width). */
        WIDE,
        /** 64-bit input sums and 64-bit weights everywhere. */
        WIDE_LONG_WEIGHTS
    }

    /**
     * The synapses from one source to one neuron stage. {@code narrow} holds the weights as ints when they fit
     * (always when the target's input buffer is 32-bit; then {@code wide} is null), else {@code wide} holds the
     * file's longs.
     */
    record Projection(int target, int[] segmentStart, int[] segmentTarget, int[] length, int[] weightOffset,
                      int[] narrow, long[] wide) {}

    /** Which scatter kernel adds the weight rows. */
    public enum Kernel {
        /** The Java Vector API where the JVM has its module (the launcher adds it), else scalar loops. */
        BEST,
        /** Scalar loops (the equivalence tests run both). */
        SCALAR;

        RowAdder adder() {
            return this == BEST ? RowAdder.best() : RowAdder.scalar();
        }
    }

    final NetworkIndex index;
    final SimOptions options;
    final Stage[] stages;
    /** Per neuron stage: whether its synaptic input buffer (and the weights into it) are 32-bit. */
    final boolean[] narrow;
    final boolean[] spiking;
    /** Per source slot (0 = the input, s + 1 = stage s): the neuron stages it feeds and the gates it feeds. */
    final Projection[][] projections;
    final int[][] gatesFed;
    final RowAdder rows;

    /** How the synapses are laid out for the engine. */
    public enum Layout {
        /** Adjacent target runs merged into one segment over a concatenated weight row ({@link MergedSynapses}). */
        MERGED,
        /** The segments as the file stores them (the equivalence tests run both). */
        AS_STORED
    }

    public EventPlan(SpikingNetwork net, SimOptions options) {
        this(net, options, Width.AUTO, Layout.MERGED, Kernel.BEST);
    }

    public EventPlan(SpikingNetwork net, SimOptions options, Width width, Layout layout, Kernel kernel) {
        this.rows = kernel.adder();
        PotentialBounds bounds = PotentialBounds.of(net, options.steps()).requireWithinLimit();
        this.index = new NetworkIndex(net);
        this.options = options;
        int n = index.stageCount;
        stages = net.stages().toArray(Stage[]::new);
        narrow = new boolean[n];
        spiking = new boolean[n];
        for (int s = 0; s < n; s++) {
            narrow[s] = width == Width.AUTO && stages[s] instanceof Stage.Neurons && bounds.synapticFitsInt(s);
            spiking[s] = stages[s] instanceof Stage.Neurons neurons && neurons.model() instanceof NeuronModel.IntegrateAndFire;
        }
        projections = new Projection[n + 1][];
        gatesFed = new int[n + 1][];
        for (int slot = 0; slot <= n; slot++) {
            List<NetworkIndex.Outgoing> out = (slot == 0 ? index.fromInput : index.outgoing.get(slot - 1)).stream()
                    .filter(o -> stages[o.target()] instanceof Stage.Neurons).toList();
            projections[slot] = out.stream().map(o -> projection(o.target(), o.synapses(), width, layout)).toArray(Projection[]::new);
            final int src = slot - 1;
            gatesFed[slot] = IntStream.range(0, n)
                    .filter(g -> stages[g] instanceof Stage.MaxPoolGate && index.inputSources[g][0] == src).toArray();
        }
    }

    private Projection projection(int target, Synapses stored, Width width, Layout layout) {
        MergedSynapses syn = layout == Layout.MERGED ? MergedSynapses.of(stored) : new MergedSynapses(
                stored.segmentStart(), stored.target(), stored.length(), stored.weightOffset(), stored.weights());
        long[] w = syn.weights();
        int[] ints = null;
        if (narrow[target] || (width != Width.WIDE_LONG_WEIGHTS && fitInt(w))) {
            ints = new int[w.length];
            for (int i = 0; i < w.length; i++) {
                ints[i] = Math.toIntExact(w[i]);
            }
        }
        return new Projection(target, syn.segmentStart(), syn.target(), syn.length(), syn.weightOffset(), ints,
                ints == null ? syn.weights() : null);
    }

    private static boolean fitInt(long[] w) {
        for (long x : w) {
            if (x != (int) x) {
                return false;
            }
        }
        return true;
    }

    /** Whether stage {@code s} sums its synaptic input in 32 bits (diagnostics and tests). */
    public boolean isNarrow(int s) {
        return narrow[s];
    }

    /** Whether the weight rows are added with SIMD instructions (the Java Vector API). */
    public boolean isVectorised() {
        return rows instanceof VectorRowAdder;
    }
}
