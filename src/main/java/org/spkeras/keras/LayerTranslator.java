package org.spkeras.keras;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.spkeras.model.Activation;
import org.spkeras.model.DataFormat;
import org.spkeras.model.Layer;
import org.spkeras.model.Shape;
import org.spkeras.model.Window;

/** Turns one Keras layer entry into a neutral layer: the only place that knows Keras layer classes. */
final class LayerTranslator {
    private final ImportContext ctx;
    private final WeightStore store;
    private final DataFormat format;
    private final boolean flipKernels;
    private final boolean positionalWeights;

    LayerTranslator(ImportContext ctx, WeightStore store, DataFormat format, boolean flipKernels,
                    boolean positionalWeights) {
        this.ctx = ctx;
        this.store = store;
        this.format = format;
        this.flipKernels = flipKernels;
        this.positionalWeights = positionalWeights;
    }

    Layer translate(LayerSpec spec, Map<String, Shape> shapes) {
        LayerConfig cfg = new LayerConfig(spec, ctx);
        if (spec.nodeCount() > 1) {
            throw ctx.layerError(spec, "is used " + spec.nodeCount() + " times (a shared layer); only layers "
                    + "called once are supported");
        }
        if (spec.inbound().isEmpty()) {
            throw ctx.layerError(spec, "has no inbound layer in the config");
        }
        for (String in : spec.inbound()) {
            if (!shapes.containsKey(in)) {
                throw ctx.layerError(spec, "takes its input from '" + in + "', which is not a layer before it");
            }
        }
        String input = spec.inbound().get(0);
        Shape in = shapes.get(input);
        if (!List.of("Add", "Concatenate").contains(spec.className()) && spec.inbound().size() != 1) {
            throw ctx.layerError(spec, "has " + spec.inbound().size() + " inputs; expected 1");
        }
        return switch (spec.className()) {
            case "Conv2D", "Convolution2D" -> conv(spec, cfg, input, in);
            case "Dense" -> dense(spec, cfg, input, in);
            case "BatchNormalization" -> batchNorm(spec, cfg, input, in);
            case "Activation" -> new Layer.ActivationLayer(spec.name(), input, elementwise(spec, activation(spec, cfg), in));
            case "ReLU" -> new Layer.ActivationLayer(spec.name(), input, Activation.relu(
                    cfg.number("max_value", Double.POSITIVE_INFINITY), cfg.number("negative_slope", 0),
                    cfg.number("threshold", 0)));
            case "LeakyReLU" -> new Layer.ActivationLayer(spec.name(), input, Activation.relu(
                    Double.POSITIVE_INFINITY, cfg.number("alpha", cfg.number("negative_slope", 0.3)), 0));
            case "Softmax" -> softmax(spec, cfg, input, in);
            case "AveragePooling2D", "AvgPool2D" -> pool(spec, cfg, input, in, Layer.PoolKind.AVERAGE);
            case "MaxPooling2D", "MaxPool2D" -> pool(spec, cfg, input, in, Layer.PoolKind.MAX);
            case "GlobalAveragePooling2D", "GlobalAvgPool2D" -> globalAverage(spec, cfg, input, in);
            case "Flatten" -> new Layer.Flatten(spec.name(), input,
                    cfg.has("data_format") || format == DataFormat.CHANNELS_LAST ? Layer.FlattenOrder.HWC : Layer.FlattenOrder.CHW);
            case "Reshape" -> reshape(spec, cfg, input, in);
            case "ZeroPadding2D" -> zeroPadding(spec, cfg, input);
            case "Dropout", "SpatialDropout2D", "GaussianNoise", "GaussianDropout", "AlphaDropout",
                    "ActivityRegularization" -> new Layer.Identity(spec.name(), input, "identity at inference");
            case "Add" -> new Layer.Add(spec.name(), requireSeveral(spec));
            case "Concatenate" -> concatenate(spec, cfg, shapes);
            case "Rescaling" -> new Layer.Rescaling(spec.name(), input, scalar(spec, cfg, "scale", 1), scalar(spec, cfg, "offset", 0));
            default -> throw ctx.layerError(spec, SupportedLayers.refusal(spec.className()));
        };
    }

    private Layer conv(LayerSpec spec, LayerConfig cfg, String input, Shape in) {
        requireSpatial(spec, in);
        int filters = cfg.count("filters", "nb_filter");
        int[] k = cfg.has("kernel_size") ? cfg.pair("kernel_size", null) : new int[] {cfg.count("nb_row"), cfg.count("nb_col")};
        int[] strides = cfg.pair("strides", cfg.pair("subsample", new int[] {1, 1}));
        int[] dilation = cfg.pair("dilation_rate", new int[] {1, 1});
        if (cfg.has("groups") && cfg.number("groups") != 1) {
            throw ctx.layerError(spec, "has groups = " + cfg.raw("groups") + "; only groups = 1 is supported");
        }
        Window window = new Window(k[0], k[1], strides[0], strides[1], dilation[0], dilation[1], padding(spec, cfg));
        boolean useBias = cfg.bool("use_bias", cfg.bool("bias", true));
        Activation act = elementwise(spec, activation(spec, cfg), Shape.spatial(1, 1, filters));
        int cin = in.channels();
        boolean oihw = "th".equals(cfg.string("dim_ordering", null));
        Map<String, StoredWeight> w = byRole(spec, useBias ? List.of("kernel", "bias") : List.of("kernel"));
        float[] stored = require(spec, w, "kernel").read(ctx, spec,
                oihw ? new int[] {filters, cin, k[0], k[1]} : new int[] {k[0], k[1], cin, filters});
        float[] kernel = toHwio(stored, oihw, k[0], k[1], cin, filters, flipKernels);
        float[] bias = useBias ? require(spec, w, "bias").read(ctx, spec, filters) : null;
        return new Layer.Conv2D(spec.name(), input, window, cin, filters, kernel, bias, act);
    }

    /** Reorders a stored kernel to [kh][kw][in][out], rotating it by 180° for Theano-trained kernels. */
    static float[] toHwio(float[] stored, boolean oihw, int kh, int kw, int cin, int cout, boolean flip) {
        float[] out = new float[stored.length];
        for (int y = 0; y < kh; y++) {
            for (int x = 0; x < kw; x++) {
                int sy = flip ? kh - 1 - y : y;
                int sx = flip ? kw - 1 - x : x;
                for (int ci = 0; ci < cin; ci++) {
                    for (int co = 0; co < cout; co++) {
                        int src = oihw ? ((co * cin + ci) * kh + sy) * kw + sx : ((sy * kw + sx) * cin + ci) * cout + co;
                        out[((y * kw + x) * cin + ci) * cout + co] = stored[src];
                    }
                }
            }
        }
        return out;
    }

    private Layer dense(LayerSpec spec, LayerConfig cfg, String input, Shape in) {
        if (in.isSpatial()) {
            throw ctx.layerError(spec, "receives an input of shape " + in + "; Dense is supported on flat inputs "
                    + "only: add a Flatten before it");
        }
        int units = cfg.count("units", "output_dim");
        boolean useBias = cfg.bool("use_bias", cfg.bool("bias", true));
        Activation act = activation(spec, cfg);
        Map<String, StoredWeight> w = byRole(spec, useBias ? List.of("kernel", "bias") : List.of("kernel"));
        float[] kernel = require(spec, w, "kernel").read(ctx, spec, in.size(), units);
        float[] bias = useBias ? require(spec, w, "bias").read(ctx, spec, units) : null;
        return new Layer.Dense(spec.name(), input, in.size(), units, kernel, bias, act);
    }

    private Layer batchNorm(LayerSpec spec, LayerConfig cfg, String input, Shape in) {
        if (cfg.has("mode") && cfg.number("mode") != 0) {
            throw ctx.layerError(spec, "uses Keras 1 mode " + cfg.raw("mode") + "; only mode 0 (feature-wise "
                    + "normalisation with moving statistics) is supported");
        }
        int axis = bnAxis(spec, cfg);
        int rank = in.isSpatial() ? 4 : 2;
        int normalized = axis < 0 ? axis + rank : axis;
        int channelAxis = in.isSpatial() && format == DataFormat.CHANNELS_FIRST ? 1 : rank - 1;
        if (normalized != channelAxis) {
            throw ctx.layerError(spec, "normalises axis " + axis + " of a rank-" + rank + " tensor; only the channel "
                    + "axis (" + channelAxis + ") is supported");
        }
        boolean center = cfg.bool("center", true);
        boolean scale = cfg.bool("scale", true);
        List<String> roles = new ArrayList<>();
        if (scale) {
            roles.add("gamma");
        }
        if (center) {
            roles.add("beta");
        }
        roles.add("moving_mean");
        roles.add("moving_variance");
        Map<String, StoredWeight> w = byRole(spec, roles);
        int c = in.channels();
        float[] gamma = scale ? require(spec, w, "gamma").read(ctx, spec, c) : null;
        float[] beta = center ? require(spec, w, "beta").read(ctx, spec, c) : null;
        float[] mean = require(spec, w, "moving_mean").read(ctx, spec, c);
        float[] variance = require(spec, w, "moving_variance").read(ctx, spec, c);
        for (float v : variance) {
            if (!(v >= 0)) {
                throw ctx.layerError(spec, "has a negative or NaN moving variance (" + v + "); the weights are damaged");
            }
        }
        return new Layer.BatchNorm(spec.name(), input, gamma, beta, mean, variance, cfg.number("epsilon", 1e-3));
    }

    private int bnAxis(LayerSpec spec, LayerConfig cfg) {
        JsonElement axis = cfg.raw("axis");
        if (axis == null || axis.isJsonNull()) {
            return -1;
        }
        if (axis.isJsonArray()) {
            JsonArray a = axis.getAsJsonArray();
            if (a.size() != 1) {
                throw ctx.layerError(spec, "normalises over several axes " + a + "; only one channel axis is supported");
            }
            return a.get(0).getAsInt();
        }
        return axis.getAsInt();
    }

    private Layer softmax(LayerSpec spec, LayerConfig cfg, String input, Shape in) {
        if (cfg.has("axis") && cfg.number("axis") != -1 && !(cfg.number("axis") == 1 && !in.isSpatial())) {
            throw ctx.layerError(spec, "applies softmax over axis " + cfg.raw("axis") + "; only the last axis is supported");
        }
        return new Layer.ActivationLayer(spec.name(), input, elementwise(spec, Activation.SOFTMAX, in));
    }

    private Layer pool(LayerSpec spec, LayerConfig cfg, String input, Shape in, Layer.PoolKind kind) {
        requireSpatial(spec, in);
        int[] size = cfg.pair("pool_size", new int[] {2, 2});
        int[] strides = cfg.pair("strides", size);
        Window window = new Window(size[0], size[1], strides[0], strides[1], 1, 1, padding(spec, cfg));
        return new Layer.Pooling2D(spec.name(), input, kind, window);
    }

    private Layer globalAverage(LayerSpec spec, LayerConfig cfg, String input, Shape in) {
        requireSpatial(spec, in);
        if (cfg.bool("keepdims", false)) {
            Window whole = new Window(in.height(), in.width(), in.height(), in.width(), 1, 1, Window.PaddingMode.VALID);
            return new Layer.Pooling2D(spec.name(), input, Layer.PoolKind.AVERAGE, whole);
        }
        return new Layer.GlobalAveragePooling2D(spec.name(), input);
    }

    private Layer reshape(LayerSpec spec, LayerConfig cfg, String input, Shape in) {
        JsonElement target = cfg.raw("target_shape");
        if (target == null || !target.isJsonArray()) {
            throw ctx.layerError(spec, "has no target_shape");
        }
        List<Integer> dims = new ArrayList<>();
        for (JsonElement d : target.getAsJsonArray()) {
            dims.add(d.isJsonNull() ? -1 : d.getAsInt());
        }
        if (dims.size() == 1 && (dims.get(0) == in.size() || dims.get(0) == -1)) {
            return in.isSpatial()
                    ? new Layer.Flatten(spec.name(), input, format == DataFormat.CHANNELS_FIRST ? Layer.FlattenOrder.CHW : Layer.FlattenOrder.HWC)
                    : new Layer.Identity(spec.name(), input, "no-op reshape");
        }
        List<Integer> current = in.isSpatial()
                ? (format == DataFormat.CHANNELS_FIRST ? List.of(in.channels(), in.height(), in.width())
                        : List.of(in.height(), in.width(), in.channels()))
                : List.of(in.size());
        if (dims.equals(current)) {
            return new Layer.Identity(spec.name(), input, "no-op reshape");
        }
        throw ctx.layerError(spec, "reshapes " + current + " to " + dims + "; only reshapes that flatten or leave the "
                + "data unchanged are supported");
    }

    private Layer zeroPadding(LayerSpec spec, LayerConfig cfg, String input) {
        JsonElement p = cfg.raw("padding");
        int[] pads;
        if (p == null || p.isJsonNull()) {
            pads = new int[] {1, 1, 1, 1};
        } else if (p.isJsonPrimitive()) {
            int v = p.getAsInt();
            pads = new int[] {v, v, v, v};
        } else if (p.isJsonObject()) {
            JsonObject o = p.getAsJsonObject();
            pads = new int[] {o.get("top_pad").getAsInt(), o.get("bottom_pad").getAsInt(),
                o.get("left_pad").getAsInt(), o.get("right_pad").getAsInt()};
        } else {
            JsonArray a = p.getAsJsonArray();
            if (a.size() == 2 && a.get(0).isJsonArray()) {
                JsonArray h = a.get(0).getAsJsonArray();
                JsonArray w = a.get(1).getAsJsonArray();
                pads = new int[] {h.get(0).getAsInt(), h.get(1).getAsInt(), w.get(0).getAsInt(), w.get(1).getAsInt()};
            } else if (a.size() == 2) {
                pads = new int[] {a.get(0).getAsInt(), a.get(0).getAsInt(), a.get(1).getAsInt(), a.get(1).getAsInt()};
            } else if (a.size() == 4) {
                pads = new int[] {a.get(0).getAsInt(), a.get(1).getAsInt(), a.get(2).getAsInt(), a.get(3).getAsInt()};
            } else {
                throw ctx.layerError(spec, "has padding " + a + "; expected an int, (h, w) or ((top, bottom), (left, right))");
            }
        }
        for (int v : pads) {
            if (v < 0 || v > LayerConfig.MAX_COUNT) {
                throw ctx.layerError(spec, "has padding " + p + "; expected values from 0 to " + LayerConfig.MAX_COUNT);
            }
        }
        return new Layer.ZeroPadding2D(spec.name(), input, pads[0], pads[1], pads[2], pads[3]);
    }

    private Layer concatenate(LayerSpec spec, LayerConfig cfg, Map<String, Shape> shapes) {
        List<String> inputs = requireSeveral(spec);
        Shape first = shapes.get(inputs.get(0));
        int rank = first.isSpatial() ? 4 : 2;
        int axis = (int) cfg.number("axis", -1);
        int normalized = axis < 0 ? axis + rank : axis;
        int channelAxis = first.isSpatial() && format == DataFormat.CHANNELS_FIRST ? 1 : rank - 1;
        if (normalized != channelAxis) {
            throw ctx.layerError(spec, "concatenates along axis " + axis + "; only the channel axis (" + channelAxis
                    + ") is supported");
        }
        return new Layer.Concatenate(spec.name(), inputs);
    }

    private List<String> requireSeveral(LayerSpec spec) {
        if (spec.inbound().size() < 2) {
            throw ctx.layerError(spec, "has " + spec.inbound().size() + " input(s); expected at least 2");
        }
        return spec.inbound();
    }

    private double scalar(LayerSpec spec, LayerConfig cfg, String key, double fallback) {
        JsonElement e = cfg.raw(key);
        if (e == null || e.isJsonNull()) {
            return fallback;
        }
        if (e.isJsonArray() && e.getAsJsonArray().size() == 1) {
            return e.getAsJsonArray().get(0).getAsDouble();
        }
        if (!e.isJsonPrimitive()) {
            throw ctx.layerError(spec, "has " + key + " = " + e + "; only a single number is supported");
        }
        return e.getAsDouble();
    }

    private Window.PaddingMode padding(LayerSpec spec, LayerConfig cfg) {
        String mode = cfg.string("padding", cfg.string("border_mode", "valid"));
        return switch (mode) {
            case "valid" -> Window.PaddingMode.VALID;
            case "same" -> Window.PaddingMode.SAME;
            default -> throw ctx.layerError(spec, "has padding '" + mode + "'; supported: 'valid', 'same'");
        };
    }

    private Activation activation(LayerSpec spec, LayerConfig cfg) {
        JsonElement e = cfg.raw("activation");
        String name = "linear";
        if (e != null && e.isJsonPrimitive()) {
            name = e.getAsString();
        } else if (e != null && e.isJsonObject()) {
            JsonObject o = e.getAsJsonObject();
            JsonElement inner = o.get("config");
            name = inner != null && inner.isJsonPrimitive() ? inner.getAsString() : ConfigParser.stringOr(o, "class_name", "?");
        }
        return switch (name) {
            case "linear", "None" -> Activation.LINEAR;
            case "relu" -> Activation.RELU;
            case "relu6" -> Activation.relu(6, 0, 0);
            case "softmax" -> Activation.SOFTMAX;
            case "sigmoid" -> Activation.SIGMOID;
            case "tanh" -> Activation.TANH;
            default -> throw ctx.layerError(spec, "uses activation '" + name + "'; supported: relu, linear, softmax "
                    + "(sigmoid and tanh are read but do not convert); replace it and retrain");
        };
    }

    private Activation elementwise(LayerSpec spec, Activation act, Shape in) {
        if (act.kind() == Activation.Kind.SOFTMAX && in.isSpatial()) {
            throw ctx.layerError(spec, "applies softmax to an image-shaped tensor; softmax is supported on flat "
                    + "outputs only");
        }
        return act;
    }

    private void requireSpatial(LayerSpec spec, Shape in) {
        if (!in.isSpatial()) {
            throw ctx.layerError(spec, "expects an image-shaped input (height, width, channels), found " + in);
        }
    }

    /** Matches stored weights to roles: by position for Keras 3 archives, otherwise by name suffix. */
    private Map<String, StoredWeight> byRole(LayerSpec spec, List<String> roles) {
        List<StoredWeight> stored = store.weights(spec);
        Map<String, StoredWeight> out = new HashMap<>();
        if (positionalWeights) {
            for (int i = 0; i < Math.min(roles.size(), stored.size()); i++) {
                out.put(roles.get(i), stored.get(i));
            }
        } else {
            for (StoredWeight w : stored) {
                String role = role(w.shortName());
                if (role != null) {
                    out.put(role, w);
                }
            }
        }
        if (stored.size() != roles.size()) {
            throw ctx.layerError(spec, "has " + stored.size() + " stored weight arrays " + names(stored) + "; the config "
                    + "implies " + roles.size() + " " + roles + "; the weights do not match the architecture"
                    + where(spec));
        }
        return out;
    }

    private String where(LayerSpec spec) {
        String where = store.whereExpected(spec);
        return where.isEmpty() ? "" : " (" + where + ")";
    }

    private static List<String> names(List<StoredWeight> stored) {
        return stored.stream().map(StoredWeight::name).toList();
    }

    static String role(String shortName) {
        if (shortName.equals("kernel") || shortName.equals("W") || shortName.endsWith("_W")) {
            return "kernel";
        }
        if (shortName.equals("bias") || shortName.equals("b") || shortName.endsWith("_b")) {
            return "bias";
        }
        if (shortName.endsWith("gamma")) {
            return "gamma";
        }
        if (shortName.endsWith("beta")) {
            return "beta";
        }
        if (shortName.endsWith("moving_mean") || shortName.endsWith("running_mean")) {
            return "moving_mean";
        }
        // Keras 1 calls the variance running_std although it holds the variance.
        if (shortName.endsWith("moving_variance") || shortName.endsWith("running_std")) {
            return "moving_variance";
        }
        return null;
    }

    private StoredWeight require(LayerSpec spec, Map<String, StoredWeight> w, String role) {
        StoredWeight weight = w.get(role);
        if (weight == null) {
            throw ctx.layerError(spec, "has no stored " + role + " (weights found: " + names(store.weights(spec))
                    + "); the weights do not match the architecture" + where(spec));
        }
        return weight;
    }
}
