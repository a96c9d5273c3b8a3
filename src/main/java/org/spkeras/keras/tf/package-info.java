/**
 * TensorFlow's file formats, as far as Keras models need them: tensor bundles (checkpoint index tables, data
 * shards, CRC-32C) and the SavedModel protocol buffers, decoded with protobuf-java's wire reader. Knows
 * nothing of Keras layers.
 */
package org.spkeras.keras.tf;
