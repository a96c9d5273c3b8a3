/**
 * Stage 2, the neutral ANN: {@link org.spkeras.model.Network}, the sealed layer records, shapes, windows,
 * activations and the float64 reference forward pass. Knows no file format and no Keras name.
 */
package org.spkeras.model;
