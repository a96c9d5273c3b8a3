package org.spkeras.report;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import java.util.Locale;
import org.spkeras.convert.Conversion;
import org.spkeras.io.SafeText;
import org.spkeras.snn.FixedPoint;
import org.spkeras.snn.Provenance;
import org.spkeras.snn.SpikingNetwork;
import org.spkeras.snn.Stage;
import org.spkeras.snn.Synapses;

/** The console summary of a conversion: options, calibration, one line per stage, every approximation. */
public final class ConversionSummary {
    private ConversionSummary() {}

    public static String text(Conversion conversion, String written) {
        return summary(conversion.network(), "Converted %s -> " + written);
    }

    /** The summary of a network read back from a .snn file: the same lines, approximations included. */
    public static String text(SpikingNetwork net, String file) {
        return summary(net, file + ": spiking network converted from %s");
    }

    /** The summary of a network read back from a .snn file as strict JSON (non-finite numbers as null). */
    public static String json(SpikingNetwork net, String file) {
        Provenance p = net.provenance();
        JsonObject root = new JsonObject();
        root.addProperty("file", file);
        root.addProperty("sourceFile", p.sourceFile());
        root.addProperty("sourceSha256", p.sourceSha256());
        root.addProperty("toolVersion", p.toolVersion());
        JsonObject options = new JsonObject();
        p.options().forEach(options::addProperty);
        root.add("options", options);
        root.addProperty("calibrationData", p.calibrationData());
        root.addProperty("calibrationSamples", p.calibrationSamples());
        root.add("inputLambda", number(p.inputLambda()));
        JsonArray stages = new JsonArray();
        for (Stage st : net.stages()) {
            JsonObject o = new JsonObject();
            o.addProperty("name", st.name());
            o.addProperty("kind", kind(st));
            o.addProperty("neurons", st.size());
            JsonArray lambdas = new JsonArray();
            for (double l : p.lambdas().getOrDefault(st.name(), new double[0])) {
                lambdas.add(number(l));
            }
            o.add("lambda", lambdas);
            o.add("threshold", st instanceof Stage.Neurons n && (n.spiking() || n.firstSpike())
                    ? number(FixedPoint.toDouble(n.threshold()[0])) : JsonNull.INSTANCE);
            String syn = synapses(st);
            o.add("synapses", syn.equals("-") ? JsonNull.INSTANCE : new JsonPrimitive(Long.parseLong(syn)));
            stages.add(o);
        }
        root.add("stages", stages);
        JsonArray approximations = new JsonArray();
        p.approximations().forEach(approximations::add);
        root.add("approximations", approximations);
        return new GsonBuilder().setPrettyPrinting().serializeNulls().create().toJson(root);
    }

    private static JsonElement number(double v) {
        return Double.isFinite(v) ? new JsonPrimitive(v) : JsonNull.INSTANCE;
    }

    private static String summary(SpikingNetwork net, String headline) {
        Provenance p = net.provenance();
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, headline.replace("%", "%%").replace("%%s", "%s") + "%n",
                SafeText.escape(p.sourceFile())));
        s.append(String.format(Locale.ROOT, "source SHA-256 %s, spkeras-java %s%n", p.sourceSha256(), p.toolVersion()));
        s.append("options: ");
        p.options().forEach((k, v) -> s.append(SafeText.escape(k)).append('=').append(SafeText.escape(v)).append("  "));
        s.append(String.format(Locale.ROOT, "%ncalibration: %s (%d samples used); input λ0 = %.4g%n",
                SafeText.escape(p.calibrationData()), p.calibrationSamples(), p.inputLambda()));
        int width = Math.max(5, net.stages().stream().mapToInt(st -> st.name().length()).max().orElse(5));
        String fmt = "%-" + width + "s  %-20s %9s %12s %10s %12s%n";
        s.append(String.format(Locale.ROOT, fmt, "stage", "kind", "neurons", "λ", "threshold", "synapses"));
        for (Stage st : net.stages()) {
            s.append(String.format(Locale.ROOT, fmt, SafeText.escape(st.name()), kind(st), st.size(), lambda(p, st), threshold(st), synapses(st)));
        }
        if (!p.approximations().isEmpty()) {
            s.append("approximations:\n");
            p.approximations().forEach(a -> s.append("  - ").append(SafeText.escape(a)).append('\n'));
        }
        return s.toString();
    }

    private static String kind(Stage st) {
        if (st instanceof Stage.MaxPoolGate g) {
            return switch (g.kind()) {
                case GATING -> "max-pool gate";
                case LIPOOL -> "LIPooling";
                case FIRST_SPIKE -> "first-spike max pool";
            };
        }
        Stage.Neurons n = (Stage.Neurons) st;
        if (n.firstSpike()) {
            return "TTFS neurons";
        }
        if (!n.spiking()) {
            return "output accumulator";
        }
        int burst = ((org.spkeras.snn.NeuronModel.IntegrateAndFire) n.model()).maxSpikes();
        return burst == 1 ? "IF neurons" : "burst neurons (Γ=" + burst + ")";
    }

    private static String lambda(Provenance p, Stage st) {
        double[] l = p.lambdas().get(st.name());
        if (l == null) {
            return "-";
        }
        if (l.length == 1) {
            return String.format(Locale.ROOT, "%.4g", l[0]);
        }
        double max = 0;
        for (double v : l) {
            max = Math.max(max, v);
        }
        return String.format(Locale.ROOT, "≤%.4g (%d ch)", max, l.length);
    }

    private static String threshold(Stage st) {
        if (!(st instanceof Stage.Neurons n) || !(n.spiking() || n.firstSpike())) {
            return "-";
        }
        return String.format(Locale.ROOT, n.firstSpike() ? "K×%.4g" : "%.4g", FixedPoint.toDouble(n.threshold()[0]));
    }

    private static String synapses(Stage st) {
        if (!(st instanceof Stage.Neurons n)) {
            return "-";
        }
        long count = 0;
        for (Synapses syn : n.inputs()) {
            count += syn.synapseCount();
        }
        return Long.toString(count);
    }
}
