package org.spkeras.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.spkeras.SpkerasException;
import org.spkeras.data.DataOptions.Layout;

class DataOptionsTest {
    @Test
    void defaultsAreAllSamplesAutoScaleAutoLayoutRecognisedNames() {
        DataOptions d = DataOptions.DEFAULTS;
        assertNull(d.limit());
        assertNull(d.scale());
        assertEquals(Layout.AUTO, d.layout());
        assertNull(d.xKey());
        assertNull(d.yKey());
        assertEquals(Layout.AUTO, new DataOptions(5, null, null, null, null).layout());
        assertEquals(new DataOptions(5, 0.5, Layout.NCHW, "a", "b"),
                d.withLimit(5).withScale(0.5).withLayout(Layout.NCHW).withKeys("a", "b"));
    }

    @Test
    void refusesBadValues() {
        assertEquals("--limit must be at least 1, found 0",
                assertThrows(SpkerasException.class, () -> DataOptions.DEFAULTS.withLimit(0)).getMessage());
        assertEquals("--scale must be a positive number or 'auto', found -1.0",
                assertThrows(SpkerasException.class, () -> DataOptions.DEFAULTS.withScale(-1.0)).getMessage());
        assertThrows(SpkerasException.class, () -> DataOptions.DEFAULTS.withScale(Double.NaN));
        assertThrows(SpkerasException.class, () -> DataOptions.DEFAULTS.withScale(Double.POSITIVE_INFINITY));
        assertEquals("--x-key/--y-key must name an array, found an empty name",
                assertThrows(SpkerasException.class, () -> DataOptions.DEFAULTS.withKeys(" ", null)).getMessage());
    }

    @Test
    void parsesScaleAndLayout() {
        assertNull(DataOptions.parseScale("auto"));
        assertEquals(1 / 255.0, DataOptions.parseScale("1/255"));
        assertEquals(0.5, DataOptions.parseScale(" 0.5 "));
        assertEquals("--scale must be 'auto', a positive number or a fraction like 1/255, found 'abc'",
                assertThrows(SpkerasException.class, () -> DataOptions.parseScale("abc")).getMessage());
        assertThrows(SpkerasException.class, () -> DataOptions.parseScale("0"));
        assertThrows(SpkerasException.class, () -> DataOptions.parseScale("1/0"));
        assertEquals(Layout.NCHW, DataOptions.parseLayout("channels_first"));
        assertEquals(Layout.NHWC, DataOptions.parseLayout("NHWC"));
        assertEquals(Layout.AUTO, DataOptions.parseLayout("auto"));
        assertEquals("--layout must be auto, nhwc or nchw, found 'hwc'",
                assertThrows(SpkerasException.class, () -> DataOptions.parseLayout("hwc")).getMessage());
    }
}
