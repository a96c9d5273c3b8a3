package org.spkeras.keras;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.spkeras.keras.tf.SavedObjects;

/**
 * A SavedModel folder written by Keras ({@code model.save('dir')}, TF 2.x): the Keras metadata from
 * {@code keras_metadata.pb} (TF 2.5 – 2.15) or from the object graph in {@code saved_model.pb} (TF 2.0 – 2.4),
 * and the weights' tensor bundle {@code variables/variables}. A TF 1 graph SavedModel is refused; one without
 * Keras metadata (Keras 3 {@code model.export()}) has no architecture and needs one from the user.
 */
record SavedModelFolder(Path folder, Architecture architecture, List<SavedObjects.Node> nodes, boolean kerasMetadataFile,
                        String tensorflowVersion) {

    static boolean isSavedModel(Path folder) {
        return Files.isRegularFile(folder.resolve("saved_model.pb"));
    }

    /** The Keras architecture inside, or the refusal of a SavedModel that has none. */
    Architecture requireArchitecture() {
        if (architecture == null) {
            String name = folder.getFileName() == null ? folder.toString() : folder.getFileName().toString();
            throw new ImportContext(name).error("is a SavedModel without Keras metadata (written by TF " + tensorflowVersion
                    + ", e.g. by Keras 3 model.export() or tf.saved_model.save): it holds weights but no Keras "
                    + "architecture; pass the model's architecture with {architecture} (its Keras 3 config.json or "
                    + ".keras file, or model.to_json() JSON), or import the .keras file saved from the same model");
        }
        return architecture;
    }

    Path variablesPrefix() {
        return folder.resolve("variables").resolve("variables");
    }

    static SavedModelFolder read(Path folder) {
        ImportContext ctx = new ImportContext(folder.getFileName() == null ? folder.toString() : folder.getFileName().toString());
        if (!isSavedModel(folder)) {
            throw ctx.error("is a folder without saved_model.pb; expected a SavedModel folder written by model.save('dir')");
        }
        SavedObjects.MetaGraph graph = SavedObjects.savedModel(folder.resolve("saved_model.pb"));
        String tf = graph.tensorflowVersion().isEmpty() ? "unknown version" : graph.tensorflowVersion();
        if (!graph.hasObjectGraph()) {
            throw ctx.error("is a TensorFlow 1 graph SavedModel (written by TF " + tf + "), not a Keras model: it holds a "
                    + "computation graph and unnamed variables, no Keras layers to import; save the model from Keras "
                    + "(model.save('model.h5'), or model.save('dir') in TF 2) and import that");
        }
        Path metadataFile = folder.resolve("keras_metadata.pb");
        boolean hasFile = org.spkeras.io.InputFiles.present(metadataFile);
        if (hasFile) {
            org.spkeras.io.InputFiles.requireRegular(metadataFile, "Keras metadata", "copy keras_metadata.pb again "
                    + "from the SavedModel");
        }
        List<SavedObjects.Node> nodes = hasFile ? SavedObjects.kerasMetadata(metadataFile) : graph.nodes();
        boolean keras = nodes.stream().anyMatch(n -> n.path().equals("root") && n.identifier().startsWith("_tf_keras_"));
        if (hasFile && !keras) {
            long size = metadataFile.toFile().length();
            throw new ImportContext("keras_metadata.pb").error("holds no Keras model (" + size + " bytes, "
                    + nodes.size() + " saved objects, none of them the root Keras model): the file is "
                    + (size == 0 ? "empty" : "damaged or something else") + "; copy it again from the SavedModel "
                    + "that Keras wrote (or remove it: the object graph in saved_model.pb then describes the model)");
        }
        Architecture architecture = keras ? ArchitectureFiles.fromKerasMetadata(nodes, graph.tensorflowVersion(), ctx) : null;
        return new SavedModelFolder(folder, architecture, nodes, hasFile, tf);
    }
}
