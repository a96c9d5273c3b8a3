package org.spkeras.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.spkeras.SpkerasException;

/**
 * Whole NumPy arrays widened to float64 ({@link NdArray}), for reference activations and tests: the same
 * {@code .npy}/{@code .npz} reader as the data sets ({@link NpyFormat}, {@link NpzArchive}), so both decode
 * every type alike.
 */
public final class Npz {
    private Npz() {}

    /** Every array of an {@code .npz} archive (plain or compressed), by name, in the archive's order. */
    public static Map<String, NdArray> read(Path file) {
        NpzArchive archive = new NpzArchive(requireFile(file));
        Map<String, NdArray> arrays = new LinkedHashMap<>();
        for (String name : archive.names()) {
            arrays.put(name, widen(name, (RawArray) archive.array(name)));
        }
        return arrays;
    }

    /** Reads a single {@code .npy} file. */
    public static NdArray readNpy(Path file) {
        String name = file.getFileName().toString().replace(".npy", "");
        return widen(name, NpyFormat.map(requireFile(file)));
    }

    private static Path requireFile(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new SpkerasException(file.getFileName() + ": no such file (" + file + "); check the path");
        }
        return file;
    }

    private static NdArray widen(String name, RawArray a) {
        long count = RawArray.count(a.shape(), 1);
        double[] values = new double[Math.toIntExact(count)];
        for (int i = 0; i < values.length; i++) {
            values[i] = a.type().get(a.data(), i);
        }
        return new NdArray(name, a.shape(), a.dtype(), values);
    }
}
