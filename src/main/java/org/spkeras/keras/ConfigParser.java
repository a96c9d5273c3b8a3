package org.spkeras.keras;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.util.ArrayList;
import java.util.List;

/**
 * Parses a Keras model config (the {@code model_config} attribute, a {@code model.to_json()} file or a
 * Keras 3 {@code config.json}) into a {@link ModelSpec}. Handles Sequential with a list or a dict config,
 * Model/Functional graphs with Keras 1/2 nested-list inbound nodes and Keras 3 {@code args} nodes.
 */
final class ConfigParser {
    private final ImportContext ctx;

    ConfigParser(ImportContext ctx) {
        this.ctx = ctx;
    }

    ModelSpec parse(String json) {
        JsonObject root;
        try {
            JsonElement element = JsonParser.parseString(json);
            if (!element.isJsonObject()) {
                throw ctx.error("the model config is not a JSON object; expected {\"class_name\": ..., \"config\": ...}");
            }
            root = element.getAsJsonObject();
        } catch (JsonParseException e) {
            throw ctx.error("the model config is not valid JSON (" + String.valueOf(e.getMessage()).lines().findFirst()
                    .orElse("") + ")");
        }
        String modelClass = stringOr(root, "class_name", null);
        if (modelClass == null || !root.has("config")) {
            throw ctx.error("the model config has no class_name/config; is this a Keras model file?");
        }
        return switch (modelClass) {
            case "Sequential" -> sequential(root.get("config"));
            case "Model", "Functional" -> functional(modelClass, root.get("config"));
            default -> throw ctx.error("model class '" + modelClass + "' is not supported; save the model as a "
                    + "Sequential or functional Model (subclassed models have no config to import)");
        };
    }

    private ModelSpec sequential(JsonElement config) {
        JsonArray entries;
        if (config.isJsonArray()) {
            entries = config.getAsJsonArray();
        } else if (config.isJsonObject() && config.getAsJsonObject().has("layers")) {
            entries = config.getAsJsonObject().getAsJsonArray("layers");
        } else {
            throw ctx.error("the Sequential config has no layer list");
        }
        List<LayerSpec> layers = new ArrayList<>();
        List<Integer> inputShape = null;
        String inputName = null;
        String previous = null;
        for (JsonElement e : entries) {
            JsonObject entry = e.getAsJsonObject();
            String className = stringOr(entry, "class_name", "?");
            JsonObject cfg = entry.has("config") && entry.get("config").isJsonObject()
                    ? entry.getAsJsonObject("config") : new JsonObject();
            String name = stringOr(cfg, "name", stringOr(entry, "name", null));
            if (name == null) {
                throw ctx.error("a " + className + " layer in the Sequential config has no name");
            }
            if (className.equals("InputLayer")) {
                inputShape = batchShape(cfg, name);
                inputName = name;
                previous = name;
                continue;
            }
            if (previous == null) {
                inputShape = batchShape(cfg, name);
                inputName = name + "_input";
                previous = inputName;
            }
            layers.add(new LayerSpec(className, name, cfg, List.of(previous), 1));
            previous = name;
        }
        if (layers.isEmpty()) {
            throw ctx.error("the Sequential model has no layers");
        }
        return new ModelSpec("Sequential", layers, inputName, inputShape, List.of(previous));
    }

    private ModelSpec functional(String modelClass, JsonElement configElement) {
        if (!configElement.isJsonObject() || !configElement.getAsJsonObject().has("layers")) {
            throw ctx.error("the " + modelClass + " config has no layer list");
        }
        JsonObject config = configElement.getAsJsonObject();
        List<LayerSpec> layers = new ArrayList<>();
        String inputName = null;
        List<Integer> inputShape = null;
        for (JsonElement e : config.getAsJsonArray("layers")) {
            JsonObject entry = e.getAsJsonObject();
            String className = stringOr(entry, "class_name", "?");
            JsonObject cfg = entry.has("config") && entry.get("config").isJsonObject()
                    ? entry.getAsJsonObject("config") : new JsonObject();
            String name = stringOr(entry, "name", stringOr(cfg, "name", null));
            if (name == null) {
                throw ctx.error("a " + className + " layer in the model config has no name");
            }
            JsonArray nodes = entry.has("inbound_nodes") && entry.get("inbound_nodes").isJsonArray()
                    ? entry.getAsJsonArray("inbound_nodes") : new JsonArray();
            if (className.equals("InputLayer")) {
                if (inputName != null) {
                    throw ctx.error("the model has several inputs ('" + inputName + "', '" + name
                            + "'); only single-input models are supported");
                }
                inputName = name;
                inputShape = batchShape(cfg, name);
                continue;
            }
            List<String> inbound = new ArrayList<>();
            if (!nodes.isEmpty()) {
                collectInbound(nodes.get(0), inbound);
            }
            layers.add(new LayerSpec(className, name, cfg, List.copyOf(inbound), nodes.size()));
        }
        if (inputName == null) {
            throw ctx.error("the " + modelClass + " config has no InputLayer");
        }
        List<String> outputs = new ArrayList<>();
        collectLayerRefs(config.get("output_layers"), outputs);
        if (outputs.isEmpty()) {
            throw ctx.error("the " + modelClass + " config names no output layer");
        }
        if (outputs.size() > 1) {
            throw ctx.error("the " + modelClass + " config names " + outputs.size() + " output layers " + outputs
                    + "; only single-output classifiers convert: save a model with one output (e.g. keras.Model("
                    + "inputs, outputs[0]))");
        }
        return new ModelSpec(modelClass, layers, inputName, inputShape, List.copyOf(outputs));
    }

    /** Source layer names of one inbound node, in order, for the Keras 1/2 and Keras 3 node formats. */
    private static void collectInbound(JsonElement node, List<String> into) {
        if (node.isJsonObject()) {
            JsonObject obj = node.getAsJsonObject();
            if ("__keras_tensor__".equals(stringOr(obj, "class_name", null))) {
                into.add(obj.getAsJsonObject("config").getAsJsonArray("keras_history").get(0).getAsString());
                return;
            }
            if (obj.has("args")) {
                collectInbound(obj.get("args"), into);
            }
            return;
        }
        if (!node.isJsonArray()) {
            return;
        }
        JsonArray array = node.getAsJsonArray();
        if (!array.isEmpty() && array.get(0).isJsonPrimitive() && array.get(0).getAsJsonPrimitive().isString()) {
            into.add(array.get(0).getAsString());
            return;
        }
        for (JsonElement item : array) {
            collectInbound(item, into);
        }
    }

    /** Layer names in {@code [["a",0,0], ...]} or {@code ["a",0,0]} form. */
    private static void collectLayerRefs(JsonElement refs, List<String> into) {
        if (refs == null || !refs.isJsonArray()) {
            return;
        }
        JsonArray array = refs.getAsJsonArray();
        if (!array.isEmpty() && array.get(0).isJsonPrimitive()) {
            into.add(array.get(0).getAsString());
            return;
        }
        for (JsonElement item : array) {
            collectLayerRefs(item, into);
        }
    }

    private List<Integer> batchShape(JsonObject cfg, String layerName) {
        for (String key : new String[] {"batch_input_shape", "batch_shape"}) {
            if (cfg.has(key) && cfg.get(key).isJsonArray()) {
                List<Integer> dims = new ArrayList<>();
                JsonArray array = cfg.getAsJsonArray(key);
                for (int i = 1; i < array.size(); i++) {
                    dims.add(array.get(i).isJsonNull() ? null : array.get(i).getAsInt());
                }
                return dims;
            }
        }
        if (cfg.has("input_shape") && cfg.get("input_shape").isJsonArray()) {
            List<Integer> dims = new ArrayList<>();
            for (JsonElement d : cfg.getAsJsonArray("input_shape")) {
                dims.add(d.isJsonNull() ? null : d.getAsInt());
            }
            return dims;
        }
        if (cfg.has("input_dim") && cfg.get("input_dim").isJsonPrimitive()) {
            return List.of(cfg.get("input_dim").getAsInt());
        }
        throw ctx.error("layer '" + layerName + "' is the first layer but declares no input shape "
                + "(batch_input_shape); build the model with an explicit input shape and save it again");
    }

    static String stringOr(JsonObject obj, String key, String fallback) {
        JsonElement e = obj.get(key);
        return e != null && e.isJsonPrimitive() ? e.getAsString() : fallback;
    }
}
