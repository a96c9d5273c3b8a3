package org.spkeras.keras;

import java.util.List;

/** Where a layer's weights are found, in the order the layer stores them. */
interface WeightStore {
    List<StoredWeight> weights(LayerSpec layer);
}
