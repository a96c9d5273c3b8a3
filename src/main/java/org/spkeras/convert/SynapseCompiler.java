package org.spkeras.convert;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.spkeras.model.ForwardPass;
import org.spkeras.model.Layer;
import org.spkeras.model.Network;
import org.spkeras.model.Shape;
import org.spkeras.model.Window;
import org.spkeras.snn.FixedPoint;
import org.spkeras.snn.NeuronModel;
import org.spkeras.snn.Stage;
import org.spkeras.snn.Synapses;

/**
 * Builds each stage's synapses by following every source neuron's unit activity through the linear layers
 * between two stages (padding, average pooling, flatten, concatenation, Add, unfolded BatchNorm scales) into
 * the weighted layer, and its bias as the value those layers give when every source is silent (so padding
 * borders and BatchNorm shifts stay exact). Weights are then normalised and rounded once to the fixed-point
 * grid: {@code w·λ_src/λ_dst} with threshold 1 (weight normalisation) or {@code w·λ_src} with threshold
 * {@code λ_dst} (threshold balancing).
 */
final class SynapseCompiler {
    private static final int UNIT_ROW = -1;

    private final Network net;
    private final Topology topology;
    private final Map<String, double[]> lambdas;
    private final double inputLambda;
    private final ConversionOptions options;
    private final Map<String, double[]> zeroValues;
    private final ForwardPass forward;

    SynapseCompiler(Network net, Topology topology, Map<String, double[]> lambdas, double inputLambda,
                    ConversionOptions options) {
        this.net = net;
        this.topology = topology;
        this.lambdas = lambdas;
        this.inputLambda = inputLambda;
        this.options = options;
        this.forward = new ForwardPass(net);
        this.zeroValues = silentValues();
    }

    /** Every linear layer's output when all stages are silent: the source of each stage's bias. */
    private Map<String, double[]> silentValues() {
        Map<String, double[]> values = new HashMap<>();
        for (Layer layer : net.layers()) {
            if (topology.isStage(layer.name())) {
                values.put(layer.name(), new double[net.outputShape(layer.name()).size()]);
            } else {
                values.put(layer.name(), forward.evaluate(layer, values));
            }
        }
        return values;
    }

    /** λ of a stage's activity per channel; a gate has its source's λ, the input has λ0. */
    double lambda(String stage, int channel) {
        Topology.Role role = topology.role(stage);
        if (role == Topology.Role.INPUT) {
            return inputLambda;
        }
        if (role == Topology.Role.GATE) {
            return lambda(net.layer(stage).inputs().get(0), channel);
        }
        double[] l = lambdas.get(stage);
        return l.length == 1 ? l[0] : l[channel];
    }

    Stage.MaxPoolGate gate(Layer.Pooling2D pool) {
        String source = pool.input();
        Shape in = net.outputShape(source);
        Shape out = net.outputShape(pool.name());
        Window w = pool.window();
        Window.Pads pads = w.pads(in.height(), in.width());
        IntList starts = new IntList();
        IntList members = new IntList();
        starts.add(0);
        for (int oy = 0; oy < out.height(); oy++) {
            for (int ox = 0; ox < out.width(); ox++) {
                for (int c = 0; c < out.channels(); c++) {
                    for (int ky = 0; ky < w.kernelHeight(); ky++) {
                        int iy = oy * w.strideHeight() - pads.top() + ky;
                        for (int kx = 0; kx < w.kernelWidth(); kx++) {
                            int ix = ox * w.strideWidth() - pads.left() + kx;
                            if (iy >= 0 && iy < in.height() && ix >= 0 && ix < in.width()) {
                                members.add((iy * in.width() + ix) * in.channels() + c);
                            }
                        }
                    }
                    starts.add(members.size());
                }
            }
        }
        Stage.MaxPoolGate.Kind kind = options.code() == ConversionOptions.Code.TTFS ? Stage.MaxPoolGate.Kind.FIRST_SPIKE
                : options.maxPool() == ConversionOptions.MaxPool.LIPOOL ? Stage.MaxPoolGate.Kind.LIPOOL
                : Stage.MaxPoolGate.Kind.GATING;
        return new Stage.MaxPoolGate(pool.name(), out, source, kind, starts.toArray(), members.toArray());
    }

    Stage.Neurons neurons(Layer stage) {
        boolean output = topology.role(stage.name()) == Topology.Role.OUTPUT;
        Shape shape = net.outputShape(stage.name());
        int channels = shape.channels();
        double[] targetLambda = new double[channels];
        for (int c = 0; c < channels; c++) {
            targetLambda[c] = lambda(stage.name(), c);
        }
        boolean balance = options.scaling() == ConversionOptions.Scaling.THRESHOLD_BALANCING && !output;
        double[] weightScale = new double[channels];
        long[] threshold = new long[channels];
        long[] initial = new long[channels];
        long[] shift = new long[channels];
        for (int c = 0; c < channels; c++) {
            weightScale[c] = options.scaling() == ConversionOptions.Scaling.THRESHOLD_BALANCING ? 1.0 : 1.0 / targetLambda[c];
            threshold[c] = balance ? Math.max(1, FixedPoint.round(targetLambda[c])) : FixedPoint.ONE;
            initial[c] = FixedPoint.round(options.initialPotential() * threshold[c] / (double) FixedPoint.ONE);
            if (!output) {
                shift[c] = options.shiftSteps() == 0 ? 0 : (threshold[c] + options.shiftSteps()) / (2L * options.shiftSteps());
            }
        }
        double[] biasReal = stage instanceof Layer.Conv2D || stage instanceof Layer.Dense
                ? forward.evaluateLinear(stage, zeroValues) : zeroValues.get(stage.inputs().get(0));
        long[] bias = new long[biasReal.length];
        for (int i = 0; i < bias.length; i++) {
            bias[i] = FixedPoint.round(biasReal[i] * weightScale[i % channels]);
        }
        Map<String, List<Topology.Path>> bySource = new LinkedHashMap<>();
        for (Topology.Path path : topology.pathsInto(stage)) {
            bySource.computeIfAbsent(path.source(), k -> new ArrayList<>()).add(path);
        }
        List<Synapses> inputs = new ArrayList<>();
        for (Map.Entry<String, List<Topology.Path>> e : bySource.entrySet()) {
            inputs.add(synapses(e.getKey(), e.getValue(), shape, weightScale));
        }
        NeuronModel model = output ? new NeuronModel.Accumulator()
                : options.code() == ConversionOptions.Code.TTFS ? new NeuronModel.FirstSpike()
                : new NeuronModel.IntegrateAndFire(options.burst(), options.reset() == ConversionOptions.Reset.ZERO
                        ? NeuronModel.Reset.ZERO : NeuronModel.Reset.SUBTRACT);
        if (output) {
            Arrays.fill(threshold, FixedPoint.ONE);
        }
        return new Stage.Neurons(stage.name(), shape, inputs, bias, shift, threshold, initial, model);
    }

    private record RowKey(int path, int row, long factorBits, int channel) {}

    /** One path's route into a target stage, with the per-channel scales its weights are multiplied by. */
    private record Route(int index, Topology.Path path, String from, Shape target, double[] weightScale,
                         double[] postScale) {}

    /** The synapse arrays of one source population as they are built: runs of targets, and deduplicated rows. */
    private static final class Runs {
        final IntList targets = new IntList();
        final IntList lengths = new IntList();
        final IntList offsets = new IntList();
        final List<long[]> rows = new ArrayList<>();
        final Map<RowKey, Integer> rowOffsets = new HashMap<>();
        int poolSize;

        /** A run of {@code length} targets from {@code target} sharing the row {@code key} ({@code make} builds it once). */
        void add(int target, int length, RowKey key, java.util.function.Supplier<long[]> make) {
            Integer at = rowOffsets.get(key);
            if (at == null) {
                long[] row = make.get();
                at = poolSize;
                rows.add(row);
                poolSize += row.length;
                rowOffsets.put(key, at);
            }
            targets.add(target);
            lengths.add(length);
            offsets.add(at);
        }

        Synapses build(String source, int[] segmentStart) {
            long[] weights = new long[poolSize];
            int at = 0;
            for (long[] row : rows) {
                System.arraycopy(row, 0, weights, at, row.length);
                at += row.length;
            }
            return new Synapses(source, segmentStart, targets.toArray(), lengths.toArray(), offsets.toArray(), weights);
        }
    }

    private Synapses synapses(String source, List<Topology.Path> paths, Shape target, double[] weightScale) {
        Shape sourceShape = net.outputShape(source);
        IntList segmentStart = new IntList();
        Runs runs = new Runs();
        segmentStart.add(0);
        for (int p = 0; p < sourceShape.size(); p++) {
            int channel = p % sourceShape.channels();
            double amplitude = lambda(source, channel);
            for (int k = 0; k < paths.size(); k++) {
                Topology.Path path = paths.get(k);
                Sparse v = Sparse.unit(p, amplitude);
                String from = source;
                for (Layer op : path.pre()) {
                    v = LinearOps.apply(op, from, v, net);
                    from = op.name();
                }
                emit(new Route(k, path, from, target, weightScale, postScale(path, target.channels())), v, runs);
            }
            segmentStart.add(runs.targets.size());
        }
        return runs.build(source, segmentStart.toArray());
    }

    private double[] postScale(Topology.Path path, int channels) {
        double[] scale = new double[channels];
        Arrays.fill(scale, 1.0);
        for (Layer op : path.post()) {
            for (int c = 0; c < channels; c++) {
                if (op instanceof Layer.BatchNorm bn) {
                    scale[c] *= bn.scale(c);
                } else if (op instanceof Layer.Rescaling r) {
                    scale[c] *= r.scale();
                }
            }
        }
        return scale;
    }

    private void emit(Route route, Sparse v, Runs runs) {
        for (int i = 0; i < v.size(); i++) {
            int q = v.index(i);
            double f = v.factor(i);
            if (f == 0) {
                continue;
            }
            Layer weighted = route.path().weighted();
            if (weighted == null) {
                int c = q % route.target().channels();
                runs.add(q, 1, new RowKey(route.index(), UNIT_ROW, Double.doubleToLongBits(f), c),
                        () -> new long[] {FixedPoint.round(f * route.postScale()[c] * route.weightScale()[c])});
            } else if (weighted instanceof Layer.Dense d) {
                int row = q * d.units();
                runs.add(0, d.units(), new RowKey(route.index(), row, Double.doubleToLongBits(f), 0),
                        () -> scaledRow(d.kernel(), row, d.units(), f, route));
            } else {
                emitConv(route, (Layer.Conv2D) weighted, q, f, runs);
            }
        }
    }

    private void emitConv(Route route, Layer.Conv2D conv, int q, double f, Runs runs) {
        Shape in = net.outputShape(route.from());
        Shape target = route.target();
        Window w = conv.window();
        Window.Pads pads = w.pads(in.height(), in.width());
        int c = q % in.channels();
        int y = q / in.channels() / in.width();
        int x = (q / in.channels()) % in.width();
        int cout = conv.filters();
        for (int ky = 0; ky < w.kernelHeight(); ky++) {
            int ny = y + pads.top() - ky * w.dilationHeight();
            if (ny < 0 || ny % w.strideHeight() != 0 || ny / w.strideHeight() >= target.height()) {
                continue;
            }
            int oy = ny / w.strideHeight();
            for (int kx = 0; kx < w.kernelWidth(); kx++) {
                int nx = x + pads.left() - kx * w.dilationWidth();
                if (nx < 0 || nx % w.strideWidth() != 0 || nx / w.strideWidth() >= target.width()) {
                    continue;
                }
                int ox = nx / w.strideWidth();
                int row = ((ky * w.kernelWidth() + kx) * conv.inChannels() + c) * cout;
                runs.add((oy * target.width() + ox) * cout, cout, new RowKey(route.index(), row, Double.doubleToLongBits(f), 0),
                        () -> scaledRow(conv.kernel(), row, cout, f, route));
            }
        }
    }

    private static long[] scaledRow(float[] kernel, int row, int length, double f, Route route) {
        long[] out = new long[length];
        for (int j = 0; j < length; j++) {
            out[j] = FixedPoint.round(f * kernel[row + j] * route.postScale()[j] * route.weightScale()[j]);
        }
        return out;
    }
}
