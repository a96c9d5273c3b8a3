package org.spkeras.sim;

/**
 * What one simulated sample gives: the prediction after every step ({@code predictions[t-1]} for step t;
 * -1 where an engine did not compute that step), total spikes per stage (gates included; the output stage
 * never spikes), synaptic events per step (spikes × fan-out, gate routing included), and optionally
 * per-neuron spike counts.
 */
public record SampleResult(int[] predictions, long[] stageSpikes, long[] synapticEvents, int[][] neuronCounts) {}
