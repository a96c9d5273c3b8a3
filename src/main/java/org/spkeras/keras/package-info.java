/**
 * Stage 1, Keras files in: reads .h5, .keras, Keras 3 .weights.h5, weights + JSON, SavedModel folders and TF
 * checkpoints into a {@link org.spkeras.model.Network}; {@link org.spkeras.keras.ModelFiles} is the entry point.
 * The only package that knows Keras class names, config keys, weight names and jHDF layouts.
 */
package org.spkeras.keras;
