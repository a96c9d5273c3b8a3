package org.spkeras.pipeline;

import java.nio.file.Path;
import java.util.function.Consumer;
import org.spkeras.SpkerasException;
import org.spkeras.calibrate.SpikeCalibration;
import org.spkeras.convert.CalibrationSet;
import org.spkeras.convert.Conversion;
import org.spkeras.convert.ConversionOptions;
import org.spkeras.convert.Converter;
import org.spkeras.convert.Convertibility;
import org.spkeras.data.DataOptions;
import org.spkeras.data.Dataset;
import org.spkeras.data.Datasets;
import org.spkeras.model.Network;

/**
 * Converting a model as the tool does: BN folding, transforms, λ and synapses ({@link Converter}), then Li et
 * al.'s spike calibration where the options ask for it ({@link SpikeCalibration}), with the source's SHA-256 in
 * the provenance. Every option the result records is applied. The library entry point and the commands' code.
 */
public final class ModelConversion {
    private ModelConversion() {}

    /**
     * Converts {@code ann}, read from {@code modelFile}, measuring λ on DATA {@code calibrationData}; a model that
     * does not convert is refused before any data is read.
     */
    public static Conversion convert(Network ann, Path modelFile, ConversionOptions options, String calibrationData,
                                     DataOptions dataOptions) {
        requireSingleNetwork(options);
        Convertibility.requireConvertible(ann, options);
        DataOptions limited = (dataOptions == null ? DataOptions.DEFAULTS : dataOptions)
                .withLimit(options.calibrationSamples());
        try (Dataset data = Datasets.open(calibrationData, limited, ann)) {
            return convert(ann, options, new DatasetCalibration(data), Sha256.of(modelFile));
        }
    }

    /** Converts {@code ann} with calibration samples already in hand. */
    public static Conversion convert(Network ann, ConversionOptions options, CalibrationSet calibration,
                                     String sourceSha256) {
        requireSingleNetwork(options);
        Conversion converted = Converter.convert(ann, options, calibration, sourceSha256);
        return SpikeCalibration.apply(converted, calibration, options);
    }

    /**
     * The options for a model whose λ rule was not chosen: where every ReLU has a trained clip, λ = the clip
     * ({@code norm clip}), announced through {@code message}; otherwise {@code options} unchanged.
     */
    public static ConversionOptions clipWhereTrained(Network ann, ConversionOptions options, Consumer<String> message) {
        if (options.norm() == ConversionOptions.Norm.CLIP || !Converter.everyReluClipped(ann)) {
            return options;
        }
        message.accept("every ReLU of the model has a trained clip (max_value), so λ = that clip ({norm} clip); "
                + "give {norm} to measure λ on data instead");
        return options.toBuilder().norm(ConversionOptions.Norm.CLIP).build();
    }

    private static void requireSingleNetwork(ConversionOptions options) {
        if (options.dependsOnSteps()) {
            throw new SpkerasException("{shift} auto and {calibration-steps} auto make one network per evaluated T; "
                    + "give a number of steps to convert a single network, or convert on the fly with evaluate -T ...");
        }
    }

    /**
     * The first evaluation sample: named sets with only a test split (mnist) calibrate on their first samples, so
     * evaluation starts after them; 0 otherwise.
     */
    public static int firstEvaluationSample(String evaluationData, String calibrationData, ConversionOptions options) {
        return calibrationData.equals(evaluationData) && evaluationData.equalsIgnoreCase("mnist")
                ? options.calibrationSamples() : 0;
    }

    /** A loud note for the report when calibration and evaluation use the same samples; null when disjoint. */
    public static String overlapNote(String evaluationData, String calibrationData, int firstEvaluationSample) {
        if (!calibrationData.equals(evaluationData) || firstEvaluationSample > 0) {
            return null;
        }
        return "calibration and evaluation use the same samples of " + evaluationData + " (λ was measured on the "
                + "evaluated images, which flatters the accuracy); pass {calibration} with other data";
    }

    /** The default calibration data for evaluation data: a named set's training split, else the data itself. */
    public static String defaultCalibration(String evaluationData) {
        return switch (evaluationData) {
            case "fashion-mnist", "bundled" -> evaluationData + ":train";
            default -> evaluationData;
        };
    }
}
