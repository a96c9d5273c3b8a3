package org.spkeras.data;

import io.jhdf.HdfFile;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.spkeras.SpkerasException;
import org.spkeras.io.Hdf5Open;

/**
 * Reference activations for {@code verify}: an input batch and one array per layer name, in the source
 * model's own layout. Read from a Keras-recorded {@code *_inputs_and_outputs.h5} ({@code inputs/<name>},
 * {@code activations/<layer>}, {@code predictions/<output>}) or from an {@code .npz} holding {@code input}
 * and one array per layer.
 */
public record ReferenceActivations(String source, NdArray input, Map<String, NdArray> layers) {

    public static ReferenceActivations read(Path file) {
        String source = file.getFileName().toString();
        org.spkeras.io.InputFiles.requireRegular(file, "reference", "give a Keras-recorded *_inputs_and_outputs.h5 "
                + "or an .npz of reference activations");
        if (source.endsWith(".npz")) {
            return fromNpz(file, source);
        }
        return fromHdf5(file, source);
    }

    private static ReferenceActivations fromNpz(Path file, String source) {
        Map<String, NdArray> arrays = new LinkedHashMap<>(Npz.read(file));
        NdArray input = arrays.remove("input");
        if (input == null) {
            throw new SpkerasException(source + ": has no 'input' array; a reference .npz holds 'input' and one array "
                    + "per layer name");
        }
        return new ReferenceActivations(source, input, arrays);
    }

    private static ReferenceActivations fromHdf5(Path file, String source) {
        try (HdfFile h5 = Hdf5Open.read(file)) {
            Group inputs = group(h5, "inputs", source);
            if (inputs.getChildren().size() != 1) {
                throw new SpkerasException(source + ": has " + inputs.getChildren().size() + " arrays under 'inputs'; "
                        + "expected exactly one (single-input models)");
            }
            Dataset inputSet = (Dataset) inputs.getChildren().values().iterator().next();
            NdArray input = toArray(inputSet, inputSet.getName());
            Map<String, NdArray> layers = new LinkedHashMap<>();
            for (String groupName : new String[] {"activations", "predictions"}) {
                Node node = h5.getChildren().get(groupName);
                if (node instanceof Group g) {
                    for (Node child : g.getChildren().values()) {
                        if (child instanceof Dataset d && !layers.containsKey(child.getName())) {
                            layers.put(child.getName(), toArray(d, child.getName()));
                        }
                    }
                }
            }
            if (layers.isEmpty()) {
                throw new SpkerasException(source + ": has no arrays under 'activations' or 'predictions'");
            }
            return new ReferenceActivations(source, input, layers);
        } catch (SpkerasException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new SpkerasException(source + ": is not a readable reference file (" + e.getMessage() + "); expected "
                    + "a Keras-recorded *_inputs_and_outputs.h5 or an .npz");
        }
    }

    private static Group group(HdfFile h5, String name, String source) {
        if (h5.getChildren().get(name) instanceof Group g) {
            return g;
        }
        throw new SpkerasException(source + ": has no '" + name + "' group; expected the layout of a Keras-recorded "
                + "*_inputs_and_outputs.h5 (inputs/, activations/, predictions/)");
    }

    private static NdArray toArray(Dataset d, String name) {
        Object flat = d.getDataFlat();
        double[] values;
        if (flat instanceof float[] f) {
            values = new double[f.length];
            for (int i = 0; i < f.length; i++) {
                values[i] = f[i];
            }
        } else if (flat instanceof double[] dd) {
            values = dd;
        } else {
            throw new SpkerasException("reference array '" + name + "' is not float32/float64");
        }
        return new NdArray(name, d.getDimensions(), flat instanceof float[] ? "<f4" : "<f8", values);
    }
}
