package org.spkeras.keras;

import java.util.List;

/**
 * A Keras model config reduced to what the importer needs. {@code inputShape} is the declared batch input
 * shape without the batch dimension, in the model's own layout; null entries are unknown sizes.
 */
record ModelSpec(String modelClass, List<LayerSpec> layers, String inputName, List<Integer> inputShape,
                 List<String> outputNames) {}
