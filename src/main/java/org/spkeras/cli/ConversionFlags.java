package org.spkeras.cli;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import org.spkeras.SpkerasException;
import org.spkeras.io.InputFiles;
import org.spkeras.convert.ConversionOptions;
import org.spkeras.convert.ConversionOptions.Code;
import org.spkeras.convert.ConversionOptions.MaxPool;
import org.spkeras.convert.ConversionOptions.Norm;
import org.spkeras.convert.ConversionOptions.Reset;
import org.spkeras.convert.ConversionOptions.Scaling;
import picocli.CommandLine;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/**
 * Conversion options as typed flags, or as keys of a JSON config file ({@code --config}) named like the flags
 * without dashes. The file is parsed by picocli with these same option definitions, so both are one
 * vocabulary; flags win over the file; unknown keys are refused. Unset options keep
 * {@link ConversionOptions#DEFAULTS}.
 */
@Section.In(Section.CONVERSION)
final class ConversionFlags {
    @Option(names = "--config", paramLabel = "JSON", description = "Conversion options from a JSON file whose keys "
            + "are the conversion flags without dashes, e.g. {\"norm\": \"max\", \"theta\": 0}; flags win over it.")
    Path config;

    @Option(names = "--code", paramLabel = "rate|ttfs", converter = CodeConverter.class, description = "How activations "
            + "become spikes: rate (spike counts; default) or ttfs (time to first spike: each neuron fires at most once, "
            + "its time encodes its activation; docs/temporal.md). ttfs takes --norm (default max), --per-channel, "
            + "--weight-bits, --calibration-samples and --merge-linear; the rate-neuron options are refused with it.")
    Code code;

    @Option(names = "--norm", paramLabel = "max|percentile[:p]|clip|mmse|burst[:p]", converter = NormConverter.class,
            description = "How λ is measured (default: burst, i.e. burst:99.9; max is SpKeras's ECC; clip: the trained clip of clipped ReLUs; mmse: Li et al.'s threshold search at the calibration steps' T; burst: Li & Zeng's percentile with values > 1 divided by Γ).")
    NormChoice norm;

    @Option(names = "--per-channel", arity = "0..1", description = "One λ per channel instead of one per layer.")
    Boolean perChannel;

    @Option(names = "--scaling", paramLabel = "weights|thresholds", converter = ScalingConverter.class,
            description = "Weight normalisation (default) or threshold balancing.")
    Scaling scaling;

    @Option(names = "--theta", paramLabel = "θ", description = "Initial membrane potential as a fraction of the threshold (default: 0.5).")
    Double theta;

    @Option(names = "--shift", paramLabel = "S|auto", converter = StepsConverter.class, description = "Add V_th/(2S) to every "
            + "current each step (default: 0 = off); auto: S = T, Deng & Gu's choice, one network per evaluated T.")
    Integer shift;

    @Option(names = "--reset", paramLabel = "subtract|zero", converter = ResetConverter.class,
            description = "Reset by subtraction (default) or to zero.")
    Reset reset;

    @Option(names = "--neuron", paramLabel = "if|burst:Γ", converter = NeuronConverter.class,
            description = "Integrate-and-fire (if) or burst neurons with up to Γ spikes per step (default: burst:5).")
    Integer burst;

    @Option(names = "--maxpool", paramLabel = "gate|lipool|avg", converter = MaxPoolConverter.class,
            description = "Spiking max pooling: gating, LIPooling (default), or average pooling.")
    MaxPool maxPool;

    @Option(names = "--weight-bits", paramLabel = "n", description = "Quantise weights to n bits per layer (default: 0 = float).")
    Integer weightBits;

    @Option(names = "--calibration-samples", paramLabel = "N", description = "Calibration samples λ is measured on (default: "
            + ConversionOptions.DEFAULT_CALIBRATION_SAMPLES + ").")
    Integer calibrationSamples;

    @Option(names = "--calibrate", paramLabel = "none|bias|potential|both|weights[,bias][,potential]",
            converter = CalibrateConverter.class, description = "Li et al. spike calibration, stage by stage, of weights, "
            + "biases and/or initial potentials, combined with commas, e.g. weights,potential (default: potential).")
    Calibrate calibrate;

    @Option(names = "--calibration-steps", paramLabel = "T|auto", converter = StepsConverter.class, description = "T the spike "
            + "calibration and --norm mmse use (default: " + ConversionOptions.DEFAULT_CALIBRATION_STEPS + "); auto: the evaluated T, "
            + "one network per T.")
    Integer calibrationSteps;

    @Option(names = "--spike-calibration-samples", paramLabel = "N", description = "How many calibration samples the "
            + "spike calibration simulates (default: " + ConversionOptions.DEFAULT_SPIKE_CALIBRATION_SAMPLES + ").")
    Integer spikeCalibrationSamples;

    @Option(names = "--merge-linear", arity = "0..1", description = "Merge a Conv2D or Dense layer without activation "
            + "into the Dense layer it feeds through linear layers (Flatten, average pooling, zero padding, Dropout): "
            + "one affine map, its weights rounded to float32 (default: off; such a pair is refused).")
    Boolean mergeLinear;

    /** λ measurement as written: {@code max}, or {@code percentile} with p. */
    record NormChoice(Norm norm, double percentile) {}

    /** Which spike calibrations to apply (each stage: weights, then bias, then initial potential). */
    record Calibrate(boolean weights, boolean bias, boolean potential) {}

    /** Whether the λ rule was given, by flag or config file (if not, a model with clipped ReLUs gets {@code clip}). */
    boolean normChosen() {
        return norm != null || config != null && fromConfig(config).norm != null;
    }

    /** The config file as an input no output may be (empty without one). */
    Map<String, Path> configFile() {
        return config == null ? Map.of() : Map.of("the --config file", config);
    }

    ConversionOptions toOptions() {
        ConversionFlags file = config != null ? fromConfig(config) : null;
        Code chosen = code != null ? code : file != null && file.code != null ? file.code : Code.RATE;
        ConversionOptions.Builder options = chosen == Code.TTFS ? ConversionOptions.TTFS.toBuilder()
                : ConversionOptions.builder();
        if (chosen == Code.TTFS) {
            List<String> rateOnly = new ArrayList<>(rateOnly());
            if (file != null) {
                file.rateOnly().stream().map(f -> f + " (in " + config.getFileName() + ")").forEach(rateOnly::add);
            }
            if (!rateOnly.isEmpty()) {
                throw new SpkerasException("--code ttfs fires each neuron once, so " + String.join(", ", rateOnly)
                        + (rateOnly.size() == 1 ? " has" : " have") + " no meaning with it (rate-neuron options); drop "
                        + (rateOnly.size() == 1 ? "it" : "them") + ", or use --code rate");
            }
        }
        if (file != null) {
            file.applyTo(options);
            try {
                // the file's values alone: a bad one is the file's, so the refusal names the file and its key
                ConversionOptions.Builder alone = chosen == Code.TTFS ? ConversionOptions.TTFS.toBuilder()
                        : ConversionOptions.builder();
                file.applyTo(alone);
                alone.build();
            } catch (org.spkeras.InvalidOption e) {
                throw new SpkerasException(config.getFileName() + ": the key \"" + e.option() + "\" of this --config "
                        + "file: " + e.template() + "; correct it in the file", e);
            } catch (SpkerasException e) {
                // a combination the flags may complete: judged below on all options together
            }
        }
        applyTo(options);
        return options.build();
    }

    /** The rate-neuron options given here (flags or config keys), which TTFS has no use for. */
    private List<String> rateOnly() {
        List<String> given = new ArrayList<>();
        String[] names = {"--theta", "--shift", "--reset", "--neuron", "--maxpool", "--calibrate", "--calibration-steps",
                "--spike-calibration-samples"};
        Object[] values = {theta, shift, reset, burst, maxPool, calibrate, calibrationSteps, spikeCalibrationSamples};
        for (int i = 0; i < names.length; i++) {
            if (values[i] != null) {
                given.add(names[i]);
            }
        }
        if (scaling == Scaling.THRESHOLD_BALANCING) {
            given.add("--scaling thresholds");
        }
        return given;
    }

    private void applyTo(ConversionOptions.Builder b) {
        if (norm != null) {
            b.norm(norm.norm()).percentile(norm.percentile());
        }
        set(perChannel, b::perChannel);
        set(scaling, b::scaling);
        set(theta, b::initialPotential);
        set(shift, b::shiftSteps);
        set(reset, b::reset);
        set(burst, b::burst);
        set(maxPool, b::maxPool);
        set(weightBits, b::weightBits);
        set(calibrationSamples, b::calibrationSamples);
        if (calibrate != null) {
            b.calibrate(calibrate.bias(), calibrate.potential()).calibrateWeights(calibrate.weights());
        }
        set(calibrationSteps, b::calibrationSteps);
        set(spikeCalibrationSamples, b::spikeCalibrationSamples);
        set(mergeLinear, b::mergeLinear);
    }

    private static <T> void set(T value, java.util.function.Consumer<T> setter) {
        if (value != null) {
            setter.accept(value);
        }
    }

    /** The config file's options, parsed as flags by picocli with these option definitions. */
    static ConversionFlags fromConfig(Path file) {
        String name = file.getFileName().toString();
        ConversionFlags parsed = new ConversionFlags();
        CommandLine cl = new CommandLine(parsed);
        TreeSet<String> keys = new TreeSet<>();
        cl.getCommandSpec().options().stream().map(o -> o.longestName().substring(2))
                .filter(k -> !k.equals("config")).forEach(keys::add);
        List<String> args = new ArrayList<>();
        for (Map.Entry<String, JsonElement> e : readJson(file).entrySet()) {
            if (!keys.contains(e.getKey())) {
                throw new SpkerasException(name + ": unknown option '" + e.getKey() + "'; known options: "
                        + String.join(", ", keys));
            }
            if (!e.getValue().isJsonPrimitive()) {
                throw new SpkerasException(name + ": option '" + e.getKey() + "' must be a string, number or boolean");
            }
            args.add("--" + e.getKey() + "=" + e.getValue().getAsString());
        }
        try {
            cl.parseArgs(args.toArray(String[]::new));
        } catch (CommandLine.ParameterException e) {
            throw new SpkerasException(name + ": " + e.getMessage());
        }
        return parsed;
    }

    /** A config file holds a few options: 1 MiB is far beyond any real one. */
    static final long CONFIG_MAX_BYTES = 1 << 20;

    private static JsonObject readJson(Path file) {
        String name = file.getFileName().toString();
        JsonElement root;
        try {
            byte[] bytes = InputFiles.readAll(file, "the --config file", "give the path of a JSON file of conversion "
                    + "options", CONFIG_MAX_BYTES);
            root = JsonParser.parseString(new String(bytes, java.nio.charset.StandardCharsets.UTF_8));
        } catch (SpkerasException e) {
            throw e;
        } catch (StackOverflowError e) {
            throw new SpkerasException(name + ": is not a config file this tool reads (JSON nested too deeply)");
        } catch (RuntimeException e) {
            throw new SpkerasException(name + ": is not valid JSON (" + e.getMessage() + ")");
        }
        if (!root.isJsonObject()) {
            throw new SpkerasException(name + ": expected a JSON object of conversion options, e.g. {\"norm\": \"max\"}");
        }
        return root.getAsJsonObject();
    }

    private static TypeConversionException bad(String value, String expected) {
        return new TypeConversionException("'" + value + "' is not valid; expected " + expected);
    }

    /** A step count, or {@code auto}: the evaluated T. */
    static final class StepsConverter implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            String v = value.strip().toLowerCase(Locale.ROOT);
            if (v.equals("auto")) {
                return ConversionOptions.PER_T;
            }
            try {
                return Integer.parseInt(v);
            } catch (NumberFormatException e) {
                throw bad(value, "a whole number or auto");
            }
        }
    }

    static final class NormConverter implements ITypeConverter<NormChoice> {
        @Override
        public NormChoice convert(String value) {
            String n = value.strip().toLowerCase(Locale.ROOT);
            if (n.equals("max")) {
                return new NormChoice(Norm.MAX, ConversionOptions.DEFAULT_PERCENTILE);
            }
            if (n.equals("clip")) {
                return new NormChoice(Norm.CLIP, ConversionOptions.DEFAULT_PERCENTILE);
            }
            if (n.equals("mmse")) {
                return new NormChoice(Norm.MMSE, ConversionOptions.DEFAULT_PERCENTILE);
            }
            if (n.equals("percentile")) {
                return new NormChoice(Norm.PERCENTILE, ConversionOptions.DEFAULT_PERCENTILE);
            }
            if (n.equals("burst")) {
                return new NormChoice(Norm.BURST, ConversionOptions.DEFAULT_PERCENTILE);
            }
            if (n.startsWith("burst:")) {
                try {
                    return new NormChoice(Norm.BURST, Double.parseDouble(n.substring("burst:".length())));
                } catch (NumberFormatException e) {
                    throw bad(value, "burst:p with a number p");
                }
            }
            if (n.startsWith("percentile:")) {
                try {
                    return new NormChoice(Norm.PERCENTILE, Double.parseDouble(n.substring("percentile:".length())));
                } catch (NumberFormatException e) {
                    throw bad(value, "percentile:p with a number p");
                }
            }
            throw bad(value, "max, percentile[:p], clip, mmse or burst[:p]");
        }
    }

    static final class NeuronConverter implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            String n = value.strip().toLowerCase(Locale.ROOT);
            if (n.equals("if")) {
                return 1;
            }
            if (n.startsWith("burst:")) {
                try {
                    return Integer.parseInt(n.substring("burst:".length()).strip());
                } catch (NumberFormatException e) {
                    throw bad(value, "burst:Γ with a whole number Γ (e.g. burst:2)");
                }
            }
            throw bad(value, "if or burst:Γ (e.g. burst:2)");
        }
    }

    /** Converts one of a fixed set of words (any case) to its value. */
    private abstract static class WordConverter<T> implements ITypeConverter<T> {
        private final Map<String, T> words;

        WordConverter(Map<String, T> words) {
            this.words = words;
        }

        @Override
        public T convert(String value) {
            T t = words.get(value.strip().toLowerCase(Locale.ROOT));
            if (t == null) {
                throw bad(value, String.join(", ", new TreeSet<>(words.keySet())));
            }
            return t;
        }
    }

    static final class CodeConverter extends WordConverter<Code> {
        CodeConverter() {
            super(Map.of("rate", Code.RATE, "ttfs", Code.TTFS));
        }
    }

    static final class ScalingConverter extends WordConverter<Scaling> {
        ScalingConverter() {
            super(Map.of("weights", Scaling.WEIGHT_NORMALISATION, "thresholds", Scaling.THRESHOLD_BALANCING));
        }
    }

    static final class ResetConverter extends WordConverter<Reset> {
        ResetConverter() {
            super(Map.of("subtract", Reset.SUBTRACT, "zero", Reset.ZERO));
        }
    }

    static final class MaxPoolConverter extends WordConverter<MaxPool> {
        MaxPoolConverter() {
            super(Map.of("gate", MaxPool.GATING, "gating", MaxPool.GATING, "lipool", MaxPool.LIPOOL, "avg", MaxPool.AVERAGE));
        }
    }

    /** {@code none}, or a comma-separated combination of {@code weights}, {@code bias}, {@code potential}, {@code both}. */
    static final class CalibrateConverter implements ITypeConverter<Calibrate> {
        private static final String EXPECTED = "none, or a combination of weights, bias, potential (both = bias,potential) "
                + "separated by commas, e.g. weights,potential";

        @Override
        public Calibrate convert(String value) {
            String v = value.strip().toLowerCase(Locale.ROOT);
            if (v.equals("none")) {
                return new Calibrate(false, false, false);
            }
            boolean weights = false;
            boolean bias = false;
            boolean potential = false;
            for (String word : v.split(",", -1)) {
                switch (word.strip()) {
                    case "weights" -> weights = true;
                    case "bias" -> bias = true;
                    case "potential" -> potential = true;
                    case "both" -> {
                        bias = true;
                        potential = true;
                    }
                    default -> throw bad(value, EXPECTED);
                }
            }
            return new Calibrate(weights, bias, potential);
        }
    }
}
