package org.spkeras.cli;

import java.nio.file.Path;
import org.spkeras.keras.ImportOptions;
import org.spkeras.keras.KerasModelReader;
import org.spkeras.model.Network;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The model argument and the options that say how to read it, shared by every command that reads a model. */
final class ModelOptions {
    @Parameters(index = "0", paramLabel = "MODEL", description = "Keras model: .h5 (full model or weights-only "
            + "checkpoint) or .keras archive.")
    Path model;

    @Option(names = "--architecture", paramLabel = "JSON",
            description = "Architecture (model.to_json()) of a weights-only checkpoint.")
    Path architecture;

    @Option(names = "--theano-kernels", description = "Flip convolution kernels by 180° (Keras 1 files trained "
            + "with Theano, which do not record their backend).")
    boolean theanoKernels;

    Network read() {
        return KerasModelReader.read(model, new ImportOptions(architecture, theanoKernels));
    }
}
