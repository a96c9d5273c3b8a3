package org.spkeras.testing;

import com.google.gson.JsonElement;
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
import org.spkeras.testing.Fixtures.Fixture;

/**
 * The NumPy time-to-first-spike references in {@code keras-fixtures/snn-reference/} (python-reference/ttfs_reference.py,
 * written from docs/temporal.md alone): one {@code <fixture>__<set>.npz} per fixture and TTFS option set, indexed by
 * {@code ttfs.json}.
 */
public final class TtfsReferences {
    public static final Path INDEX = SnnReferences.ROOT.resolve("ttfs.json");

    /** One reference: the fixture, the set's name and options, the K values it holds, and its arrays. */
    public record Case(Fixture fixture, String set, ConversionOptions options, int[] ks, Map<String, NdArray> arrays) {
        @Override
        public String toString() {
            return fixture.name() + "__" + set;
        }
    }

    private TtfsReferences() {}

    private static JsonObject index() {
        try {
            return JsonParser.parseString(Files.readString(INDEX)).getAsJsonObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every reference file the index lists, in fixtures.json order. */
    public static List<Case> all() {
        JsonObject index = index();
        JsonObject sets = index.getAsJsonObject("sets");
        int[] ks = new int[index.getAsJsonArray("ks").size()];
        for (int i = 0; i < ks.length; i++) {
            ks[i] = index.getAsJsonArray("ks").get(i).getAsInt();
        }
        List<Case> cases = new ArrayList<>();
        for (Fixture f : Fixtures.all()) {
            for (String set : sets.keySet()) {
                Path file = SnnReferences.ROOT.resolve(f.name() + "__" + set + ".npz");
                if (Files.exists(file)) {
                    cases.add(new Case(f, set, options(sets.getAsJsonObject(set)), ks, Npz.read(file)));
                }
            }
        }
        return cases;
    }

    /** The (fixture, set) pairs the reference refuses to convert, with its reason. */
    public static List<String[]> refused() {
        List<String[]> out = new ArrayList<>();
        for (JsonElement e : index().getAsJsonArray("refused")) {
            JsonObject r = e.getAsJsonObject();
            out.add(new String[] {r.get("fixture").getAsString(), r.get("set").getAsString(), r.get("reason").getAsString()});
        }
        return out;
    }

    /** The TTFS options of the index's set {@code set}. */
    public static ConversionOptions options(String set) {
        return options(index().getAsJsonObject("sets").getAsJsonObject(set));
    }

    /** The TTFS options of one set of the index ({@code norm} "max", "clip" or "percentile:p", per channel, weight bits). */
    public static ConversionOptions options(JsonObject o) {
        String norm = o.get("norm").getAsString();
        ConversionOptions.Builder b = ConversionOptions.TTFS.toBuilder()
                .perChannel(o.get("perChannel").getAsBoolean())
                .weightBits(o.get("weightBits").getAsInt());
        if (norm.startsWith("percentile:")) {
            b.norm(ConversionOptions.Norm.PERCENTILE).percentile(Double.parseDouble(norm.substring(norm.indexOf(':') + 1)));
        } else if (norm.equals("max")) {
            b.norm(ConversionOptions.Norm.MAX);
        } else if (norm.equals("clip")) {
            b.norm(ConversionOptions.Norm.CLIP);
        } else {
            throw new IllegalArgumentException("ttfs.json: norm " + norm);
        }
        return b.build();
    }
}
