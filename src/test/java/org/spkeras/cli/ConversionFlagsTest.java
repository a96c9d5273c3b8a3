package org.spkeras.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spkeras.SpkerasException;
import org.spkeras.convert.ConversionOptions;
import picocli.CommandLine;

/** Flags and config keys are one vocabulary: the same words give the same options, parsed by the same definitions. */
class ConversionFlagsTest {
    /** A value for every conversion option, none of them the default. */
    private static final Map<String, String> EVERY = new LinkedHashMap<>();

    static {
        EVERY.put("norm", "percentile:99.5");
        EVERY.put("per-channel", "true");
        EVERY.put("scaling", "thresholds");
        EVERY.put("theta", "0.25");
        EVERY.put("shift", "4");
        EVERY.put("reset", "zero");
        EVERY.put("neuron", "burst:3");
        EVERY.put("maxpool", "avg");
        EVERY.put("weight-bits", "8");
        EVERY.put("calibration-samples", "50");
        EVERY.put("calibrate", "both");
        EVERY.put("calibration-steps", "16");
        EVERY.put("spike-calibration-samples", "10");
        EVERY.put("merge-linear", "true");
    }

    @TempDir
    Path tmp;

    private static ConversionOptions parse(String... args) {
        ConversionFlags flags = new ConversionFlags();
        new CommandLine(flags).parseArgs(args);
        return flags.toOptions();
    }

    @Test
    void withoutFlagsTheDefaults() {
        assertEquals(ConversionOptions.DEFAULTS, parse());
    }

    @Test
    void everyKeyOfTheConfigMeansWhatItsFlagMeans() throws Exception {
        List<String> args = new ArrayList<>();
        StringBuilder json = new StringBuilder("{");
        EVERY.forEach((key, value) -> {
            args.add("--" + key + "=" + value);
            json.append(json.length() > 1 ? ", " : "").append('"').append(key).append("\": \"").append(value).append('"');
        });
        ConversionOptions fromFlags = parse(args.toArray(String[]::new));
        assertEquals(EVERY, fromFlags.toMap(), "every option reaches the record and reads back as written");
        Path config = Files.writeString(tmp.resolve("conv.json"), json.append('}').toString());
        assertEquals(fromFlags, parse("--config", config.toString()));
    }

    @Test
    void flagsWinOverTheConfig() throws Exception {
        Path config = Files.writeString(tmp.resolve("conv.json"), "{\"theta\": 0, \"neuron\": \"burst:3\"}");
        ConversionOptions o = parse("--config", config.toString(), "--neuron", "if");
        assertEquals(0.0, o.initialPotential());
        assertEquals(1, o.burst());
    }

    @Test
    void aBadConfigValueIsRefusedAsTheFlagWouldBe() throws Exception {
        Path config = Files.writeString(tmp.resolve("conv.json"), "{\"maxpool\": \"median\"}");
        SpkerasException e = assertThrows(SpkerasException.class, () -> parse("--config", config.toString()));
        assertTrue(e.getMessage().startsWith("conv.json: ") && e.getMessage().contains("'--maxpool'")
                && e.getMessage().contains("expected avg, gate, gating, lipool"), e.getMessage());
    }

    /** The calibrate vocabulary: the four old words, and weights combined with them by commas (any order, any case). */
    @Test
    void calibrateCombinesWeightsBiasAndPotential() {
        assertEquals("both", parse("--calibrate", "both").calibrateSpec());
        assertEquals("none", parse("--calibrate", "none").calibrateSpec());
        ConversionOptions o = parse("--calibrate", "Potential, weights");
        assertTrue(o.weightCalibration() && o.potentialCalibration() && !o.biasCalibration());
        assertEquals("weights,potential", o.toMap().get("calibrate"));
        assertEquals("weights,bias,potential", parse("--calibrate", "weights,both").calibrateSpec());
        assertEquals(parse("--calibrate", "weights,bias,potential"), parse("--calibrate", "both,weights"));
        assertEquals("weights", parse("--calibrate", "weights").calibrateSpec());
        CommandLine.ParameterException e = assertThrows(CommandLine.ParameterException.class,
                () -> parse("--calibrate", "weights,thresholds"));
        assertTrue(e.getMessage().contains("'--calibrate'") && e.getMessage().contains("weights,potential"), e.getMessage());
    }
}
