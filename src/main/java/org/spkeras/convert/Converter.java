package org.spkeras.convert;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.spkeras.SpkerasException;
import org.spkeras.Version;
import org.spkeras.model.Activation;
import org.spkeras.model.Layer;
import org.spkeras.model.Network;
import org.spkeras.snn.FixedPoint;
import org.spkeras.snn.InputStage;
import org.spkeras.snn.Provenance;
import org.spkeras.snn.SpikingNetwork;
import org.spkeras.snn.Stage;

/**
 * Converts an ANN into a spiking network: batch-norm folding, optional max→average pooling and weight
 * quantisation, λ per stage from calibration data, then synapses, biases, thresholds and initial potentials
 * on the fixed-point grid. See docs/conversion.md for every formula and its source.
 */
public final class Converter {
    private Converter() {}

    /**
     * Converts {@code ann} with every option except Li et al.'s spike calibration, which needs the simulator and
     * is applied after this (see {@code calibrate.SpikeCalibration}); the provenance records the options applied
     * here, so its {@code calibrate} is {@code none}. {@code pipeline.ModelConversion} does both.
     */
    public static Conversion convert(Network source, ConversionOptions requested, CalibrationSet calibration, String sourceSha256) {
        return convert(source, requested, calibration, sourceSha256, ConversionProgress.NONE);
    }

    /** As above, telling {@code progress} each pass over the calibration data. */
    public static Conversion convert(Network source, ConversionOptions requested, CalibrationSet calibration,
                                     String sourceSha256, ConversionProgress progress) {
        if (requested.dependsOnSteps() || requested.shiftSteps() == ConversionOptions.PER_T) {
            throw new IllegalArgumentException("options with auto steps describe one network per T; convert atSteps(T)");
        }
        ConversionOptions options = requested.withoutSpikeCalibration();
        Convertibility.requireConvertible(source, options);
        Network ann = NetworkTransforms.withoutTrailingIdentities(source);
        List<String> approximations = new ArrayList<>();
        Network unmerged = SpikingGraph.pooled(ann, options);
        Network merged = options.mergeLinear() ? NetworkTransforms.mergeLinearIntoDense(unmerged) : unmerged;
        if (merged != unmerged) {
            List<String> gone = unmerged.layers().stream().map(Layer::name).filter(n -> !merged.hasLayer(n)).toList();
            approximations.add("layers " + String.join(", ", gone) + " merged into the Dense layer they feed (no "
                    + "activation between them: one affine map, its weights rounded to float32)");
        }
        Network net = merged;
        boolean ttfs = options.code() == ConversionOptions.Code.TTFS;
        if (ttfs) {
            approximations.add("time to first spike: each hidden activation becomes one spike time on a grid of K ticks "
                    + "per layer window, i.e. the ReLU floored to 1/K and clipped at λ (docs/temporal.md); max "
                    + "pooling is the earliest spike of the window (exact on that grid)");
        }
        if (hasMaxPool(ann) && !ttfs) {
            approximations.add(switch (options.maxPool()) {
                case GATING -> "max pooling: each step passes the spikes of the window member with the most spikes so far "
                        + "(gating); it over-counts whenever the winner changes (measured 1.04–1.18× the window's largest "
                        + "input count, docs/conversion.md)";
                case LIPOOL -> "max pooling: LIPooling (lateral inhibition); its output count equals the window's "
                        + "largest input count";
                case AVERAGE -> "max pooling replaced by average pooling: the converted network computes a different "
                        + "function than the ANN";
            });
        }
        if (options.weightBits() > 0) {
            net = NetworkTransforms.quantise(net, options.weightBits());
            approximations.add("weights quantised to " + options.weightBits() + " bits per layer (symmetric)");
        }
        if (softmaxOutput(ann)) {
            approximations.add("softmax output replaced by an accumulator of the logits (same argmax)");
        }
        Network folded = net;
        Topology topology = naming(ann, () -> new Topology(folded, options));
        CalibrationSet used = calibration.firstSamples(options.calibrationSamples());
        LambdaEstimator.Result lambdas = new LambdaEstimator(net, topology, options).estimate(used, progress);
        SynapseCompiler compiler = new SynapseCompiler(net, topology, lambdas.lambdas(), lambdas.inputLambda(), options);
        Set<String> needed = SpikingGraph.upstreamOf(net, net.outputNames().get(0));
        List<Stage> stages = new ArrayList<>();
        for (Layer layer : topology.stageLayers()) {
            Topology.Role role = topology.role(layer.name());
            if (role == Topology.Role.INPUT || !needed.contains(layer.name())) {
                continue;
            }
            try {
                stages.add(naming(ann, () -> role == Topology.Role.GATE ? compiler.gate((Layer.Pooling2D) layer)
                        : compiler.neurons(layer)));
            } catch (FixedPoint.OffGrid e) {
                throw new SpkerasException(ann.source().file() + ": layer '" + layer.name() + "': a weight, bias or "
                        + "threshold scaled by λ is " + e.value() + ", off the fixed-point grid (|value| < 2^"
                        + (61 - FixedPoint.FRACTION_BITS) + "); the layer holds a huge weight or bias or its λ is "
                        + "tiny: check the weights, or calibrate with data that activates this layer");
            }
        }
        if (!(lambdas.inputLambda() >= InputStage.MIN_SCALE && lambdas.inputLambda() <= InputStage.MAX_SCALE)) {
            throw new SpkerasException(used.description() + ": the calibration inputs give λ0 = " + lambdas.inputLambda()
                    + ", outside 2^-40..2^40; the data is not scaled like the model's inputs (check {scale}) or is "
                    + "all zero");
        }
        if (ttfs && stages.size() < 2) {
            throw new SpkerasException(ann.source().file() + ": --code ttfs needs at least one ReLU layer before the output "
                    + "layer (this model has none: its output is a linear map of the input); use --code rate");
        }
        InputStage input = new InputStage(net.input().name(), net.inputShape(), lambdas.inputLambda());
        // The options as applied: the calibration samples actually used, where fewer were available than asked for.
        Map<String, String> applied = options.toBuilder().calibrationSamples(Math.min(options.calibrationSamples(),
                used.size())).build().toMap();
        Provenance provenance = new Provenance(ann.source().file(), sourceSha256, Version.VERSION, applied,
                used.description(), used.size(), lambdas.lambdas(), lambdas.inputLambda(), used.source(), used.first(),
                approximations);
        return new Conversion(net, new SpikingNetwork(input, stages, provenance), approximations);
    }

    /** Runs a step whose refusals name a layer; adds the model file to the message when it lacks it. */
    private static <T> T naming(Network ann, java.util.function.Supplier<T> step) {
        try {
            return step.get();
        } catch (FixedPoint.OffGrid e) {
            throw e;
        } catch (SpkerasException e) {
            String file = ann.source().file();
            if (e.getMessage() != null && e.getMessage().startsWith(file + ":")) {
                throw e;
            }
            throw new SpkerasException(file + ": " + e.getMessage(), e);
        }
    }

    private static boolean hasMaxPool(Network net) {
        return net.layers().stream().anyMatch(l -> l instanceof Layer.Pooling2D p && p.pool() == Layer.PoolKind.MAX);
    }

    private static boolean softmaxOutput(Network net) {
        Layer out = net.layer(net.outputNames().get(0));
        Activation a = out.activation();
        return a != null && a.kind() == org.spkeras.model.Activation.Kind.SOFTMAX;
    }

    /** Whether the model has ReLU stages and every one has a trained clip ({@code max_value}), so λ is known exactly. */
    public static boolean everyReluClipped(Network ann) {
        String output = ann.outputNames().get(0);
        List<Activation> relus = ann.layers().stream().filter(l -> !l.name().equals(output))
                .map(Layer::activation).filter(a -> a != null && a.kind() == Activation.Kind.RELU).toList();
        return !relus.isEmpty() && relus.stream().allMatch(Activation::isClipped);
    }

}
