package org.spkeras.model;

/**
 * Multiply-accumulate counts of one inference, per layer (additions-only layers count zero). A convolution
 * counts only the taps that land on real input pixels: its own 'same' padding adds zeros, not work.
 */
final class LayerCost {
    private LayerCost() {}

    static long macs(Layer layer, Network net) {
        long outSize = net.outputShape(layer.name()).size();
        if (layer instanceof Layer.Conv2D c) {
            Shape in = net.outputShape(c.input());
            Window w = c.window();
            Window.Pads p = w.pads(in.height(), in.width());
            long rows = validTaps(in.height(), w.outHeight(in.height()), w.kernelHeight(), w.strideHeight(),
                    w.dilationHeight(), p.top());
            long cols = validTaps(in.width(), w.outWidth(in.width()), w.kernelWidth(), w.strideWidth(),
                    w.dilationWidth(), p.left());
            return rows * cols * c.inChannels() * c.filters();
        }
        if (layer instanceof Layer.Dense d) {
            return (long) d.inputSize() * d.units();
        }
        if (layer instanceof Layer.BatchNorm || layer instanceof Layer.Rescaling) {
            return outSize;
        }
        return 0L;
    }

    /** Pairs (output position, kernel tap) along one axis whose input position lies inside the input. */
    private static long validTaps(int in, int out, int kernel, int stride, int dilation, int padBefore) {
        long taps = 0;
        for (int o = 0; o < out; o++) {
            for (int k = 0; k < kernel; k++) {
                int pos = o * stride - padBefore + k * dilation;
                if (pos >= 0 && pos < in) {
                    taps++;
                }
            }
        }
        return taps;
    }
}
