package org.spkeras.keras;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.spkeras.data.ReferenceActivations;
import org.spkeras.model.Network;
import org.spkeras.pipeline.Verification;
import org.spkeras.testing.Fixtures;
import org.spkeras.testing.Fixtures.Fixture;

/** Every generated fixture imports and its ANN activations match the NumPy reference, layer by layer. */
class FixtureImportTest {

    static List<Fixture> fixtures() {
        return Fixtures.all();
    }

    @Test
    void fixtureListCoversTheRequiredFormats() {
        List<String> names = fixtures().stream().map(Fixture::name).toList();
        assertTrue(names.size() >= 12, "expected at least 12 fixtures, found " + names);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void activationsMatchNumpyReference(Fixture fixture) {
        Network net = KerasModelReader.read(fixture.model(), fixture.options());
        ReferenceActivations ref = ReferenceActivations.read(fixture.expected());
        // Every Keras layer except the input has a reference array.
        assertEquals(net.layers().size() - 1, ref.layers().size(), "reference arrays " + ref.layers().keySet());
        // Float32 weights and float64 arithmetic on both sides: the relative error stays near float64 rounding.
        for (Verification.LayerResult r : Verification.run(net, ref, 1e-5, 1e-6)) {
            assertTrue(r.passed() && r.maxRelError() <= 1e-5,
                    fixture.name() + " layer " + r.layer() + ": max rel " + r.maxRelError() + ", max abs " + r.maxAbsError());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void dataFormatIsRecognised(Fixture fixture) {
        Network net = KerasModelReader.read(fixture.model(), fixture.options());
        assertEquals(fixture.dataFormat(), net.source().dataFormat().name().toLowerCase(java.util.Locale.ROOT),
                Map.of("fixture", fixture.name()).toString());
    }
}
