package org.spkeras.snn;

import java.util.List;
import java.util.Map;

/**
 * Where a spiking network came from: the source model file and its SHA-256, the tool version, every
 * conversion option (by name, as written on the command line), the calibration data and the λ values
 * measured on it (per stage; one value per channel or a single value). {@code calibrationSource} is the DATA the
 * calibration samples were read from as it was given (e.g. {@code mnist}; null when not known) and
 * {@code calibrationFirst} the index in it of the first one, so an evaluation on the same DATA can keep clear of them;
 * {@code approximations} says where the network computes something else than the ANN, one sentence each.
 */
public record Provenance(String sourceFile, String sourceSha256, String toolVersion, Map<String, String> options,
                         String calibrationData, int calibrationSamples, Map<String, double[]> lambdas,
                         double inputLambda, String calibrationSource, int calibrationFirst,
                         List<String> approximations) {
    public Provenance {
        approximations = approximations == null ? List.of() : List.copyOf(approximations);
        options = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(options));
        lambdas = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(lambdas));
    }

    /** A provenance whose calibration samples' source is not known. */
    public Provenance(String sourceFile, String sourceSha256, String toolVersion, Map<String, String> options,
                      String calibrationData, int calibrationSamples, Map<String, double[]> lambdas, double inputLambda) {
        this(sourceFile, sourceSha256, toolVersion, options, calibrationData, calibrationSamples, lambdas, inputLambda,
                null, 0, List.of());
    }

    /** This provenance with other options and approximation notes (e.g. after the spike calibration). */
    public Provenance with(Map<String, String> newOptions, List<String> newApproximations) {
        return new Provenance(sourceFile, sourceSha256, toolVersion, newOptions, calibrationData, calibrationSamples,
                lambdas, inputLambda, calibrationSource, calibrationFirst, newApproximations);
    }
}
