/**
 * SpKeras's closed-form spike counts (Wu et al. 2022), for comparison with the simulated counts.
 */
package org.spkeras.sim.closedform;
