package org.spkeras.keras;

import java.nio.file.Files;
import java.nio.file.Path;
import org.spkeras.model.Network;

/**
 * The one entry point for reading a model: decides what the path is (Keras .h5 / .keras / .weights.h5,
 * SavedModel folder or its saved_model.pb, TF checkpoint prefix, .index or folder) and hands it to the reader
 * for that format.
 */
public final class ModelFiles {
    private ModelFiles() {}

    public static Network read(Path model) {
        return read(model, ImportOptions.DEFAULT);
    }

    public static Network read(Path model, ImportOptions options) {
        if (Files.isDirectory(model) && SavedModelFolder.isSavedModel(model)) {
            return TensorBundleModelReader.readSavedModel(model, options);
        }
        String name = model.getFileName() == null ? "" : model.getFileName().toString();
        Path parent = model.toAbsolutePath().getParent();
        if ((name.equals("saved_model.pb") || name.equals("keras_metadata.pb")) && SavedModelFolder.isSavedModel(parent)) {
            return TensorBundleModelReader.readSavedModel(parent, options);
        }
        if (TensorBundleModelReader.isCheckpoint(model)) {
            return TensorBundleModelReader.readCheckpoint(model, options);
        }
        if (Files.isDirectory(model)) {
            throw new ImportContext(name.isEmpty() ? model.toString() : name).error("is a folder but neither a SavedModel (saved_model.pb) nor a TF "
                    + "checkpoint folder (a checkpoint file with PREFIX.index and PREFIX.data-* files)");
        }
        return KerasModelReader.read(model, options);
    }
}
