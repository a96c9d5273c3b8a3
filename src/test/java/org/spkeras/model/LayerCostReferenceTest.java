package org.spkeras.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.spkeras.keras.KerasModelReader;
import org.spkeras.testing.Fixtures;
import org.spkeras.testing.Fixtures.Fixture;
import org.spkeras.testing.RealKeras;
import org.spkeras.testing.SnnReferences;

/** ANN MACs (valid taps only) against python-reference/cost_reference.py, recorded in snn-reference/options.json. */
class LayerCostReferenceTest {

    @Test
    void everyFixtureMatchesTheNumPyCount() throws IOException {
        JsonObject macs = JsonParser.parseString(Files.readString(SnnReferences.ROOT.resolve("options.json")))
                .getAsJsonObject().getAsJsonObject("annMacs");
        List<Fixture> fixtures = Fixtures.all();
        assertFalse(fixtures.isEmpty());
        for (Fixture f : fixtures) {
            Network net = KerasModelReader.read(f.model(), f.options());
            assertEquals(macs.get(f.name()).getAsLong(), net.totalMacs(), f.name());
        }
    }

    @Test
    void lenetCountsOnlyTapsOnRealPixels() throws IOException {
        Network net = KerasModelReader.read(RealKeras.file("snn-toolbox-lenet5/lenet5_98.96.h5"));
        // conv 5x5 'valid' 28->24 (6 maps): 24*24*25*6 = 86,400; conv 5x5 'valid' 12->8 (6->16): 153,600;
        // conv 5x5 'same' on 4x4 (16->120): taps per axis 3+4+4+3 = 14, so 14*14*16*120 = 376,320 (768,000 with
        // the padded zeros); dense 1920*84 + 84*10 = 162,120.
        assertEquals(86_400 + 153_600 + 376_320 + 162_120, net.totalMacs());
    }
}
