/**
 * Time-to-first-spike simulation (docs/temporal.md): {@link org.spkeras.sim.ttfs.TtfsPlan} holds a network's windows,
 * delays, fan-outs and proven bound for one K; {@link org.spkeras.sim.ttfs.DenseTtfsEngine} is the literal
 * tick-by-tick definition, {@link org.spkeras.sim.ttfs.QueueTtfsEngine} the priority-queue engine that must equal it
 * bit for bit.
 */
package org.spkeras.sim.ttfs;
