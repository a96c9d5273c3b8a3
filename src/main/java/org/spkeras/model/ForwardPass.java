package org.spkeras.model;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * The ANN reference forward pass in plain Java: float32 weights, float64 arithmetic, channels-last
 * activations. It gives every layer's output, is used for ANN accuracy, normalisation and diagnostics,
 * and is checked against NumPy, Keras-recorded and DL4J outputs in the tests.
 */
public final class ForwardPass {
    private final Network network;

    public ForwardPass(Network network) {
        this.network = network;
    }

    /** Every layer's output for one channels-last sample, keyed by layer name. */
    public Map<String, double[]> activations(float[] sample) {
        Shape inShape = network.inputShape();
        if (sample.length != inShape.size()) {
            throw new IllegalArgumentException("input has " + sample.length + " values, the model expects "
                    + inShape.size() + " " + inShape);
        }
        Map<String, double[]> out = new HashMap<>();
        for (Layer layer : network.layers()) {
            out.put(layer.name(), compute(layer, out, sample));
        }
        return out;
    }

    /** The first output layer's values for one channels-last sample. */
    public double[] output(float[] sample) {
        return activations(sample).get(network.outputNames().get(0));
    }

    /** Outputs of a batch, computed in parallel; the result does not depend on the thread count. */
    public double[][] outputs(List<float[]> batch) {
        return IntStream.range(0, batch.size()).parallel().mapToObj(i -> output(batch.get(i))).toArray(double[][]::new);
    }

    private double[] compute(Layer layer, Map<String, double[]> done, float[] sample) {
        if (layer instanceof Layer.Input) {
            double[] x = new double[sample.length];
            for (int i = 0; i < x.length; i++) {
                x[i] = sample[i];
            }
            return x;
        }
        return evaluate(layer, done);
    }

    /**
     * The output of one non-input layer given the outputs of its inputs in {@code done}; used by the
     * converter to evaluate parts of the graph on chosen inputs.
     */
    public double[] evaluate(Layer layer, Map<String, double[]> done) {
        double[] in = done.get(layer.inputs().get(0));
        Shape inShape = network.outputShape(layer.inputs().get(0));
        if (layer instanceof Layer.Conv2D c) {
            return conv(c, in, inShape);
        }
        if (layer instanceof Layer.Dense d) {
            return dense(d, in);
        }
        if (layer instanceof Layer.BatchNorm b) {
            return batchNorm(b, in);
        }
        if (layer instanceof Layer.ActivationLayer a) {
            double[] y = in.clone();
            a.activation().applyInPlace(y);
            return y;
        }
        if (layer instanceof Layer.Pooling2D p) {
            return pool(p, in, inShape);
        }
        if (layer instanceof Layer.GlobalAveragePooling2D) {
            return globalAverage(in, inShape);
        }
        if (layer instanceof Layer.Flatten f) {
            return f.order() == Layer.FlattenOrder.CHW && inShape.isSpatial() ? toChw(in, inShape) : in.clone();
        }
        if (layer instanceof Layer.ZeroPadding2D z) {
            return zeroPad(z, in, inShape);
        }
        if (layer instanceof Layer.Add add) {
            double[] y = in.clone();
            for (int k = 1; k < add.inputs().size(); k++) {
                double[] other = done.get(add.inputs().get(k));
                for (int i = 0; i < y.length; i++) {
                    y[i] += other[i];
                }
            }
            return y;
        }
        if (layer instanceof Layer.Concatenate cat) {
            return concatenate(cat, done);
        }
        if (layer instanceof Layer.Rescaling r) {
            double[] y = new double[in.length];
            for (int i = 0; i < y.length; i++) {
                y[i] = in[i] * r.scale() + r.offset();
            }
            return y;
        }
        if (layer instanceof Layer.Identity) {
            return in;
        }
        throw new IllegalStateException("no forward rule for " + layer.kind());
    }

    /** Like {@link #evaluate}, but a Conv2D or Dense layer's activation is not applied (its pre-activation). */
    public double[] evaluateLinear(Layer layer, Map<String, double[]> done) {
        if (layer instanceof Layer.Conv2D c) {
            return evaluate(new Layer.Conv2D(c.name(), c.input(), c.window(), c.inChannels(), c.filters(), c.kernel(),
                    c.bias(), Activation.LINEAR), done);
        }
        if (layer instanceof Layer.Dense d) {
            return evaluate(new Layer.Dense(d.name(), d.input(), d.inputSize(), d.units(), d.kernel(), d.bias(),
                    Activation.LINEAR), done);
        }
        return evaluate(layer, done);
    }

    private double[] conv(Layer.Conv2D c, double[] in, Shape inShape) {
        Shape outShape = network.outputShape(c.name());
        Window w = c.window();
        Window.Pads pads = w.pads(inShape.height(), inShape.width());
        int inH = inShape.height(), inW = inShape.width(), cin = inShape.channels();
        int outW = outShape.width(), cout = c.filters();
        double[] out = new double[outShape.size()];
        float[] k = c.kernel();
        for (int oy = 0; oy < outShape.height(); oy++) {
            for (int ox = 0; ox < outW; ox++) {
                int base = (oy * outW + ox) * cout;
                for (int ky = 0; ky < w.kernelHeight(); ky++) {
                    int iy = oy * w.strideHeight() - pads.top() + ky * w.dilationHeight();
                    if (iy < 0 || iy >= inH) {
                        continue;
                    }
                    for (int kx = 0; kx < w.kernelWidth(); kx++) {
                        int ix = ox * w.strideWidth() - pads.left() + kx * w.dilationWidth();
                        if (ix < 0 || ix >= inW) {
                            continue;
                        }
                        int inBase = (iy * inW + ix) * cin;
                        int kBase = (ky * w.kernelWidth() + kx) * cin * cout;
                        for (int ci = 0; ci < cin; ci++) {
                            double v = in[inBase + ci];
                            if (v == 0) {
                                continue;
                            }
                            int row = kBase + ci * cout;
                            for (int co = 0; co < cout; co++) {
                                out[base + co] += v * k[row + co];
                            }
                        }
                    }
                }
                finishPixel(out, base, cout, c.bias());
            }
        }
        applyPerPixel(c.activation(), out);
        return out;
    }

    private static double[] dense(Layer.Dense d, double[] in) {
        int units = d.units();
        double[] out = new double[units];
        float[] k = d.kernel();
        for (int i = 0; i < d.inputSize(); i++) {
            double v = in[i];
            if (v == 0) {
                continue;
            }
            int row = i * units;
            for (int j = 0; j < units; j++) {
                out[j] += v * k[row + j];
            }
        }
        finishPixel(out, 0, units, d.bias());
        d.activation().applyInPlace(out);
        return out;
    }

    private static void finishPixel(double[] out, int base, int count, float[] bias) {
        if (bias == null) {
            return;
        }
        for (int i = 0; i < count; i++) {
            out[base + i] += bias[i];
        }
    }

    /** Element-wise activations; softmax on a spatial tensor normalises over channels, as Keras does. */
    private void applyPerPixel(Activation a, double[] out) {
        if (a.kind() != Activation.Kind.SOFTMAX) {
            a.applyInPlace(out);
            return;
        }
        throw new IllegalStateException("softmax on a convolution output is refused at import");
    }

    private static double[] batchNorm(Layer.BatchNorm b, double[] in) {
        int c = b.channels();
        double[] scale = new double[c];
        double[] shift = new double[c];
        for (int i = 0; i < c; i++) {
            scale[i] = b.scale(i);
            shift[i] = b.shift(i);
        }
        double[] out = new double[in.length];
        for (int i = 0; i < in.length; i++) {
            int ch = i % c;
            out[i] = in[i] * scale[ch] + shift[ch];
        }
        return out;
    }

    private double[] pool(Layer.Pooling2D p, double[] in, Shape inShape) {
        Shape outShape = network.outputShape(p.name());
        Window w = p.window();
        Window.Pads pads = w.pads(inShape.height(), inShape.width());
        int inH = inShape.height(), inW = inShape.width(), ch = inShape.channels();
        boolean max = p.pool() == Layer.PoolKind.MAX;
        double[] out = new double[outShape.size()];
        for (int oy = 0; oy < outShape.height(); oy++) {
            for (int ox = 0; ox < outShape.width(); ox++) {
                int base = (oy * outShape.width() + ox) * ch;
                for (int c = 0; c < ch; c++) {
                    double acc = max ? Double.NEGATIVE_INFINITY : 0;
                    int count = 0;
                    for (int ky = 0; ky < w.kernelHeight(); ky++) {
                        int iy = oy * w.strideHeight() - pads.top() + ky;
                        if (iy < 0 || iy >= inH) {
                            continue;
                        }
                        for (int kx = 0; kx < w.kernelWidth(); kx++) {
                            int ix = ox * w.strideWidth() - pads.left() + kx;
                            if (ix < 0 || ix >= inW) {
                                continue;
                            }
                            double v = in[(iy * inW + ix) * ch + c];
                            acc = max ? Math.max(acc, v) : acc + v;
                            count++;
                        }
                    }
                    out[base + c] = max ? acc : acc / count;
                }
            }
        }
        return out;
    }

    private static double[] globalAverage(double[] in, Shape inShape) {
        int ch = inShape.channels();
        int pixels = inShape.height() * inShape.width();
        double[] out = new double[ch];
        for (int i = 0; i < in.length; i++) {
            out[i % ch] += in[i];
        }
        for (int c = 0; c < ch; c++) {
            out[c] /= pixels;
        }
        return out;
    }

    private static double[] toChw(double[] in, Shape s) {
        int h = s.height(), w = s.width(), ch = s.channels();
        double[] out = new double[in.length];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                for (int c = 0; c < ch; c++) {
                    out[(c * h + y) * w + x] = in[(y * w + x) * ch + c];
                }
            }
        }
        return out;
    }

    private double[] zeroPad(Layer.ZeroPadding2D z, double[] in, Shape inShape) {
        Shape outShape = network.outputShape(z.name());
        int ch = inShape.channels();
        double[] out = new double[outShape.size()];
        for (int y = 0; y < inShape.height(); y++) {
            int src = y * inShape.width() * ch;
            int dst = ((y + z.top()) * outShape.width() + z.left()) * ch;
            System.arraycopy(in, src, out, dst, inShape.width() * ch);
        }
        return out;
    }

    private double[] concatenate(Layer.Concatenate cat, Map<String, double[]> done) {
        Shape outShape = network.outputShape(cat.name());
        int pixels = outShape.height() * outShape.width();
        int total = outShape.channels();
        double[] out = new double[outShape.size()];
        int offset = 0;
        for (String name : cat.inputs()) {
            double[] part = done.get(name);
            int c = network.outputShape(name).channels();
            for (int p = 0; p < pixels; p++) {
                System.arraycopy(part, p * c, out, p * total + offset, c);
            }
            offset += c;
        }
        return out;
    }
}
