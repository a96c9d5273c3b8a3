package org.spkeras.pipeline;

import java.nio.file.Path;
import java.util.Objects;
import org.spkeras.convert.ConversionOptions;
import org.spkeras.data.DataOptions;
import org.spkeras.keras.ImportOptions;

/**
 * A Keras model file to read and, where a job needs it, to convert.
 *
 * @param model              the model file or folder (every format {@code keras.ModelFiles} reads)
 * @param reading            how to read it
 * @param options            the conversion options
 * @param normChosen         whether {@code options}' λ rule was chosen; if not, a model whose every ReLU has a
 *                           trained clip is converted with λ = that clip ({@link ModelConversion#clipWhereTrained})
 * @param calibrationData    DATA λ is measured on; null: the job's default (an evaluation's named set's training
 *                           split, else its data), refused where there is none
 * @param calibrationOptions how to read the calibration data (null: defaults)
 */
public record ConversionRequest(Path model, ImportOptions reading, ConversionOptions options, boolean normChosen,
                                String calibrationData, DataOptions calibrationOptions) {
    public ConversionRequest {
        Objects.requireNonNull(model, "model");
        reading = reading == null ? ImportOptions.DEFAULT : reading;
        options = options == null ? ConversionOptions.DEFAULTS : options;
        calibrationOptions = calibrationOptions == null ? DataOptions.DEFAULTS : calibrationOptions;
    }

    /** {@code model} read as it is, converted with {@code options} (the clip rule applies) on {@code calibrationData}. */
    public static ConversionRequest of(Path model, ConversionOptions options, String calibrationData) {
        return new ConversionRequest(model, ImportOptions.DEFAULT, options, false, calibrationData, DataOptions.DEFAULTS);
    }
}
