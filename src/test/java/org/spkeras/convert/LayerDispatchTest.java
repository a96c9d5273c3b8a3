package org.spkeras.convert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.spkeras.data.Npz;
import org.spkeras.keras.KerasModelReader;
import org.spkeras.model.ForwardPass;
import org.spkeras.model.Layer;
import org.spkeras.model.Network;
import org.spkeras.testing.Fixtures;

/**
 * The layer dispatches (Convertibility's verdicts, the forward pass, shape inference when a network is built)
 * cover every {@link Layer} type: the sealed interface's permitted subclasses, found by reflection, each occur in
 * a fixture, and every dispatch gives each of them a rule (none falls through to its "unknown layer" end).
 */
class LayerDispatchTest {

    @Test
    void everyLayerTypeOccursInAFixtureAndEveryDispatchHasARuleForIt() {
        Set<String> permitted = Arrays.stream(Layer.class.getPermittedSubclasses()).map(Class::getSimpleName)
                .collect(Collectors.toCollection(TreeSet::new));
        assertTrue(permitted.size() >= 13, permitted.toString());
        Map<String, String> seenIn = new LinkedHashMap<>();
        for (Fixtures.Fixture f : Fixtures.all()) {
            Network net = KerasModelReader.read(f.model(), f.options());
            exercise(net, f.name(), f.expected());
            net.layers().forEach(l -> seenIn.putIfAbsent(l.getClass().getSimpleName(), f.name()));
        }
        Network lenet = KerasModelReader.read(Path.of("keras-fixtures/real/lenet5_98.96.h5"));
        exercise(lenet, "lenet5", null);
        lenet.layers().forEach(l -> seenIn.putIfAbsent(l.getClass().getSimpleName(), "lenet5"));
        Set<String> missing = new TreeSet<>(permitted);
        missing.removeAll(seenIn.keySet());
        assertEquals(Set.of(), missing, "Layer types no fixture exercises (add one to python-reference/make_fixtures.py "
                + "and give every dispatch a rule); seen: " + seenIn);
    }

    /** Every dispatch, on every layer of {@code net}: a verdict, a forward value, a shape. */
    private static void exercise(Network net, String name, Path expected) {
        for (ConversionOptions options : List.of(ConversionOptions.DEFAULTS, ConversionOptions.ECC,
                ConversionOptions.DEFAULTS.toBuilder().maxPool(ConversionOptions.MaxPool.AVERAGE).build())) {
            List<Convertibility.Verdict> verdicts = Convertibility.assess(net, options);
            assertEquals(net.layers().size(), verdicts.size(), name);
            verdicts.forEach(v -> assertNotNull(v.how(), name));
        }
        float[] x = expected == null ? new float[net.inputShape().size()]
                : net.source().dataFormat().toChannelsLast(Npz.read(expected).get("input").rowAsFloats(0), net.inputShape());
        Map<String, double[]> acts = new ForwardPass(net).activations(x);
        for (Layer l : net.layers()) {
            assertNotNull(acts.get(l.name()), name + ": no forward value for " + l.name());
            assertEquals(net.outputShape(l.name()).size(), acts.get(l.name()).length, name + ": " + l.name());
        }
    }
}
