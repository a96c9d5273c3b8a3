/**
 * The event-driven engine: threshold crossings scheduled in a calendar queue, work proportional to spikes.
 */
package org.spkeras.sim.event;
