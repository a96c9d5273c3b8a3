package org.spkeras.keras;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.spkeras.model.Network;
import org.spkeras.keras.tf.TensorBundle;

/**
 * Reads models whose weights are a TensorFlow tensor bundle: a Keras SavedModel folder (architecture inside)
 * and a TF checkpoint from {@code save_weights} / {@code ModelCheckpoint} (architecture from
 * {@code {architecture}}). Every tensor's checksum is verified, optimizer state included, before the
 * weights are used.
 */
final class TensorBundleModelReader {
    private static final Pattern DATA_FILE = Pattern.compile("(.*)\\.data-\\d{5}-of-\\d{5}");
    private static final Pattern CHECKPOINT_LINE = Pattern.compile("\\s*model_checkpoint_path:\\s*\"(.*)\"\\s*");

    private TensorBundleModelReader() {}

    static Network readSavedModel(Path folder, ImportOptions options) {
        ImportContext ctx = context(folder);
        SavedModelFolder saved = SavedModelFolder.read(folder);
        String tf = saved.tensorflowVersion();
        if (saved.architecture() == null) {
            if (options.architecture() == null) {
                saved.requireArchitecture();
            }
            Architecture architecture = ArchitectureFiles.read(options.architecture());
            TensorBundle bundle = open(saved.variablesPrefix(), ctx);
            ModelSpec spec = new ConfigParser(ctx).parse(architecture.json());
            return KerasModelReader.build(spec, new ExportedWeights(bundle, spec.layers(), ctx), true, ctx, options,
                    "TF SavedModel without Keras metadata, TF " + tf + " + architecture", architecture.kerasVersion(),
                    "tensorflow", null);
        }
        Architecture architecture = options.architecture() != null ? ArchitectureFiles.read(options.architecture())
                : saved.architecture();
        TensorBundle bundle = open(saved.variablesPrefix(), ctx);
        String format = "TF SavedModel, TF " + tf + (saved.kerasMetadataFile() ? "" : ", Keras metadata in saved_model.pb");
        return build(architecture, bundle, ctx, options, format, RecordedAccuracy.of(saved.nodes(), bundle));
    }

    /** True for a checkpoint prefix, its .index or data file, or a folder holding a {@code checkpoint} file. */
    static boolean isCheckpoint(Path path) {
        String name = path.getFileName() == null ? "" : path.getFileName().toString();
        if (Files.isDirectory(path)) {
            return Files.isRegularFile(path.resolve("checkpoint"));
        }
        return name.endsWith(".index") || DATA_FILE.matcher(name).matches()
                || !Files.exists(path) && org.spkeras.io.InputFiles.present(path.resolveSibling(name + ".index"));
    }

    static Network readCheckpoint(Path path, ImportOptions options) {
        ImportContext ctx = context(path);
        Path prefix = prefix(path, options.checkpoint(), ctx);
        if (options.architecture() == null) {
            throw ctx.error("is a TF checkpoint (weights only, from save_weights or ModelCheckpoint); pass the "
                    + "architecture with {architecture}: model.to_json() JSON, a Keras 3 config.json, a keras_metadata.pb "
                    + "or the model's SavedModel folder");
        }
        Architecture architecture = ArchitectureFiles.read(options.architecture());
        TensorBundle bundle = open(prefix, context(prefix));
        String format = "TF checkpoint " + prefix.getFileName() + " (" + bundle.shards() + " data shard"
                + (bundle.shards() == 1 ? "" : "s") + ") + architecture";
        return build(architecture, bundle, context(prefix), options, format, null);
    }

    private static Network build(Architecture architecture, TensorBundle bundle, ImportContext ctx, ImportOptions options,
                                 String format, String recorded) {
        ModelSpec spec = new ConfigParser(ctx).parse(architecture.json());
        BundleWeights weights = new BundleWeights(bundle, spec.layers(), ctx);
        return KerasModelReader.build(spec, weights, false, ctx, options, format, architecture.kerasVersion(),
                "tensorflow", recorded);
    }

    private static TensorBundle open(Path prefix, ImportContext ctx) {
        Path index = prefix.resolveSibling(prefix.getFileName() + ".index");
        String kind = org.spkeras.io.InputFiles.notRegular(index);
        if (kind != null && org.spkeras.io.InputFiles.present(index)) {
            throw ctx.error("its " + index.getFileName() + " is " + kind + ", not a regular file; a tensor bundle needs "
                    + "its .index and its data shards as files: copy them again");
        }
        if (kind != null) {
            throw ctx.error("has no " + prefix.getFileName() + ".index; a tensor bundle needs its .index and its data "
                    + "shards");
        }
        TensorBundle bundle = TensorBundle.open(prefix);
        for (TensorBundle.Entry e : bundle.entries().values()) {
            if (e.dtype() != 7 && !e.sliced()) {
                bundle.verifiedBytes(e);
            }
        }
        return bundle;
    }

    /** The prefix name of a checkpoint given as prefix, .index or data file. */
    private static String prefixName(Path path) {
        String name = path.getFileName().toString();
        Matcher data = DATA_FILE.matcher(name);
        return name.endsWith(".index") ? name.substring(0, name.length() - ".index".length())
                : data.matches() ? data.group(1) : name;
    }

    /** The bundle prefix a path names: itself, its .index / data file, or the latest (or chosen) one of a folder. */
    private static Path prefix(Path path, String chosen, ImportContext ctx) {
        if (!Files.isDirectory(path)) {
            return path.resolveSibling(prefixName(path));
        }
        List<String> available = available(path);
        String wanted = chosen;
        String why = "chosen with {checkpoint}";
        if (wanted == null) {
            wanted = latest(path, ctx);
            why = "named by its checkpoint file";
        }
        Path prefix = path.resolve(wanted);
        Path index = prefix.resolveSibling(prefix.getFileName() + ".index");
        String kind = org.spkeras.io.InputFiles.notRegular(index);
        if (kind != null && org.spkeras.io.InputFiles.present(index)) {
            throw ctx.error("has a checkpoint '" + wanted + "' whose " + index.getFileName() + " is " + kind
                    + ", not a regular file; copy the checkpoint's .index and data files again");
        }
        if (kind != null) {
            throw ctx.error("has no checkpoint '" + wanted + "' (" + why + "; " + wanted + ".index is missing); "
                    + (available.isEmpty() ? "the folder holds no checkpoint .index file"
                    : "checkpoints present: " + String.join(", ", available) + "; pick one with {checkpoint} NAME"));
        }
        return prefix;
    }

    private static String latest(Path folder, ImportContext ctx) {
        Path file = folder.resolve("checkpoint");
        byte[] bytes = org.spkeras.io.InputFiles.readAll(file, "checkpoint", "it is the small text file TensorFlow "
                + "writes beside the checkpoints; pick a checkpoint with {checkpoint} NAME", 1 << 20);
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(bytes)).toString();
        } catch (java.nio.charset.CharacterCodingException e) {
            throw ctx.error("has a checkpoint file that is not text (binary content); TensorFlow writes it as text "
                    + "(model_checkpoint_path: \"NAME\"): pick a checkpoint with {checkpoint} NAME");
        }
        if (text.indexOf('\0') >= 0) {
            throw ctx.error("has a checkpoint file that is not text (a NUL byte at " + text.indexOf('\0') + "); "
                    + "TensorFlow writes it as text (model_checkpoint_path: \"NAME\"): pick a checkpoint with "
                    + "{checkpoint} NAME");
        }
        try {
            for (String line : text.split("\n")) {
                Matcher m = CHECKPOINT_LINE.matcher(line);
                if (m.matches()) {
                    return Path.of(m.group(1)).getFileName().toString();
                }
            }
        } catch (RuntimeException e) {
            throw ctx.error("has a checkpoint file that cannot be read (" + e.getMessage() + ")");
        }
        throw ctx.error("has a checkpoint file without model_checkpoint_path; pick a checkpoint with {checkpoint} NAME");
    }

    private static List<String> available(Path folder) {
        List<String> names = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(folder, "*.index")) {
            for (Path f : files) {
                String n = f.getFileName().toString();
                names.add(n.substring(0, n.length() - ".index".length()));
            }
        } catch (IOException e) {
            return names;
        }
        names.sort(null);
        return names;
    }

    private static ImportContext context(Path path) {
        return new ImportContext(path.getFileName() == null ? path.toString() : path.getFileName().toString());
    }
}
