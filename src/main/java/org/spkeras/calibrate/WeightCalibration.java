package org.spkeras.calibrate;

import java.util.HashMap;
import java.util.Map;
import java.util.stream.IntStream;
import org.spkeras.convert.WeightedStage;
import org.spkeras.model.ForwardPass;
import org.spkeras.model.Layer;
import org.spkeras.model.Network;
import org.spkeras.model.Shape;
import org.spkeras.model.Window;
import org.spkeras.snn.Stage;

/**
 * Li et al.'s (2021) weight calibration of one stage: the kernel of the Conv2D or Dense layer feeding it is
 * fitted so that the stage's predicted rate, given the spiking network's actual input rates, matches the ANN.
 * For neuron o (channel c) of sample i, with the layer's input {@code x̂} computed from the source stage's
 * simulated counts ({@code count/T·λ_src}, the analog input itself for the input), the pre-activation
 * {@code z = W·x̂ + b} gives {@code v = T·(z/λ_c + σ_c) + θ_o} ({@code σ} the per-step shift and {@code θ} the
 * initial potential, both in units of the threshold) and the predicted count
 * {@code n = clamp(⌊v⌋, 0, Γ·T)}; the loss is {@code L = (1/N) Σ_i Σ_o (n/T − a/λ_c)²}, {@code a} the ANN
 * activation. Its gradient passes the floor straight through (Li et al.'s {@code floor_ste}) and is zero where
 * the clamp is active: {@code ∂L/∂z = 2(n/T − a/λ_c)/(N·λ_c)} for {@code 0 ≤ v ≤ Γ·T}. The kernel (not the bias,
 * as Li et al.) takes {@value #ITERATIONS} full-batch Adam steps ({@code β = 0.9, 0.999}, {@code ε = 10^-8}) with a
 * learning rate of {@value #LEARNING_RATE}·max|W| annealed by a cosine to 0; the iterate with the lowest loss
 * (the start included) is kept. Sums run in a fixed order, so the result does not depend on the thread count.
 */
final class WeightCalibration {
    static final int ITERATIONS = 40;
    static final double LEARNING_RATE = 0.002;
    private static final double BETA1 = 0.9;
    private static final double BETA2 = 0.999;
    private static final double EPSILON = 1e-8;
    private static final int BLOCKS = 8;

    /** One stage's calibration problem: the layer inputs and targets per sample, and the prediction's constants. */
    record Problem(Layer weighted, Shape inShape, Shape outShape, double[][] inputs, float[][] targets,
                   double[] lambda, double[] shift, double[] initial, int steps, int maxCount) {}

    /** The kernel found, with the loss before and after. */
    record Fit(float[] kernel, double lossBefore, double lossAfter) {}

    private WeightCalibration() {}

    /**
     * The weighted layer's input for one sample from the source's activity {@code source} (activation units),
     * through the feed's linear layers.
     */
    static double[] layerInput(ForwardPass forward, WeightedStage.Feed feed, double[] source) {
        Map<String, double[]> done = new HashMap<>();
        done.put(feed.source(), source);
        double[] x = source;
        for (Layer layer : feed.pre()) {
            x = forward.evaluate(layer, done);
            done.put(layer.name(), x);
        }
        return x;
    }

    /** The prediction's per-neuron constants of stage {@code n}: σ per channel and θ per neuron, in thresholds. */
    static Problem problem(Layer weighted, Network ann, Stage.Neurons n, double[][] inputs, float[][] targets,
                           double[] lambda, int steps, int burst) {
        int channels = n.shape().channels();
        double[] shift = new double[channels];
        for (int c = 0; c < channels; c++) {
            shift[c] = n.shift()[c] / (double) n.threshold()[c];
        }
        double[] initial = new double[n.size()];
        for (int o = 0; o < initial.length; o++) {
            initial[o] = n.initialPotentialOf(o) / (double) n.threshold()[o % channels];
        }
        return new Problem(weighted, ann.outputShape(weighted.inputs().get(0)), n.shape(), inputs, targets, lambda,
                shift, initial, steps, burst * steps);
    }

    /** Fits the kernel of {@code p.weighted()} as described above. */
    static Fit fit(Problem p) {
        float[] start = kernel(p.weighted());
        double[] w = new double[start.length];
        double max = 0;
        for (int i = 0; i < w.length; i++) {
            w[i] = start[i];
            max = Math.max(max, Math.abs(w[i]));
        }
        double rate = LEARNING_RATE * max;
        double[] m = new double[w.length];
        double[] v = new double[w.length];
        double[] best = w.clone();
        double bestLoss = Double.POSITIVE_INFINITY;
        double first = Double.NaN;
        for (int t = 0; t <= ITERATIONS; t++) {
            double[] grad = new double[w.length];
            double loss = lossAndGradient(p, w, grad);
            if (t == 0) {
                first = loss;
            }
            if (loss < bestLoss) {
                bestLoss = loss;
                best = w.clone();
            }
            if (t == ITERATIONS) {
                break;
            }
            double lr = rate * 0.5 * (1 + Math.cos(Math.PI * t / ITERATIONS));
            double c1 = 1 - Math.pow(BETA1, t + 1);
            double c2 = 1 - Math.pow(BETA2, t + 1);
            for (int i = 0; i < w.length; i++) {
                m[i] = BETA1 * m[i] + (1 - BETA1) * grad[i];
                v[i] = BETA2 * v[i] + (1 - BETA2) * grad[i] * grad[i];
                w[i] -= lr * (m[i] / c1) / (Math.sqrt(v[i] / c2) + EPSILON);
            }
        }
        float[] out = new float[best.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) best[i];
        }
        return new Fit(out, first, bestLoss);
    }

    private static float[] kernel(Layer layer) {
        return layer instanceof Layer.Conv2D c ? c.kernel() : ((Layer.Dense) layer).kernel();
    }

    private static float[] bias(Layer layer) {
        return layer instanceof Layer.Conv2D c ? c.bias() : ((Layer.Dense) layer).bias();
    }

    /** The loss at {@code w}, and its gradient added into {@code grad}; samples in fixed blocks, summed in order. */
    static double lossAndGradient(Problem p, double[] w, double[] grad) {
        int samples = p.inputs().length;
        int blocks = Math.min(BLOCKS, samples);
        double[][] blockGrad = new double[blocks][];
        double[] blockLoss = new double[blocks];
        IntStream.range(0, blocks).parallel().forEach(b -> {
            double[] g = new double[w.length];
            double loss = 0;
            for (int i = b * samples / blocks; i < (b + 1) * samples / blocks; i++) {
                loss += sample(p, w, i, g, samples);
            }
            blockGrad[b] = g;
            blockLoss[b] = loss;
        });
        double loss = 0;
        for (int b = 0; b < blocks; b++) {
            loss += blockLoss[b];
            for (int i = 0; i < grad.length; i++) {
                grad[i] += blockGrad[b][i];
            }
        }
        return loss;
    }

    /** Sample {@code i}'s share of the loss; its gradient is added into {@code g}. */
    private static double sample(Problem p, double[] w, int i, double[] g, int samples) {
        double[] x = p.inputs()[i];
        double[] z = p.weighted() instanceof Layer.Conv2D c ? conv(c, p.inShape(), p.outShape(), x, w)
                : dense((Layer.Dense) p.weighted(), x, w);
        float[] b = bias(p.weighted());
        int channels = p.outShape().channels();
        float[] target = p.targets()[i];
        double loss = 0;
        double[] dz = new double[z.length];
        for (int o = 0; o < z.length; o++) {
            int c = o % channels;
            double pre = z[o] + (b == null ? 0 : b[c]);
            double v = p.steps() * (pre / p.lambda()[c] + p.shift()[c]) + p.initial()[o];
            double n = Math.min(Math.max(Math.floor(v), 0), p.maxCount());
            double e = n / p.steps() - target[o];
            loss += e * e / samples;
            dz[o] = v >= 0 && v <= p.maxCount() ? 2 * e / (samples * p.lambda()[c]) : 0;
        }
        if (p.weighted() instanceof Layer.Conv2D c) {
            convKernelGradient(c, p.inShape(), p.outShape(), x, dz, g);
        } else {
            denseKernelGradient((Layer.Dense) p.weighted(), x, dz, g);
        }
        return loss;
    }

    /** A tap of a conv output pixel: its input offset, or -1 outside the input. */
    private static int tap(Window win, Window.Pads pads, Shape in, int oy, int ox, int ky, int kx) {
        int iy = oy * win.strideHeight() - pads.top() + ky * win.dilationHeight();
        int ix = ox * win.strideWidth() - pads.left() + kx * win.dilationWidth();
        return iy < 0 || iy >= in.height() || ix < 0 || ix >= in.width() ? -1 : (iy * in.width() + ix) * in.channels();
    }

    private static double[] conv(Layer.Conv2D c, Shape in, Shape out, double[] x, double[] w) {
        int cout = c.filters();
        double[] z = new double[out.size()];
        forEachTap(c, in, out, x, (base, row, xv) -> {
            for (int co = 0; co < cout; co++) {
                z[base + co] += xv * w[row + co];
            }
        });
        return z;
    }

    private static void convKernelGradient(Layer.Conv2D c, Shape in, Shape out, double[] x, double[] dz, double[] g) {
        int cout = c.filters();
        forEachTap(c, in, out, x, (base, row, xv) -> {
            for (int co = 0; co < cout; co++) {
                g[row + co] += xv * dz[base + co];
            }
        });
    }

    /** One nonzero input value meeting one kernel row: output offset, kernel-row offset, the input value. */
    private interface Tap {
        void meet(int outBase, int kernelRow, double xv);
    }

    /** Every (output position, valid kernel tap, nonzero input channel) of {@code c}, in a fixed order. */
    private static void forEachTap(Layer.Conv2D c, Shape in, Shape out, double[] x, Tap tap) {
        Window win = c.window();
        Window.Pads pads = win.pads(in.height(), in.width());
        int cin = in.channels();
        int cout = c.filters();
        for (int oy = 0; oy < out.height(); oy++) {
            for (int ox = 0; ox < out.width(); ox++) {
                int base = (oy * out.width() + ox) * cout;
                for (int ky = 0; ky < win.kernelHeight(); ky++) {
                    for (int kx = 0; kx < win.kernelWidth(); kx++) {
                        int at = tap(win, pads, in, oy, ox, ky, kx);
                        if (at < 0) {
                            continue;
                        }
                        int kBase = (ky * win.kernelWidth() + kx) * cin * cout;
                        for (int ci = 0; ci < cin; ci++) {
                            if (x[at + ci] != 0) {
                                tap.meet(base, kBase + ci * cout, x[at + ci]);
                            }
                        }
                    }
                }
            }
        }
    }

    private static double[] dense(Layer.Dense d, double[] x, double[] w) {
        int units = d.units();
        double[] z = new double[units];
        for (int i = 0; i < x.length; i++) {
            if (x[i] == 0) {
                continue;
            }
            for (int u = 0, row = i * units; u < units; u++) {
                z[u] += x[i] * w[row + u];
            }
        }
        return z;
    }

    private static void denseKernelGradient(Layer.Dense d, double[] x, double[] dz, double[] g) {
        int units = d.units();
        for (int i = 0; i < x.length; i++) {
            if (x[i] == 0) {
                continue;
            }
            for (int u = 0, row = i * units; u < units; u++) {
                g[row + u] += x[i] * dz[u];
            }
        }
    }
}
