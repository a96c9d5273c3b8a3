package org.spkeras.sim;

/**
 * What one simulated sample gives: the prediction after every step ({@code predictions[t-1]} for step t),
 * total spikes per stage (gates included; the output stage never spikes), and optionally per-neuron counts.
 */
public record SampleResult(int[] predictions, long[] stageSpikes, int[][] neuronCounts) {}
