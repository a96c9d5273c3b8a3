package org.spkeras.export;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** An NIR graph: named nodes, directed edges (source, target) and graph metadata. */
public record NirGraph(Map<String, NirNode> nodes, List<Edge> edges, Map<String, Object> metadata) {
    public record Edge(String source, String target) {}

    public NirGraph {
        nodes = Collections.unmodifiableMap(new LinkedHashMap<>(nodes));
        edges = List.copyOf(edges);
        metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
        for (Edge e : edges) {
            if (!nodes.containsKey(e.source()) || !nodes.containsKey(e.target())) {
                throw new IllegalArgumentException("edge " + e + " names a node that is not in the graph");
            }
        }
    }
}
