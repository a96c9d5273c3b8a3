package org.spkeras.keras;

import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Weights of a Keras 3 {@code model.weights.h5}: {@code layers/<name>/vars/0..n}, where {@code <name>} is the
 * snake_case of the layer's class, numbered {@code _1, _2, …} in layer order (Keras 3 does not use the
 * layer's own name there, so it is rebuilt from the config order). Newer Keras 3 versions also record the
 * layer's own name as a {@code name} attribute of the {@code vars} group; where it is present it decides.
 */
final class Keras3Weights implements WeightStore {
    private static final Pattern NON_WORD = Pattern.compile("\\W+");
    private static final Pattern CAMEL_WORD = Pattern.compile("(.)([A-Z][a-z]+)");
    private static final Pattern LOWER_UPPER = Pattern.compile("([a-z])([A-Z])");

    private final Group root;
    private final Map<String, String> pathByLayer = new HashMap<>();

    Keras3Weights(Group root, List<LayerSpec> layersInConfigOrder) {
        this.root = root;
        Map<String, String> named = namedVarGroups(root);
        Map<String, Integer> used = new HashMap<>();
        for (LayerSpec layer : layersInConfigOrder) {
            String base = snakeCase(layer.className());
            Integer count = used.get(base);
            String name = count == null ? base : base + "_" + (count + 1);
            used.put(base, count == null ? 0 : count + 1);
            pathByLayer.put(layer.name(), named.getOrDefault(layer.name(), "layers/" + name + "/vars"));
        }
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

    /** The {@code layers/<name>/vars} groups holding weights that no layer of the config maps to, sorted. */
    List<String> unusedWeightGroups() {
        List<String> unused = new ArrayList<>();
        if (root.getChildren().get("layers") instanceof Group layers) {
            for (Map.Entry<String, Node> child : layers.getChildren().entrySet()) {
                String path = "layers/" + child.getKey() + "/vars";
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
        Node vars;
        try {
            vars = path == null ? null : root.getByPath(path);
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
}
