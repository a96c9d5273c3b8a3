package org.spkeras.cli;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.spkeras.SpkerasException;
import org.spkeras.convert.ConversionOptions;
import org.spkeras.convert.ConversionOptions.MaxPool;
import org.spkeras.convert.ConversionOptions.Norm;
import org.spkeras.convert.ConversionOptions.Reset;
import org.spkeras.convert.ConversionOptions.Scaling;
import picocli.CommandLine.Option;

/**
 * Conversion options as flags, or as keys of a JSON config file ({@code --config}) named like the flags
 * without dashes; flags win over the file; unknown keys are refused. Defaults: {@link ConversionOptions#DEFAULTS}.
 */
final class ConversionFlags {
    static final Set<String> KEYS = Set.of("norm", "per-channel", "scaling", "theta", "shift", "reset", "neuron",
            "maxpool", "weight-bits", "calibration-samples", "calibrate", "calibration-steps", "spike-calibration-samples");

    @Option(names = "--config", paramLabel = "JSON", description = "Conversion options from a JSON file (keys: "
            + "norm, per-channel, scaling, theta, shift, reset, neuron, maxpool, weight-bits, calibration-samples, calibrate, "
            + "calibration-steps, spike-calibration-samples).")
    Path config;

    @Option(names = "--norm", paramLabel = "max|percentile[:p]", description = "How λ is measured (default: percentile:99.9; max is SpKeras's ECC).")
    String norm;

    @Option(names = "--per-channel", description = "One λ per channel instead of one per layer.")
    Boolean perChannel;

    @Option(names = "--scaling", paramLabel = "weights|thresholds", description = "Weight normalisation (default) or threshold balancing.")
    String scaling;

    @Option(names = "--theta", paramLabel = "θ", description = "Initial membrane potential as a fraction of the threshold (default: 0.5).")
    String theta;

    @Option(names = "--shift", paramLabel = "S", description = "Add V_th/(2S) to every current each step (default: 0 = off).")
    String shift;

    @Option(names = "--reset", paramLabel = "subtract|zero", description = "Reset by subtraction (default) or to zero.")
    String reset;

    @Option(names = "--neuron", paramLabel = "if|burst:Γ", description = "Integrate-and-fire (if) or burst neurons with up to Γ spikes per step (default: burst:2).")
    String neuron;

    @Option(names = "--maxpool", paramLabel = "gate|lipool|avg", description = "Spiking max pooling: gating, LIPooling (default), or average pooling.")
    String maxpool;

    @Option(names = "--weight-bits", paramLabel = "n", description = "Quantise weights to n bits per layer (default: 0 = float).")
    String weightBits;

    @Option(names = "--calibration-samples", paramLabel = "N", description = "Calibration samples λ is measured on (default: 1000).")
    String calibrationSamples;

    @Option(names = "--calibrate", paramLabel = "none|bias|potential|both", description = "Li et al. spike calibration "
            + "of biases and/or initial potentials, stage by stage (default: potential).")
    String calibrate;

    @Option(names = "--calibration-steps", paramLabel = "T", description = "T the spike calibration simulates (default: 8).")
    String calibrationSteps;

    @Option(names = "--spike-calibration-samples", paramLabel = "N", description = "How many calibration samples the "
            + "spike calibration simulates (default: " + ConversionOptions.DEFAULT_SPIKE_CALIBRATION_SAMPLES + ").")
    String spikeCalibrationSamples;

    ConversionOptions toOptions() {
        Map<String, String> values = new LinkedHashMap<>();
        if (config != null) {
            values.putAll(readConfig(config));
        }
        put(values, "norm", norm);
        put(values, "per-channel", perChannel == null ? null : perChannel.toString());
        put(values, "scaling", scaling);
        put(values, "theta", theta);
        put(values, "shift", shift);
        put(values, "reset", reset);
        put(values, "neuron", neuron);
        put(values, "maxpool", maxpool);
        put(values, "weight-bits", weightBits);
        put(values, "calibration-samples", calibrationSamples);
        put(values, "calibrate", calibrate);
        put(values, "calibration-steps", calibrationSteps);
        put(values, "spike-calibration-samples", spikeCalibrationSamples);
        return parse(values);
    }

    private static void put(Map<String, String> values, String key, String value) {
        if (value != null) {
            values.put(key, value);
        }
    }

    static Map<String, String> readConfig(Path file) {
        String name = file.getFileName().toString();
        JsonElement root;
        try {
            root = JsonParser.parseString(Files.readString(file));
        } catch (IOException e) {
            throw new SpkerasException(name + ": cannot read the config file (" + e.getMessage() + ")");
        } catch (RuntimeException e) {
            throw new SpkerasException(name + ": is not valid JSON (" + e.getMessage() + ")");
        }
        if (!root.isJsonObject()) {
            throw new SpkerasException(name + ": expected a JSON object of conversion options, e.g. {\"norm\": \"max\"}");
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (Map.Entry<String, JsonElement> e : ((JsonObject) root).entrySet()) {
            if (!KEYS.contains(e.getKey())) {
                throw new SpkerasException(name + ": unknown option '" + e.getKey() + "'; known options: "
                        + String.join(", ", KEYS.stream().sorted().toList()));
            }
            if (!e.getValue().isJsonPrimitive()) {
                throw new SpkerasException(name + ": option '" + e.getKey() + "' must be a string, number or boolean");
            }
            values.put(e.getKey(), e.getValue().getAsString());
        }
        return values;
    }

    static ConversionOptions parse(Map<String, String> v) {
        ConversionOptions d = ConversionOptions.DEFAULTS;
        Norm norm = d.norm();
        double percentile = d.percentile();
        String normSpec = v.get("norm");
        if (normSpec != null) {
            String n = normSpec.toLowerCase(Locale.ROOT);
            if (n.equals("max")) {
                norm = Norm.MAX;
            } else if (n.equals("percentile") || n.startsWith("percentile:")) {
                norm = Norm.PERCENTILE;
                percentile = n.contains(":") ? number("norm", n.substring(n.indexOf(':') + 1)) : d.percentile();
            } else {
                throw bad("norm", normSpec, "max, percentile or percentile:p");
            }
        }
        int burst = d.burst();
        String neuron = v.get("neuron");
        if (neuron != null) {
            String n = neuron.toLowerCase(Locale.ROOT);
            if (n.equals("if")) {
                burst = 1;
            } else if (n.startsWith("burst:")) {
                burst = (int) whole("neuron", n.substring(6));
            } else {
                throw bad("neuron", neuron, "if or burst:Γ (e.g. burst:2)");
            }
        }
        String calibrate = v.getOrDefault("calibrate", d.calibrateSpec()).toLowerCase(Locale.ROOT);
        if (!Set.of("none", "bias", "potential", "both").contains(calibrate)) {
            throw bad("calibrate", calibrate, "none, bias, potential or both");
        }
        try {
            return new ConversionOptions(norm, percentile, bool("per-channel", v.get("per-channel"), d.perChannel()),
                    choice("scaling", v.get("scaling"), Map.of("weights", Scaling.WEIGHT_NORMALISATION,
                            "thresholds", Scaling.THRESHOLD_BALANCING), d.scaling()),
                    v.containsKey("theta") ? number("theta", v.get("theta")) : d.initialPotential(),
                    v.containsKey("shift") ? (int) whole("shift", v.get("shift")) : d.shiftSteps(),
                    choice("reset", v.get("reset"), Map.of("subtract", Reset.SUBTRACT, "zero", Reset.ZERO), d.reset()),
                    burst,
                    choice("maxpool", v.get("maxpool"), Map.of("gate", MaxPool.GATING, "gating", MaxPool.GATING,
                            "lipool", MaxPool.LIPOOL, "avg", MaxPool.AVERAGE), d.maxPool()),
                    v.containsKey("weight-bits") ? (int) whole("weight-bits", v.get("weight-bits")) : d.weightBits(),
                    v.containsKey("calibration-samples") ? (int) whole("calibration-samples", v.get("calibration-samples"))
                            : d.calibrationSamples(),
                    calibrate.equals("bias") || calibrate.equals("both"),
                    calibrate.equals("potential") || calibrate.equals("both"),
                    v.containsKey("calibration-steps") ? (int) whole("calibration-steps", v.get("calibration-steps"))
                            : d.calibrationSteps(),
                    v.containsKey("spike-calibration-samples")
                            ? (int) whole("spike-calibration-samples", v.get("spike-calibration-samples"))
                            : d.spikeCalibrationSamples());
        } catch (IllegalArgumentException e) {
            throw new SpkerasException("invalid conversion option: " + e.getMessage());
        }
    }

    private static <T> T choice(String key, String value, Map<String, T> choices, T fallback) {
        if (value == null) {
            return fallback;
        }
        T t = choices.get(value.toLowerCase(Locale.ROOT));
        if (t == null) {
            throw bad(key, value, String.join(", ", choices.keySet().stream().sorted().toList()));
        }
        return t;
    }

    private static boolean bool(String key, String value, boolean fallback) {
        if (value == null) {
            return fallback;
        }
        if (!value.equalsIgnoreCase("true") && !value.equalsIgnoreCase("false")) {
            throw bad(key, value, "true or false");
        }
        return Boolean.parseBoolean(value);
    }

    private static double number(String key, String value) {
        try {
            return Double.parseDouble(value);
        } catch (NumberFormatException e) {
            throw bad(key, value, "a number");
        }
    }

    private static long whole(String key, String value) {
        try {
            return Long.parseLong(value.strip());
        } catch (NumberFormatException e) {
            throw bad(key, value, "a whole number");
        }
    }

    private static SpkerasException bad(String key, String value, String expected) {
        return new SpkerasException("option " + key + ": '" + value + "' is not valid; expected " + expected);
    }
}
