/**
 * Stage 3, ANN to spiking network: the one answer to "does it convert?"
 * ({@link org.spkeras.convert.Convertibility}), BN folding, λ, synapse compilation, and the validated
 * {@link org.spkeras.convert.ConversionOptions} (docs/conversion.md).
 */
package org.spkeras.convert;
