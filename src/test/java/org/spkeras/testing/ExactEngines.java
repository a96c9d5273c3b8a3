package org.spkeras.testing;

import java.util.LinkedHashMap;
import java.util.Map;
import org.spkeras.sim.Engine;
import org.spkeras.sim.SimOptions;
import org.spkeras.sim.event.EventEngine;
import org.spkeras.sim.event.EventPlan;
import org.spkeras.snn.SpikingNetwork;

/**
 * Every exact engine variant that must equal the dense engine bit for bit: the event engine with 32-bit
 * input sums where proven safe on merged synapse runs (the product's choice), with 64-bit sums of int weights
 * everywhere on the synapses as stored, and with 64-bit sums of 64-bit weights (so each kernel and each layout
 * runs).
 */
public final class ExactEngines {
    private ExactEngines() {}

    public static Map<String, Engine> variants(SpikingNetwork snn, SimOptions sim) {
        Map<String, Engine> engines = new LinkedHashMap<>();
        engines.put("event", new EventEngine(new EventPlan(snn, sim, EventPlan.Width.AUTO, EventPlan.Layout.MERGED)));
        engines.put("event 64-bit, stored layout",
                new EventEngine(new EventPlan(snn, sim, EventPlan.Width.WIDE, EventPlan.Layout.AS_STORED)));
        engines.put("event 64-bit sums and weights",
                new EventEngine(new EventPlan(snn, sim, EventPlan.Width.WIDE_LONG_WEIGHTS, EventPlan.Layout.MERGED)));
        return engines;
    }
}
