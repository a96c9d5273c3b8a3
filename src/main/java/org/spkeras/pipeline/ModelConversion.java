package org.spkeras.pipeline;

import java.nio.file.Path;
import java.util.function.Consumer;
import org.spkeras.SpkerasException;
import org.spkeras.calibrate.SpikeCalibration;
import org.spkeras.convert.CalibrationSet;
import org.spkeras.convert.Conversion;
import org.spkeras.convert.ConversionOptions;
import org.spkeras.convert.ConversionProgress;
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
     * Converts {@code ann}, read from {@code modelFile}, measuring λ on DATA {@code calibrationData} (the samples
     * {@code dataOptions} selects, at most {@code calibration-samples} of them); a model that does not convert is
     * refused before any data is read.
     */
    public static Conversion convert(Network ann, Path modelFile, ConversionOptions options, String calibrationData,
                                     DataOptions dataOptions) {
        return convert(ann, modelFile, options, calibrationData, dataOptions, ConversionProgress.NONE);
    }

    /** As above, telling {@code progress} each pass and calibrated stage. */
    public static Conversion convert(Network ann, Path modelFile, ConversionOptions options, String calibrationData,
                                     DataOptions dataOptions, ConversionProgress progress) {
        requireSingleNetwork(options);
        Convertibility.requireConvertible(ann, options);
        DataOptions limited = calibrationSamples(dataOptions, options);
        try (Dataset data = Datasets.open(calibrationData, limited, ann)) {
            return convert(ann, options, new DatasetCalibration(data, calibrationData), Sha256.of(modelFile), progress);
        }
    }

    /**
     * Reads and converts the model of {@code request} as the commands do: the clip rule where the λ rule was not
     * chosen ({@link #clipWhereTrained}, told to {@code listener}), then {@link #convert(Network, Path,
     * ConversionOptions, String, DataOptions)} with {@code options} (the request's, or those of one T).
     */
    static Conversion convert(Network ann, ConversionRequest request, ConversionOptions options, String calibration,
                              JobListener listener) {
        return convert(ann, request.model(), options, calibration, request.calibrationOptions(), listener.converting());
    }

    /** The options {@code request} converts with: the clip rule applied where the λ rule was not chosen. */
    static ConversionOptions options(Network ann, ConversionRequest request, JobListener listener) {
        return request.normChosen() ? request.options() : clipWhereTrained(ann, request.options(), listener::note);
    }

    /** Converts {@code ann} with calibration samples already in hand. */
    public static Conversion convert(Network ann, ConversionOptions options, CalibrationSet calibration,
                                     String sourceSha256) {
        return convert(ann, options, calibration, sourceSha256, ConversionProgress.NONE);
    }

    /** As above, telling {@code progress} each pass and calibrated stage. */
    public static Conversion convert(Network ann, ConversionOptions options, CalibrationSet calibration,
                                     String sourceSha256, ConversionProgress progress) {
        requireSingleNetwork(options);
        Conversion converted = Converter.convert(ann, options, calibration, sourceSha256, progress);
        return SpikeCalibration.apply(converted, calibration, options, progress);
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

    /** The default calibration data for evaluation data: a named set's training split, else the data itself. */
    public static String defaultCalibration(String evaluationData) {
        return switch (evaluationData) {
            case "fashion-mnist", "bundled" -> evaluationData + ":train";
            default -> evaluationData;
        };
    }
}
