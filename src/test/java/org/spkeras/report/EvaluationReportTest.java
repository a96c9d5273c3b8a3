package org.spkeras.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.spkeras.OptionText;
import org.spkeras.snn.Provenance;

/** The evaluation report's rows, console table and JSON, on a hand-made report whose counts are known. */
class EvaluationReportTest {
    /** 9,000 images; the ANN gets 8,911 right. Per T: SNN right, only-SNN right, only-ANN right. */
    static EvaluationReport report(long[][] perT, int... steps) {
        long n = 9000;
        long ann = 8911;
        List<EvaluationReport.StepRow> rows = new java.util.ArrayList<>();
        for (int k = 0; k < steps.length; k++) {
            rows.add(EvaluationReport.StepRow.of(steps[k], n, perT[k][0], ann, perT[k][1], perT[k][2], perT[k][0], 1000.0 * steps[k],
                    0, 0.9 * steps[k]));
        }
        Provenance p = new Provenance("models/lenet.h5", "ab", "0.1.0", Map.of("theta", "0.5"), "mnist", 1000,
                Map.of("dense", new double[] {3.5}), 1.0);
        return new EvaluationReport(EvaluationReport.SCHEMA_VERSION, "spkeras-java test", "models/lenet.h5",
                "mnist (MNIST test set): samples 1000..9999 (9000 of 10000)", (int) n, "event", "analog", 0, 0.9, 4.6,
                100.0 * ann / n, Intervals.wilson(ann, n).times(100), 1e6, 4.6, rows, 5.5, null,
                List.of(new EvaluationReport.LayerRow("conv", "IF neurons", 100, 12, 0.05, Double.NaN, 0.1, 0.0)),
                List.of("use {theta} 0.5"), p, null);
    }

    static EvaluationReport lenetLike() {
        return report(new long[][] {{8291, 10, 630}, {8909, 4, 6}, {8911, 0, 0}}, 4, 8, 16);
    }

    @Test
    void stepRowsCarryTheirCountsAndIntervals() {
        EvaluationReport.StepRow row = lenetLike().steps().get(1);
        assertEquals(100.0 * 8909 / 9000, row.snnAccuracy(), 1e-12);
        assertEquals(100.0 * (8909 - 8911) / 9000, row.gapToAnn(), 1e-12);
        assertEquals(Intervals.wilson(8909, 9000).low() * 100, row.snnAccuracyInterval().low(), 1e-12);
        assertEquals(Intervals.tango(4, 6, 9000).high() * 100, row.gapInterval().high(), 1e-12);
        assertEquals(4, row.snnOnlyCorrect());
        assertEquals(6, row.annOnlyCorrect());
        // A 2-image difference: its interval straddles 0 and is a fraction of a point wide.
        assertTrue(row.gapInterval().low() < 0 && row.gapInterval().high() > 0, row.toString());
        assertTrue(row.gapInterval().high() - row.gapInterval().low() < 0.5, row.toString());
        assertEquals(16, lenetLike().layersAtT());
    }

    @Test
    void tableShowsTheIntervalsAndSaysWhichTTheStagesAreFor() {
        String table = ReportWriter.table(lenetLike());
        assertTrue(table.contains("ANN accuracy: 99.01 % (95 % interval 98.78–99.20)"), table);
        assertTrue(table.contains("95 % interval"), table);
        EvaluationReport.StepRow row = lenetLike().steps().get(0);
        assertTrue(table.contains(ReportWriter.range(row.snnAccuracyInterval())), table);
        assertTrue(table.contains(ReportWriter.signedRange(row.gapInterval())), table);
        assertTrue(table.contains("per stage at T = 16:"), table);
        assertTrue(table.contains("warning: use {theta} 0.5"), table);
    }

    @Test
    void jsonCarriesTheSameIntervalsAndNullsWithReasons() {
        EvaluationReport r = lenetLike();
        JsonObject root = JsonParser.parseString(ReportWriter.json(r)).getAsJsonObject();
        assertEquals(r.annAccuracyInterval().low(), root.getAsJsonObject("annAccuracyInterval").get("low").getAsDouble(), 0);
        JsonObject step = root.getAsJsonArray("steps").get(0).getAsJsonObject();
        assertEquals(r.steps().get(0).gapInterval().low(), step.getAsJsonObject("gapInterval").get("low").getAsDouble(), 0);
        assertEquals(r.steps().get(0).snnAccuracyInterval().high(),
                step.getAsJsonObject("snnAccuracyInterval").get("high").getAsDouble(), 0);
        assertEquals(630, step.get("annOnlyCorrect").getAsLong());
        JsonObject layer = root.getAsJsonArray("layers").get(0).getAsJsonObject();
        assertTrue(layer.get("correlation").isJsonNull());
        assertTrue(layer.has("correlationNullReason"));
        assertFalse(root.has("meanLatencyNullReason"));
    }

    @Test
    void warningsAreAddedAndRendered() {
        EvaluationReport r = lenetLike().withWarning("second {shift}").withOptionsRendered(OptionText.PLAIN);
        assertEquals(2, r.warnings().size());
        assertFalse(r.warnings().get(1).contains("{"), r.warnings().toString());
        assertEquals(lenetLike().steps(), r.steps());
        assertNull(r.latencyNote());
    }
}
