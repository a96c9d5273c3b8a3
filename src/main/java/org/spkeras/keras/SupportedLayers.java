package org.spkeras.keras;

import java.util.Map;
import java.util.Set;

/** The Keras layer classes this importer reads, and the advice given for those it refuses. */
final class SupportedLayers {
    static final Set<String> SUPPORTED = Set.of(
            "InputLayer", "Conv2D", "Convolution2D", "Dense", "BatchNormalization", "Activation", "ReLU",
            "LeakyReLU", "Softmax", "AveragePooling2D", "AvgPool2D", "MaxPooling2D", "MaxPool2D",
            "GlobalAveragePooling2D", "GlobalAvgPool2D", "Flatten", "Reshape", "ZeroPadding2D", "Dropout",
            "SpatialDropout2D", "GaussianNoise", "GaussianDropout", "AlphaDropout", "ActivityRegularization",
            "Add", "Concatenate", "Rescaling");

    static final String LIST = "Conv2D, Dense, BatchNormalization, Activation/ReLU (relu, linear, softmax), "
            + "AveragePooling2D, MaxPooling2D, GlobalAveragePooling2D, Flatten, ZeroPadding2D, Dropout-like "
            + "layers, Add, Concatenate, Rescaling";

    private static final String SEQUENCE = "recurrent and sequence layers have no rate-coded spiking equivalent "
            + "here; only feed-forward CNNs convert";
    private static final String NON_RELU = "has no exact spiking equivalent; replace it by ReLU and retrain";
    private static final String NOT_YET = "is not supported; rebuild the model with the supported layers (" + LIST + ")";

    private static final Map<String, String> ADVICE = Map.ofEntries(
            Map.entry("Lambda", "runs Python code that cannot be read from the file; replace it by built-in "
                    + "layers and save the model again"),
            Map.entry("TFOpLambda", "is a raw TensorFlow operation; express it with built-in Keras layers"),
            Map.entry("TensorFlowOpLayer", "is a raw TensorFlow operation; express it with built-in Keras layers"),
            Map.entry("SlicingOpLambda", "is a raw TensorFlow operation; express it with built-in Keras layers"),
            Map.entry("LSTM", SEQUENCE), Map.entry("GRU", SEQUENCE), Map.entry("SimpleRNN", SEQUENCE),
            Map.entry("ConvLSTM2D", SEQUENCE), Map.entry("Bidirectional", SEQUENCE),
            Map.entry("TimeDistributed", SEQUENCE), Map.entry("Embedding", SEQUENCE),
            Map.entry("PReLU", NON_RELU), Map.entry("ELU", NON_RELU), Map.entry("ThresholdedReLU", NON_RELU),
            Map.entry("Sequential", "is a nested model; flatten it into one model before saving"),
            Map.entry("Functional", "is a nested model; flatten it into one model before saving"),
            Map.entry("Model", "is a nested model; flatten it into one model before saving"));

    private SupportedLayers() {}

    static boolean isSupported(String className) {
        return SUPPORTED.contains(className);
    }

    /** Why a class is refused and what to do about it. */
    static String refusal(String className) {
        String advice = ADVICE.get(className);
        if (advice != null) {
            return advice;
        }
        if (className.endsWith("1D") || className.endsWith("3D") || className.contains("Depthwise")
                || className.contains("Separable") || className.contains("Transpose") || className.contains("UpSampling")
                || className.contains("Cropping") || className.contains("LocallyConnected")
                || Set.of("Multiply", "Subtract", "Average", "Maximum", "Minimum", "Dot", "Merge", "Permute",
                        "RepeatVector", "LayerNormalization", "GroupNormalization").contains(className)) {
            return NOT_YET;
        }
        return "is not a layer this tool knows (a custom or unsupported class); supported layers: " + LIST;
    }
}
