package org.spkeras.report;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.TypeAdapter;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.spkeras.AtomicFile;
import org.spkeras.io.SafeText;

/** Writes reports: the console table and the JSON file (strict JSON; with its plots as one set, see AtomicFile). */
public final class ReportWriter {
    private ReportWriter() {}

    /**
     * The console table: accuracy per T with its 95 % Wilson interval, the gap to the ANN with Tango's paired
     * interval (both as in the JSON report), then the per-stage figures at the largest T.
     */
    public static String table(EvaluationReport r) {
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "data: %s%nengine: %s, input %s; %d samples%n", r.data(), r.engine(), r.encoding(), r.samples()));
        s.append(String.format(Locale.ROOT, "ANN accuracy: %.2f %% (95 %% interval %s)  (%,.0f MACs, %.1f nJ per image)%n",
                r.annAccuracy(), range(r.annAccuracyInterval()), r.annMacsPerImage(), r.annEnergyNj()));
        if (r.temporal() != null) {
            temporal(r, s);
        } else {
            s.append(String.format(Locale.ROOT, "%6s %9s %13s %8s %16s %8s %14s %10s%n", "T", "SNN acc %", "95 % interval",
                    "gap pp", "gap 95 % interval", "agree %", "SynOps/img", "energy nJ"));
            for (EvaluationReport.StepRow row : r.steps()) {
                s.append(String.format(Locale.ROOT, "%6d %9.2f %13s %+8.2f %16s %8.2f %,14.0f %10.1f%n", row.t(),
                        row.snnAccuracy(), range(row.snnAccuracyInterval()), row.gapToAnn(), signedRange(row.gapInterval()),
                        row.agreement(), row.synopsPerImage(), row.energyNj()));
            }
            s.append(r.meanLatency() == null ? "mean latency: none (" + r.latencyNote() + ")\n"
                    : String.format(Locale.ROOT, "mean latency (first step the prediction stays correct): %.1f%n", r.meanLatency()));
        }
        s.append(String.format(Locale.ROOT, "per stage at %s = %d:%n", r.temporal() != null ? "K" : "T", r.layersAtT()));
        s.append(String.format(Locale.ROOT, "%-20s %10s %12s %8s %8s %8s%n", "stage", "neurons", "spikes/img",
                r.temporal() != null ? "/neuron" : "rate", "corr", "silent"));
        for (EvaluationReport.LayerRow l : r.layers()) {
            s.append(String.format(Locale.ROOT, "%-20s %10d %12.0f %8.4f %8.3f %7.1f%%%n", l.name(), l.neurons(),
                    l.spikesPerImage(), l.rate(), l.correlation(), 100 * l.silentFraction()));
        }
        for (String w : r.warnings()) {
            s.append("warning: ").append(w).append('\n');
        }
        return SafeText.escapeLines(s.toString());
    }

    /** The time-to-first-spike rows: one per K, with the first-spike decision, latency, spikes and SynOps floor. */
    private static void temporal(EvaluationReport r, StringBuilder s) {
        EvaluationReport.Temporal t = r.temporal();
        s.append(String.format(Locale.ROOT, "time to first spike: %d layer windows; SynOps floor (ANN MACs over non-zero "
                + "activations) %,.0f per image = %.3f x the ANN's MACs%n", t.windows(), t.synopsFloorPerImage(),
                r.annMacsPerImage() == 0 ? 0 : t.synopsFloorPerImage() / r.annMacsPerImage()));
        s.append(String.format(Locale.ROOT, "%6s %9s %9s %9s %9s %11s %11s %9s %13s %8s %8s%n", "K", "SNN acc %", "gap pp",
                "agree %", "1st-spk %", "decide tick", "1st-spk tick", "spk/neur", "SynOps/img", "/floor", "/MACs"));
        for (int i = 0; i < r.steps().size(); i++) {
            EvaluationReport.StepRow row = r.steps().get(i);
            EvaluationReport.TemporalRow tr = t.rows().get(i);
            s.append(String.format(Locale.ROOT, "%6d %9.2f %+9.2f %9.2f %9.2f %,11.0f %11s %9.4f %,13.0f %8.3f %8.3f%n",
                    row.t(), row.snnAccuracy(), row.gapToAnn(), row.agreement(), tr.firstSpikeAccuracy(), tr.decisionTick(),
                    tr.meanFirstSpikeTick() == null ? "none" : String.format(Locale.ROOT, "%,.0f", tr.meanFirstSpikeTick()),
                    tr.spikesPerNeuron(), row.synopsPerImage(), tr.synopsOverFloor(),
                    r.annMacsPerImage() == 0 ? 0 : row.synopsPerImage() / r.annMacsPerImage()));
        }
    }

    /** {@code low–high} in percent, two decimals. */
    static String range(Intervals.Interval i) {
        return String.format(Locale.ROOT, "%.2f–%.2f", i.low(), i.high());
    }

    /** {@code low, high} in signed percentage points, two decimals. */
    static String signedRange(Intervals.Interval i) {
        return String.format(Locale.ROOT, "%+.2f, %+.2f", i.low(), i.high());
    }

    /** The JSON report: strict JSON, a non-finite number is written as null with a reason beside it. */
    public static String json(EvaluationReport r) {
        Gson gson = new GsonBuilder().setPrettyPrinting().serializeNulls().registerTypeAdapter(Double.class, FINITE_OR_NULL)
                .registerTypeAdapter(double.class, FINITE_OR_NULL).create();
        JsonObject root = gson.toJsonTree(r).getAsJsonObject();
        if (r.meanLatency() != null && !Double.isFinite(r.meanLatency())) {
            root.addProperty("meanLatencyNullReason", "no sample was classified correctly at the largest T");
        }
        JsonArray layers = root.getAsJsonArray("layers");
        for (int i = 0; i < r.layers().size(); i++) {
            if (!Double.isFinite(r.layers().get(i).correlation())) {
                layers.get(i).getAsJsonObject().addProperty("correlationNullReason", "the stage's spike counts or its "
                        + "ANN activations do not vary over the samples (e.g. a silent stage): correlation is undefined");
            }
        }
        return gson.toJson(root);
    }

    private static final TypeAdapter<Double> FINITE_OR_NULL = new TypeAdapter<>() {
        @Override
        public void write(JsonWriter out, Double v) throws IOException {
            if (v == null || !Double.isFinite(v)) {
                out.nullValue();
            } else {
                out.value(v);
            }
        }

        @Override
        public Double read(JsonReader in) throws IOException {
            throw new UnsupportedOperationException("reports are written, not read");
        }
    };

    /** Writes the JSON report and its plots beside it as one set; returns the plot paths. */
    public static List<Path> writeWithPlots(EvaluationReport r, Path json) {
        return writeWithPlots(r, json, Map.of());
    }

    /** As {@link #writeWithPlots(EvaluationReport, Path)}, with {@code more} files (e.g. predictions) in the set. */
    public static List<Path> writeWithPlots(EvaluationReport r, Path json, Map<Path, AtomicFile.Content> more) {
        String stem = json.getFileName().toString().replaceFirst("\\.json$", "");
        Map<Path, AtomicFile.Content> files = new LinkedHashMap<>();
        byte[] report = json(r).getBytes(StandardCharsets.UTF_8);
        files.put(json, out -> out.write(report));
        Map<Path, byte[]> plots = Plots.render(r, json.resolveSibling(stem));
        plots.forEach((path, bytes) -> files.put(path, out -> out.write(bytes)));
        files.putAll(more);
        AtomicFile.writeAll(files);
        return List.copyOf(plots.keySet());
    }

}
