package org.spkeras.keras;

import io.jhdf.api.Dataset;
import java.lang.reflect.Array;
import java.util.Arrays;
import org.spkeras.model.Shape;

/**
 * One weight array as stored in the file, read lazily so that its declared shape can be checked against
 * the layer config before anything is allocated.
 */
record StoredWeight(String name, int[] dims, Values values) {

    /** Reads the stored values as a flat primitive array. */
    @FunctionalInterface
    interface Values {
        Object flat();
    }

    static StoredWeight of(String name, Dataset dataset) {
        return new StoredWeight(name, dataset.getDimensions(), dataset::getDataFlat);
    }

    /** The weight's role from the last path component of its name ({@code kernel:0} → {@code kernel}). */
    String shortName() {
        String n = name;
        int colon = n.lastIndexOf(':');
        if (colon > 0) {
            n = n.substring(0, colon);
        }
        int slash = n.lastIndexOf('/');
        return slash >= 0 ? n.substring(slash + 1) : n;
    }

    /** Reads the values as float32 after checking that the shape is the expected one. */
    float[] read(ImportContext ctx, LayerSpec layer, int... expected) {
        int[] dims = dims();
        if (!Arrays.equals(dims, expected)) {
            throw ctx.layerError(layer, "has weight '" + name + "' of shape " + Arrays.toString(dims) + ", expected "
                    + Arrays.toString(expected) + " from the layer config; the weights do not belong to this architecture");
        }
        long size = 1;
        for (int d : dims) {
            size *= d;
        }
        if (size > Shape.MAX_SIZE) {
            throw ctx.layerError(layer, "has weight '" + name + "' with " + size + " values, more than the "
                    + Shape.MAX_SIZE + " this tool accepts");
        }
        Object flat;
        try {
            flat = values.flat();
        } catch (org.spkeras.SpkerasException e) {
            throw e;
        } catch (RuntimeException e) {
            throw ctx.layerError(layer, "has weight '" + name + "' that cannot be read (" + e.getMessage()
                    + "); the file may be truncated or damaged");
        }
        return finite(toFloats(flat, ctx, layer), ctx, layer);
    }

    /** NaN or ±Inf (also a float64 beyond float32's range) cannot be converted: refused naming the tensor. */
    private float[] finite(float[] values, ImportContext ctx, LayerSpec layer) {
        for (int i = 0; i < values.length; i++) {
            if (!Float.isFinite(values[i])) {
                throw ctx.layerError(layer, "has weight '" + name + "' holding " + values[i] + " at flat index " + i
                        + "; a model with non-finite weights cannot be converted: retrain it or fix the weights");
            }
        }
        return values;
    }

    private float[] toFloats(Object flat, ImportContext ctx, LayerSpec layer) {
        if (flat instanceof float[] f) {
            return f;
        }
        if (flat instanceof double[] d) {
            float[] out = new float[d.length];
            for (int i = 0; i < d.length; i++) {
                out[i] = (float) d[i];
            }
            return out;
        }
        if (flat != null && flat.getClass().isArray() && flat.getClass().getComponentType().isPrimitive()) {
            float[] out = new float[Array.getLength(flat)];
            for (int i = 0; i < out.length; i++) {
                out[i] = ((Number) Array.get(flat, i)).floatValue();
            }
            return out;
        }
        throw ctx.layerError(layer, "has weight '" + name + "' of a non-numeric type; expected float32 or float64");
    }
}
