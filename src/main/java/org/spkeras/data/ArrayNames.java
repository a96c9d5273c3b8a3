package org.spkeras.data;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.spkeras.SpkerasException;

/**
 * Which arrays of a file are the features and the labels, and which sibling file holds the labels. The names
 * recognised, in order of preference, are listed here and in docs/data.md.
 */
final class ArrayNames {
    /** Feature array names tried in order when no features name is given. */
    static final List<String> FEATURES = List.of("x", "x_test", "x_train", "images", "features", "data", "arr_0");
    /** Label array names tried in order, after the partner of the features name. */
    static final List<String> LABELS = List.of("y", "y_test", "y_train", "labels", "targets", "arr_1");

    private ArrayNames() {}

    static String features(ArrayFile f, String xKey) {
        if (xKey != null) {
            return require(f, xKey, "{x-key}");
        }
        for (String n : FEATURES) {
            if (f.names().contains(n)) {
                return n;
            }
        }
        List<String> others = f.names().stream().filter(n -> !LABELS.contains(n)).toList();
        if (others.size() == 1) {
            return others.get(0);
        }
        throw new SpkerasException(f.fileName() + ": no features array found among " + f.names() + " (recognised: "
                + FEATURES + "); name the array with {x-key}");
    }

    /**
     * The labels array of a file that also holds the features {@code xName}, or null when it has none. When the
     * features were named ({@code xNamed}), only their partner name is tried, not the LABELS list.
     */
    static String labels(ArrayFile f, String yKey, String xName, boolean xNamed) {
        if (yKey != null) {
            return require(f, yKey, "{y-key}");
        }
        for (String n : candidates(xName, xNamed)) {
            if (!n.equals(xName) && f.names().contains(n)) {
                return n;
            }
        }
        return null;
    }

    /** The labels array of a file that holds only labels: its single array, or one with a recognised name. */
    static String labelsOnly(ArrayFile f) {
        if (f.names().size() == 1) {
            return f.names().get(0);
        }
        for (String n : LABELS) {
            if (f.names().contains(n)) {
                return n;
            }
        }
        throw new SpkerasException(f.fileName() + ": labels file holds " + f.names() + " and none is recognised as "
                + "labels (" + LABELS + "); keep one array in it or name it y");
    }

    /** The partner of the features name first (x_test → y_test, images → labels, arr_0 → arr_1), then LABELS. */
    private static List<String> candidates(String xName, boolean partnerOnly) {
        List<String> out = new ArrayList<>();
        if (xName.startsWith("x")) {
            out.add("y" + xName.substring(1));
        }
        if (xName.contains("images")) {
            out.add(xName.replace("images", "labels"));
        }
        if (xName.equals("arr_0")) {
            out.add("arr_1");
        }
        if (!partnerOnly) {
            out.addAll(LABELS);
        }
        return out;
    }

    /**
     * Files that may hold the labels of features file {@code file}: IDX {@code *images*} → {@code *labels*} (idx3 →
     * idx1, with or without .gz); {@code x*} → {@code y*} with the same extension, then {@code y_test} with it.
     */
    static List<Path> siblings(Path file) {
        String name = file.getFileName().toString();
        List<Path> out = new ArrayList<>();
        if (name.contains("images")) {
            String labels = name.replace("images", "labels").replaceAll("idx\\d", "idx1");
            out.add(file.resolveSibling(labels));
            out.add(file.resolveSibling(labels.endsWith(".gz") ? labels.substring(0, labels.length() - 3) : labels + ".gz"));
        } else if (name.startsWith("x")) {
            int dot = name.lastIndexOf('.');
            String ext = dot < 0 ? "" : name.substring(dot);
            out.add(file.resolveSibling("y" + name.substring(1)));
            out.add(file.resolveSibling("y_test" + ext));
        }
        return out;
    }

    private static String require(ArrayFile f, String key, String option) {
        String k = key.startsWith("/") ? key.substring(1) : key;
        if (!f.names().contains(k)) {
            throw new SpkerasException(f.fileName() + ": has no array '" + key + "' (" + option + "); it holds "
                    + f.names());
        }
        return k;
    }
}
