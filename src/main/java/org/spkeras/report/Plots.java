package org.spkeras.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.XYStyler;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.spkeras.SpkerasException;
import org.spkeras.AtomicFile;

/** Accuracy-vs-T and spike-rate-per-stage plots, as PNG and SVG. */
public final class Plots {
    private Plots() {}

    /** Writes {@code <stem>-accuracy.png/.svg} and {@code <stem>-rates.png/.svg} as one set; returns the paths written. */
    public static List<Path> write(EvaluationReport r, Path stem) {
        Map<Path, byte[]> files = render(r, stem);
        AtomicFile.writeAllBytes(files);
        return List.copyOf(files.keySet());
    }

    /** The plot files' paths and contents, not yet written. */
    static Map<Path, byte[]> render(EvaluationReport r, Path stem) {
        Map<Path, byte[]> files = new LinkedHashMap<>();
        files.putAll(encode(accuracy(r), stem.resolveSibling(stem.getFileName() + "-accuracy")));
        files.putAll(encode(rates(r), stem.resolveSibling(stem.getFileName() + "-rates")));
        return files;
    }

    /** The smallest accuracy span the y axis shows, in points: a few images' difference must not fill the plot. */
    static final double MIN_Y_SPAN = 10;

    /**
     * Accuracy vs T: the SNN's accuracy with its 95 % Wilson interval at each T, the ANN's as a dashed line with
     * its interval dotted, a y axis that covers all of them and at least {@value #MIN_Y_SPAN} points, the legend
     * below the plot, and a title naming the model, the data, the sample count and the engine.
     */
    static XYChart accuracy(EvaluationReport r) {
        boolean ttfs = r.temporal() != null;
        String model = Path.of(r.model()).getFileName().toString();
        XYChart chart = new XYChartBuilder().width(800).height(540)
                .title(String.format(Locale.ROOT, "%s on %s: accuracy vs %s, %,d samples (%s engine)", model,
                        dataName(r.data()), ttfs ? "ticks per window K, time to first spike" : "timesteps", r.samples(),
                        r.engine()))
                .xAxisTitle(ttfs ? "ticks per layer window K (log scale)" : "timesteps T (log scale)")
                .yAxisTitle("accuracy (%), bars: 95 % interval").build();
        XYStyler styler = chart.getStyler();
        styler.setLegendPosition(Styler.LegendPosition.OutsideS);
        styler.setLegendLayout(Styler.LegendLayout.Horizontal);
        styler.setChartBackgroundColor(Color.WHITE);
        double[] y = yRange(r);
        styler.setYAxisMin(y[0]);
        styler.setYAxisMax(y[1]);
        // x is log2(T), so budgets that double are evenly spaced: one tick per power of two, labelled with T.
        styler.setXAxisTickMarkSpacingHint(40);
        chart.setCustomXAxisTickLabelsFormatter(x -> Math.abs(x - Math.rint(x)) < 1e-9
                ? String.format(Locale.ROOT, "%.0f", Math.pow(2, Math.rint(x))) : "");
        double[] t = r.steps().stream().mapToDouble(s -> log2(s.t())).toArray();
        double[] acc = r.steps().stream().mapToDouble(EvaluationReport.StepRow::snnAccuracy).toArray();
        double[] ends = {t[0] - 0.25, t[t.length - 1] + 0.25};
        Intervals.Interval a = r.annAccuracyInterval();
        XYSeries ann = chart.addSeries(String.format(Locale.ROOT, "ANN %.2f %% (%s)", r.annAccuracy(),
                ReportWriter.range(a)), ends, new double[] {r.annAccuracy(), r.annAccuracy()});
        style(ann, ANN_COLOR, new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10, new float[] {8, 5}, 0));
        for (double bound : new double[] {a.low(), a.high()}) {
            XYSeries band = chart.addSeries("ANN bound " + bound, ends, new double[] {bound, bound});
            style(band, ANN_COLOR, new BasicStroke(0.8f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10, new float[] {2, 3}, 0));
            band.setShowInLegend(false);
        }
        XYSeries snn = chart.addSeries("SNN (" + r.engine() + " engine)", t, acc);
        style(snn, SNN_COLOR, new BasicStroke(2f));
        snn.setMarker(SeriesMarkers.CIRCLE);
        snn.setMarkerColor(SNN_COLOR);
        for (EvaluationReport.StepRow row : r.steps()) {
            double x = log2(row.t());
            XYSeries bar = chart.addSeries("SNN interval T=" + row.t(), new double[] {x, x},
                    new double[] {row.snnAccuracyInterval().low(), row.snnAccuracyInterval().high()});
            style(bar, SNN_COLOR, new BasicStroke(1.2f));
            bar.setShowInLegend(false);
        }
        if (ttfs) {
            double[] first = r.temporal().rows().stream().mapToDouble(EvaluationReport.TemporalRow::firstSpikeAccuracy)
                    .toArray();
            chart.addSeries("SNN, first output spike", t, first).setMarker(SeriesMarkers.DIAMOND);
        }
        return chart;
    }

    /** The data's short name for the title: its description up to the first " (", a path's file name, at most 40 characters. */
    static String dataName(String description) {
        String name = description.split(" \\(", 2)[0].strip();
        int slash = Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\'));
        name = name.substring(slash + 1);
        return name.length() <= 40 ? name : name.substring(0, 39) + "…";
    }

    /** The y axis: every accuracy and interval end, padded, spanning at least {@value #MIN_Y_SPAN} points of 0–100. */
    static double[] yRange(EvaluationReport r) {
        double lo = r.annAccuracyInterval().low();
        double hi = r.annAccuracyInterval().high();
        for (EvaluationReport.StepRow row : r.steps()) {
            lo = Math.min(lo, Math.min(row.snnAccuracy(), row.snnAccuracyInterval().low()));
            hi = Math.max(hi, Math.max(row.snnAccuracy(), row.snnAccuracyInterval().high()));
        }
        if (r.temporal() != null) {
            for (EvaluationReport.TemporalRow row : r.temporal().rows()) {
                lo = Math.min(lo, row.firstSpikeAccuracy());
                hi = Math.max(hi, row.firstSpikeAccuracy());
            }
        }
        double pad = 0.05 * Math.max(hi - lo, MIN_Y_SPAN);
        double top = Math.min(100, hi + pad);
        double bottom = Math.max(0, Math.min(lo - pad, top - MIN_Y_SPAN));
        top = Math.max(top, Math.min(100, bottom + MIN_Y_SPAN));
        return new double[] {bottom, top};
    }

    private static final Color SNN_COLOR = new Color(0x1f, 0x77, 0xb4);
    private static final Color ANN_COLOR = new Color(0x55, 0x55, 0x55);

    private static void style(XYSeries series, Color color, BasicStroke stroke) {
        series.setLineColor(color);
        series.setLineStyle(stroke);
        series.setMarker(SeriesMarkers.NONE);
    }

    private static double log2(int t) {
        return Math.log(t) / Math.log(2);
    }

    static CategoryChart rates(EvaluationReport r) {
        CategoryChart chart = new CategoryChartBuilder().width(800).height(500)
                .title(r.temporal() != null ? "Spikes per neuron per image, per stage, at K = " + r.layersAtT()
                        + " (time to first spike, at most 1)" : "Spike rate per stage at T = " + r.layersAtT()
                        + " (spikes per neuron per step)").xAxisTitle("stage").yAxisTitle("rate").build();
        chart.getStyler().setLegendVisible(false);
        chart.getStyler().setXAxisLabelRotation(30);
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        List<String> names = r.layers().stream().map(EvaluationReport.LayerRow::name).toList();
        List<Double> rates = r.layers().stream().map(EvaluationReport.LayerRow::rate).toList();
        chart.addSeries("rate", names, rates);
        return chart;
    }

    private static Map<Path, byte[]> encode(Chart<?, ?> chart, Path base) {
        try {
            Map<Path, byte[]> files = new LinkedHashMap<>();
            files.put(base.resolveSibling(base.getFileName() + ".png"),
                    BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG));
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            VectorGraphicsEncoder.saveVectorGraphic(chart, bytes, VectorGraphicsEncoder.VectorGraphicsFormat.SVG);
            files.put(base.resolveSibling(base.getFileName() + ".svg"), bytes.toByteArray());
            return files;
        } catch (IOException e) {
            throw new SpkerasException(base + ": plot cannot be drawn (" + e.getMessage() + ")");
        }
    }
}
