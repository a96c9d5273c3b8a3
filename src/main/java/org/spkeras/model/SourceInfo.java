package org.spkeras.model;

/**
 * Where a network came from, as read from the file: format, framework version and backend (null when the
 * file does not say), the model class, the data format, and whether kernels were flipped from Theano.
 */
public record SourceInfo(String file, String format, String kerasVersion, String backend, String modelClass,
                         DataFormat dataFormat, boolean theanoKernelsFlipped) {
    public SourceInfo {
        if (file == null || format == null || modelClass == null || dataFormat == null) {
            throw new IllegalArgumentException("file, format, model class and data format are required");
        }
    }
}
