package org.spkeras.cli;

import java.util.Locale;
import org.spkeras.data.DataOptions;
import org.spkeras.data.DataOptions.Layout;
import org.spkeras.data.SampleRange;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/**
 * How to read DATA (docs/data.md), shared by every command that reads data; they apply to every DATA it reads, but
 * {@code --calibration-range} only to the calibration data.
 */
@Section.In(Section.DATA)
final class DataFlags {
    @Option(names = "--x-key", paramLabel = "NAME", description = "Name of the features array in an .npz or HDF5 file "
            + "(default: x, x_test, images, arr_0 and the other names of docs/data.md).")
    String xKey;

    @Option(names = "--y-key", paramLabel = "NAME", description = "Name of the labels array (default: the partner of the "
            + "features name, else y, labels, arr_1 and the other names of docs/data.md).")
    String yKey;

    @Option(names = "--layout", paramLabel = "auto|nhwc|nchw|hw|flat", converter = LayoutConverter.class,
            defaultValue = "auto", description = "How samples are stored (default: ${DEFAULT-VALUE}: detected from the "
            + "model's input shape).")
    Layout layout;

    @Option(names = "--scale", paramLabel = "auto|X|A/B", converter = ScaleConverter.class, defaultValue = "auto",
            description = "Multiply every stored feature value by X, e.g. 1/255 (default: ${DEFAULT-VALUE}: integer "
                    + "arrays × 1/255, float arrays as stored).")
    Double scale;

    @Option(names = "--mean", paramLabel = "R,G,B", converter = ChannelValuesConverter.class,
            description = "Subtract this per-channel mean after --scale (one value per channel, or one for all), "
                    + "for models trained on standardised inputs.")
    ChannelValues mean;

    @Option(names = "--std", paramLabel = "R,G,B", converter = ChannelValuesConverter.class,
            description = "Then divide by this per-channel standard deviation (one value per channel, or one for all).")
    ChannelValues std;

    @Section.In(Section.CONVERSION)
    @Option(names = "--calibration-range", paramLabel = "A:B", converter = CalibrationRangeConverter.class,
            description = "Measure λ and calibrate on samples A to B-1 of the calibration data only (A: to the end); "
                    + "--calibration-samples counts from A (default: from the first sample).")
    SampleRange calibrationRange;

    DataOptions toOptions(Integer limit) {
        return new DataOptions(limit, scale, layout, xKey, yKey).withNormalisation(mean == null ? null : mean.values(),
                std == null ? null : std.values());
    }

    /** How to read the calibration data: these flags and {@code --calibration-range}. */
    DataOptions calibrationOptions() {
        return toOptions(null).withRange(calibrationRange);
    }

    /** One number per channel, as given to --mean or --std. */
    record ChannelValues(float[] values) {}

    static final class ChannelValuesConverter implements ITypeConverter<ChannelValues> {
        @Override
        public ChannelValues convert(String value) {
            String[] parts = value.split(",", -1);
            float[] out = new float[parts.length];
            for (int i = 0; i < parts.length; i++) {
                try {
                    out[i] = Float.parseFloat(parts[i].strip());
                } catch (NumberFormatException e) {
                    throw new TypeConversionException("'" + value + "' is not a comma-separated list of numbers, "
                            + "e.g. 125.3,123.0,113.9");
                }
            }
            return new ChannelValues(out);
        }
    }

    static final class CalibrationRangeConverter implements ITypeConverter<SampleRange> {
        @Override
        public SampleRange convert(String value) {
            return EvaluationFlags.rangeOf("calibration-range", value);
        }
    }

    static final class LayoutConverter implements ITypeConverter<Layout> {
        @Override
        public Layout convert(String value) {
            return switch (value.strip().toLowerCase(Locale.ROOT)) {
                case "auto" -> Layout.AUTO;
                case "nhwc", "channels_last" -> Layout.NHWC;
                case "nchw", "channels_first" -> Layout.NCHW;
                case "hw" -> Layout.HW;
                case "flat" -> Layout.FLAT;
                default -> throw new TypeConversionException("'" + value + "' is not valid; expected auto, nhwc, nchw, "
                        + "hw or flat");
            };
        }
    }

    /** {@code auto} (null), a positive number such as {@code 0.00392157}, or a fraction such as {@code 1/255}. */
    static final class ScaleConverter implements ITypeConverter<Double> {
        @Override
        public Double convert(String value) {
            String t = value.strip();
            if (t.equalsIgnoreCase("auto")) {
                return null;
            }
            try {
                int slash = t.indexOf('/');
                double v = slash < 0 ? Double.parseDouble(t)
                        : Double.parseDouble(t.substring(0, slash)) / Double.parseDouble(t.substring(slash + 1));
                if (v > 0 && Double.isFinite(v)) {
                    return v;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw new TypeConversionException("'" + value + "' is not valid; expected auto, a positive number or a "
                    + "fraction like 1/255");
        }
    }
}
