package org.spkeras.data;

import org.spkeras.SpkerasException;

/**
 * Class labels read once, as one int per used sample (the compact form; features are never held like this).
 * Accepted: integer vectors (any numeric dtype holding whole numbers ≥ 0, also as an N×1 column), and N×K rows
 * that are one-hot (exactly one 1, the rest 0) or probability rows (all ≥ 0, summing to 1 within 1e-3, with a
 * single largest value), whose label is the index of the largest value.
 *
 * @param values  one label per stored sample
 * @param classes number of classes: K for rows, else the model's class count, else the largest label + 1
 * @param kind    {@code integer} or {@code one-hot}, for descriptions
 */
record Labels(int[] values, int classes, String kind) {
    private static final double SUM_TOLERANCE = 1e-3;

    /** Reads and checks labels for {@code samples} samples of a model with {@code modelClasses} outputs (≤ 0: unknown). */
    static Labels read(SampleArray y, int samples, int modelClasses) {
        return read(y, samples, samples, modelClasses);
    }

    /**
     * Like {@link #read(SampleArray, int, int)}, but reads only the labels of the first {@code used} samples: the
     * label count is checked as declared, and a file that declares a billion labels costs nothing beyond them.
     */
    static Labels read(SampleArray y, int samples, int used, int modelClasses) {
        int[] dims = y.rowDims();
        if (y.shape().length == 0 || dims.length > 1) {
            throw new SpkerasException(y.source() + ": labels are " + y.describe() + "; expected a vector of N integer "
                    + "labels or an N×K one-hot matrix");
        }
        if (y.rows() != samples) {
            throw new SpkerasException(y.source() + ": has " + y.rows() + " labels for " + samples + " samples; "
                    + "give one label per sample");
        }
        boolean rows = dims.length == 1 && dims[0] > 1;
        if (rows && modelClasses > 0 && dims[0] != modelClasses) {
            throw new SpkerasException(y.source() + ": one-hot labels have " + dims[0] + " columns but the model has "
                    + modelClasses + " output classes; give labels for this model");
        }
        int[] values = new int[used];
        float[] row = new float[y.rowSize()];
        int max = -1;
        for (int i = 0; i < used; i++) {
            y.readRow(i, row);
            values[i] = rows ? argmax(row, y, i) : integer(row[0], y, i);
            if (!rows && modelClasses > 0 && values[i] >= modelClasses) {
                throw new SpkerasException(y.source() + ": label " + values[i] + " of sample " + i + " is out of range "
                        + "for a model with " + modelClasses + " output classes (0.." + (modelClasses - 1)
                        + "); give labels for this model");
            }
            max = Math.max(max, values[i]);
        }
        int classes = rows ? dims[0] : modelClasses > 0 ? modelClasses : max + 1;
        return new Labels(values, classes, rows ? "one-hot" : "integer");
    }

    private static int integer(float v, SampleArray y, int i) {
        if (!(v >= 0 && v == Math.rint(v) && v < Integer.MAX_VALUE)) {
            throw new SpkerasException(y.source() + ": label of sample " + i + " is " + v + "; labels must be whole "
                    + "numbers ≥ 0 (class indices) or one-hot rows");
        }
        return (int) v;
    }

    private static int argmax(float[] row, SampleArray y, int i) {
        int best = 0;
        int ones = 0;
        int zeros = 0;
        boolean tie = false;
        double sum = 0;
        boolean nonNegative = true;
        for (int k = 0; k < row.length; k++) {
            float v = row[k];
            ones += v == 1 ? 1 : 0;
            zeros += v == 0 ? 1 : 0;
            nonNegative &= v >= 0 && Float.isFinite(v);
            sum += v;
            if (k > 0 && v > row[best]) {
                best = k;
                tie = false;
            } else if (k > 0 && v == row[best]) {
                tie = true;
            }
        }
        boolean oneHot = ones == 1 && zeros == row.length - 1;
        boolean probability = nonNegative && Math.abs(sum - 1) <= SUM_TOLERANCE && !tie;
        if (!oneHot && !probability) {
            throw new SpkerasException(y.source() + ": label row " + i + " is " + java.util.Arrays.toString(row)
                    + ", neither one-hot (exactly one 1, the rest 0) nor a probability row (all ≥ 0, summing to 1, "
                    + "one largest value); give integer labels or one-hot rows");
        }
        return best;
    }
}
