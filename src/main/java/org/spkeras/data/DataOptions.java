package org.spkeras.data;

import org.spkeras.InvalidOption;

/**
 * How to read DATA. Defaults ({@link #DEFAULTS}): all samples, {@code scale=auto}, layout detected, features and
 * labels found by their usual names.
 *
 * @param limit  use only the first {@code limit} samples (null: all); at least 1
 * @param scale  every stored feature value is <em>multiplied</em> by this (e.g. {@code 1/255.0}); null means
 *               auto: integer arrays (uint8 pixels) × 1/255, float arrays as stored. Must be finite and &gt; 0
 * @param layout how samples are laid out ({@link Layout#AUTO}: detected from the model's input shape)
 * @param xKey   name of the features array in an {@code .npz}/HDF5 file (null: recognised names, see docs/data.md)
 * @param yKey   name of the labels array (null: recognised names)
 * @param first  the first sample used (0: from the start); {@code limit} counts from it
 * @param mean   per-channel mean subtracted after {@code scale} (null: none; one value: every channel)
 * @param std    per-channel standard deviation divided by after the mean (null: none); every value finite and &gt; 0
 */
public record DataOptions(Integer limit, Double scale, Layout layout, String xKey, String yKey, int first, float[] mean,
                          float[] std) {

    /**
     * How a sample is stored: detected ({@code AUTO}), N×H×W×C, N×C×H×W, N×H×W (one channel), or flat vectors
     * read in the model's own order.
     */
    public enum Layout { AUTO, NHWC, NCHW, HW, FLAT }

    public static final DataOptions DEFAULTS = new DataOptions(null, null, Layout.AUTO, null, null, 0);

    public DataOptions(Integer limit, Double scale, Layout layout, String xKey, String yKey) {
        this(limit, scale, layout, xKey, yKey, 0);
    }

    public DataOptions(Integer limit, Double scale, Layout layout, String xKey, String yKey, int first) {
        this(limit, scale, layout, xKey, yKey, first, null, null);
    }

    public DataOptions {
        if (first < 0) {
            throw new IllegalArgumentException("first sample must be >= 0, found " + first);
        }
        InvalidOption.require(limit == null || limit >= 1, "limit", "must be at least 1, found " + limit);
        InvalidOption.require(scale == null || scale > 0 && Double.isFinite(scale), "scale",
                "must be a positive number or 'auto', found " + scale);
        layout = layout == null ? Layout.AUTO : layout;
        InvalidOption.require(xKey == null || !xKey.isBlank(), "x-key", "must name an array, found an empty name");
        InvalidOption.require(yKey == null || !yKey.isBlank(), "y-key", "must name an array, found an empty name");
        InvalidOption.require(mean == null || mean.length > 0 && allFinite(mean), "mean",
                "must be finite numbers, one per channel, found " + java.util.Arrays.toString(mean));
        InvalidOption.require(std == null || std.length > 0 && allPositive(std), "std",
                "must be positive finite numbers, one per channel, found " + java.util.Arrays.toString(std));
        mean = mean == null ? null : mean.clone();
        std = std == null ? null : std.clone();
    }

    private static boolean allFinite(float[] v) {
        for (float x : v) {
            if (!Float.isFinite(x)) {
                return false;
            }
        }
        return true;
    }

    private static boolean allPositive(float[] v) {
        for (float x : v) {
            if (!(x > 0) || !Float.isFinite(x)) {
                return false;
            }
        }
        return true;
    }

    /** Per-channel standardisation {@code (x·scale − mean) / std} (null: none). */
    public DataOptions withNormalisation(float[] newMean, float[] newStd) {
        return new DataOptions(limit, scale, layout, xKey, yKey, first, newMean, newStd);
    }

    public DataOptions withLimit(Integer newLimit) {
        return new DataOptions(newLimit, scale, layout, xKey, yKey, first, mean, std);
    }

    /** Samples from {@code newFirst} on (with the limit counted from there). */
    public DataOptions withFirst(int newFirst) {
        return new DataOptions(limit, scale, layout, xKey, yKey, newFirst, mean, std);
    }

    /**
     * Only the samples of {@code range} (null: unchanged): they start at its first sample, and a limit already set
     * still counts from there, so {@code --range 1000:10000 --limit 100} reads samples 1000..1099.
     */
    public DataOptions withRange(SampleRange range) {
        if (range == null) {
            return this;
        }
        Integer size = range.size();
        Integer newLimit = size == null ? limit : limit == null ? size : Integer.valueOf(Math.min(limit, size));
        return new DataOptions(newLimit, scale, layout, xKey, yKey, range.first(), mean, std);
    }

    /** At most {@code most} samples: the limit, if smaller, stays. */
    public DataOptions withAtMost(int most) {
        return withLimit(limit == null ? most : Math.min(limit, most));
    }

    public DataOptions withScale(Double newScale) {
        return new DataOptions(limit, newScale, layout, xKey, yKey, first, mean, std);
    }

    public DataOptions withLayout(Layout newLayout) {
        return new DataOptions(limit, scale, newLayout, xKey, yKey, first, mean, std);
    }

    public DataOptions withKeys(String newXKey, String newYKey) {
        return new DataOptions(limit, scale, layout, newXKey, newYKey, first, mean, std);
    }
}
