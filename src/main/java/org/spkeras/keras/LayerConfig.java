package org.spkeras.keras;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

/** Typed reads of one layer's config, with errors that name the file, the layer and the key. */
final class LayerConfig {
    /** Upper bound for any count in a config (filters, units, kernel sizes): larger values are absurd. */
    static final int MAX_COUNT = 1 << 20;

    private final LayerSpec layer;
    private final ImportContext ctx;
    private final JsonObject cfg;

    LayerConfig(LayerSpec layer, ImportContext ctx) {
        this.layer = layer;
        this.ctx = ctx;
        this.cfg = layer.config();
    }

    boolean has(String key) {
        return cfg.has(key) && !cfg.get(key).isJsonNull();
    }

    /** The first of {@code keys} present, as a positive count. */
    int count(String... keys) {
        for (String key : keys) {
            if (has(key)) {
                return checkedCount(key, number(key));
            }
        }
        throw ctx.layerError(layer, "has no '" + keys[0] + "' in its config");
    }

    /** An int or a 2-element list (kernel_size, strides); {@code fallback} when absent. */
    int[] pair(String key, int[] fallback) {
        if (!has(key)) {
            return fallback;
        }
        JsonElement e = cfg.get(key);
        if (e.isJsonPrimitive()) {
            int v = checkedCount(key, e.getAsDouble());
            return new int[] {v, v};
        }
        JsonArray a = e.getAsJsonArray();
        if (a.size() != 2) {
            throw ctx.layerError(layer, "has '" + key + "' = " + a + "; expected 2 values (height, width)");
        }
        return new int[] {checkedCount(key, a.get(0).getAsDouble()), checkedCount(key, a.get(1).getAsDouble())};
    }

    String string(String key, String fallback) {
        return has(key) && cfg.get(key).isJsonPrimitive() ? cfg.get(key).getAsString() : fallback;
    }

    boolean bool(String key, boolean fallback) {
        return has(key) ? cfg.get(key).getAsBoolean() : fallback;
    }

    double number(String key, double fallback) {
        return has(key) ? number(key) : fallback;
    }

    double number(String key) {
        JsonElement e = cfg.get(key);
        if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isNumber()) {
            throw ctx.layerError(layer, "has '" + key + "' = " + e + "; expected a number");
        }
        return e.getAsDouble();
    }

    JsonElement raw(String key) {
        return cfg.get(key);
    }

    private int checkedCount(String key, double value) {
        if (value != Math.rint(value) || value < 1 || value > MAX_COUNT) {
            throw ctx.layerError(layer, "has '" + key + "' = " + value + "; expected a whole number from 1 to " + MAX_COUNT);
        }
        return (int) value;
    }
}
