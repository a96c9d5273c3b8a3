package org.spkeras.keras;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.spkeras.keras.tf.SavedObjects;

/**
 * Reads the architecture given with {@code --architecture}: {@code model.to_json()} JSON, a Keras 3
 * {@code config.json} or {@code .keras} file, a {@code keras_metadata.pb}, or a SavedModel folder.
 */
final class ArchitectureFiles {
    private static final long MAX_JSON = 1L << 30;

    private ArchitectureFiles() {}

    static Architecture read(Path path) {
        ImportContext ctx = new ImportContext(path.getFileName() == null ? path.toString() : path.getFileName().toString());
        if (Files.isDirectory(path)) {
            return SavedModelFolder.read(path).requireArchitecture();
        }
        String kind = org.spkeras.io.InputFiles.notRegular(path);
        if (kind != null && !org.spkeras.io.InputFiles.present(path)) {
            throw ctx.error("no such architecture file or folder (" + path + "); check the path");
        }
        if (kind != null) {
            throw ctx.error("the architecture (" + path + ") is " + kind + ", not a regular file or a SavedModel "
                    + "folder; give the path of the architecture file");
        }
        if (!Files.isReadable(path)) {
            throw ctx.error("is not a readable file (" + path + "): check its permissions");
        }
        byte[] head = head(path, ctx);
        if (head.length >= 4 && head[0] == 'P' && head[1] == 'K' && head[2] == 3 && head[3] == 4) {
            return fromKerasArchive(path, ctx);
        }
        if (firstNonBlank(head) == '{') {
            String json = text(path, ctx);
            return new Architecture(json, ConfigParser.stringOr(object(json), "keras_version", null), null);
        }
        return fromKerasMetadata(SavedObjects.kerasMetadata(path), null, ctx);
    }

    /** The root node's model config from the nodes of a keras_metadata.pb or a saved_model.pb object graph. */
    static Architecture fromKerasMetadata(Iterable<SavedObjects.Node> nodes, String tensorflowVersion, ImportContext ctx) {
        for (SavedObjects.Node node : nodes) {
            if (node.path().equals("root")) {
                if (!node.identifier().startsWith("_tf_keras_") || node.metadata().isBlank()) {
                    break;
                }
                JsonObject root = object(node.metadata());
                JsonObject model = root.has("model_config") && root.get("model_config").isJsonObject()
                        ? root.getAsJsonObject("model_config") : root;
                if (!model.has("class_name") || !model.has("config") || !model.get("config").isJsonObject()) {
                    throw ctx.error("holds a Keras " + node.identifier().substring("_tf_keras_".length()) + " without a "
                            + "layer config (a subclassed model); save a Sequential or functional model instead");
                }
                JsonObject config = untuple(model).getAsJsonObject();
                addBuildInputShape(config, untuple(root).getAsJsonObject());
                return new Architecture(config.toString(), ConfigParser.stringOr(root, "keras_version", null),
                        tensorflowVersion);
            }
        }
        throw ctx.error("holds no Keras model metadata (no root object '_tf_keras_…'); it was not written by Keras");
    }

    /** Keras writes tuples in SavedModel metadata as {"class_name": "__tuple__", "items": [...]}. */
    static JsonElement untuple(JsonElement e) {
        if (e.isJsonArray()) {
            JsonArray out = new JsonArray();
            e.getAsJsonArray().forEach(item -> out.add(untuple(item)));
            return out;
        }
        if (!e.isJsonObject()) {
            return e;
        }
        JsonObject o = e.getAsJsonObject();
        if ("__tuple__".equals(ConfigParser.stringOr(o, "class_name", null)) && o.has("items")) {
            return untuple(o.get("items"));
        }
        JsonObject out = new JsonObject();
        for (Map.Entry<String, JsonElement> field : o.entrySet()) {
            out.add(field.getKey(), untuple(field.getValue()));
        }
        return out;
    }

    /** A Sequential saved without input shapes in its layers still records the shape it was built with. */
    private static void addBuildInputShape(JsonObject model, JsonObject root) {
        JsonElement build = root.get("build_input_shape");
        JsonElement layers = model.getAsJsonObject("config").get("layers");
        if (build == null || !build.isJsonArray() || layers == null || !layers.isJsonArray() || layers.getAsJsonArray().isEmpty()) {
            return;
        }
        JsonElement first = layers.getAsJsonArray().get(0);
        if (first.isJsonObject() && first.getAsJsonObject().get("config") instanceof JsonObject cfg
                && !cfg.has("batch_input_shape") && !cfg.has("batch_shape") && !cfg.has("input_shape")) {
            cfg.add("batch_input_shape", build);
        }
    }

    private static Architecture fromKerasArchive(Path path, ImportContext ctx) {
        try (ZipFile zip = new ZipFile(path.toFile())) {
            String config = entry(zip, "config.json", ctx);
            String metadata = zip.getEntry("metadata.json") == null ? "{}" : entry(zip, "metadata.json", ctx);
            return new Architecture(config, ConfigParser.stringOr(object(metadata), "keras_version", null), null);
        } catch (IOException e) {
            String tail = org.spkeras.io.ZipTail.problem(path);
            throw ctx.error("cannot be read as a .keras archive (" + (tail != null ? tail
                    : org.spkeras.io.ZipTail.message(e)) + ")");
        }
    }

    private static String entry(ZipFile zip, String name, ImportContext ctx) throws IOException {
        ZipEntry e = zip.getEntry(name);
        if (e == null) {
            throw ctx.error("is a zip archive without " + name + "; expected a Keras 3 .keras file");
        }
        try (InputStream in = zip.getInputStream(e)) {
            byte[] bytes = in.readNBytes((int) MAX_JSON);
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }

    private static JsonObject object(String json) {
        try {
            JsonElement e = JsonParser.parseString(json);
            return e.isJsonObject() ? e.getAsJsonObject() : new JsonObject();
        } catch (JsonParseException e) {
            return new JsonObject();
        }
    }

    private static int firstNonBlank(byte[] head) {
        for (byte b : head) {
            if (!Character.isWhitespace(b)) {
                return b;
            }
        }
        return -1;
    }

    private static byte[] head(Path path, ImportContext ctx) {
        try (InputStream in = Files.newInputStream(path)) {
            return in.readNBytes(64);
        } catch (IOException e) {
            throw ctx.error("cannot be read (" + e.getMessage() + ")");
        }
    }

    private static String text(Path path, ImportContext ctx) {
        try {
            if (Files.size(path) > MAX_JSON) {
                throw ctx.error("is too large to be an architecture JSON");
            }
            return Files.readString(path, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw ctx.error("cannot be read (" + e.getMessage() + ")");
        }
    }
}
