/**
 * The converted network for other tools: {@link org.spkeras.export.NirExporter} translates a
 * {@link org.spkeras.snn.SpikingNetwork} into an NIR graph and {@link org.spkeras.export.NirFile} writes and
 * describes NIR files (docs/nir.md). Reads only the converted network; knows nothing of Keras or conversion.
 */
package org.spkeras.export;
