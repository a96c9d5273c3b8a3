package org.spkeras.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.spkeras.convert.ConversionOptions;
import org.spkeras.keras.KerasModelReader;
import org.spkeras.model.Network;

/** λ = the trained clip by default only where every ReLU has one (fixtures relu6_all and relu_max). */
class ClipWhereTrainedTest {
    private final List<String> messages = new ArrayList<>();

    @Test
    void everyReluClippedSwitchesToClipWithAMessage() {
        Network ann = KerasModelReader.read(Path.of("keras-fixtures/relu6_all.h5"));
        ConversionOptions options = ModelConversion.clipWhereTrained(ann, ConversionOptions.DEFAULTS, messages::add);
        assertEquals(ConversionOptions.DEFAULTS.toBuilder().norm(ConversionOptions.Norm.CLIP).build(), options);
        assertEquals(1, messages.size());
        assertTrue(messages.get(0).contains("{norm} clip"), messages.get(0));
    }

    @Test
    void oneUnclippedReluKeepsTheOptions() {
        Network ann = KerasModelReader.read(Path.of("keras-fixtures/relu_max.h5"));
        assertSame(ConversionOptions.DEFAULTS, ModelConversion.clipWhereTrained(ann, ConversionOptions.DEFAULTS, messages::add));
        assertTrue(messages.isEmpty());
    }
}
