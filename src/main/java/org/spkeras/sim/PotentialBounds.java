package org.spkeras.sim;

import org.spkeras.SpkerasException;
import org.spkeras.snn.FixedPoint;
import org.spkeras.snn.NeuronModel;
import org.spkeras.snn.SpikingNetwork;
import org.spkeras.snn.Stage;
import org.spkeras.snn.Synapses;

/**
 * Proven bounds on every integer the engines compute for one network and step budget T, derived from the
 * weights, biases, shifts, thresholds, initial potentials, burst limits Γ and the input range
 * {@code |x/λ0| ≤} {@value #INPUT_RANGE} (enforced by {@link InputCurrents#quantise}).
 *
 * <p>Per target neuron o, a step's synaptic input is at most {@code syn[o] = Σ_sources Γ_src·Σ_p |w(p→o)|}
 * (a spike carries at most Γ of its source; a gate passes at most Γ of its source's neurons; an input spike
 * is 1), and the constant current at most {@code |bias| + |shift| + (INPUT_RANGE + 1)·Σ_p |w(input p→o)| + 1}
 * (the analog drive, whose sum before the division by 2^16 is bounded as {@code analog}). With
 * {@code I = max_o(constant + syn)}, a membrane stays within {@code max(|V0|, V_th) + t·I} after step t (it
 * only drops below the threshold by input, and a reset never makes it negative), and every partial sum an
 * engine forms on the way (synaptic input added before the constant's catch-up) within one more {@code I}:
 * {@code potential = max(|V0|, max V_th) + (T + 1)·I}. Sums are computed in double and widened by a relative
 * 2^-20, more than the rounding error of any sum of fewer than 2^31 non-negative terms.
 */
public final class PotentialBounds {
    /** Largest |x/λ0| an analog input value may have: enough for any normalised data set, and bounded. */
    public static final double INPUT_RANGE = 1024;
    /** Beyond this a 64-bit engine could overflow (its intermediate sums need a factor 2 of headroom). */
    public static final double LIMIT_64 = 0x1p62;
    /** A per-step synaptic sum within this fits a Java int. */
    public static final double LIMIT_32 = Integer.MAX_VALUE;
    /** Relative widening of a bound computed in double: more than the rounding error of any sum of < 2^31 terms. */
    public static final double SAFETY = 1 + 0x1p-20;

    private final String[] names;
    private final double[] potential;
    private final double[] synaptic;
    private final double[] analog;
    private final double[] spikeCount;

    private PotentialBounds(int stages) {
        names = new String[stages];
        potential = new double[stages];
        synaptic = new double[stages];
        analog = new double[stages];
        spikeCount = new double[stages];
    }

    /** The bounds of every stage of {@code net} over {@code steps} steps (one pass over all synapses). */
    public static PotentialBounds of(SpikingNetwork net, int steps) {
        if (net.code() != SpikingNetwork.Code.RATE) {
            throw new SpkerasException("this network is time-to-first-spike coded (--code ttfs); the rate-code engines "
                    + "cannot simulate it: use --engine queue (or dense) with --time-resolution K");
        }
        NetworkIndex index = new NetworkIndex(net);
        int n = net.stages().size();
        PotentialBounds b = new PotentialBounds(n);
        double[] burst = new double[n];
        for (int s = 0; s < n; s++) {
            Stage stage = net.stages().get(s);
            b.names[s] = stage.name();
            if (stage instanceof Stage.Neurons neurons) {
                burst[s] = neurons.model() instanceof NeuronModel.IntegrateAndFire f ? f.maxSpikes() : 0;
                b.neurons(s, neurons, index, burst, steps);
            } else {
                int src = index.inputSources[s][0];
                burst[s] = src < 0 ? 1 : burst[src];
            }
            b.spikeCount[s] = burst[s] * steps;
        }
        return b;
    }

    private void neurons(int s, Stage.Neurons n, NetworkIndex index, double[] burst, int steps) {
        double[] syn = new double[n.size()];
        double[] drive = new double[n.size()];
        for (int k = 0; k < n.inputs().size(); k++) {
            int src = index.inputSources[s][k];
            double[] column = absColumnSums(n.inputs().get(k), n.size());
            double spikes = src < 0 ? 1 : Math.max(1, burst[src]);
            for (int o = 0; o < column.length; o++) {
                syn[o] += spikes * column[o];
                if (src < 0) {
                    drive[o] += (INPUT_RANGE + 1) * column[o] + 1;
                    analog[s] = Math.max(analog[s], (INPUT_RANGE + 1) * FixedPoint.INPUT_ONE * column[o] * SAFETY);
                }
            }
        }
        int channels = n.shape().channels();
        double current = 0;
        double start = 0;
        for (int o = 0; o < n.size(); o++) {
            double constant = Math.abs((double) n.bias()[o]) + Math.abs((double) n.shift()[o % channels]) + drive[o];
            current = Math.max(current, (constant + syn[o]) * SAFETY);
            synaptic[s] = Math.max(synaptic[s], syn[o] * SAFETY);
            start = Math.max(start, Math.abs((double) n.initialPotentialOf(o)));
        }
        for (long th : n.threshold()) {
            start = Math.max(start, th);
        }
        potential[s] = (start + (steps + 1.0) * current) * SAFETY;
    }

    /** Per target neuron, {@code Σ_p |w(p→o)|} over one synapse set (in double; widen by {@link #SAFETY}). */
    public static double[] absColumnSums(Synapses syn, int targets) {
        double[] sum = new double[targets];
        int[] start = syn.segmentStart();
        int[] target = syn.target();
        int[] length = syn.length();
        int[] offset = syn.weightOffset();
        long[] w = syn.weights();
        for (int k = 0; k < start[start.length - 1]; k++) {
            for (int j = 0, base = target[k], wb = offset[k]; j < length[k]; j++) {
                sum[base + j] += Math.abs((double) w[wb + j]);
            }
        }
        return sum;
    }

    /** Refuses a network on which some 64-bit integer of the simulation could overflow. */
    public PotentialBounds requireWithinLimit() {
        for (int s = 0; s < names.length; s++) {
            if (!(potential[s] <= LIMIT_64)) {
                throw new SpkerasException(String.format(java.util.Locale.ROOT,
                        "stage '%s': its membrane potential is only bounded by %.4g (%.4g in units of the threshold"
                                + " grid 2^-%d), above the 2^62 that 64-bit simulation can prove safe; the weights,"
                                + " biases or thresholds are implausibly large (a damaged or hand-edited .snn?) or"
                                + " the step budget T is too long",
                        names[s], potential[s], potential[s] / FixedPoint.ONE, FixedPoint.FRACTION_BITS));
            }
            if (!(analog[s] <= LIMIT_64)) {
                throw new SpkerasException(String.format(java.util.Locale.ROOT,
                        "stage '%s': its analog input drive Σ x·w is only bounded by %.4g, above 2^62; the input"
                                + " weights are implausibly large (a damaged or hand-edited .snn?)", names[s], analog[s]));
            }
            if (!(spikeCount[s] <= LIMIT_32)) {
                throw new SpkerasException(String.format(java.util.Locale.ROOT,
                        "stage '%s': its spike count per neuron is only bounded by Γ·T = %.4g, above 2^31 - 1;"
                                + " use a smaller burst limit or step budget", names[s], spikeCount[s]));
            }
        }
        return this;
    }

    /** Whether one step's synaptic input into any neuron of stage {@code s} provably fits a Java int. */
    public boolean synapticFitsInt(int s) {
        return synaptic[s] <= LIMIT_32;
    }

    /** The proven bound on |V| (and every partial sum of it) for stage {@code s}, in fixed-point units. */
    public double potential(int s) {
        return potential[s];
    }

    /** The proven bound on one step's synaptic input into one neuron of stage {@code s}. */
    public double synaptic(int s) {
        return synaptic[s];
    }
}
