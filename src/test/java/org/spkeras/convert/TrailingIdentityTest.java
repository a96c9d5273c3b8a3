package org.spkeras.convert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.spkeras.model.Activation;
import org.spkeras.model.DataFormat;
import org.spkeras.model.Layer;
import org.spkeras.model.Network;
import org.spkeras.model.Shape;
import org.spkeras.model.SourceInfo;

/** Layers that are the identity at inference after the output (Dense(softmax) → Dropout, the case). */
class TrailingIdentityTest {
    private static final SourceInfo SOURCE = new SourceInfo("m.keras", "test", null, null, "Sequential",
            DataFormat.CHANNELS_LAST, false);

    private static Network net(boolean identityFeedsSomethingElse) {
        Layer.Input in = new Layer.Input("in", Shape.flat(3));
        Layer.Dense hidden = new Layer.Dense("hidden", "in", 3, 2, new float[] {1, -1, 2, 0, 0, 1}, null, Activation.RELU);
        Layer.Dense out = new Layer.Dense("out", "hidden", 2, 2, new float[] {1, 0, 0, 1}, null, Activation.SOFTMAX);
        Layer.Identity drop = new Layer.Identity("dropout", "out", "identity at inference");
        Layer.Identity noise = new Layer.Identity("noise", "dropout", "identity at inference");
        List<Layer> layers = identityFeedsSomethingElse
                ? List.of(in, hidden, out, drop, noise, new Layer.Dense("more", "dropout", 2, 1, new float[] {1, 1}, null,
                        Activation.LINEAR))
                : List.of(in, hidden, out, drop, noise);
        return Network.build(layers, List.of("noise"), Map.of(), SOURCE);
    }

    @Test
    void softmaxFollowedByIdentitiesIsTheOutputAndConverts() {
        Network ann = net(false);
        assertEquals(List.of("noise", "dropout"), NetworkTransforms.trailingIdentities(ann));
        Network trimmed = NetworkTransforms.withoutTrailingIdentities(ann);
        assertEquals(List.of("out"), trimmed.outputNames());
        assertFalse(trimmed.hasLayer("dropout"));
        List<Convertibility.Verdict> verdicts = Convertibility.assess(ann, ConversionOptions.DEFAULTS);
        assertTrue(verdicts.stream().allMatch(Convertibility.Verdict::converts), verdicts.toString());
        assertTrue(verdicts.get(4).how().startsWith("removed (identity at inference, after the output 'out')"),
                verdicts.toString());
    }

    @Test
    void aSoftmaxWhoseOutputFeedsAnotherLayerStaysRefused() {
        Network ann = net(true);
        List<Convertibility.Verdict> verdicts = Convertibility.assess(ann, ConversionOptions.DEFAULTS);
        Convertibility.Verdict out = verdicts.stream().filter(v -> v.layer().equals("out")).findFirst().orElseThrow();
        assertFalse(out.converts());
        assertTrue(out.how().contains("softmax inside the network"), out.how());
    }
}
