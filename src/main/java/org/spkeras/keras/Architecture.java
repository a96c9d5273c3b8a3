package org.spkeras.keras;

/**
 * A Keras model config as found in some file, with Keras's tuples already turned into lists.
 *
 * @param json the model config ({@code {"class_name": ..., "config": ...}})
 * @param kerasVersion the Keras version that wrote it, or null
 * @param tensorflowVersion the TensorFlow version that wrote it, or null
 */
record Architecture(String json, String kerasVersion, String tensorflowVersion) {}
