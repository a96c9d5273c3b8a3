package org.spkeras.keras;

import java.util.List;

/** Where a layer's weights are found, in the order the layer stores them. */
interface WeightStore {
    List<StoredWeight> weights(LayerSpec layer);

    /** Which layout this store found in the file and where it looked for the layer's weights (for errors). */
    default String whereExpected(LayerSpec layer) {
        return "";
    }
}
