/**
 * The event-driven engine: spike fan-out into synaptic input buffers and one threshold sweep per stage and
 * step, on a plan shared by all threads. (The benchmark's lazy calendar engine and its heap-queue variant, kept for
 * comparison, live in bench/java in this package's name, so they may use its package-private parts.)
 */
package org.spkeras.sim.event;
