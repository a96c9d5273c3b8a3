package org.spkeras.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The progress line labels each of its figures (the elapsed time and the time left were two bare clocks). */
class ProgressDisplayTest {
    @Test
    void everyTimeIsLabelled() {
        String line = ProgressDisplay.line("evaluating", 450, 1000, Duration.ofSeconds(10), 200);
        assertEquals("evaluating  45% [=========>          ] 450/1,000 samples, 0:00:10 elapsed, 0:00:12 left, "
                + "45.0 samples/s", line);
    }

    @Test
    void noEstimateBeforeTheFirstSampleAndCutToTheWidth() {
        String line = ProgressDisplay.line("evaluating", 0, 1000, Duration.ZERO, 200);
        assertTrue(line.endsWith("0:00:00 elapsed"), line);
        assertFalse(line.contains("left"), line);
        assertEquals(30, ProgressDisplay.line("evaluating", 5, 10, Duration.ofSeconds(1), 30).length());
        assertTrue(ProgressDisplay.line("evaluating", 10, 10, Duration.ofSeconds(4), 200).contains("100% [====================]"));
    }
}
