package org.spkeras.report;

import com.google.gson.GsonBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.UnaryOperator;
import org.spkeras.OptionText;
import org.spkeras.Version;
import org.spkeras.convert.ConversionOptions;
import org.spkeras.convert.Convertibility;
import org.spkeras.io.SafeText;
import org.spkeras.model.Layer;
import org.spkeras.model.Network;
import org.spkeras.model.SourceInfo;

/** What {@code inspect} reports: the model as understood, and how each layer converts. */
public record ModelSummary(int schemaVersion, String tool, SourceInfo source, List<LayerRow> layers, long parameters,
                           long macs, boolean convertible) {
    public static final int SCHEMA_VERSION = 1;

    /** One layer's line. {@code inputs} names the layers feeding it. */
    public record LayerRow(String name, String sourceClass, String kind, List<String> inputs, String outputShape,
                           long parameters, long macs, boolean converts, String conversion) {}

    /**
     * The verdicts are {@link Convertibility}'s for these options: the converter's own answer; option references
     * rendered by {@code option} ({@link OptionText#PLAIN} outside the command line).
     */
    public static ModelSummary of(Network net, ConversionOptions options, UnaryOperator<String> option) {
        List<Convertibility.Verdict> verdicts = Convertibility.assess(net, options);
        List<LayerRow> rows = new ArrayList<>();
        for (int i = 0; i < net.layers().size(); i++) {
            Layer layer = net.layers().get(i);
            Convertibility.Verdict v = verdicts.get(i);
            rows.add(new LayerRow(layer.name(), net.sourceClass(layer.name()), layer.kind(), layer.inputs(),
                    net.outputShape(layer.name()).toString(), layer.parameterCount(), net.macs(layer), v.converts(),
                    OptionText.render(v.how(), option)));
        }
        return new ModelSummary(SCHEMA_VERSION, "spkeras-java " + Version.VERSION, net.source(), rows,
                net.parameterCount(), net.totalMacs(), verdicts.stream().allMatch(Convertibility.Verdict::converts));
    }

    public String toJson() {
        return new GsonBuilder().setPrettyPrinting().serializeSpecialFloatingPointValues().create().toJson(this);
    }

    public String toText() {
        StringBuilder s = new StringBuilder();
        s.append(source.file()).append(": ").append(source.format()).append(", ").append(source.modelClass())
                .append(", Keras ").append(orUnknown(source.kerasVersion()))
                .append(", backend ").append(orUnknown(source.backend()))
                .append(", ").append(source.dataFormat().name().toLowerCase(Locale.ROOT));
        if (source.theanoKernelsFlipped()) {
            s.append(", Theano kernels flipped");
        }
        s.append('\n');
        if (source.recordedAccuracy() != null) {
            s.append("accuracy recorded by Keras in the file: ").append(source.recordedAccuracy()).append('\n');
        }
        int nameWidth = Math.max(5, rows().stream().mapToInt(r -> r.name().length()).max().orElse(5));
        int classWidth = Math.max(5, rows().stream().mapToInt(r -> r.sourceClass().length()).max().orElse(5));
        String fmt = "%-" + nameWidth + "s  %-" + classWidth + "s  %-15s %10s %12s  %s%n";
        s.append(String.format(Locale.ROOT, fmt, "layer", "class", "output", "params", "MACs", "conversion"));
        for (LayerRow r : layers) {
            s.append(String.format(Locale.ROOT, fmt, r.name(), r.sourceClass(), r.outputShape(), r.parameters(), r.macs(),
                    (r.converts() ? "" : "NO: ") + r.conversion()));
        }
        s.append(String.format(Locale.ROOT, "%d layers, %,d parameters, %,d MACs per inference; %s%n", layers.size(),
                parameters, macs, convertible ? "every layer converts" : "does NOT convert (see the layers marked NO)"));
        return SafeText.escapeLines(s.toString());
    }

    private List<LayerRow> rows() {
        return layers;
    }

    private static String orUnknown(String s) {
        return s == null ? "unknown" : s;
    }
}
