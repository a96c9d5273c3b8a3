package org.spkeras.keras;

import java.nio.file.Path;

/**
 * How to read a model file.
 *
 * @param architecture the {@code model.to_json()} file of a weights-only checkpoint, or null
 * @param theanoKernels flip convolution kernels by 180° (for Keras 1 files trained with Theano, which do not
 *                      record their backend); files that say {@code backend: theano} are flipped anyway
 */
public record ImportOptions(Path architecture, boolean theanoKernels) {
    public static final ImportOptions DEFAULT = new ImportOptions(null, false);
}
