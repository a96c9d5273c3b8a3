package org.spkeras.keras;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.spkeras.keras.tf.TensorBundle;

/**
 * Weights of a TF-Keras 2 tensor bundle (SavedModel variables or a TF checkpoint):
 * {@code layer_with_weights-K/<weight>/.ATTRIBUTES/VARIABLE_VALUE}, where K counts the model's layers that
 * own weights, in the order of the model config. Optimizer slots and metric state are not weights.
 */
final class BundleWeights implements WeightStore {
    private static final Set<String> WEIGHTED = Set.of("Conv2D", "Convolution2D", "Dense", "BatchNormalization");
    private static final Pattern KEY = Pattern.compile("layer_with_weights-(\\d+)/([^/]+)/\\.ATTRIBUTES/VARIABLE_VALUE");

    private final TensorBundle bundle;
    private final ImportContext ctx;
    private final Map<String, Integer> indexByLayer = new HashMap<>();
    private final Map<Integer, List<String>> keysByIndex = new HashMap<>();

    BundleWeights(TensorBundle bundle, List<LayerSpec> layersInConfigOrder, ImportContext ctx) {
        this.bundle = bundle;
        this.ctx = ctx;
        int k = 0;
        for (LayerSpec layer : layersInConfigOrder) {
            if (WEIGHTED.contains(layer.className())) {
                indexByLayer.put(layer.name(), k++);
            }
        }
        TreeSet<Integer> stored = new TreeSet<>();
        for (String key : bundle.entries().keySet()) {
            Matcher m = KEY.matcher(key);
            if (m.matches()) {
                int index = Integer.parseInt(m.group(1));
                stored.add(index);
                keysByIndex.computeIfAbsent(index, i -> new ArrayList<>()).add(key);
            }
        }
        if (stored.isEmpty()) {
            throw ctx.error("holds no Keras layer weights (no layer_with_weights-K tensors); it was not written by "
                    + "TF-Keras 2 (tensors: " + firstKeys() + ")");
        }
        if (stored.size() != k || stored.last() != k - 1) {
            throw ctx.error("holds weights for " + stored.size() + " layers (layer_with_weights-0 … -"
                    + stored.last() + ") but the architecture has " + k + " layers with weights "
                    + "(Conv2D, Dense, BatchNormalization); the checkpoint and the architecture belong to different models");
        }
    }

    @Override
    public String whereExpected(LayerSpec layer) {
        Integer index = indexByLayer.get(layer.name());
        return "layout found: TF tensor bundle (layer_with_weights-K/<name>/.ATTRIBUTES/VARIABLE_VALUE); expected "
                + (index == null ? "no weights for this layer class" : "this layer's weights under layer_with_weights-" + index);
    }

    private String firstKeys() {
        List<String> keys = bundle.entries().keySet().stream().filter(k -> !k.startsWith("_")).limit(4).toList();
        return String.join(", ", keys) + (bundle.entries().size() > keys.size() ? ", …" : "");
    }

    @Override
    public List<StoredWeight> weights(LayerSpec layer) {
        Integer index = indexByLayer.get(layer.name());
        if (index == null) {
            return List.of();
        }
        List<StoredWeight> weights = new ArrayList<>();
        for (String key : keysByIndex.getOrDefault(index, List.of())) {
            TensorBundle.Entry e = bundle.entries().get(key);
            String name = key.substring(0, key.indexOf("/.ATTRIBUTES"));
            weights.add(new StoredWeight(name, dims(e), () -> bundle.floats(key)));
        }
        return weights;
    }

    private int[] dims(TensorBundle.Entry e) {
        int[] dims = new int[e.shape().length];
        for (int i = 0; i < dims.length; i++) {
            long d = e.shape()[i];
            if (d < 0 || d > Integer.MAX_VALUE) {
                throw ctx.error("tensor '" + e.key() + "' has dimension " + d + "; the index is damaged");
            }
            dims[i] = (int) d;
        }
        return dims;
    }
}
