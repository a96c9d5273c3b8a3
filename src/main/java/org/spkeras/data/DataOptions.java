package org.spkeras.data;

import org.spkeras.SpkerasException;

/**
 * How to read DATA. Defaults ({@link #DEFAULTS}): all samples, {@code scale=auto}, layout detected, features and
 * labels found by their usual names.
 *
 * @param limit  use only the first {@code limit} samples (null: all); at least 1
 * @param scale  every stored feature value is <em>multiplied</em> by this (e.g. {@code 1/255.0}); null means
 *               auto: integer arrays (uint8 pixels) × 1/255, float arrays as stored. Must be finite and &gt; 0
 * @param layout how a 4-D array N×A×B×C is laid out ({@link Layout#AUTO}: detected from the model's input shape)
 * @param xKey   name of the features array in an {@code .npz}/HDF5 file (null: recognised names, see docs/data.md)
 * @param yKey   name of the labels array (null: recognised names)
 */
public record DataOptions(Integer limit, Double scale, Layout layout, String xKey, String yKey) {

    /** How samples of a 4-D array are laid out. */
    public enum Layout { AUTO, NHWC, NCHW }

    public static final DataOptions DEFAULTS = new DataOptions(null, null, Layout.AUTO, null, null);

    public DataOptions {
        if (limit != null && limit < 1) {
            throw new SpkerasException("--limit must be at least 1, found " + limit);
        }
        if (scale != null && !(scale > 0 && Double.isFinite(scale))) {
            throw new SpkerasException("--scale must be a positive number or 'auto', found " + scale);
        }
        layout = layout == null ? Layout.AUTO : layout;
        for (String key : new String[] {xKey, yKey}) {
            if (key != null && key.isBlank()) {
                throw new SpkerasException("--x-key/--y-key must name an array, found an empty name");
            }
        }
    }

    public DataOptions withLimit(Integer newLimit) {
        return new DataOptions(newLimit, scale, layout, xKey, yKey);
    }

    public DataOptions withScale(Double newScale) {
        return new DataOptions(limit, newScale, layout, xKey, yKey);
    }

    public DataOptions withLayout(Layout newLayout) {
        return new DataOptions(limit, scale, newLayout, xKey, yKey);
    }

    public DataOptions withKeys(String newXKey, String newYKey) {
        return new DataOptions(limit, scale, layout, newXKey, newYKey);
    }

    /**
     * Parses a {@code --scale} value: {@code auto} (null), a number such as {@code 0.00392157}, or a fraction such
     * as {@code 1/255}.
     */
    public static Double parseScale(String text) {
        String t = text.strip();
        if (t.equalsIgnoreCase("auto")) {
            return null;
        }
        try {
            int slash = t.indexOf('/');
            double v = slash < 0 ? Double.parseDouble(t)
                    : Double.parseDouble(t.substring(0, slash)) / Double.parseDouble(t.substring(slash + 1));
            if (v > 0 && Double.isFinite(v)) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new SpkerasException("--scale must be 'auto', a positive number or a fraction like 1/255, found '" + text + "'");
    }

    /** Parses a {@code --layout} value: auto, nhwc/channels_last, nchw/channels_first (any case). */
    public static Layout parseLayout(String text) {
        return switch (text.strip().toLowerCase(java.util.Locale.ROOT)) {
            case "auto" -> Layout.AUTO;
            case "nhwc", "channels_last" -> Layout.NHWC;
            case "nchw", "channels_first" -> Layout.NCHW;
            default -> throw new SpkerasException("--layout must be auto, nhwc or nchw, found '" + text + "'");
        };
    }
}
