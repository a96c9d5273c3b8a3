package org.spkeras.testing;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.spkeras.convert.ConversionOptions;
import org.spkeras.data.NdArray;
import org.spkeras.data.Npz;
import org.spkeras.snn.FixedPoint;
import org.spkeras.snn.Synapses;
import org.spkeras.testing.Fixtures.Fixture;

/**
 * The NumPy conversion and dense-simulation references in {@code keras-fixtures/snn-reference/}
 * (python-reference/snn_reference.py): one npz per fixture and option set.
 */
public final class SnnReferences {
    public static final Path ROOT = Fixtures.ROOT.resolve("snn-reference");

    /** One reference: the fixture, the option set's name and options, the simulated steps, and the arrays. */
    public record Case(Fixture fixture, String set, ConversionOptions options, int steps, Map<String, NdArray> arrays) {
        @Override
        public String toString() {
            return fixture.name() + "__" + set;
        }
    }

    /** A fixture and option set that the NumPy reference refuses to convert, with its reason. */
    public record Refusal(Fixture fixture, String set, ConversionOptions options, String reason) {
        @Override
        public String toString() {
            return fixture.name() + "__" + set;
        }
    }

    private SnnReferences() {}

    /** Sum of the integer weights per (target, source) pair, over 2^24: the reference's weff layout. */
    public static double[] effectiveWeights(Synapses syn, int targets) {
        long[] sum = new long[targets * syn.sourceSize()];
        for (int p = 0; p < syn.sourceSize(); p++) {
            for (int k = syn.segmentStart()[p]; k < syn.segmentStart()[p + 1]; k++) {
                for (int j = 0; j < syn.length()[k]; j++) {
                    sum[(syn.target()[k] + j) * syn.sourceSize() + p] += syn.weights()[syn.weightOffset()[k] + j];
                }
            }
        }
        double[] out = new double[sum.length];
        for (int i = 0; i < sum.length; i++) {
            out[i] = sum[i] / (double) FixedPoint.ONE;
        }
        return out;
    }

    public static List<Refusal> refused() {
        try {
            JsonObject index = JsonParser.parseString(Files.readString(ROOT.resolve("options.json"))).getAsJsonObject();
            List<Refusal> out = new ArrayList<>();
            for (var e : index.getAsJsonArray("refused")) {
                JsonObject r = e.getAsJsonObject();
                String set = r.get("set").getAsString();
                Fixture f = Fixtures.all().stream().filter(x -> x.name().equals(r.get("fixture").getAsString()))
                        .findFirst().orElseThrow();
                out.add(new Refusal(f, set, options(index.getAsJsonObject("sets").getAsJsonObject(set)),
                        r.get("reason").getAsString()));
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static List<Case> all() {
        try {
            JsonObject index = JsonParser.parseString(Files.readString(ROOT.resolve("options.json"))).getAsJsonObject();
            int steps = index.get("steps").getAsInt();
            List<Case> cases = new ArrayList<>();
            for (Fixture f : Fixtures.all()) {
                for (String set : index.getAsJsonObject("sets").keySet()) {
                    Path file = ROOT.resolve(f.name() + "__" + set + ".npz");
                    if (Files.exists(file)) {
                        cases.add(new Case(f, set, options(index.getAsJsonObject("sets").getAsJsonObject(set)).atSteps(steps), steps,
                                Npz.read(file)));
                    }
                }
            }
            return cases;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static ConversionOptions options(JsonObject o) {
        String norm = o.get("norm").getAsString();
        String neuron = o.get("neuron").getAsString();
        return ConversionOptions.ECC.toBuilder()
                .norm(norm.startsWith("percentile") ? ConversionOptions.Norm.PERCENTILE
                        : norm.startsWith("burst") ? ConversionOptions.Norm.BURST
                        : norm.equals("clip") ? ConversionOptions.Norm.CLIP
                        : norm.equals("mmse") ? ConversionOptions.Norm.MMSE : ConversionOptions.Norm.MAX)
                .percentile(norm.contains(":") ? Double.parseDouble(norm.substring(norm.indexOf(':') + 1)) : 99.9)
                .perChannel(o.get("perChannel").getAsBoolean())
                .scaling(o.get("scaling").getAsString().equals("weights") ? ConversionOptions.Scaling.WEIGHT_NORMALISATION
                        : ConversionOptions.Scaling.THRESHOLD_BALANCING)
                .initialPotential(o.get("theta").getAsDouble())
                .shiftSteps(o.get("shift").getAsString().equals("auto") ? ConversionOptions.PER_T : o.get("shift").getAsInt())
                .reset(o.get("reset").getAsString().equals("zero") ? ConversionOptions.Reset.ZERO : ConversionOptions.Reset.SUBTRACT)
                .burst(neuron.equals("if") ? 1 : Integer.parseInt(neuron.substring(neuron.indexOf(':') + 1)))
                .maxPool(switch (o.get("maxpool").getAsString()) {
                    case "lipool" -> ConversionOptions.MaxPool.LIPOOL;
                    case "avg" -> ConversionOptions.MaxPool.AVERAGE;
                    default -> ConversionOptions.MaxPool.GATING;
                })
                .weightBits(o.get("weightBits").getAsInt())
                .calibrationSteps(o.has("calibrationSteps") ? o.get("calibrationSteps").getAsInt()
                        : ConversionOptions.DEFAULT_CALIBRATION_STEPS).build();
    }
}
