package org.spkeras.export;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One node of an NIR graph: its type name as the specification spells it ({@code Conv2d}, {@code IF}, …), its
 * parameters and its metadata, in writing order. Values are {@link Tensor}s, {@code long[]}, {@link Long},
 * {@link Double} or {@link String}.
 */
public record NirNode(String type, Map<String, Object> parameters, Map<String, Object> metadata) {
    public NirNode {
        parameters = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
        metadata = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
    }

    public NirNode(String type, Map<String, Object> parameters) {
        this(type, parameters, Map.of());
    }
}
