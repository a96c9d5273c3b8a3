package org.spkeras.cli;

import java.nio.file.Path;
import org.spkeras.keras.ImportOptions;
import picocli.CommandLine.Option;

/** How to read a Keras model, shared by every command that reads one. */
class ModelReadFlags {
    @Option(names = "--architecture", paramLabel = "JSON",
            description = "Architecture (model.to_json()) of a weights-only checkpoint.")
    Path architecture;

    @Option(names = "--theano-kernels", description = "Flip convolution kernels by 180° (Keras 1 files trained "
            + "with Theano, which do not record their backend).")
    boolean theanoKernels;

    ImportOptions importOptions() {
        return new ImportOptions(architecture, theanoKernels);
    }
}
