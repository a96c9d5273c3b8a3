package org.spkeras.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.spkeras.InvalidOption;
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
    void refusesBadValuesNamingTheOption() {
        assertInvalid("limit", "must be at least 1, found 0", () -> DataOptions.DEFAULTS.withLimit(0));
        assertInvalid("scale", "must be a positive number or 'auto', found -1.0", () -> DataOptions.DEFAULTS.withScale(-1.0));
        assertThrows(InvalidOption.class, () -> DataOptions.DEFAULTS.withScale(Double.NaN));
        assertThrows(InvalidOption.class, () -> DataOptions.DEFAULTS.withScale(Double.POSITIVE_INFINITY));
        assertInvalid("x-key", "must name an array, found an empty name", () -> DataOptions.DEFAULTS.withKeys(" ", null));
        assertInvalid("y-key", "must name an array, found an empty name", () -> DataOptions.DEFAULTS.withKeys(null, ""));
    }

    private static void assertInvalid(String option, String message, Executable call) {
        InvalidOption e = assertThrows(InvalidOption.class, call);
        assertEquals(option, e.option());
        assertEquals(message, e.getMessage());
    }
}
