/**
 * Stage 4, the converted network: {@link org.spkeras.snn.SpikingNetwork}, its stages and synapses, the
 * fixed-point grid and the .snn file format (docs/snn-format.md). Knows nothing of how it was converted.
 */
package org.spkeras.snn;
