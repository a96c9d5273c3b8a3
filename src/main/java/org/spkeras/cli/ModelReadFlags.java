package org.spkeras.cli;

import java.nio.file.Path;
import org.spkeras.keras.ImportOptions;
import picocli.CommandLine.Option;

/** How to read a Keras model, shared by every command that reads one. */
@Section.In(Section.MODEL)
class ModelReadFlags {
    @Option(names = "--architecture", paramLabel = "FILE",
            description = "Architecture of a weights-only file: model.to_json() JSON, Keras 3 config.json or .keras, "
                    + "keras_metadata.pb, or a SavedModel folder.")
    Path architecture;

    @Option(names = "--checkpoint", paramLabel = "NAME",
            description = "Which checkpoint of a TF checkpoint folder to read (default: the one its checkpoint file names).")
    String checkpoint;

    @Option(names = "--theano-kernels", description = "Flip convolution kernels by 180° (Keras 1 files trained "
            + "with Theano, which do not record their backend).")
    boolean theanoKernels;

    ImportOptions importOptions() {
        return new ImportOptions(architecture, theanoKernels, checkpoint);
    }
}
