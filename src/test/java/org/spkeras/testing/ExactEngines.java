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
 * runs), each with the SIMD kernel (the Vector API, which the tests' JVM has) and the scalar one.
 */
public final class ExactEngines {
    private ExactEngines() {}

    public static Map<String, Engine> variants(SpikingNetwork snn, SimOptions sim) {
        Map<String, Engine> engines = new LinkedHashMap<>();
        for (EventPlan.Kernel k : EventPlan.Kernel.values()) {
            String kernel = k == EventPlan.Kernel.BEST ? "" : ", scalar kernel";
            engines.put("event" + kernel,
                    new EventEngine(new EventPlan(snn, sim, EventPlan.Width.AUTO, EventPlan.Layout.MERGED, k)));
            engines.put("event 64-bit, stored layout" + kernel,
                    new EventEngine(new EventPlan(snn, sim, EventPlan.Width.WIDE, EventPlan.Layout.AS_STORED, k)));
            engines.put("event 64-bit sums and weights" + kernel,
                    new EventEngine(new EventPlan(snn, sim, EventPlan.Width.WIDE_LONG_WEIGHTS, EventPlan.Layout.MERGED, k)));
        }
        return engines;
    }
}
