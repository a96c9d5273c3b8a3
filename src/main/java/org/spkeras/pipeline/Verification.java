package org.spkeras.pipeline;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.spkeras.SpkerasException;
import org.spkeras.data.NdArray;
import org.spkeras.data.ReferenceActivations;
import org.spkeras.model.DataFormat;
import org.spkeras.model.ForwardPass;
import org.spkeras.model.Network;
import org.spkeras.model.Shape;

/**
 * The verification use case: compares the ANN forward pass with reference activations, layer by layer. A value passes when
 * {@code |ours − ref| ≤ atol + rtol·|ref|} (NumPy's allclose rule); a layer passes when all its values do.
 * The reported relative error is {@code max|ours − ref| / max|ref|} over the layer.
 */
public final class Verification {
    /** Result of one layer. {@code samples} is the number of samples compared. */
    public record LayerResult(String layer, String sourceClass, Shape shape, int samples, double maxAbsError,
                              double maxRelError, boolean passed, String note) {}

    private Verification() {}

    public static List<LayerResult> run(Network net, ReferenceActivations ref, double rtol, double atol) {
        DataFormat format = net.source().dataFormat();
        Shape inShape = net.inputShape();
        NdArray input = ref.input();
        if (input.rowSize() != inShape.size()) {
            throw new SpkerasException(ref.source() + ": input '" + input.name() + "' has " + input.rowSize()
                    + " values per sample; the model expects " + inShape.size() + " " + inShape);
        }
        List<String> compared = ref.layers().keySet().stream().filter(net::hasLayer).toList();
        if (compared.isEmpty()) {
            throw new SpkerasException(ref.source() + ": none of its arrays " + ref.layers().keySet()
                    + " is named after a layer of the model");
        }
        int n = input.rows();
        double[] maxAbs = new double[compared.size()];
        double[] maxRef = new double[compared.size()];
        boolean[] ok = new boolean[compared.size()];
        java.util.Arrays.fill(ok, true);
        ForwardPass forward = new ForwardPass(net);
        for (int s = 0; s < n; s++) {
            Map<String, double[]> acts = forward.activations(format.toChannelsLast(input.rowAsFloats(s), inShape));
            for (int k = 0; k < compared.size(); k++) {
                String name = compared.get(k);
                Shape shape = net.outputShape(name);
                NdArray r = ref.layers().get(name);
                if (r.rows() != n || r.rowSize() != shape.size()) {
                    throw new SpkerasException(ref.source() + ": array '" + name + "' has shape "
                            + java.util.Arrays.toString(r.shape()) + "; expected " + n + " samples of " + shape.size() + " values");
                }
                double[] expected = toChannelsLast(format, r.row(s), shape);
                double[] ours = acts.get(name);
                for (int i = 0; i < ours.length; i++) {
                    double diff = Math.abs(ours[i] - expected[i]);
                    maxAbs[k] = Math.max(maxAbs[k], diff);
                    maxRef[k] = Math.max(maxRef[k], Math.abs(expected[i]));
                    if (!(diff <= atol + rtol * Math.abs(expected[i]))) {
                        ok[k] = false;
                    }
                }
            }
        }
        List<LayerResult> results = new ArrayList<>();
        for (String name : ref.layers().keySet()) {
            int k = compared.indexOf(name);
            if (k < 0) {
                results.add(new LayerResult(name, "?", null, 0, Double.NaN, Double.NaN, false, "not a layer of the model"));
                continue;
            }
            double rel = maxRef[k] == 0 ? maxAbs[k] : maxAbs[k] / maxRef[k];
            results.add(new LayerResult(name, net.sourceClass(name), net.outputShape(name), n, maxAbs[k], rel, ok[k], ""));
        }
        return results;
    }

    private static double[] toChannelsLast(DataFormat format, double[] row, Shape shape) {
        if (format == DataFormat.CHANNELS_LAST || !shape.isSpatial()) {
            return row;
        }
        double[] out = new double[row.length];
        int h = shape.height(), w = shape.width(), c = shape.channels();
        for (int ci = 0; ci < c; ci++) {
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    out[(y * w + x) * c + ci] = row[(ci * h + y) * w + x];
                }
            }
        }
        return out;
    }
}
