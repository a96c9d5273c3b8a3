package org.spkeras.report;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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
import org.spkeras.AtomicFile;
import org.spkeras.SpkerasException;

/** Accuracy-vs-T and spike-rate-per-stage plots, as PNG and SVG. */
public final class Plots {
    private Plots() {}

    /** Writes {@code <stem>-accuracy.png/.svg} and {@code <stem>-rates.png/.svg}; returns the paths written. */
    public static List<Path> write(EvaluationReport r, Path stem) {
        List<Path> written = new ArrayList<>();
        written.addAll(save(accuracy(r), stem.resolveSibling(stem.getFileName() + "-accuracy")));
        written.addAll(save(rates(r), stem.resolveSibling(stem.getFileName() + "-rates")));
        return written;
    }

    static XYChart accuracy(EvaluationReport r) {
        XYChart chart = new XYChartBuilder().width(800).height(500).title("Accuracy vs timesteps (" + r.engine() + " engine)")
                .xAxisTitle("timesteps T (log scale)").yAxisTitle("accuracy (%)").build();
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
        return chart;
    }

    static CategoryChart rates(EvaluationReport r) {
        CategoryChart chart = new CategoryChartBuilder().width(800).height(500)
                .title("Spike rate per stage (spikes per neuron per step)").xAxisTitle("stage").yAxisTitle("rate").build();
        chart.getStyler().setLegendVisible(false);
        chart.getStyler().setXAxisLabelRotation(30);
        chart.getStyler().setChartBackgroundColor(java.awt.Color.WHITE);
        List<String> names = r.layers().stream().map(EvaluationReport.LayerRow::name).toList();
        List<Double> rates = r.layers().stream().map(EvaluationReport.LayerRow::rate).toList();
        chart.addSeries("rate", names, rates);
        return chart;
    }

    private static List<Path> save(Chart<?, ?> chart, Path base) {
        try {
            Path png = base.resolveSibling(base.getFileName() + ".png");
            Path svg = base.resolveSibling(base.getFileName() + ".svg");
            AtomicFile.write(png, BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG));
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            VectorGraphicsEncoder.saveVectorGraphic(chart, bytes, VectorGraphicsEncoder.VectorGraphicsFormat.SVG);
            AtomicFile.write(svg, bytes.toByteArray());
            return List.of(png, svg);
        } catch (IOException e) {
            throw new SpkerasException(base + ": plot cannot be written (" + e.getMessage() + ")");
        }
    }
}
