package org.spkeras.snn;

import java.util.Map;

/**
 * Where a spiking network came from: the source model file and its SHA-256, the tool version, every
 * conversion option (by name, as written on the command line), the calibration data and the λ values
 * measured on it (per stage; one value per channel or a single value).
 */
public record Provenance(String sourceFile, String sourceSha256, String toolVersion, Map<String, String> options,
                         String calibrationData, int calibrationSamples, Map<String, double[]> lambdas,
                         double inputLambda) {
    public Provenance {
        options = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(options));
        lambdas = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(lambdas));
    }
}
