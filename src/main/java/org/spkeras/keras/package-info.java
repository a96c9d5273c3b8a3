/**
 * Stage 1, Keras files in: reads .h5, .keras and weights + JSON into a {@link org.spkeras.model.Network}.
 * The only package that knows Keras class names, config keys, weight names and jHDF layouts.
 */
package org.spkeras.keras;
