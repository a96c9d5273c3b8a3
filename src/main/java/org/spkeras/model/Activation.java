package org.spkeras.model;

/**
 * An element-wise or softmax non-linearity. {@code RELU} is the general rectifier of Keras's ReLU layer:
 * {@code f(x) = maxValue} for {@code x >= maxValue}, {@code x} for {@code threshold <= x < maxValue},
 * {@code negativeSlope·(x − threshold)} otherwise; LeakyReLU is a RELU with a negative slope.
 */
public record Activation(Kind kind, double maxValue, double negativeSlope, double threshold) {
    public enum Kind { LINEAR, RELU, SOFTMAX, SIGMOID, TANH }

    public static final Activation LINEAR = new Activation(Kind.LINEAR, Double.POSITIVE_INFINITY, 0, 0);
    public static final Activation RELU = new Activation(Kind.RELU, Double.POSITIVE_INFINITY, 0, 0);
    public static final Activation SOFTMAX = new Activation(Kind.SOFTMAX, Double.POSITIVE_INFINITY, 0, 0);
    public static final Activation SIGMOID = new Activation(Kind.SIGMOID, Double.POSITIVE_INFINITY, 0, 0);
    public static final Activation TANH = new Activation(Kind.TANH, Double.POSITIVE_INFINITY, 0, 0);

    public Activation {
        if (kind == null) {
            throw new IllegalArgumentException("activation kind is required");
        }
        if (!(maxValue > 0)) {
            throw new IllegalArgumentException("ReLU max_value must be > 0, found " + maxValue);
        }
        if (Double.isNaN(negativeSlope) || Double.isNaN(threshold)) {
            throw new IllegalArgumentException("ReLU slope and threshold must be numbers");
        }
    }

    public static Activation relu(double maxValue, double negativeSlope, double threshold) {
        return new Activation(Kind.RELU, maxValue, negativeSlope, threshold);
    }

    /** True for the plain rectifier max(0, x), possibly clipped at {@code maxValue}. */
    public boolean isPlainRelu() {
        return kind == Kind.RELU && negativeSlope == 0 && threshold == 0;
    }

    public boolean isClipped() {
        return kind == Kind.RELU && maxValue != Double.POSITIVE_INFINITY;
    }

    public double apply(double x) {
        return switch (kind) {
            case LINEAR, SOFTMAX -> x;
            case RELU -> x >= maxValue ? maxValue : x >= threshold ? x : negativeSlope == 0 ? 0.0 : negativeSlope * (x - threshold);
            case SIGMOID -> 1.0 / (1.0 + Math.exp(-x));
            case TANH -> Math.tanh(x);
        };
    }

    /** Applies the activation in place to {@code values}; softmax normalises over all of them. */
    public void applyInPlace(double[] values) {
        if (kind == Kind.SOFTMAX) {
            softmax(values);
            return;
        }
        if (kind == Kind.LINEAR) {
            return;
        }
        for (int i = 0; i < values.length; i++) {
            values[i] = apply(values[i]);
        }
    }

    private static void softmax(double[] v) {
        double max = Double.NEGATIVE_INFINITY;
        for (double x : v) {
            max = Math.max(max, x);
        }
        double sum = 0;
        for (int i = 0; i < v.length; i++) {
            v[i] = Math.exp(v[i] - max);
            sum += v[i];
        }
        for (int i = 0; i < v.length; i++) {
            v[i] /= sum;
        }
    }

    @Override
    public String toString() {
        if (kind != Kind.RELU) {
            return kind.name().toLowerCase(java.util.Locale.ROOT);
        }
        if (isPlainRelu() && !isClipped()) {
            return "relu";
        }
        StringBuilder s = new StringBuilder("relu(");
        String sep = "";
        if (isClipped()) {
            s.append("max=").append(maxValue);
            sep = ", ";
        }
        if (negativeSlope != 0) {
            s.append(sep).append("slope=").append(negativeSlope);
            sep = ", ";
        }
        if (threshold != 0) {
            s.append(sep).append("threshold=").append(threshold);
        }
        return s.append(')').toString();
    }
}
