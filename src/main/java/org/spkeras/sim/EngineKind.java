package org.spkeras.sim;

import java.util.function.Supplier;
import org.spkeras.sim.closedform.ClosedFormEngine;
import org.spkeras.sim.dense.DenseEngine;
import org.spkeras.sim.event.EventEngine;
import org.spkeras.sim.event.EventPlan;
import org.spkeras.sim.ttfs.DenseTtfsEngine;
import org.spkeras.sim.ttfs.QueueTtfsEngine;
import org.spkeras.sim.ttfs.TtfsEngine;
import org.spkeras.sim.ttfs.TtfsPlan;
import org.spkeras.snn.SpikingNetwork;

/**
 * The engines: event-driven (default for rate codes), dense time-stepped, SpKeras's closed form (predicting from the
 * output's counts as SpKeras does, or from its accumulator as the simulating engines do), and the priority-queue
 * engine of time-to-first-spike networks (default for them; {@code DENSE} is their literal tick-by-tick engine).
 */
public enum EngineKind {
    EVENT, DENSE, CLOSEDFORM, CLOSEDFORM_ACCUMULATOR, QUEUE;

    /** The engine a network's code uses unless one is chosen: event for rate codes, queue for TTFS. */
    public static EngineKind defaultFor(SpikingNetwork.Code code) {
        return code == SpikingNetwork.Code.TTFS ? QUEUE : EVENT;
    }

    /**
     * Makes TTFS engines at {@code ticks} per window for several threads, sharing one plan: {@link #QUEUE} or the
     * literal {@link #DENSE}; every other kind simulates rate codes only and is refused.
     */
    public Supplier<TtfsEngine> ttfsFactory(SpikingNetwork net, int ticks, boolean recordTicks) {
        if (this != QUEUE && this != DENSE) {
            throw new org.spkeras.SpkerasException("--engine " + name().toLowerCase(java.util.Locale.ROOT).replace('_', '-')
                    + " simulates rate codes; a time-to-first-spike network runs on --engine queue (default) or dense");
        }
        TtfsPlan plan = new TtfsPlan(net, ticks);
        return this == QUEUE ? () -> new QueueTtfsEngine(plan, recordTicks) : () -> new DenseTtfsEngine(plan);
    }

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
            case QUEUE -> throw new org.spkeras.SpkerasException("--engine queue simulates time-to-first-spike networks "
                    + "(--code ttfs); a rate-coded network runs on --engine event (default), dense or closedform");
        };
    }
}
