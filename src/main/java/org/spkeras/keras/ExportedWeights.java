package org.spkeras.keras;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.spkeras.keras.tf.TensorBundle;

/**
 * Weights of a SavedModel written by Keras 3 {@code model.export()}: {@code variables/N/.ATTRIBUTES/VARIABLE_VALUE},
 * the model's variables in order (layer by layer in config order; kernel then bias, BN γ, β, mean, variance).
 * Non-float variables (random-seed state) are skipped. The architecture comes from the user.
 */
final class ExportedWeights implements WeightStore {
    private static final Pattern KEY = Pattern.compile("variables/(\\d+)/\\.ATTRIBUTES/VARIABLE_VALUE");

    private final Map<String, List<StoredWeight>> byLayer = new HashMap<>();

    ExportedWeights(TensorBundle bundle, List<LayerSpec> layersInConfigOrder, ImportContext ctx) {
        TreeMap<Integer, TensorBundle.Entry> variables = new TreeMap<>();
        for (TensorBundle.Entry e : bundle.entries().values()) {
            Matcher m = KEY.matcher(e.key());
            if (m.matches() && (e.dtype() == 1 || e.dtype() == 2)) {
                variables.put(Integer.parseInt(m.group(1)), e);
            }
        }
        List<TensorBundle.Entry> ordered = new ArrayList<>(variables.values());
        int next = 0;
        for (LayerSpec layer : layersInConfigOrder) {
            int count = weightCount(layer);
            List<StoredWeight> weights = new ArrayList<>();
            for (int i = 0; i < count && next < ordered.size(); i++, next++) {
                TensorBundle.Entry e = ordered.get(next);
                int[] dims = Arrays.stream(e.shape()).mapToInt(Math::toIntExact).toArray();
                weights.add(new StoredWeight(e.key(), dims, () -> bundle.floats(e.key())));
            }
            byLayer.put(layer.name(), weights);
        }
        int expected = layersInConfigOrder.stream().mapToInt(ExportedWeights::weightCount).sum();
        if (ordered.size() != expected) {
            throw ctx.error("holds " + ordered.size() + " float variables but the architecture has " + expected
                    + " weight arrays; the SavedModel and the architecture belong to different models");
        }
    }

    private static int weightCount(LayerSpec layer) {
        JsonObject cfg = layer.config();
        return switch (layer.className()) {
            case "Conv2D", "Convolution2D", "Dense" -> 1 + (flag(cfg, "use_bias") ? 1 : 0);
            case "BatchNormalization" -> (flag(cfg, "scale") ? 1 : 0) + (flag(cfg, "center") ? 1 : 0) + 2;
            default -> 0;
        };
    }

    private static boolean flag(JsonObject cfg, String key) {
        JsonElement e = cfg.get(key);
        return e == null || !e.isJsonPrimitive() || e.getAsBoolean();
    }

    @Override
    public List<StoredWeight> weights(LayerSpec layer) {
        return byLayer.getOrDefault(layer.name(), List.of());
    }
}
