package org.spkeras.keras;

import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import java.util.ArrayList;
import java.util.List;

/**
 * Weights of a legacy {@code .h5} file (full model under {@code model_weights}, or a weights-only
 * checkpoint at the root): one group per layer, looked up by each layer's {@code weight_names} attribute.
 */
final class LegacyH5Weights implements WeightStore {
    private final Group root;
    private final ImportContext ctx;

    LegacyH5Weights(Group root, ImportContext ctx) {
        this.root = root;
        this.ctx = ctx;
    }

    List<String> layerNames() {
        return H5Attributes.strings(root, "layer_names");
    }

    @Override
    public List<StoredWeight> weights(LayerSpec layer) {
        Node node = root.getChildren().get(layer.name());
        if (!(node instanceof Group group)) {
            return List.of();
        }
        List<StoredWeight> weights = new ArrayList<>();
        for (String weightName : H5Attributes.strings(group, "weight_names")) {
            Dataset dataset = find(group, weightName);
            if (dataset == null) {
                throw ctx.layerError(layer, "lists weight '" + weightName + "' in weight_names but the file has no "
                        + "such dataset under '" + group.getPath() + "'; the file is incomplete");
            }
            weights.add(StoredWeight.of(weightName, dataset));
        }
        return weights;
    }

    @Override
    public String whereExpected(LayerSpec layer) {
        String base = root.getPath().equals("/") ? "/" : root.getPath() + "/";
        return "layout found: Keras HDF5 (one group per layer name, datasets listed by its weight_names); expected "
                + "this layer's weights in group '" + base + layer.name() + "'";
    }

    private static Dataset find(Group group, String path) {
        try {
            Node node = group.getByPath(path);
            return node instanceof Dataset d ? d : null;
        } catch (RuntimeException e) {
            return null;
        }
    }
}
