package org.spkeras.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.spkeras.SpkerasException;
import org.spkeras.data.DataOptions.Layout;
import org.spkeras.model.DataFormat;
import org.spkeras.model.Shape;

class SampleLayoutTest {
    private static final DataFormat CL = DataFormat.CHANNELS_LAST;
    private static final DataFormat CF = DataFormat.CHANNELS_FIRST;

    private static SampleArray array(int... shape) {
        int n = 1;
        for (int d : shape) {
            n *= d;
        }
        return LabelsTest.floats(shape, DataFiles.range(n));
    }

    private static SampleLayout auto(SampleArray x, Shape expected, DataFormat format) {
        return SampleLayout.resolve(x, Layout.AUTO, expected, format);
    }

    @Test
    void detectsNhwcAndNchwFromTheModelsInputShape() {
        Shape rgb = Shape.spatial(4, 5, 3);
        SampleLayout nhwc = auto(array(2, 4, 5, 3), rgb, CF);
        assertEquals(rgb, nhwc.shape());
        assertFalse(nhwc.channelsFirst());
        SampleLayout nchw = auto(array(2, 3, 4, 5), rgb, CL);
        assertEquals(rgb, nchw.shape());
        assertTrue(nchw.channelsFirst());
        assertEquals("NCHW (detected)", nchw.note());
    }

    @Test
    void prefersTheModelsFormatWhenBothOrdersMatch() {
        Shape cube = Shape.spatial(3, 3, 3);
        assertTrue(auto(array(1, 3, 3, 3), cube, CF).channelsFirst());
        assertFalse(auto(array(1, 3, 3, 3), cube, CL).channelsFirst());
    }

    @Test
    void guessesTheChannelAxisWithoutAModel() {
        assertEquals(Shape.spatial(28, 28, 1), auto(array(1, 1, 28, 28), null, CL).shape());
        assertTrue(auto(array(1, 1, 28, 28), null, CL).channelsFirst());
        assertFalse(auto(array(1, 28, 28, 1), null, CL).channelsFirst());
        assertTrue(auto(array(1, 8, 8, 8), null, CF).channelsFirst(), "no small axis: the model's format");
    }

    @Test
    void addsAChannelToThreeDimensionalArrays() {
        SampleLayout l = auto(array(2, 6, 7), Shape.spatial(6, 7, 1), CF);
        assertEquals(Shape.spatial(6, 7, 1), l.shape());
        assertEquals(Shape.spatial(6, 7, 1), auto(array(2, 6, 7), null, CL).shape());
        assertEquals(Shape.flat(42), auto(array(2, 6, 7), Shape.flat(42), CL).shape(), "MLP on N×H×W images");
    }

    @Test
    void reshapesFlatVectorsToTheModelsInput() {
        assertEquals(Shape.flat(784), auto(array(2, 784), Shape.flat(784), CL).shape());
        assertEquals(Shape.flat(12), auto(array(2, 12), null, CL).shape());
        SampleLayout cf = auto(array(1, 12), Shape.spatial(2, 2, 3), CF);
        assertTrue(cf.channelsFirst(), "flat data for a channels-first model are in its own order");
        // stored c,h,w = 0..11 → channels-last value at (y, x, c) is c*4 + y*2 + x
        assertArrayEquals(new float[] {0, 4, 8, 1, 5, 9, 2, 6, 10, 3, 7, 11}, cf.toChannelsLast(DataFiles.range(12)));
        assertFalse(auto(array(1, 12), Shape.spatial(2, 2, 3), CL).channelsFirst());
        assertEquals(Shape.flat(60), auto(array(2, 3, 4, 5), Shape.flat(60), CF).shape());
    }

    @Test
    void explicitLayoutIsObeyed() {
        SampleLayout l = SampleLayout.resolve(array(1, 3, 3, 3), Layout.NCHW, Shape.spatial(3, 3, 3), CL);
        assertTrue(l.channelsFirst());
        assertEquals("NCHW (as set)", l.note());
        SpkerasException e = assertThrows(SpkerasException.class,
                () -> SampleLayout.resolve(array(1, 4, 5, 3), Layout.NCHW, Shape.spatial(4, 5, 3), CL));
        assertEquals("y.npz 'y': samples are 4×5×3 (read as (5, 3, 4) channels-last, NCHW (as set)) but the model "
                + "expects (4, 5, 3) channels-last = (3, 4, 5) channels-first; give data made for this model or check "
                + "option layout (set to nchw)", e.getMessage());
    }

    @Test
    void refusesWrongShapesForTheModel() {
        SpkerasException e = assertThrows(SpkerasException.class,
                () -> auto(array(2, 32, 32, 3), Shape.spatial(28, 28, 1), CL));
        assertEquals("y.npz 'y': samples are 32×32×3 but the model expects (28, 28, 1) channels-last = (1, 28, 28) "
                + "channels-first; give data made for this model", e.getMessage());
        assertEquals("y.npz 'y': samples are 10 (read as (10) channels-last, flat) but the model expects (784) "
                + "channels-last; give data made for this model",
                assertThrows(SpkerasException.class, () -> auto(array(2, 10), Shape.flat(784), CL)).getMessage());
        assertEquals("y.npz 'y': is 1×1×2×2×2 float32; expected N×D vectors, N×H×W or N×H×W×C / N×C×H×W images, "
                + "first axis = samples",
                assertThrows(SpkerasException.class, () -> auto(array(1, 1, 2, 2, 2), null, CL)).getMessage());
    }
}
