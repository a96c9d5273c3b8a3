package org.spkeras.keras;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.jhdf.HdfFile;
import io.jhdf.api.Group;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.spkeras.SpkerasException;
import org.spkeras.io.BoundedInput;
import org.spkeras.io.Hdf5Open;
import org.spkeras.model.DataFormat;
import org.spkeras.model.Layer;
import org.spkeras.model.Network;
import org.spkeras.model.Shape;
import org.spkeras.model.ShapeInference;
import org.spkeras.model.SourceInfo;

/**
 * Reads a Keras model into a neutral {@link Network}: a full-model {@code .h5} (Keras 1, 2, tf.keras 2.x,
 * Keras 3 legacy), a weights-only {@code .h5} with its architecture JSON, or a Keras 3 {@code .keras} zip.
 * Every layer class is checked before any weight is read; every weight is checked against the shape its
 * config implies before it is read.
 */
public final class KerasModelReader {
    private static final byte[] HDF5_SIGNATURE = {(byte) 0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n'};
    private static final long MAX_ARCHIVE_ENTRY = 1L << 31;
    /** config.json and metadata.json of real models are kilobytes; their text is parsed whole. */
    private static final long MAX_JSON_ENTRY = 16L << 20;
    /** Deflate's largest expansion is about 1032:1; float32 weights compress barely at all. */
    private static final long MAX_DEFLATE_RATIO = 1032;
    private static final long MAX_WEIGHTS_RATIO = 64;
    private static final long ENTRY_SLACK = 1L << 20;

    private KerasModelReader() {}

    public static Network read(Path model) {
        return read(model, ImportOptions.DEFAULT);
    }

    public static Network read(Path model, ImportOptions options) {
        String modelName = model.getFileName() == null ? model.toString() : model.getFileName().toString();
        ImportContext ctx = new ImportContext(options.architecture() == null ? modelName : modelName + " (architecture "
                + (options.architecture().getFileName() == null ? options.architecture()
                        : options.architecture().getFileName()) + ")");
        requireReadable(model, ctx, "model");
        if (options.architecture() != null && !Files.exists(options.architecture())) {
            throw new ImportContext(options.architecture().toString()).error("no such architecture file or folder; check the path");
        }
        byte[] head = head(model, ctx);
        if (head.length >= 4 && head[0] == 'P' && head[1] == 'K' && head[2] == 3 && head[3] == 4) {
            return readArchive(model, ctx, options);
        }
        if (!isHdf5(head)) {
            String hint = head.length > 0 && (head[0] == '{' || head[0] == '[')
                    ? "; it looks like JSON: pass the weights .h5 as MODEL and this file with {architecture}"
                    : "; expected a Keras .h5 (HDF5) file or a Keras 3 .keras archive";
            throw ctx.error("is not an HDF5 file or a .keras archive" + hint);
        }
        try (HdfFile file = open(model, ctx)) {
            return readHdf5(file, model, ctx, options);
        }
    }

    private static Network readHdf5(HdfFile file, Path model, ImportContext ctx, ImportOptions options) {
        try {
            String configJson = H5Attributes.string(file, "model_config");
            boolean weightsOnly = configJson == null;
            Group weightsRoot;
            if (weightsOnly) {
                if (!H5Attributes.has(file, "layer_names") && (file.getChildren().get("layers") instanceof Group
                        || file.getChildren().get(Keras3Weights.TF_CONTAINER) instanceof Group)) {
                    return readKeras3Weights(file, ctx, options);
                }
                if (!H5Attributes.has(file, "layer_names")) {
                    throw ctx.error("is an HDF5 file but not a Keras model: it has neither a 'model_config' attribute "
                            + "(full model) nor 'layer_names' (weights-only checkpoint)");
                }
                if (options.architecture() == null) {
                    throw ctx.error("is a weights-only checkpoint (no model_config); pass the architecture JSON written "
                            + "by model.to_json() with {architecture} FILE");
                }
                weightsRoot = file;
            } else {
                if (!(file.getChildren().get("model_weights") instanceof Group g)) {
                    throw ctx.error("has a model_config but no 'model_weights' group; the model was saved without "
                            + "weights or the file is damaged");
                }
                weightsRoot = g;
            }
            Architecture given = options.architecture() != null ? ArchitectureFiles.read(options.architecture()) : null;
            String json = given != null ? given.json() : configJson;
            JsonObject top = jsonObject(json);
            String version = firstNonNull(H5Attributes.string(file, "keras_version"),
                    H5Attributes.string(weightsRoot, "keras_version"), jsonString(top, "keras_version"),
                    given == null ? null : given.kerasVersion());
            String backend = firstNonNull(H5Attributes.string(file, "backend"),
                    H5Attributes.string(weightsRoot, "backend"), jsonString(top, "backend"));
            ModelSpec spec = new ConfigParser(ctx).parse(json);
            LegacyH5Weights weights = new LegacyH5Weights(weightsRoot, ctx);
            checkWeightLayersExist(weights, spec, ctx);
            String format = weightsOnly ? "Keras HDF5 weights + architecture JSON" : "Keras HDF5 full model";
            return build(spec, weights, false, ctx, options, format, version, backend, null);
        } catch (SpkerasException e) {
            throw e;
        } catch (RuntimeException e) {
            throw ctx.error("could not be read as a Keras model (" + e.getClass().getSimpleName() + ": " + e.getMessage()
                    + "); the file may be truncated or damaged", e);
        }
    }

    private static Network readArchive(Path model, ImportContext ctx, ImportOptions options) {
        try (ZipFile zip = new ZipFile(model.toFile())) {
            String config = zipText(zip, "config.json", ctx);
            String metadata = zip.getEntry("metadata.json") == null ? "{}" : zipText(zip, "metadata.json", ctx);
            ZipEntry weightsEntry = zip.getEntry("model.weights.h5");
            if (weightsEntry == null) {
                throw ctx.error("is a .keras archive without model.weights.h5; save the model with model.save()");
            }
            byte[] weightBytes = readEntry(zip, weightsEntry, ctx, MAX_ARCHIVE_ENTRY - 1, MAX_WEIGHTS_RATIO);
            ModelSpec spec = new ConfigParser(ctx).parse(config);
            String version = jsonString(jsonObject(metadata), "keras_version");
            try (HdfFile weightsFile = HdfFile.fromBytes(weightBytes)) {
                Keras3Weights weights = new Keras3Weights(weightsFile, spec.layers(), version);
                String format = weights.layout() == Keras3Weights.Layout.KERAS3 ? "Keras 3 .keras archive"
                        : "tf.keras 2.12-2.14 .keras archive";
                return build(spec, weights, true, ctx, options, format, version, null, null);
            }
        } catch (SpkerasException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            String tail = org.spkeras.io.ZipTail.problem(model);
            throw ctx.error("could not be read as a .keras archive (" + (tail != null ? tail
                    : org.spkeras.io.ZipTail.message(e)) + "); the file may be truncated or damaged", e);
        }
    }

    /** A Keras 3 {@code .weights.h5} ({@code save_weights}, {@code ModelCheckpoint}): weights only, by layer. */
    private static Network readKeras3Weights(HdfFile file, ImportContext ctx, ImportOptions options) {
        if (options.architecture() == null) {
            throw ctx.error("is a Keras 3 weights file (.weights.h5, no architecture inside); pass the architecture with "
                    + "{architecture}: the model's Keras 3 config.json, its .keras file, or model.to_json() JSON");
        }
        Architecture architecture = ArchitectureFiles.read(options.architecture());
        ModelSpec spec = new ConfigParser(ctx).parse(architecture.json());
        Keras3Weights weights = new Keras3Weights(file, spec.layers(), architecture.kerasVersion());
        for (String group : weights.unusedWeightGroups()) {
            throw ctx.error("holds weights in '" + group + "', which no layer of the architecture uses; the weights file "
                    + "and the architecture belong to different models");
        }
        return build(spec, weights, true, ctx, options, "Keras 3 weights + architecture", architecture.kerasVersion(),
                null, null);
    }

    static Network build(ModelSpec spec, WeightStore weights, boolean positional, ImportContext ctx,
                         ImportOptions options, String format, String version, String backend, String recordedAccuracy) {
        for (LayerSpec layer : spec.layers()) {
            if (!SupportedLayers.isSupported(layer.className())) {
                throw ctx.layerError(layer, SupportedLayers.refusal(layer.className()));
            }
        }
        DataFormat dataFormat = dataFormat(spec, ctx, backend);
        boolean theano = "theano".equals(backend);
        boolean flip = theano || options.theanoKernels();
        LayerTranslator translator = new LayerTranslator(ctx, weights, dataFormat, flip, positional);
        Shape inputShape = inputShape(spec, dataFormat, ctx);
        List<Layer> layers = new ArrayList<>();
        Map<String, Shape> shapes = new HashMap<>();
        Map<String, String> classes = new LinkedHashMap<>();
        Layer.Input input = new Layer.Input(spec.inputName(), inputShape);
        layers.add(input);
        shapes.put(input.name(), inputShape);
        classes.put(input.name(), "InputLayer");
        for (LayerSpec layerSpec : topologicalOrder(spec, ctx)) {
            Layer layer = translator.translate(layerSpec, shapes);
            try {
                shapes.put(layer.name(), ShapeInference.outputShape(layer, shapes));
            } catch (SpkerasException e) {
                throw ctx.error(e.getMessage());
            }
            layers.add(layer);
            classes.put(layer.name(), layerSpec.className());
        }
        SourceInfo source = new SourceInfo(ctx.fileName(), format, version, backend, spec.modelClass(), dataFormat, flip,
                recordedAccuracy);
        try {
            return Network.build(layers, spec.outputNames(), classes, source);
        } catch (SpkerasException e) {
            throw ctx.error(e.getMessage());
        }
    }

    private static List<LayerSpec> topologicalOrder(ModelSpec spec, ImportContext ctx) {
        Map<String, LayerSpec> byName = new LinkedHashMap<>();
        for (LayerSpec layer : spec.layers()) {
            if (byName.put(layer.name(), layer) != null || layer.name().equals(spec.inputName())) {
                throw ctx.error("has two layers named '" + layer.name() + "'; layer names must be unique");
            }
        }
        List<LayerSpec> order = new ArrayList<>();
        Set<String> done = new HashSet<>();
        done.add(spec.inputName());
        Set<String> visiting = new HashSet<>();
        for (LayerSpec layer : spec.layers()) {
            visit(layer, byName, done, visiting, order, ctx);
        }
        return order;
    }

    private static void visit(LayerSpec layer, Map<String, LayerSpec> byName, Set<String> done, Set<String> visiting,
                              List<LayerSpec> order, ImportContext ctx) {
        if (done.contains(layer.name())) {
            return;
        }
        if (!visiting.add(layer.name())) {
            throw ctx.layerError(layer, "is part of a cycle in the model graph");
        }
        for (String in : layer.inbound()) {
            LayerSpec source = byName.get(in);
            if (source == null && !done.contains(in)) {
                throw ctx.layerError(layer, "takes its input from '" + in + "', which is not a layer of the model");
            }
            if (source != null) {
                visit(source, byName, done, visiting, order, ctx);
            }
        }
        done.add(layer.name());
        order.add(layer);
    }

    private static DataFormat dataFormat(ModelSpec spec, ImportContext ctx, String backend) {
        DataFormat found = null;
        String foundIn = null;
        for (LayerSpec layer : spec.layers()) {
            String value = ConfigParser.stringOr(layer.config(), "data_format",
                    ConfigParser.stringOr(layer.config(), "dim_ordering", null));
            if (value == null || layer.className().equals("Flatten")) {
                continue;
            }
            DataFormat f = switch (value) {
                case "channels_first", "th" -> DataFormat.CHANNELS_FIRST;
                case "channels_last", "tf" -> DataFormat.CHANNELS_LAST;
                case "default" -> "theano".equals(backend) ? DataFormat.CHANNELS_FIRST : DataFormat.CHANNELS_LAST;
                default -> throw ctx.layerError(layer, "has data_format '" + value + "'; expected channels_last or channels_first");
            };
            if (found != null && f != found) {
                throw ctx.layerError(layer, "is " + f.name().toLowerCase() + " but layer '" + foundIn + "' is "
                        + found.name().toLowerCase() + "; models that mix data formats are not supported");
            }
            found = f;
            foundIn = layer.name();
        }
        return found == null ? DataFormat.CHANNELS_LAST : found;
    }

    private static Shape inputShape(ModelSpec spec, DataFormat format, ImportContext ctx) {
        List<Integer> dims = spec.inputShape();
        String what = "input '" + spec.inputName() + "' has shape " + dims;
        if (dims == null || dims.contains(null)) {
            throw ctx.error(what + " with unknown sizes; the converter needs a fixed input size: build the model with "
                    + "a fixed input_shape and save it again");
        }
        for (int d : dims) {
            if (d < 1 || d > LayerConfig.MAX_COUNT) {
                throw ctx.error(what + "; every size must be from 1 to " + LayerConfig.MAX_COUNT);
            }
        }
        try {
            if (dims.size() == 1) {
                return Shape.flat(dims.get(0));
            }
            if (dims.size() == 2) {
                return Shape.spatial(dims.get(0), dims.get(1), 1);
            }
            if (dims.size() == 3) {
                return format == DataFormat.CHANNELS_FIRST
                        ? Shape.spatial(dims.get(1), dims.get(2), dims.get(0))
                        : Shape.spatial(dims.get(0), dims.get(1), dims.get(2));
            }
        } catch (IllegalArgumentException e) {
            throw ctx.error(what + ": " + e.getMessage());
        }
        throw ctx.error(what + "; supported inputs are images (height, width[, channels]) or flat vectors");
    }

    private static void checkWeightLayersExist(LegacyH5Weights weights, ModelSpec spec, ImportContext ctx) {
        Set<String> known = new HashSet<>();
        known.add(spec.inputName());
        spec.layers().forEach(l -> known.add(l.name()));
        for (String name : weights.layerNames()) {
            if (!known.contains(name)) {
                throw ctx.error("holds weights for layer '" + name + "', which the architecture does not have; the "
                        + "weights file and the architecture JSON belong to different models");
            }
        }
    }

    private static void requireReadable(Path path, ImportContext ctx, String what) {
        String kind = org.spkeras.io.InputFiles.notRegular(path);
        if (kind != null && !org.spkeras.io.InputFiles.present(path)) {
            throw ctx.error("no such " + what + " file (" + path + "); check the path");
        }
        if (kind != null) {
            throw ctx.error("the " + what + " (" + path + ") is " + kind + ", not a regular file; give the path of the "
                    + what + " file");
        }
        if (!Files.isReadable(path)) {
            throw ctx.error("is not a readable file (" + path + "): check its permissions");
        }
    }

    private static byte[] head(Path model, ImportContext ctx) {
        try (InputStream in = Files.newInputStream(model)) {
            return in.readNBytes(1024);
        } catch (IOException e) {
            throw ctx.error("cannot be read (" + e.getMessage() + ")");
        }
    }

    private static boolean isHdf5(byte[] head) {
        for (int offset = 0; offset + HDF5_SIGNATURE.length <= head.length; offset = offset == 0 ? 512 : offset * 2) {
            boolean match = true;
            for (int i = 0; i < HDF5_SIGNATURE.length; i++) {
                match &= head[offset + i] == HDF5_SIGNATURE[i];
            }
            if (match) {
                return true;
            }
        }
        return false;
    }

    private static HdfFile open(Path model, ImportContext ctx) {
        HdfFile file;
        try {
            file = Hdf5Open.read(model);
        } catch (RuntimeException e) {
            throw ctx.error("is not a readable HDF5 file (" + e.getMessage() + "); it may be truncated or damaged", e);
        }
        try {
            long declaredEnd = file.getHdfBackingStorage().getSuperblock().getEndOfFileAddress()
                    + file.getUserBlockSize();
            long actual = Files.size(model);
            if (actual < declaredEnd) {
                file.close();
                throw ctx.error("is truncated: the HDF5 superblock declares " + declaredEnd + " bytes but the file has "
                        + actual + "; copy or download it again");
            }
            return file;
        } catch (IOException e) {
            file.close();
            throw ctx.error("cannot be read (" + e.getMessage() + ")");
        } catch (RuntimeException e) {
            if (e instanceof SpkerasException) {
                throw e;
            }
            file.close();
            throw ctx.error("is not a readable HDF5 file (" + e.getMessage() + "); it may be truncated or damaged", e);
        }
    }

    private static String zipText(ZipFile zip, String entry, ImportContext ctx) throws IOException {
        ZipEntry e = zip.getEntry(entry);
        if (e == null) {
            throw ctx.error("is a zip archive without " + entry + "; expected a Keras 3 .keras file");
        }
        return new String(readEntry(zip, e, ctx, MAX_JSON_ENTRY, MAX_DEFLATE_RATIO), StandardCharsets.UTF_8);
    }

    /**
     * Reads a zip entry whose declared size is at most {@code cap} and at most {@code ratio} times its compressed
     * size, inflating through a counting stream that stops at the declared size: a zip bomb is refused after
     * reading no more than it claims.
     */
    private static byte[] readEntry(ZipFile zip, ZipEntry e, ImportContext ctx, long cap, long ratio) throws IOException {
        long size = e.getSize();
        long compressed = e.getCompressedSize();
        long plausible = Math.min(cap, compressed < 0 ? cap : compressed * ratio + ENTRY_SLACK);
        if (size < 0 || size > plausible) {
            throw ctx.error("holds an entry " + e.getName() + " that declares " + size + " bytes from " + compressed
                    + " compressed bytes, more than the " + plausible + " a Keras file holds; the archive is damaged "
                    + "or crafted (save the model again with model.save())");
        }
        try (InputStream in = new BoundedInput(zip.getInputStream(e), size)) {
            byte[] bytes = in.readNBytes((int) size);
            if (bytes.length != size || in.read() != -1) {
                throw ctx.error("entry " + e.getName() + " is damaged (it does not hold the " + size + " bytes it "
                        + "declares); save the model again");
            }
            return bytes;
        } catch (BoundedInput.LimitExceeded x) {
            throw ctx.error("entry " + e.getName() + " inflates to more than the " + size + " bytes it declares; the "
                    + "archive is damaged or crafted (save the model again with model.save())");
        }
    }

    private static JsonObject jsonObject(String json) {
        try {
            JsonElement e = JsonParser.parseString(json);
            return e.isJsonObject() ? e.getAsJsonObject() : new JsonObject();
        } catch (RuntimeException e) {
            return new JsonObject();
        }
    }

    private static String jsonString(JsonObject obj, String key) {
        return ConfigParser.stringOr(obj, key, null);
    }

    @SafeVarargs
    private static <T> T firstNonNull(T... values) {
        for (T v : values) {
            if (v != null) {
                return v;
            }
        }
        return null;
    }
}
