package org.spkeras.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.style.Styler;

/** The accuracy plot a reader can trust: intervals, the ANN line, an honest y range, legend outside, a full title. */
class PlotsTest {

    @Test
    void titleNamesModelDataSamplesAndEngine() {
        XYChart chart = Plots.accuracy(EvaluationReportTest.lenetLike());
        assertTrue(chart.getTitle().contains("lenet.h5"), chart.getTitle());
        assertTrue(chart.getTitle().contains(" on mnist: "), chart.getTitle());
        assertTrue(chart.getTitle().contains("9,000 samples"), chart.getTitle());
        assertTrue(chart.getTitle().contains("event engine"), chart.getTitle());
    }

    @Test
    void theTitleKeepsOnlyTheDataName() {
        assertEquals("mnist", Plots.dataName("mnist (MNIST test set, keras-fixtures/data/mnist): x_norm.npz 'arr_0' (…)"));
        assertEquals("x.npz 'x'", Plots.dataName("runs/data/x.npz 'x' (10×784 float32)"));
    }

    @Test
    void ratesSayWhichTTheyAreFor() {
        assertTrue(Plots.rates(EvaluationReportTest.lenetLike()).getTitle().contains("at T = 16"));
    }

    @Test
    void legendIsOutsideTheDataAndShowsOnlyTheTwoLines() {
        XYChart chart = Plots.accuracy(EvaluationReportTest.lenetLike());
        assertEquals(Styler.LegendPosition.OutsideS, chart.getStyler().getLegendPosition());
        List<String> shown = chart.getSeriesMap().values().stream().filter(s -> s.isShowInLegend()).map(s -> s.getName()).toList();
        assertEquals(2, shown.size(), shown.toString());
        assertTrue(shown.get(0).startsWith("ANN 99.01 % (98.78–99.20)"), shown.toString());
    }

    @Test
    void everyTHasItsIntervalBar() {
        EvaluationReport r = EvaluationReportTest.lenetLike();
        XYChart chart = Plots.accuracy(r);
        for (EvaluationReport.StepRow row : r.steps()) {
            var bar = chart.getSeriesMap().get("SNN interval T=" + row.t());
            assertEquals(row.snnAccuracyInterval().low(), bar.getYData()[0], 0);
            assertEquals(row.snnAccuracyInterval().high(), bar.getYData()[1], 0);
        }
    }

    /** Two images on 9,000 below the ANN: the axis still spans 10 points, so the SNN does not look collapsed. */
    @Test
    void aSmallDifferenceDoesNotFillTheAxis() {
        EvaluationReport r = EvaluationReportTest.report(new long[][] {{8909, 0, 2}, {8911, 0, 0}}, 8, 16);
        double[] y = Plots.yRange(r);
        assertTrue(y[1] - y[0] >= Plots.MIN_Y_SPAN - 1e-9, java.util.Arrays.toString(y));
        assertTrue(y[1] <= 100 && y[0] >= 0);
        double gap = r.annAccuracy() - r.steps().get(0).snnAccuracy();
        assertTrue(gap / (y[1] - y[0]) < 0.01, "a 2-image gap takes under 1 % of the axis");
    }

    @Test
    void theRangeCoversEveryPointAndInterval() {
        EvaluationReport r = EvaluationReportTest.lenetLike();
        double[] y = Plots.yRange(r);
        for (EvaluationReport.StepRow row : r.steps()) {
            assertTrue(y[0] <= row.snnAccuracyInterval().low() && row.snnAccuracyInterval().high() <= y[1]);
        }
        assertTrue(y[0] <= r.annAccuracyInterval().low() && r.annAccuracyInterval().high() <= y[1]);
        // A collapse (10 % at T = 4) is shown as one.
        EvaluationReport collapsed = EvaluationReportTest.report(new long[][] {{900, 0, 8011}, {8911, 0, 0}}, 4, 8);
        assertTrue(Plots.yRange(collapsed)[0] < 10);
    }

    @Test
    void writesReadablePngAndSvgAsOneSet(@TempDir Path tmp) throws IOException {
        List<Path> written = ReportWriter.writeWithPlots(EvaluationReportTest.lenetLike(), tmp.resolve("r.json"));
        assertEquals(List.of(tmp.resolve("r-accuracy.png"), tmp.resolve("r-accuracy.svg"), tmp.resolve("r-rates.png"),
                tmp.resolve("r-rates.svg")), written);
        BufferedImage png = ImageIO.read(new ByteArrayInputStream(Files.readAllBytes(tmp.resolve("r-accuracy.png"))));
        assertEquals(800, png.getWidth());
        String svg = Files.readString(tmp.resolve("r-rates.svg"), StandardCharsets.UTF_8);
        assertTrue(svg.contains("<svg"), svg.substring(0, Math.min(200, svg.length())));
        assertTrue(Files.exists(tmp.resolve("r.json")));
        Map<Path, byte[]> again = Plots.render(EvaluationReportTest.lenetLike(), tmp.resolve("s"));
        assertEquals(4, again.size());
    }
}
