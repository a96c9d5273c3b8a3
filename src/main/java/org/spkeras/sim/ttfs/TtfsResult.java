package org.spkeras.sim.ttfs;

/**
 * One sample simulated with temporal coding at K ticks per window (docs/temporal.md, "Decoding" and "Counting").
 *
 * @param prediction  argmax of the output's potential at the end of its input window (ties: lowest index)
 * @param outputPotential the output's {@code V_end}, in units of 2^-24 / K of a logit over λ
 * @param firstSpike  the output neuron that would fire first, or -1 if none would within its window
 * @param firstSpikeTick its global tick, or -1
 * @param stageSpikes spikes per stage (gates included; the output never fires)
 * @param inputSpikes input neurons that fired (q ≠ 0)
 * @param synOps      Σ over fired neurons, input included, of their fan-out
 * @param ticks       per stage and neuron the global tick of its spike (-1: none), or null unless recorded
 * @param queueOperations pushes and pops of the event queue (-1 for the dense engine, which has none)
 */
public record TtfsResult(int prediction, long[] outputPotential, int firstSpike, int firstSpikeTick, long[] stageSpikes,
                         long inputSpikes, long synOps, int[][] ticks,
                         long queueOperations) {}
