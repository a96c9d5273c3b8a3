package org.spkeras.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;
import org.spkeras.SpkerasException;

class LabelsTest {
    /** An in-memory float32 array named {@code y.npz 'y'}. */
    static SampleArray floats(int[] shape, float... values) {
        ByteBuffer b = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            b.putFloat(v);
        }
        return new RawArray("y.npz 'y'", shape, Dtype.numpy("<f4"), b.flip());
    }

    @Test
    void integerVector() {
        Labels l = Labels.read(floats(new int[] {4}, 3, 0, 2, 3), 4, -1);
        assertArrayEquals(new int[] {3, 0, 2, 3}, l.values());
        assertEquals(4, l.classes(), "largest label + 1 when the model's class count is unknown");
        assertEquals("integer", l.kind());
        assertEquals(10, Labels.read(floats(new int[] {4}, 3, 0, 2, 3), 4, 10).classes());
    }

    @Test
    void columnVectorIsIntegerLabels() {
        assertArrayEquals(new int[] {1, 2}, Labels.read(floats(new int[] {2, 1}, 1, 2), 2, 3).values());
    }

    @Test
    void oneHotAndProbabilityRows() {
        Labels l = Labels.read(floats(new int[] {3, 3}, 0, 1, 0, 1, 0, 0, 0.1f, 0.2f, 0.7f), 3, 3);
        assertArrayEquals(new int[] {1, 0, 2}, l.values());
        assertEquals(3, l.classes());
        assertEquals("one-hot", l.kind());
    }

    @Test
    void refusesRowsThatAreNeitherOneHotNorProbabilities() {
        for (float[] row : new float[][] {{0.5f, 0.5f, 0}, {2, 0, 0}, {0, 0, 0}, {1, 1, 0}, {-0.5f, 1.5f, 0},
                {Float.NaN, 1, 0}}) {
            SpkerasException e = assertThrows(SpkerasException.class,
                    () -> Labels.read(floats(new int[] {1, 3}, row), 1, -1));
            assertEquals("y.npz 'y': label row 0 is " + java.util.Arrays.toString(row) + ", neither one-hot (exactly "
                    + "one 1, the rest 0) nor a probability row (all ≥ 0, summing to 1, one largest value); give integer "
                    + "labels or one-hot rows", e.getMessage());
        }
    }

    @Test
    void refusesLabelsOutOfRangeNegativeOrFractional() {
        assertEquals("y.npz 'y': label 10 of sample 1 is out of range for a model with 10 output classes (0..9); give "
                + "labels for this model", assertThrows(SpkerasException.class,
                () -> Labels.read(floats(new int[] {2}, 9, 10), 2, 10)).getMessage());
        assertEquals("y.npz 'y': label of sample 0 is -1.0; labels must be whole numbers ≥ 0 (class indices) or "
                + "one-hot rows", assertThrows(SpkerasException.class,
                () -> Labels.read(floats(new int[] {1}, -1), 1, -1)).getMessage());
        assertThrows(SpkerasException.class, () -> Labels.read(floats(new int[] {1}, 1.5f), 1, -1));
        assertThrows(SpkerasException.class, () -> Labels.read(floats(new int[] {1}, Float.NaN), 1, -1));
    }

    @Test
    void refusesCountAndWidthMismatches() {
        assertEquals("y.npz 'y': has 2 labels for 3 samples; give one label per sample",
                assertThrows(SpkerasException.class, () -> Labels.read(floats(new int[] {2}, 1, 2), 3, -1)).getMessage());
        assertEquals("y.npz 'y': one-hot labels have 2 columns but the model has 10 output classes; give labels for "
                + "this model", assertThrows(SpkerasException.class,
                () -> Labels.read(floats(new int[] {1, 2}, 0, 1), 1, 10)).getMessage());
        assertEquals("y.npz 'y': labels are 1×2×2 float32; expected a vector of N integer labels or an N×K one-hot "
                + "matrix", assertThrows(SpkerasException.class,
                () -> Labels.read(floats(new int[] {1, 2, 2}, 0, 1, 0, 0), 1, -1)).getMessage());
    }
}
