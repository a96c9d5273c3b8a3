package org.spkeras.keras;

import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Weights of a {@code model.weights.h5} written by Keras's zip saving ({@code saving_lib}): one group per layer,
 * {@code <container>/<name>/vars/0..n}, where {@code <name>} is the snake_case of the layer's class, numbered
 * {@code _1, _2, …} in {@code model.layers} order (not the layer's own name, so it is rebuilt from the config
 * order). Three layouts exist (see docs/import.md):
 * <ul>
 *   <li>{@link Layout#KERAS3}: Keras 3 and tf.keras 2.15, container {@code layers};</li>
 *   <li>{@link Layout#TF_KERAS_2_14}: tf.keras 2.14, container {@code _layer_checkpoint_dependencies};</li>
 *   <li>{@link Layout#TF_KERAS_2_12}: tf.keras 2.12–2.13, container {@code _layer_checkpoint_dependencies}, and
 *       every layer that owns weights is listed there twice ({@code layer_with_weights-K} and {@code layer-N}),
 *       so its second entry uses up one number of its class although nothing is written for it.</li>
 * </ul>
 * Newer Keras 3 versions also record the layer's own name as a {@code name} attribute of the {@code vars}
 * group; where it is present it decides.
 */
final class Keras3Weights implements WeightStore {
    private static final Pattern NON_WORD = Pattern.compile("\\W+");
    private static final Pattern CAMEL_WORD = Pattern.compile("(.)([A-Z][a-z]+)");
    private static final Pattern LOWER_UPPER = Pattern.compile("([a-z])([A-Z])");
    private static final Pattern VERSION = Pattern.compile("^(\\d+)\\.(\\d+)");
    static final String TF_CONTAINER = "_layer_checkpoint_dependencies";

    /** Where and how a zip-saved weights file names each layer's group. */
    enum Layout {
        KERAS3("layers", false, "Keras 3 / tf.keras 2.15 (layers/<class>[_n]/vars/<i>)"),
        TF_KERAS_2_14(TF_CONTAINER, false, "tf.keras 2.14 (" + TF_CONTAINER + "/<class>[_n]/vars/<i>)"),
        TF_KERAS_2_12(TF_CONTAINER, true, "tf.keras 2.12-2.13 (" + TF_CONTAINER + "/<class>[_n]/vars/<i>, "
                + "each weighted layer counted twice)");

        final String container;
        final boolean weightedCountTwice;
        final String description;

        Layout(String container, boolean weightedCountTwice, String description) {
            this.container = container;
            this.weightedCountTwice = weightedCountTwice;
            this.description = description;
        }
    }

    private final Group root;
    private final Layout layout;
    private final Map<String, String> pathByLayer = new HashMap<>();

    Keras3Weights(Group root, List<LayerSpec> layersInConfigOrder) {
        this(root, layersInConfigOrder, null);
    }

    /** {@code kerasVersion} (from metadata.json, may be null) tells tf.keras 2.12–2.13 from 2.14. */
    Keras3Weights(Group root, List<LayerSpec> layersInConfigOrder, String kerasVersion) {
        this.root = root;
        this.layout = layoutOf(root, kerasVersion);
        Map<String, String> named = layout == Layout.KERAS3 ? namedVarGroups(root) : Map.of();
        Map<String, Integer> used = new HashMap<>();
        for (LayerSpec layer : layersInConfigOrder) {
            String name = nextName(used, snakeCase(layer.className()));
            String path = layout.container + "/" + name + "/vars";
            pathByLayer.put(layer.name(), named.getOrDefault(layer.name(), path));
            if (layout.weightedCountTwice && !datasets(path).isEmpty()) {
                nextName(used, snakeCase(layer.className()));
            }
        }
    }

    private static String nextName(Map<String, Integer> used, String base) {
        Integer count = used.get(base);
        used.put(base, count == null ? 0 : count + 1);
        return count == null ? base : base + "_" + (count + 1);
    }

    /** The layout of a weights file: by its top-level groups, and for tf.keras by the Keras version. */
    static Layout layoutOf(Group root, String kerasVersion) {
        if (!(root.getChildren().get(TF_CONTAINER) instanceof Group)) {
            return Layout.KERAS3;
        }
        Matcher m = kerasVersion == null ? null : VERSION.matcher(kerasVersion);
        if (m != null && m.find() && Integer.parseInt(m.group(1)) == 2 && Integer.parseInt(m.group(2)) <= 13) {
            return Layout.TF_KERAS_2_12;
        }
        return Layout.TF_KERAS_2_14;
    }

    Layout layout() {
        return layout;
    }

    /** Layer name → vars path, from the {@code name} attributes that newer Keras 3 writes. */
    private static Map<String, String> namedVarGroups(Group root) {
        Map<String, String> named = new HashMap<>();
        if (root.getChildren().get("layers") instanceof Group layers) {
            for (Map.Entry<String, Node> child : layers.getChildren().entrySet()) {
                if (child.getValue() instanceof Group g && g.getChildren().get("vars") instanceof Group vars) {
                    String name = H5Attributes.string(vars, "name");
                    if (name != null) {
                        named.put(name, "layers/" + child.getKey() + "/vars");
                    }
                }
            }
        }
        return named;
    }

    static String snakeCase(String className) {
        String s = NON_WORD.matcher(className).replaceAll("");
        s = CAMEL_WORD.matcher(s).replaceAll("$1_$2");
        return LOWER_UPPER.matcher(s).replaceAll("$1_$2").toLowerCase(java.util.Locale.ROOT);
    }

    /** The {@code <container>/<name>/vars} groups holding weights that no layer of the config maps to, sorted. */
    List<String> unusedWeightGroups() {
        List<String> unused = new ArrayList<>();
        if (root.getChildren().get(layout.container) instanceof Group layers) {
            for (Map.Entry<String, Node> child : layers.getChildren().entrySet()) {
                String path = layout.container + "/" + child.getKey() + "/vars";
                if (child.getValue() instanceof Group g && g.getChildren().get("vars") instanceof Group vars
                        && !vars.getChildren().isEmpty() && !pathByLayer.containsValue(path)) {
                    unused.add(path);
                }
            }
        }
        unused.sort(null);
        return unused;
    }

    @Override
    public List<StoredWeight> weights(LayerSpec layer) {
        String path = pathByLayer.get(layer.name());
        return path == null ? List.of() : datasets(path);
    }

    private List<StoredWeight> datasets(String path) {
        Node vars;
        try {
            vars = root.getByPath(path);
        } catch (RuntimeException e) {
            vars = null;
        }
        if (!(vars instanceof Group group)) {
            return List.of();
        }
        List<StoredWeight> weights = new ArrayList<>();
        for (int i = 0; group.getChildren().get(Integer.toString(i)) instanceof Dataset d; i++) {
            weights.add(StoredWeight.of(path + "/" + i, d));
        }
        return weights;
    }

    @Override
    public String whereExpected(LayerSpec layer) {
        String groups = root.getChildren().keySet().stream().sorted().toList().toString();
        return "layout found: " + layout.description + " (top-level groups " + groups + "); expected this layer's "
                + "variables under '" + pathByLayer.get(layer.name()) + "'";
    }
}
