package org.spkeras.model;

import java.util.List;
import java.util.Objects;

/**
 * One layer of the neutral ANN graph. Activations are channels-last; weights are float32 in these layouts:
 * <ul>
 *   <li>{@link Conv2D} kernel: {@code [kh][kw][in][out]} flattened row-major (the Keras 2 layout), already
 *       cross-correlation oriented (Theano kernels are flipped on import);</li>
 *   <li>{@link Dense} kernel: {@code [in][out]} row-major;</li>
 *   <li>biases and batch-norm vectors: one value per output channel.</li>
 * </ul>
 * Arrays handed to a layer belong to it and are never modified afterwards.
 */
public sealed interface Layer permits Layer.Input, Layer.Conv2D, Layer.Dense, Layer.BatchNorm,
        Layer.ActivationLayer, Layer.Pooling2D, Layer.GlobalAveragePooling2D, Layer.Flatten,
        Layer.ZeroPadding2D, Layer.Identity, Layer.Add, Layer.Concatenate, Layer.Rescaling {

    String name();

    /** Names of the layers whose outputs feed this one, in order. */
    List<String> inputs();

    /** The same layer fed by other layers (same count), for graph rewrites such as BN folding. */
    Layer withInputs(List<String> inputs);

    /** A short name of the operation, e.g. "Conv2D"; the source class name is kept in the network. */
    default String kind() {
        return getClass().getSimpleName();
    }

    /**
     * The activation this layer applies: Conv2D, Dense and Activation layers have one (LINEAR where none was
     * given), every other layer returns null.
     */
    default Activation activation() {
        return null;
    }

    /** Number of trainable and statistical parameters. */
    default long parameterCount() {
        return 0;
    }

    record Input(String name, Shape shape) implements Layer {
        @Override
        public Layer withInputs(List<String> inputs) {
            return this;
        }

        public Input {
            requireName(name);
            Objects.requireNonNull(shape, "shape");
        }

        @Override
        public List<String> inputs() {
            return List.of();
        }
    }

    record Conv2D(String name, String input, Window window, int inChannels, int filters,
                  float[] kernel, float[] bias, Activation activation) implements Layer {
        @Override
        public Layer withInputs(List<String> inputs) {
            return new Conv2D(name, inputs.get(0), window, inChannels, filters, kernel, bias, activation);
        }

        public Conv2D {
            requireName(name);
            requireLength(name, "kernel", kernel, (long) window.kernelHeight() * window.kernelWidth() * inChannels * filters);
            if (bias != null) {
                requireLength(name, "bias", bias, filters);
            }
            Objects.requireNonNull(activation, "activation");
        }

        @Override
        public List<String> inputs() {
            return List.of(input);
        }

        @Override
        public long parameterCount() {
            return kernel.length + (bias == null ? 0 : bias.length);
        }
    }

    record Dense(String name, String input, int inputSize, int units, float[] kernel, float[] bias,
                 Activation activation) implements Layer {
        @Override
        public Layer withInputs(List<String> inputs) {
            return new Dense(name, inputs.get(0), inputSize, units, kernel, bias, activation);
        }

        public Dense {
            requireName(name);
            requireLength(name, "kernel", kernel, (long) inputSize * units);
            if (bias != null) {
                requireLength(name, "bias", bias, units);
            }
            Objects.requireNonNull(activation, "activation");
        }

        @Override
        public List<String> inputs() {
            return List.of(input);
        }

        @Override
        public long parameterCount() {
            return kernel.length + (bias == null ? 0 : bias.length);
        }
    }

    /**
     * Inference batch normalisation over the channel axis: {@code y = γ(x − μ)/√(σ² + ε) + β}.
     * {@code gamma} or {@code beta} is null when the layer was built without scale or center.
     */
    record BatchNorm(String name, String input, float[] gamma, float[] beta, float[] mean, float[] variance,
                     double epsilon) implements Layer {
        @Override
        public Layer withInputs(List<String> inputs) {
            return new BatchNorm(name, inputs.get(0), gamma, beta, mean, variance, epsilon);
        }

        public BatchNorm {
            requireName(name);
            Objects.requireNonNull(mean, "mean");
            requireLength(name, "moving_variance", variance, mean.length);
            if (gamma != null) {
                requireLength(name, "gamma", gamma, mean.length);
            }
            if (beta != null) {
                requireLength(name, "beta", beta, mean.length);
            }
            if (!(epsilon >= 0)) {
                throw new IllegalArgumentException("layer '" + name + "': epsilon must be >= 0, found " + epsilon);
            }
        }

        public int channels() {
            return mean.length;
        }

        /** Per-channel multiplier {@code γ/√(σ²+ε)}, in float64. */
        public double scale(int c) {
            double g = gamma == null ? 1.0 : gamma[c];
            return g / Math.sqrt((double) variance[c] + epsilon);
        }

        /** Per-channel offset {@code β − μ·γ/√(σ²+ε)}, in float64. */
        public double shift(int c) {
            double b = beta == null ? 0.0 : beta[c];
            return b - mean[c] * scale(c);
        }

        @Override
        public List<String> inputs() {
            return List.of(input);
        }

        @Override
        public long parameterCount() {
            return 2L * mean.length + (gamma == null ? 0 : gamma.length) + (beta == null ? 0 : beta.length);
        }
    }

    record ActivationLayer(String name, String input, Activation activation) implements Layer {
        @Override
        public Layer withInputs(List<String> inputs) {
            return new ActivationLayer(name, inputs.get(0), activation);
        }

        public ActivationLayer {
            requireName(name);
            Objects.requireNonNull(activation, "activation");
        }

        @Override
        public String kind() {
            return "Activation";
        }

        @Override
        public List<String> inputs() {
            return List.of(input);
        }
    }

    enum PoolKind { AVERAGE, MAX }

    /** Average pooling divides by the number of input pixels under the window (padding excluded, as TF). */
    record Pooling2D(String name, String input, PoolKind pool, Window window) implements Layer {
        @Override
        public Layer withInputs(List<String> inputs) {
            return new Pooling2D(name, inputs.get(0), pool, window);
        }

        public Pooling2D {
            requireName(name);
            Objects.requireNonNull(pool, "pool");
            Objects.requireNonNull(window, "window");
        }

        @Override
        public String kind() {
            return pool == PoolKind.MAX ? "MaxPooling2D" : "AveragePooling2D";
        }

        @Override
        public List<String> inputs() {
            return List.of(input);
        }
    }

    record GlobalAveragePooling2D(String name, String input) implements Layer {
        @Override
        public Layer withInputs(List<String> inputs) {
            return new GlobalAveragePooling2D(name, inputs.get(0));
        }

        public GlobalAveragePooling2D {
            requireName(name);
        }

        @Override
        public List<String> inputs() {
            return List.of(input);
        }
    }

    /** Order in which a flatten lists the values of a spatial tensor. */
    enum FlattenOrder {
        /** height, width, channel: channels-last models and Flatten(data_format=...) layers. */
        HWC,
        /** channel, height, width: channels-first models whose Flatten does not state a data format. */
        CHW
    }

    record Flatten(String name, String input, FlattenOrder order) implements Layer {
        @Override
        public Layer withInputs(List<String> inputs) {
            return new Flatten(name, inputs.get(0), order);
        }

        public Flatten {
            requireName(name);
            Objects.requireNonNull(order, "order");
        }

        @Override
        public List<String> inputs() {
            return List.of(input);
        }
    }

    record ZeroPadding2D(String name, String input, int top, int bottom, int left, int right) implements Layer {
        @Override
        public Layer withInputs(List<String> inputs) {
            return new ZeroPadding2D(name, inputs.get(0), top, bottom, left, right);
        }

        public ZeroPadding2D {
            requireName(name);
            if (top < 0 || bottom < 0 || left < 0 || right < 0) {
                throw new IllegalArgumentException("layer '" + name + "': padding must be >= 0");
            }
        }

        @Override
        public List<String> inputs() {
            return List.of(input);
        }
    }

    /** A layer that is the identity at inference (Dropout and friends, a no-op Reshape). */
    record Identity(String name, String input, String reason) implements Layer {
        @Override
        public Layer withInputs(List<String> inputs) {
            return new Identity(name, inputs.get(0), reason);
        }

        public Identity {
            requireName(name);
        }

        @Override
        public List<String> inputs() {
            return List.of(input);
        }
    }

    record Add(String name, List<String> inputs) implements Layer {
        @Override
        public Layer withInputs(List<String> inputs) {
            return new Add(name, inputs);
        }

        public Add {
            requireName(name);
            inputs = List.copyOf(inputs);
            if (inputs.size() < 2) {
                throw new IllegalArgumentException("layer '" + name + "': Add needs at least 2 inputs, found " + inputs.size());
            }
        }
    }

    /** Concatenation along the channel (last) axis. */
    record Concatenate(String name, List<String> inputs) implements Layer {
        @Override
        public Layer withInputs(List<String> inputs) {
            return new Concatenate(name, inputs);
        }

        public Concatenate {
            requireName(name);
            inputs = List.copyOf(inputs);
            if (inputs.size() < 2) {
                throw new IllegalArgumentException("layer '" + name + "': Concatenate needs at least 2 inputs, found " + inputs.size());
            }
        }
    }

    /** {@code y = x·scale + offset}, element-wise. */
    record Rescaling(String name, String input, double scale, double offset) implements Layer {
        @Override
        public Layer withInputs(List<String> inputs) {
            return new Rescaling(name, inputs.get(0), scale, offset);
        }

        public Rescaling {
            requireName(name);
            if (!Double.isFinite(scale) || !Double.isFinite(offset)) {
                throw new IllegalArgumentException("layer '" + name + "': scale and offset must be finite");
            }
        }

        @Override
        public List<String> inputs() {
            return List.of(input);
        }
    }

    private static void requireName(String name) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("layer name is required");
        }
    }

    private static void requireLength(String layer, String what, float[] array, long expected) {
        Objects.requireNonNull(array, what);
        if (array.length != expected) {
            throw new IllegalArgumentException("layer '" + layer + "': " + what + " has " + array.length
                    + " values, expected " + expected);
        }
    }
}
