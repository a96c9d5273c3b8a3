package org.spkeras.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.Test;
import org.spkeras.testing.Python;

/** The report's intervals equal bench/results_table.py's (the numbers behind docs/results.md). */
class IntervalsTest {
    private static final long[][] WILSON = {{81, 263}, {0, 10}, {10, 10}, {8851, 9000}, {9901, 10000}, {1, 1}, {3, 7}};
    private static final long[][] TANGO = {{6, 16, 161}, {1, 7, 21}, {40, 20, 160}, {3, 0, 9000}, {0, 0, 100},
        {2, 0, 1000}, {0, 2, 1000}, {0, 5, 5}, {12, 971, 9000}, {1, 0, 1}};

    @Test
    void equalsResultsTableOfTheResultsPage() {
        String missing = Python.missing();
        assumeTrue(missing == null, () -> "results_table.py not run: " + missing);
        StringBuilder script = new StringBuilder("import sys; sys.path.insert(0, 'bench'); import results_table as r\n"
                + "print(repr(r.Z))\n");
        for (long[] w : WILSON) {
            script.append("print(*map(repr, r.wilson(").append(w[0]).append(", ").append(w[1]).append(")))\n");
        }
        for (long[] t : TANGO) {
            script.append("print(*map(repr, r.tango(").append(t[0]).append(", ").append(t[1]).append(", ")
                    .append(t[2]).append(")))\n");
        }
        Python.Result r = Python.run("-c", script.toString());
        assertEquals(0, r.exitCode(), r.output());
        String[] lines = r.output().strip().split("\n");
        assertEquals(1 + WILSON.length + TANGO.length, lines.length, r.output());
        assertEquals(Double.parseDouble(lines[0]), Intervals.Z, 1e-12);
        for (int i = 0; i < WILSON.length; i++) {
            assertClose(lines[1 + i], Intervals.wilson(WILSON[i][0], WILSON[i][1]), "wilson" + java.util.Arrays.toString(WILSON[i]));
        }
        for (int i = 0; i < TANGO.length; i++) {
            long[] t = TANGO[i];
            assertClose(lines[1 + WILSON.length + i], Intervals.tango(t[0], t[1], t[2]), "tango" + java.util.Arrays.toString(t));
        }
    }

    private static void assertClose(String line, Intervals.Interval got, String what) {
        String[] v = line.trim().split(" ");
        assertEquals(Double.parseDouble(v[0]), got.low(), 1e-9, what + " low");
        assertEquals(Double.parseDouble(v[1]), got.high(), 1e-9, what + " high");
    }

    /** Wilson (1927) as worked by Newcombe (1998): 81 of 263 gives 0.2553 to 0.3662. */
    @Test
    void wilsonPublishedExample() {
        Intervals.Interval w = Intervals.wilson(81, 263);
        assertEquals(0.2553, w.low(), 5e-5);
        assertEquals(0.3662, w.high(), 5e-5);
        assertEquals(1.959963984540054, Intervals.Z, 1e-12);
    }

    /** Each end of Tango's interval is where the score statistic is ∓z; swapping the networks mirrors it. */
    @Test
    void tangoEndsSolveTheScoreEquation() {
        for (long[] t : TANGO) {
            Intervals.Interval i = Intervals.tango(t[0], t[1], t[2]);
            double estimate = (double) (t[0] - t[1]) / t[2];
            assertTrue(i.low() <= estimate && estimate <= i.high(), java.util.Arrays.toString(t));
            if (i.low() > -1) {
                assertEquals(Intervals.Z, Intervals.tangoStatistic(i.low(), t[0], t[1], t[2]), 1e-6);
            }
            Intervals.Interval m = Intervals.tango(t[1], t[0], t[2]);
            assertEquals(-i.high(), m.low(), 1e-9);
            assertEquals(-i.low(), m.high(), 1e-9);
        }
        // Two images on 10,000 differ by 0.02 pp: the interval is a fraction of a point wide, not a collapse.
        Intervals.Interval two = Intervals.tango(0, 2, 10000);
        assertTrue(two.low() > -0.001 && two.high() < 0.0003, two.toString());
    }

    @Test
    void refusesImpossibleCounts() {
        assertThrows(IllegalArgumentException.class, () -> Intervals.wilson(3, 0));
        assertThrows(IllegalArgumentException.class, () -> Intervals.tango(3, 4, 5));
    }

    @Test
    void erfMatchesKnownValues() {
        // erf(1) and erf(3.5) to 15 digits (Abramowitz & Stegun table 7.1).
        assertEquals(0.842700792949715, Intervals.erf(1), 1e-14);
        assertEquals(0.999999256901628, Intervals.erf(3.5), 1e-14);
        assertEquals(-Intervals.erf(0.7), Intervals.erf(-0.7), 0);
    }
}
