package org.spkeras.report;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
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

    static XYChart accuracy(EvaluationReport r) {
        boolean ttfs = r.temporal() != null;
        XYChart chart = new XYChartBuilder().width(800).height(500).title((ttfs ? "Accuracy vs ticks per window K, "
                        + "time to first spike (" : "Accuracy vs timesteps (") + r.engine() + " engine)")
                .xAxisTitle(ttfs ? "ticks per layer window K (log scale)" : "timesteps T (log scale)")
                .yAxisTitle("accuracy (%)").build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideSE);
        chart.getStyler().setChartBackgroundColor(java.awt.Color.WHITE);
        // x is log2(T), labelled with T, so budgets that double are evenly spaced.
        chart.setCustomXAxisTickLabelsFormatter(x -> String.format(java.util.Locale.ROOT, "%.0f", Math.pow(2, x)));
        double[] t = r.steps().stream().mapToDouble(s -> Math.log(s.t()) / Math.log(2)).toArray();
        double[] acc = r.steps().stream().mapToDouble(EvaluationReport.StepRow::snnAccuracy).toArray();
        double[] ann = r.steps().stream().mapToDouble(s -> r.annAccuracy()).toArray();
        XYSeries snn = chart.addSeries("SNN", t, acc);
        snn.setMarker(SeriesMarkers.CIRCLE);
        XYSeries a = chart.addSeries(String.format(java.util.Locale.ROOT, "ANN (%.2f %%)", r.annAccuracy()), t, ann);
        a.setMarker(SeriesMarkers.NONE);
        if (ttfs) {
            double[] first = r.temporal().rows().stream().mapToDouble(EvaluationReport.TemporalRow::firstSpikeAccuracy)
                    .toArray();
            chart.addSeries("SNN, first output spike", t, first).setMarker(SeriesMarkers.DIAMOND);
        }
        return chart;
    }

    static CategoryChart rates(EvaluationReport r) {
        CategoryChart chart = new CategoryChartBuilder().width(800).height(500)
                .title(r.temporal() != null ? "Spikes per neuron per image, per stage (time to first spike, at most 1)"
                        : "Spike rate per stage (spikes per neuron per step)").xAxisTitle("stage").yAxisTitle("rate").build();
        chart.getStyler().setLegendVisible(false);
        chart.getStyler().setXAxisLabelRotation(30);
        chart.getStyler().setChartBackgroundColor(java.awt.Color.WHITE);
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
