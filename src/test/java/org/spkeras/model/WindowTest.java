package org.spkeras.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** TensorFlow's 'same' rule: the odd extra padding pixel goes to the bottom/right. */
class WindowTest {

    @Test
    void sameStrideTwoOnEvenInputPadsOnlyBottomRight() {
        Window w = new Window(3, 3, 2, 2, 1, 1, Window.PaddingMode.SAME);
        // n = 10, s = 2, k = 3: out 5, total pad max((5-1)*2 + 3 - 10, 0) = 1 -> (0, 1)
        assertEquals(new Window.Pads(0, 1, 0, 1), w.pads(10, 10));
        assertEquals(5, w.outHeight(10));
    }

    @Test
    void sameEvenKernelStrideOne() {
        Window w = new Window(4, 4, 1, 1, 1, 1, Window.PaddingMode.SAME);
        assertEquals(new Window.Pads(1, 2, 1, 2), w.pads(7, 7));
        assertEquals(7, w.outWidth(7));
    }

    @Test
    void dilationWidensTheKernel() {
        Window w = new Window(3, 3, 1, 1, 2, 2, Window.PaddingMode.VALID);
        assertEquals(5, w.effectiveKernelHeight());
        assertEquals(6, w.outHeight(10));
    }

    @Test
    void validDropsTheRemainder() {
        Window w = new Window(2, 2, 2, 2, 1, 1, Window.PaddingMode.VALID);
        assertEquals(2, w.outHeight(5));
        assertEquals(new Window.Pads(0, 0, 0, 0), w.pads(5, 5));
    }
}
