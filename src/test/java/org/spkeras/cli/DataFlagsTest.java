package org.spkeras.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.spkeras.data.DataOptions;
import org.spkeras.data.DataOptions.Layout;
import picocli.CommandLine;
import picocli.CommandLine.TypeConversionException;

class DataFlagsTest {
    private static DataOptions parse(String... args) {
        DataFlags flags = new DataFlags();
        new CommandLine(flags).parseArgs(args);
        return flags.toOptions(null);
    }

    @Test
    void withoutFlagsTheDataDefaults() {
        assertEquals(DataOptions.DEFAULTS, parse());
    }

    @Test
    void everyFlagReachesTheOptions() {
        assertEquals(new DataOptions(null, 1 / 255.0, Layout.NCHW, "images", "labels"),
                parse("--x-key", "images", "--y-key", "labels", "--layout", "nchw", "--scale", "1/255"));
        assertEquals(Layout.HW, parse("--layout", "hw").layout());
        assertEquals(Layout.FLAT, parse("--layout", "FLAT").layout());
    }

    @Test
    void parsesScale() {
        DataFlags.ScaleConverter scale = new DataFlags.ScaleConverter();
        assertNull(scale.convert("auto"));
        assertEquals(1 / 255.0, scale.convert("1/255"));
        assertEquals(0.5, scale.convert(" 0.5 "));
        assertEquals("'abc' is not valid; expected auto, a positive number or a fraction like 1/255",
                assertThrows(TypeConversionException.class, () -> scale.convert("abc")).getMessage());
        assertThrows(TypeConversionException.class, () -> scale.convert("0"));
        assertThrows(TypeConversionException.class, () -> scale.convert("1/0"));
    }

    @Test
    void parsesLayout() {
        DataFlags.LayoutConverter layout = new DataFlags.LayoutConverter();
        assertEquals(Layout.NCHW, layout.convert("channels_first"));
        assertEquals(Layout.NHWC, layout.convert("NHWC"));
        assertEquals(Layout.AUTO, layout.convert("auto"));
        assertEquals("'hwc' is not valid; expected auto, nhwc, nchw, hw or flat",
                assertThrows(TypeConversionException.class, () -> layout.convert("hwc")).getMessage());
    }
}
