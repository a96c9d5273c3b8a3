package org.spkeras.sim;

import java.util.function.Supplier;
import org.spkeras.sim.closedform.ClosedFormEngine;
import org.spkeras.sim.dense.DenseEngine;
import org.spkeras.sim.event.EventEngine;
import org.spkeras.sim.event.EventPlan;
import org.spkeras.snn.SpikingNetwork;

/**
 * The engines: event-driven (default), dense time-stepped, and SpKeras's closed form (predicting from the output's
 * counts as SpKeras does, or from its accumulator as the simulating engines do).
 */
public enum EngineKind {
    EVENT, DENSE, CLOSEDFORM, CLOSEDFORM_ACCUMULATOR;

    /** Whether predictions exist only at the requested budgets (no time course, so no latency). */
    public boolean closedForm() {
        return this == CLOSEDFORM || this == CLOSEDFORM_ACCUMULATOR;
    }

    /** A new engine; {@code budgets} are the step counts the closed form computes (others ignore it). */
    public Engine create(SpikingNetwork net, SimOptions options, int[] budgets) {
        return factory(net, options, budgets).get();
    }

    /**
     * Makes engines for several threads: what does not change while simulating (the event engine's plan,
     * its 32-bit weights) is built once here and shared; each engine it supplies holds only per-sample state.
     */
    public Supplier<Engine> factory(SpikingNetwork net, SimOptions options, int[] budgets) {
        return switch (this) {
            case EVENT -> {
                EventPlan plan = new EventPlan(net, options);
                yield () -> new EventEngine(plan);
            }
            case DENSE -> () -> new DenseEngine(net, options);
            case CLOSEDFORM -> () -> new ClosedFormEngine(net, options, budgets, ClosedFormEngine.OutputRule.COUNTS);
            case CLOSEDFORM_ACCUMULATOR -> () -> new ClosedFormEngine(net, options, budgets,
                    ClosedFormEngine.OutputRule.ACCUMULATOR);
        };
    }
}
