package org.spkeras.keras;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.spkeras.keras.tf.SavedObjects;

/**
 * A SavedModel folder written by Keras ({@code model.save('dir')}, TF 2.x): the Keras metadata from
 * {@code keras_metadata.pb} (TF 2.5 – 2.15) or from the object graph in {@code saved_model.pb} (TF 2.0 – 2.4),
 * and the weights' tensor bundle {@code variables/variables}. SavedModels that Keras did not write are refused.
 */
record SavedModelFolder(Path folder, Architecture architecture, List<SavedObjects.Node> nodes, boolean kerasMetadataFile) {

    static boolean isSavedModel(Path folder) {
        return Files.isRegularFile(folder.resolve("saved_model.pb"));
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
        boolean hasFile = Files.isRegularFile(metadataFile);
        List<SavedObjects.Node> nodes = hasFile ? SavedObjects.kerasMetadata(metadataFile) : graph.nodes();
        boolean keras = nodes.stream().anyMatch(n -> n.path().equals("root") && n.identifier().startsWith("_tf_keras_"));
        if (!keras) {
            throw ctx.error("is a SavedModel without Keras metadata (written by TF " + tf + ", e.g. by Keras 3 "
                    + "model.export() or tf.saved_model.save): it holds weights but no Keras architecture; import the "
                    + ".keras or .weights.h5 file saved from the same model instead (with --architecture for "
                    + ".weights.h5), or save it with model.save('model.keras')");
        }
        Architecture architecture = ArchitectureFiles.fromKerasMetadata(nodes, graph.tensorflowVersion(), ctx);
        return new SavedModelFolder(folder, architecture, nodes, hasFile);
    }
}
