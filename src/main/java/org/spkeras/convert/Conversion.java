package org.spkeras.convert;

import java.util.List;
import org.spkeras.model.Network;
import org.spkeras.snn.SpikingNetwork;

/**
 * The result of a conversion: the ANN actually converted (BN folded, and max pooling replaced or weights
 * quantised where asked), the spiking network, and a line for every approximation made.
 */
public record Conversion(Network convertedAnn, SpikingNetwork network, List<String> approximations) {
    public Conversion {
        approximations = List.copyOf(approximations);
    }
}
