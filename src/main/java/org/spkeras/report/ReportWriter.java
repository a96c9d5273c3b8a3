package org.spkeras.report;

import com.google.gson.GsonBuilder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import org.spkeras.AtomicFile;

/** Writes reports: the console table and the JSON file (atomically: temp file, then rename). */
public final class ReportWriter {
    private ReportWriter() {}

    public static String table(EvaluationReport r) {
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "data: %s%nengine: %s, input %s; %d samples%n", r.data(), r.engine(), r.encoding(), r.samples()));
        s.append(String.format(Locale.ROOT, "ANN accuracy: %.2f %%  (%,.0f MACs, %.1f nJ per image)%n", r.annAccuracy(),
                r.annMacsPerImage(), r.annEnergyNj()));
        s.append(String.format(Locale.ROOT, "%6s %9s %9s %9s %14s %12s%n", "T", "SNN acc %", "gap pp", "agree %", "SynOps/img", "energy nJ"));
        for (EvaluationReport.StepRow row : r.steps()) {
            s.append(String.format(Locale.ROOT, "%6d %9.2f %+9.2f %9.2f %,14.0f %12.1f%n", row.t(), row.snnAccuracy(),
                    row.gapToAnn(), row.agreement(), row.synopsPerImage(), row.energyNj()));
        }
        s.append(r.meanLatency() == null ? "mean latency: none (" + r.latencyNote() + ")\n"
                : String.format(Locale.ROOT, "mean latency (first step the prediction stays correct): %.1f%n", r.meanLatency()));
        s.append(String.format(Locale.ROOT, "%-20s %10s %12s %8s %8s %8s%n", "stage", "neurons", "spikes/img", "rate", "corr", "silent"));
        for (EvaluationReport.LayerRow l : r.layers()) {
            s.append(String.format(Locale.ROOT, "%-20s %10d %12.0f %8.4f %8.3f %7.1f%%%n", l.name(), l.neurons(),
                    l.spikesPerImage(), l.rate(), l.correlation(), 100 * l.silentFraction()));
        }
        for (String w : r.warnings()) {
            s.append("warning: ").append(w).append('\n');
        }
        return s.toString();
    }

    public static void writeJson(EvaluationReport r, Path out) {
        String json = new GsonBuilder().setPrettyPrinting().serializeNulls().serializeSpecialFloatingPointValues().create().toJson(r);
        AtomicFile.write(out, json.getBytes(StandardCharsets.UTF_8));
    }
}
