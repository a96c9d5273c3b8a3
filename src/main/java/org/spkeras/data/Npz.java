package org.spkeras.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.spkeras.AtomicFile;
import org.spkeras.SpkerasException;

/**
 * Whole NumPy arrays widened to float64 ({@link NdArray}), for reference activations and tests: the same
 * {@code .npy}/{@code .npz} reader as the data sets ({@link NpyFormat}, {@link NpzArchive}), so both decode
 * every type alike; and the writer of {@code .npz} outputs (evaluation predictions).
 */
public final class Npz {
    /** Entries carry a fixed time, so that the same arrays always give the same bytes. */
    private static final LocalDateTime FIXED_TIME = LocalDateTime.of(1980, 1, 1, 0, 0);

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

    /**
     * An {@code .npz} archive of {@code arrays} (as {@code np.savez_compressed} writes, one {@code <name>.npy} entry
     * each, in order), for {@link AtomicFile}: the one writer of output files.
     */
    public static AtomicFile.Content content(List<NdArray> arrays) {
        return out -> {
            ZipOutputStream zip = new ZipOutputStream(out);
            for (NdArray a : arrays) {
                ZipEntry entry = new ZipEntry(a.name() + ".npy");
                entry.setTimeLocal(FIXED_TIME);
                zip.putNextEntry(entry);
                NpyFormat.write(zip, a);
                zip.closeEntry();
            }
            zip.finish();
        };
    }

    /** Reads a single {@code .npy} file. */
    public static NdArray readNpy(Path file) {
        String name = file.getFileName().toString().replace(".npy", "");
        return widen(name, NpyFormat.map(requireFile(file)));
    }

    private static Path requireFile(Path file) {
        org.spkeras.io.InputFiles.requireRegular(file, ".npz", "give the path of an .npz file");
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
