/**
 * Stage 5, simulation: the {@link org.spkeras.sim.Engine}s that run a spiking network over integer time
 * (docs/simulation.md). The dense engine is the semantics; the others equal it bit for bit.
 */
package org.spkeras.sim;
