package org.spkeras.model;

import java.util.Map;
import org.spkeras.SpkerasException;

/** Output shape of each layer from its inputs' shapes, with the checks that make a layer valid. */
public final class ShapeInference {
    private ShapeInference() {}

    public static Shape outputShape(Layer layer, Map<String, Shape> known) {
        try {
            return infer(layer, known);
        } catch (IllegalArgumentException e) {
            throw new SpkerasException(describe(layer) + ": " + e.getMessage());
        }
    }

    private static Shape infer(Layer layer, Map<String, Shape> known) {
        if (layer instanceof Layer.Input in) {
            return in.shape();
        }
        Shape in = known.get(layer.inputs().get(0));
        if (layer instanceof Layer.Conv2D c) {
            requireSpatial(in, "an image-shaped input");
            requireChannels(in, c.inChannels());
            return Shape.spatial(positive(c.window().outHeight(in.height()), in),
                    positive(c.window().outWidth(in.width()), in), c.filters());
        }
        if (layer instanceof Layer.Dense d) {
            if (in.isSpatial()) {
                throw new IllegalArgumentException("expects a flat input, found " + in + "; add a Flatten before it");
            }
            if (in.size() != d.inputSize()) {
                throw new IllegalArgumentException("kernel expects " + d.inputSize() + " inputs, found " + in.size());
            }
            return Shape.flat(d.units());
        }
        if (layer instanceof Layer.BatchNorm b) {
            requireChannels(in, b.channels());
            return in;
        }
        if (layer instanceof Layer.Pooling2D p) {
            requireSpatial(in, "an image-shaped input");
            return Shape.spatial(positive(p.window().outHeight(in.height()), in),
                    positive(p.window().outWidth(in.width()), in), in.channels());
        }
        if (layer instanceof Layer.GlobalAveragePooling2D) {
            requireSpatial(in, "an image-shaped input");
            return Shape.flat(in.channels());
        }
        if (layer instanceof Layer.Flatten) {
            return Shape.flat(in.size());
        }
        if (layer instanceof Layer.ZeroPadding2D z) {
            requireSpatial(in, "an image-shaped input");
            return Shape.spatial(in.height() + z.top() + z.bottom(), in.width() + z.left() + z.right(), in.channels());
        }
        if (layer instanceof Layer.Add) {
            for (String name : layer.inputs()) {
                if (!known.get(name).equals(in)) {
                    throw new IllegalArgumentException("all inputs must have the same shape, found " + in + " from '"
                            + layer.inputs().get(0) + "' and " + known.get(name) + " from '" + name + "'");
                }
            }
            return in;
        }
        if (layer instanceof Layer.Concatenate) {
            int channels = 0;
            for (String name : layer.inputs()) {
                Shape s = known.get(name);
                if (s.rank() != in.rank() || s.height() != in.height() || s.width() != in.width()) {
                    throw new IllegalArgumentException("inputs must agree in all but the channel axis, found " + in
                            + " from '" + layer.inputs().get(0) + "' and " + s + " from '" + name + "'");
                }
                channels += s.channels();
            }
            return new Shape(in.rank(), in.height(), in.width(), channels);
        }
        // ActivationLayer, Identity, Rescaling keep the shape.
        return in;
    }

    private static void requireSpatial(Shape in, String what) {
        if (!in.isSpatial()) {
            throw new IllegalArgumentException("expects " + what + " (height, width, channels), found " + in);
        }
    }

    private static void requireChannels(Shape in, int channels) {
        if (in.channels() != channels) {
            throw new IllegalArgumentException("weights expect " + channels + " input channels, found " + in.channels()
                    + " (input shape " + in + ")");
        }
    }

    private static int positive(int size, Shape in) {
        if (size < 1) {
            throw new IllegalArgumentException("the window does not fit the input " + in);
        }
        return size;
    }

    private static String describe(Layer layer) {
        return "layer '" + layer.name() + "' (" + layer.kind() + ")";
    }
}
