package org.spkeras.pipeline;

import java.util.ArrayList;
import java.util.List;
import org.spkeras.SpkerasException;
import org.spkeras.convert.ConversionOptions;
import org.spkeras.convert.Convertibility;
import org.spkeras.export.NirExporter;
import org.spkeras.model.Layer;
import org.spkeras.model.Network;
import org.spkeras.snn.SpikingNetwork;

/**
 * Exporting to NIR: what must hold before a model is converted for it (checked before any work, every problem
 * in one refusal), and the warnings an exported network carries when its conversion approximated the model.
 */
public final class NirExport {
    private NirExport() {}

    /**
     * Refuses, before converting, every reason {@code ann} converted with {@code options} could not be written as
     * NIR: layers that do not convert, burst neurons, spiking max pooling (gating or LIPooling), all in one
     * message (the same sentences {@link NirExporter} refuses a converted network with).
     */
    public static void requireExportable(Network ann, ConversionOptions options) {
        if (options.code() == ConversionOptions.Code.TTFS) {
            throw new SpkerasException("{code} ttfs: NIR has no time-to-first-spike neuron and no synaptic delays "
                    + "between windows (docs/temporal.md); export a {code} rate conversion (with {neuron} if and "
                    + "{maxpool} avg) instead");
        }
        List<String> problems = new ArrayList<>();
        for (Convertibility.Verdict v : Convertibility.assess(ann, options)) {
            if (!v.converts()) {
                problems.add(Convertibility.refusal(ann, v));
            }
        }
        if (options.burst() > 1) {
            problems.add(NirExporter.burstProblem("every spiking stage", options.burst()));
        }
        if (options.maxPool() != ConversionOptions.MaxPool.AVERAGE) {
            String how = options.maxPool() == ConversionOptions.MaxPool.LIPOOL ? "LIPooling" : "gating";
            for (Layer layer : ann.layers()) {
                if (layer instanceof Layer.Pooling2D p && p.pool() == Layer.PoolKind.MAX) {
                    problems.add(NirExporter.maxPoolProblem(layer.name(), how));
                }
            }
        }
        NirExporter.refuse(problems);
    }

    /**
     * The warning an export of a converted model carries when the conversion approximated it (null when it did
     * not): every approximation the converter listed, and how to measure the exported network against the ANN.
     */
    public static String approximationWarning(List<String> approximations, boolean measured) {
        if (approximations.isEmpty()) {
            return null;
        }
        return "the exported network approximates the model: " + String.join("; ", approximations)
                + (measured ? " (its accuracy against the ANN is measured below)"
                        : "; measure what that costs with {evaluate} DATA (docs/nir.md says what to retrain)");
    }

    /**
     * The warning for an exported .snn file, whose approximations are not stored: the options that approximate
     * ({@code maxpool avg} over max pooling, quantised weights), if its provenance names them; else null.
     */
    public static String approximationWarning(SpikingNetwork net) {
        List<String> found = new ArrayList<>();
        String pool = net.provenance().options().get("maxpool");
        if ("avg".equals(pool)) {
            found.add("it was converted with {maxpool} avg, which replaces any max pooling of the model by average "
                    + "pooling (a different function)");
        }
        String bits = net.provenance().options().get("weight-bits");
        if (bits != null && !bits.equals("0")) {
            found.add("its weights were quantised to " + bits + " bits");
        }
        if (found.isEmpty()) {
            return null;
        }
        return String.join("; ", found) + ": measure it against the ANN with `evaluate " + "NET.snn --ann MODEL --data "
                + "DATA` (docs/nir.md says what to retrain)";
    }
}
