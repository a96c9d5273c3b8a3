package org.spkeras.cli;

import java.nio.file.Path;
import org.spkeras.calibrate.SpikeCalibration;
import org.spkeras.convert.Conversion;
import org.spkeras.convert.ConversionOptions;
import org.spkeras.convert.Converter;
import org.spkeras.data.DataOptions;
import org.spkeras.data.Dataset;
import org.spkeras.data.Datasets;
import org.spkeras.model.Network;

/** Conversion as the commands run it: calibration data opened, converted, spike-calibrated if asked. */
final class ConversionRun {
    private ConversionRun() {}

    static Conversion convert(Network ann, Path modelFile, ConversionOptions options, String calibrationData) {
        try (Dataset data = Datasets.open(calibrationData, DataOptions.DEFAULTS.withLimit(options.calibrationSamples()), ann)) {
            DatasetCalibration calibration = new DatasetCalibration(data);
            Conversion converted = Converter.convert(ann, options, calibration, Sha256.of(modelFile));
            return SpikeCalibration.apply(converted, calibration, options);
        }
    }

    /** The default calibration data for evaluation data: a named set's training split, else the data itself. */
    static String defaultCalibration(String evaluationData) {
        return switch (evaluationData) {
            case "fashion-mnist", "bundled" -> evaluationData + ":train";
            default -> evaluationData;
        };
    }
}
