package org.spkeras.sim;

import org.spkeras.sim.closedform.ClosedFormEngine;
import org.spkeras.sim.dense.DenseEngine;
import org.spkeras.sim.event.EventEngine;
import org.spkeras.snn.SpikingNetwork;

/** The engines: event-driven (default), dense time-stepped, and SpKeras's closed form. */
public enum EngineKind {
    EVENT, DENSE, CLOSEDFORM;

    /** A new engine; {@code budgets} are the step counts the closed form computes (others ignore it). */
    public Engine create(SpikingNetwork net, SimOptions options, int[] budgets) {
        return switch (this) {
            case EVENT -> new EventEngine(net, options);
            case DENSE -> new DenseEngine(net, options);
            case CLOSEDFORM -> new ClosedFormEngine(net, options, budgets);
        };
    }
}
