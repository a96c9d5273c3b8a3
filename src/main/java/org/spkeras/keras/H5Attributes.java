package org.spkeras.keras;

import io.jhdf.api.Attribute;
import io.jhdf.api.Node;
import java.lang.reflect.Array;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the string attributes Keras writes: scalar strings (variable or fixed length), string arrays
 * (fixed-length {@code |S..} or variable length), arrays split in chunks {@code name0, name1, …} when they
 * exceed HDF5's header limit, and the empty float64 array Keras stores for "no strings".
 */
final class H5Attributes {
    private H5Attributes() {}

    static boolean has(Node node, String name) {
        return node.getAttributes().containsKey(name) || node.getAttributes().containsKey(name + "0");
    }

    /** A scalar string attribute, or null when absent. */
    static String string(Node node, String name) {
        Attribute attribute = node.getAttributes().get(name);
        if (attribute == null) {
            return null;
        }
        Object data = attribute.getData();
        if (data == null) {
            return null;
        }
        if (data.getClass().isArray()) {
            return Array.getLength(data) == 0 ? null : asString(Array.get(data, 0));
        }
        return asString(data);
    }

    /** A list of strings, joined over chunks; an empty list when absent or stored as an empty array. */
    static List<String> strings(Node node, String name) {
        List<String> values = new ArrayList<>();
        if (node.getAttributes().containsKey(name)) {
            appendAll(node.getAttributes().get(name), values);
            return values;
        }
        for (int chunk = 0; node.getAttributes().containsKey(name + chunk); chunk++) {
            appendAll(node.getAttributes().get(name + chunk), values);
        }
        return values;
    }

    private static void appendAll(Attribute attribute, List<String> into) {
        if (attribute.isEmpty()) {
            return;
        }
        Object data = attribute.getData();
        if (data == null) {
            return;
        }
        if (!data.getClass().isArray()) {
            into.add(asString(data));
            return;
        }
        for (int i = 0; i < Array.getLength(data); i++) {
            Object item = Array.get(data, i);
            if (item instanceof String || item instanceof byte[]) {
                into.add(asString(item));
            }
        }
    }

    private static String asString(Object value) {
        if (value instanceof byte[] bytes) {
            return new String(bytes, StandardCharsets.UTF_8);
        }
        return String.valueOf(value);
    }
}
