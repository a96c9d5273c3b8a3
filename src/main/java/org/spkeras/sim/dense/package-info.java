/**
 * The dense engine: the literal time-stepped loop that defines the semantics the other engines must equal.
 */
package org.spkeras.sim.dense;
