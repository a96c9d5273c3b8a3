package org.spkeras.snn;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A converted network: the input, stages in topological order (sources before targets; the last stage is
 * the output accumulator), and provenance. Immutable; arrays are never modified after construction.
 */
public record SpikingNetwork(InputStage input, List<Stage> stages, Provenance provenance) {
    public SpikingNetwork {
        stages = List.copyOf(stages);
        Map<String, Integer> index = new HashMap<>();
        index.put(input.name(), -1);
        for (Stage s : stages) {
            for (String src : sources(s)) {
                if (!index.containsKey(src)) {
                    throw new IllegalArgumentException("stage '" + s.name() + "' reads '" + src + "', which does not come before it");
                }
            }
            if (index.put(s.name(), index.size()) != null) {
                throw new IllegalArgumentException("two stages are named '" + s.name() + "'");
            }
        }
        if (stages.isEmpty() || !(stages.get(stages.size() - 1) instanceof Stage.Neurons out)
                || out.spiking()) {
            throw new IllegalArgumentException("the last stage must be the non-spiking output accumulator");
        }
        boolean temporal = stages.stream().anyMatch(SpikingNetwork::temporalStage);
        for (Stage s : stages.subList(0, stages.size() - 1)) {
            if (temporalStage(s) != temporal) {
                throw new IllegalArgumentException("stage '" + s.name() + "' mixes " + (temporal ? "a rate-coded stage into"
                        + " a time-to-first-spike network" : "a time-to-first-spike stage into a rate-coded network"));
            }
        }
    }

    /** How activations are coded in spikes: by rate (counts) or by the time of a single spike (docs/temporal.md). */
    public enum Code { RATE, TTFS }

    public Code code() {
        return temporalStage(stages.get(0)) ? Code.TTFS : Code.RATE;
    }

    private static boolean temporalStage(Stage s) {
        return s instanceof Stage.Neurons n ? n.firstSpike()
                : ((Stage.MaxPoolGate) s).kind() == Stage.MaxPoolGate.Kind.FIRST_SPIKE;
    }

    public Stage.Neurons output() {
        return (Stage.Neurons) stages.get(stages.size() - 1);
    }

    /** Index of a stage by name; -1 for the input. */
    public int indexOf(String name) {
        if (name.equals(input.name())) {
            return -1;
        }
        for (int i = 0; i < stages.size(); i++) {
            if (stages.get(i).name().equals(name)) {
                return i;
            }
        }
        throw new IllegalArgumentException("no stage named '" + name + "'");
    }

    public static List<String> sources(Stage s) {
        if (s instanceof Stage.Neurons n) {
            return n.inputs().stream().map(Synapses::source).toList();
        }
        return List.of(((Stage.MaxPoolGate) s).source());
    }
}
