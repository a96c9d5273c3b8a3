package org.spkeras.snn;

import org.spkeras.SpkerasException;

/**
 * The integer grids of the spiking engines. Membrane potentials, currents, weights and thresholds are
 * 64-bit integers in units of 2^-{@value #FRACTION_BITS} (with weight normalisation a threshold of 1 is
 * {@code 1 << 24}); analog input values are on a grid of 2^-{@value #INPUT_BITS}. Real values are rounded
 * once, at conversion or when an input is loaded, by {@link #round}: {@code floor(x·2^bits + 0.5)}
 * (half up), so that every engine and the Python reference agree.
 */
public final class FixedPoint {
    public static final int FRACTION_BITS = 24;
    public static final long ONE = 1L << FRACTION_BITS;
    public static final int INPUT_BITS = 16;
    public static final long INPUT_ONE = 1L << INPUT_BITS;

    private FixedPoint() {}

    /**
     * A real value that is NaN, infinite or too large for the grid. A user error (bad weights, data or file), so
     * a {@link SpkerasException}; whoever knows the layer, tensor or file catches it and says which.
     */
    public static final class OffGrid extends SpkerasException {
        private static final long serialVersionUID = 1L;
        private final double value;

        OffGrid(double value, int bits) {
            super("value " + value + " does not fit the fixed-point grid 2^-" + bits + " (|value| < 2^" + (61 - bits)
                    + ", finite)");
            this.value = value;
        }

        public double value() {
            return value;
        }
    }

    /** {@code floor(x·2^bits + 0.5)}; refuses values that do not fit comfortably in 64 bits. */
    public static long round(double x, int bits) {
        double scaled = Math.floor(x * Math.scalb(1.0, bits) + 0.5);
        if (!(Math.abs(scaled) < 0x1p61)) {
            throw new OffGrid(x, bits);
        }
        return (long) scaled;
    }

    public static long round(double x) {
        return round(x, FRACTION_BITS);
    }

    public static double toDouble(long v) {
        return v / (double) ONE;
    }
}
