package org.spkeras.cli;

import java.nio.file.Path;
import org.spkeras.keras.ModelFiles;
import org.spkeras.model.Network;
import picocli.CommandLine.Parameters;

/** The model argument and the options that say how to read it, shared by every command that takes a Keras MODEL. */
final class ModelOptions extends ModelReadFlags {
    @Parameters(index = "0", paramLabel = "MODEL", description = "Keras model: .h5 (full model or weights-only "
            + "checkpoint), .keras archive, Keras 3 .weights.h5, SavedModel folder, or TF checkpoint (prefix, .index "
            + "or folder).")
    Path model;

    Network read() {
        return ModelFiles.read(model, importOptions());
    }
}
