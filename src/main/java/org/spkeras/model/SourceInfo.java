package org.spkeras.model;

/**
 * Where a network came from, as read from the file: format, framework version and backend (null when the
 * file does not say), the model class, the data format, whether kernels were flipped from Theano, and the
 * accuracy Keras recorded in the file at its last evaluation (a short text, or null when there is none).
 */
public record SourceInfo(String file, String format, String kerasVersion, String backend, String modelClass,
                         DataFormat dataFormat, boolean theanoKernelsFlipped, String recordedAccuracy) {
    public SourceInfo {
        if (file == null || format == null || modelClass == null || dataFormat == null) {
            throw new IllegalArgumentException("file, format, model class and data format are required");
        }
    }

    public SourceInfo(String file, String format, String kerasVersion, String backend, String modelClass,
                      DataFormat dataFormat, boolean theanoKernelsFlipped) {
        this(file, format, kerasVersion, backend, modelClass, dataFormat, theanoKernelsFlipped, null);
    }
}
