package org.spkeras.model;

/** Multiply-accumulate counts of one inference, per layer (additions-only layers count zero). */
final class LayerCost {
    private LayerCost() {}

    static long macs(Layer layer, Network net) {
        long outSize = net.outputShape(layer.name()).size();
        if (layer instanceof Layer.Conv2D c) {
            return outSize * c.window().kernelHeight() * c.window().kernelWidth() * c.inChannels();
        }
        if (layer instanceof Layer.Dense d) {
            return (long) d.inputSize() * d.units();
        }
        if (layer instanceof Layer.BatchNorm || layer instanceof Layer.Rescaling) {
            return outSize;
        }
        return 0L;
    }
}
