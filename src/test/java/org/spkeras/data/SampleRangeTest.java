package org.spkeras.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.spkeras.InvalidOption;

class SampleRangeTest {
    @Test
    void parsesBothEndsOrEither() {
        assertEquals(new SampleRange("range", 1000, 10000), SampleRange.parse("range", " 1000:10000 "));
        assertEquals(new SampleRange("range", 1000, null), SampleRange.parse("range", "1000:"));
        assertEquals(new SampleRange("range", 0, 50), SampleRange.parse("range", ":50"));
        assertEquals(9000, SampleRange.parse("range", "1000:10000").size());
        assertNull(SampleRange.parse("range", "5:").size());
        assertEquals("1000:", SampleRange.parse("range", "1000:").toString());
    }

    @Test
    void refusesRangesWithoutSamplesNamingTheOption() {
        InvalidOption e = assertThrows(InvalidOption.class, () -> SampleRange.parse("calibration-range", "5:5"));
        assertEquals("calibration-range", e.option());
        assertEquals("must name at least one sample (first:end with end > first, end excluded), found 5:5", e.getMessage());
        assertThrows(InvalidOption.class, () -> SampleRange.parse("range", "1000"));
        assertThrows(InvalidOption.class, () -> SampleRange.parse("range", "a:b"));
        assertThrows(InvalidOption.class, () -> SampleRange.parse("range", "-1:4"));
    }

    @Test
    void overlapsCountsTheEndExcluded() {
        SampleRange calibration = new SampleRange("calibration-range", 0, 1000);
        assertFalse(calibration.overlaps(1000, 9000));
        assertFalse(calibration.overlaps(1000, null));
        assertTrue(calibration.overlaps(999, 1));
        assertTrue(calibration.overlaps(0, null));
        assertFalse(new SampleRange("range", 50, null).overlaps(0, 50));
        assertTrue(new SampleRange("range", 50, null).overlaps(0, 51));
    }

    @Test
    void aRangeSelectsItsSamplesAndALimitCountsFromItsStart() {
        DataOptions all = DataOptions.DEFAULTS;
        assertEquals(all.withFirst(1000).withLimit(9000), all.withRange(SampleRange.parse("range", "1000:10000")));
        assertEquals(all.withFirst(1000).withLimit(100),
                all.withLimit(100).withRange(SampleRange.parse("range", "1000:10000")));
        assertEquals(all.withFirst(1000).withLimit(5), all.withLimit(5000).withRange(SampleRange.parse("range", "1000:1005")));
        assertEquals(all.withFirst(7), all.withRange(SampleRange.parse("range", "7:")));
        assertEquals(all, all.withRange(null));
        assertEquals(all.withLimit(200), all.withAtMost(200));
        assertEquals(all.withLimit(50), all.withLimit(50).withAtMost(200));
    }

    @Test
    void theDatasetReadsTheRangeAndKnowsWhereEachSampleIsStored() {
        DataOptions range = DataOptions.DEFAULTS.withRange(SampleRange.parse("range", "1000:1003"));
        try (Dataset all = Datasets.open("mnist", DataOptions.DEFAULTS, null, null, -1);
             Dataset part = Datasets.open("mnist", range, null, null, -1)) {
            assertEquals(3, part.size());
            for (int i = 0; i < 3; i++) {
                assertEquals(1000 + i, part.storedIndex(i));
                assertEquals(all.label(1000 + i), part.label(i));
                org.junit.jupiter.api.Assertions.assertArrayEquals(all.sample(1000 + i), part.sample(i));
            }
            assertTrue(part.description().contains("samples 1000..1002 (3 of 10000)"), part.description());
        }
    }
}
