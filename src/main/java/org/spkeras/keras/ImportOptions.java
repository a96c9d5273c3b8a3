package org.spkeras.keras;

import java.nio.file.Path;

/**
 * How to read a model file.
 *
 * @param architecture the architecture of a weights-only file ({@code model.to_json()} JSON, a Keras 3
 *                     {@code config.json} or {@code .keras} file, a {@code keras_metadata.pb} or a SavedModel
 *                     folder), or null
 * @param theanoKernels flip convolution kernels by 180° (for Keras 1 files trained with Theano, which do not
 *                      record their backend); files that say {@code backend: theano} are flipped anyway
 * @param checkpoint which checkpoint of a TF checkpoint folder to read (a prefix name such as
 *                   {@code cp-0010.ckpt}), or null for the one its {@code checkpoint} file names
 */
public record ImportOptions(Path architecture, boolean theanoKernels, String checkpoint) {
    public static final ImportOptions DEFAULT = new ImportOptions(null, false, null);

    public ImportOptions(Path architecture, boolean theanoKernels) {
        this(architecture, theanoKernels, null);
    }
}
