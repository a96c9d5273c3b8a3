package org.spkeras.testing;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.spkeras.keras.ImportOptions;

/** The generated fixtures listed in {@code keras-fixtures/fixtures.json} (see python-reference/). */
public final class Fixtures {
    public static final Path ROOT = Path.of("keras-fixtures");

    /** One fixture: its model file, optional architecture JSON, expected-output npz and import options. */
    public record Fixture(String name, Path model, Path architecture, Path expected, boolean theanoKernels,
                          String dataFormat, List<String> covers) {
        public ImportOptions options() {
            return new ImportOptions(architecture, theanoKernels);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    private Fixtures() {}

    public static List<Fixture> all() {
        try {
            JsonArray list = JsonParser.parseString(Files.readString(ROOT.resolve("fixtures.json"))).getAsJsonArray();
            List<Fixture> out = new ArrayList<>();
            for (JsonElement e : list) {
                JsonObject o = e.getAsJsonObject();
                List<String> covers = new ArrayList<>();
                if (o.has("covers")) {
                    o.getAsJsonArray("covers").forEach(c -> covers.add(c.getAsString()));
                }
                Path arch = o.has("architecture") && !o.get("architecture").isJsonNull()
                        ? ROOT.resolve(o.get("architecture").getAsString()) : null;
                out.add(new Fixture(o.get("name").getAsString(), ROOT.resolve(o.get("model").getAsString()), arch,
                        ROOT.resolve(o.get("expected").getAsString()),
                        o.has("theanoKernels") && o.get("theanoKernels").getAsBoolean(),
                        o.has("dataFormat") ? o.get("dataFormat").getAsString() : "channels_last", covers));
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
