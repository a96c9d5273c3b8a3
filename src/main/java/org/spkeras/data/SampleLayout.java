package org.spkeras.data;

import org.spkeras.InvalidOption;
import org.spkeras.SpkerasException;
import org.spkeras.data.DataOptions.Layout;
import org.spkeras.model.DataFormat;
import org.spkeras.model.Shape;

/**
 * How one stored row becomes a channels-last sample: its {@link Shape}, whether the stored values are
 * channels-first (and so are transposed), and a few words for the description. Rules in docs/data.md.
 */
record SampleLayout(Shape shape, boolean channelsFirst, String note) {

    /** Reorders one stored row (of {@code shape.size()} values) to channels-last. */
    float[] toChannelsLast(float[] row) {
        return channelsFirst ? DataFormat.CHANNELS_FIRST.toChannelsLast(row, shape) : row;
    }

    static SampleLayout resolve(SampleArray x, Layout option, Shape expected, DataFormat modelFormat) {
        int[] d = x.rowDims();
        boolean modelFirst = modelFormat == DataFormat.CHANNELS_FIRST;
        if (d.length > 0 && x.rowSize() == 0) {
            throw new SpkerasException(x.source() + ": is " + x.describe() + ", samples with no values; check the array");
        }
        if (option == Layout.FLAT) {
            SampleLayout flat = flat(x.rowSize(), modelFirst, expected);
            return checked(x, option, expected, new SampleLayout(flat.shape(), flat.channelsFirst(), flat.note() + " (as set)"));
        }
        if (option == Layout.HW && d.length != 2) {
            throw new InvalidOption("layout", x.source() + ": is " + x.describe() + "; layout hw expects N×H×W images");
        }
        SampleLayout found = switch (d.length) {
            case 1 -> flat(d[0], option == Layout.NCHW || option == Layout.AUTO && modelFirst, expected);
            case 2 -> expected != null && !expected.isSpatial() ? flatOnly(d[0] * d[1], expected)
                    : new SampleLayout(spatial(d[0], d[1], 1, x), false, "H×W, one channel added");
            case 3 -> image(d, option, expected, modelFirst, x);
            default -> throw new SpkerasException(x.source() + ": is " + x.describe() + "; expected N×D vectors, "
                    + "N×H×W or N×H×W×C / N×C×H×W images, first axis = samples");
        };
        return checked(x, option, expected, found);
    }

    private static SampleLayout checked(SampleArray x, Layout option, Shape expected, SampleLayout found) {
        if (found == null || expected != null && !found.shape().equals(expected)) {
            throw mismatch(x, option, expected, found);
        }
        return found;
    }

    private static SampleLayout flat(int size, boolean channelsFirst, Shape expected) {
        if (expected != null && expected.isSpatial() && expected.size() == size) {
            return new SampleLayout(expected, channelsFirst && expected.channels() > 1,
                    "flat vectors reshaped to the model's input" + (channelsFirst ? ", read channels-first" : ""));
        }
        return flatOnly(size, expected);
    }

    private static SampleLayout flatOnly(int size, Shape expected) {
        boolean reshaped = expected != null && !expected.isSpatial() && expected.size() == size;
        return new SampleLayout(reshaped ? expected : Shape.flat(size), false, reshaped ? "flattened as stored" : "flat");
    }

    private static SampleLayout image(int[] d, Layout option, Shape expected, boolean modelFirst, SampleArray x) {
        if (expected != null && !expected.isSpatial()) {
            return flatOnly(d[0] * d[1] * d[2], expected);
        }
        SampleLayout nhwc = new SampleLayout(spatial(d[0], d[1], d[2], x), false, "NHWC");
        SampleLayout nchw = new SampleLayout(spatial(d[1], d[2], d[0], x), true, "NCHW");
        if (option != Layout.AUTO) {
            SampleLayout chosen = option == Layout.NHWC ? nhwc : nchw;
            return new SampleLayout(chosen.shape(), chosen.channelsFirst(), chosen.note() + " (as set)");
        }
        boolean lastMatches = expected == null ? d[2] <= 4 : nhwc.shape().equals(expected);
        boolean firstMatches = expected == null ? d[0] <= 4 : nchw.shape().equals(expected);
        SampleLayout chosen = lastMatches && firstMatches ? (modelFirst ? nchw : nhwc)
                : lastMatches ? nhwc : firstMatches ? nchw : expected == null ? (modelFirst ? nchw : nhwc) : null;
        return chosen == null ? null : new SampleLayout(chosen.shape(), chosen.channelsFirst(), chosen.note() + " (detected)");
    }

    private static Shape spatial(int h, int w, int c, SampleArray x) {
        try {
            return Shape.spatial(h, w, c);
        } catch (IllegalArgumentException e) {
            throw new SpkerasException(x.source() + ": is " + x.describe() + ", not usable as images (" + e.getMessage() + ")");
        }
    }

    private static SpkerasException mismatch(SampleArray x, Layout option, Shape expected, SampleLayout found) {
        String read = found == null ? "" : " (read as " + found.shape() + " channels-last, " + found.note() + ")";
        String cf = expected.isSpatial()
                ? " = (" + expected.channels() + ", " + expected.height() + ", " + expected.width() + ") channels-first" : "";
        return new SpkerasException(x.source() + ": samples are " + String.join("×", dims(x.rowDims())) + read
                + " but the model expects " + expected + " channels-last" + cf + "; give data made for this model"
                + (option == Layout.AUTO ? "" : " or check {layout} (set to " + option.name().toLowerCase() + ")"));
    }

    private static String[] dims(int[] d) {
        String[] s = new String[d.length];
        for (int i = 0; i < d.length; i++) {
            s[i] = Integer.toString(d[i]);
        }
        return s;
    }
}
