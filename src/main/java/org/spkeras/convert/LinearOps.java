package org.spkeras.convert;

import org.spkeras.model.Layer;
import org.spkeras.model.Network;
import org.spkeras.model.Shape;
import org.spkeras.model.Window;

/**
 * How a linear layer maps one unit of activity at an input index to its outputs (offsets such as BN shifts
 * are not included: they reach the stage through its bias). Max pooling only gets here when it is to be
 * treated as average pooling.
 */
final class LinearOps {
    private LinearOps() {}

    /** @param from the layer the vector comes from (which input of a Concatenate it arrives at) */
    static Sparse apply(Layer op, String from, Sparse v, Network net) {
        Shape in = net.outputShape(from);
        Sparse out = new Sparse();
        for (int k = 0; k < v.size(); k++) {
            map(op, from, in, v.index(k), v.factor(k), out, net);
        }
        return out;
    }

    private static void map(Layer op, String from, Shape in, int i, double f, Sparse out, Network net) {
        int c = i % in.channels();
        if (op instanceof Layer.Identity || op instanceof Layer.Add || op instanceof Layer.ActivationLayer) {
            out.add(i, f);
        } else if (op instanceof Layer.BatchNorm bn) {
            out.add(i, f * bn.scale(c));
        } else if (op instanceof Layer.Rescaling r) {
            out.add(i, f * r.scale());
        } else if (op instanceof Layer.ZeroPadding2D z) {
            Shape o = net.outputShape(op.name());
            int y = i / in.channels() / in.width();
            int x = (i / in.channels()) % in.width();
            out.add(((y + z.top()) * o.width() + x + z.left()) * o.channels() + c, f);
        } else if (op instanceof Layer.GlobalAveragePooling2D) {
            out.add(c, f / (in.height() * in.width()));
        } else if (op instanceof Layer.Flatten fl) {
            int y = i / in.channels() / in.width();
            int x = (i / in.channels()) % in.width();
            out.add(fl.order() == Layer.FlattenOrder.CHW && in.isSpatial() ? (c * in.height() + y) * in.width() + x : i, f);
        } else if (op instanceof Layer.Concatenate cat) {
            int offset = 0;
            for (String input : cat.inputs()) {
                if (input.equals(from)) {
                    break;
                }
                offset += net.outputShape(input).channels();
            }
            int total = net.outputShape(op.name()).channels();
            out.add(i / in.channels() * total + offset + c, f);
        } else if (op instanceof Layer.Pooling2D p) {
            averagePool(p, in, i, f, out, net.outputShape(op.name()));
        } else {
            throw new IllegalStateException("not a linear op: " + op.kind());
        }
    }

    private static void averagePool(Layer.Pooling2D p, Shape in, int i, double f, Sparse out, Shape o) {
        Window w = p.window();
        Window.Pads pads = w.pads(in.height(), in.width());
        int c = i % in.channels();
        int y = i / in.channels() / in.width();
        int x = (i / in.channels()) % in.width();
        for (int oy = 0; oy < o.height(); oy++) {
            int top = oy * w.strideHeight() - pads.top();
            if (y < top || y >= top + w.kernelHeight()) {
                continue;
            }
            for (int ox = 0; ox < o.width(); ox++) {
                int left = ox * w.strideWidth() - pads.left();
                if (x < left || x >= left + w.kernelWidth()) {
                    continue;
                }
                int count = (Math.min(top + w.kernelHeight(), in.height()) - Math.max(top, 0))
                        * (Math.min(left + w.kernelWidth(), in.width()) - Math.max(left, 0));
                out.add((oy * o.width() + ox) * o.channels() + c, f / count);
            }
        }
    }
}
