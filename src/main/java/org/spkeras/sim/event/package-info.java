/**
 * The event-driven engine: spike fan-out into synaptic input buffers and one threshold sweep per stage and
 * step, on a plan shared by all threads; the lazy calendar engine and its heap-queue variant for comparison.
 */
package org.spkeras.sim.event;
