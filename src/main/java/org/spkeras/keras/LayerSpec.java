package org.spkeras.keras;

import com.google.gson.JsonObject;
import java.util.List;

/** One layer entry of a Keras model config: its class, name, config object and the layers feeding it. */
record LayerSpec(String className, String name, JsonObject config, List<String> inbound, int nodeCount) {}
