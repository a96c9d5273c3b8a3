package org.spkeras.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import org.spkeras.SpkerasException;

/** Reads NumPy {@code .npz} archives (plain or compressed): one {@link NdArray} per {@code name.npy} entry. */
public final class Npz {
    private Npz() {}

    public static Map<String, NdArray> read(Path file) {
        String source = file.getFileName().toString();
        if (!Files.isRegularFile(file)) {
            throw new SpkerasException(source + ": no such file (" + file + "); check the path");
        }
        Map<String, NdArray> arrays = new LinkedHashMap<>();
        try (ZipFile zip = new ZipFile(file.toFile())) {
            Enumeration<? extends ZipEntry> entries = zip.entries();
            while (entries.hasMoreElements()) {
                ZipEntry entry = entries.nextElement();
                if (!entry.getName().endsWith(".npy")) {
                    continue;
                }
                String name = entry.getName().substring(0, entry.getName().length() - 4);
                arrays.put(name, Npy.read(zip.getInputStream(entry), name, source + " (" + entry.getName() + ")",
                        entry.getSize()));
            }
        } catch (ZipException e) {
            throw new SpkerasException(source + ": is not a readable .npz archive (" + e.getMessage() + "); it may be truncated");
        } catch (IOException e) {
            throw new SpkerasException(source + ": cannot be read (" + e.getMessage() + ")");
        }
        if (arrays.isEmpty()) {
            throw new SpkerasException(source + ": holds no .npy arrays");
        }
        return arrays;
    }

    /** Reads a single {@code .npy} file. */
    public static NdArray readNpy(Path file) {
        String source = file.getFileName().toString();
        try (var in = Files.newInputStream(file)) {
            return Npy.read(in, source.replace(".npy", ""), source, Files.size(file));
        } catch (IOException e) {
            throw new SpkerasException(source + ": cannot be read (" + e.getMessage() + ")");
        }
    }
}
