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
import org.spkeras.data.SampleRange;
import org.spkeras.model.Network;

/**
 * Converting a model as the tool does: BN folding, transforms, λ and synapses ({@link Converter}), then Li et
 * al.'s spike calibration where the options ask for it ({@link SpikeCalibration}), with the source's SHA-256 in
 * the provenance. Every option the result records is applied. The library entry point and the commands' code.
 */
public final class ModelConversion {
    private ModelConversion() {}

    /**
     * Converts {@code ann}, read from {@code modelFile}, measuring λ on DATA {@code calibrationData} (the samples
     * {@code dataOptions} selects, at most {@code calibration-samples} of them); a model that does not convert is
     * refused before any data is read.
     */
    public static Conversion convert(Network ann, Path modelFile, ConversionOptions options, String calibrationData,
                                     DataOptions dataOptions) {
        requireSingleNetwork(options);
        Convertibility.requireConvertible(ann, options);
        DataOptions limited = calibrationSamples(dataOptions, options);
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

    /** The calibration samples: those {@code dataOptions} (null: all) selects, at most {@code calibration-samples}. */
    public static DataOptions calibrationSamples(DataOptions dataOptions, ConversionOptions options) {
        return (dataOptions == null ? DataOptions.DEFAULTS : dataOptions).withAtMost(options.calibrationSamples());
    }

    /**
     * The evaluated samples: {@code evaluation} within {@code range} when one is given; otherwise, where the
     * calibration data is the same named set with only a test split (mnist), the samples after the calibration
     * samples ({@code calibration}, as {@link #calibrationSamples} selects them), so that the two never share one.
     */
    public static DataOptions evaluationSamples(String evaluationData, DataOptions evaluation, SampleRange range,
                                                String calibrationData, DataOptions calibration) {
        if (range != null) {
            return evaluation.withRange(range);
        }
        if (calibrationData.equals(evaluationData) && evaluationData.equalsIgnoreCase("mnist")) {
            return evaluation.withFirst(calibration.first() + calibration.limit());
        }
        return evaluation;
    }

    /**
     * A loud note for the report when calibration and evaluation use the same samples of the same data; null when
     * they are disjoint. {@code calibration} as {@link #calibrationSamples} selects them.
     */
    public static String overlapNote(String evaluationData, DataOptions evaluation, String calibrationData,
                                     DataOptions calibration) {
        if (!calibrationData.equals(evaluationData)) {
            return null;
        }
        SampleRange calibrated = new SampleRange("calibration-range", calibration.first(),
                calibration.limit() == null ? null : calibration.first() + calibration.limit());
        if (!calibrated.overlaps(evaluation.first(), evaluation.limit())) {
            return null;
        }
        return "calibration and evaluation use the same samples of " + evaluationData + " (λ was measured on "
                + "evaluated images, which flatters the accuracy); pass {calibration} with other data, or disjoint "
                + "{calibration-range} and {range}";
    }

    /** The default calibration data for evaluation data: a named set's training split, else the data itself. */
    public static String defaultCalibration(String evaluationData) {
        return switch (evaluationData) {
            case "fashion-mnist", "bundled" -> evaluationData + ":train";
            default -> evaluationData;
        };
    }
}
