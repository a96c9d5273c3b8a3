package org.spkeras.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import org.spkeras.SpkerasException;

/** An {@code .npz} archive opened for its array names; only the arrays asked for are decompressed. */
final class NpzArchive implements ArrayFile {
    private final Path file;
    private final String fileName;
    private final List<String> names = new ArrayList<>();

    NpzArchive(Path file) {
        this.file = file;
        this.fileName = file.getFileName().toString();
        try (ZipFile zip = new ZipFile(file.toFile())) {
            zip.stream().map(ZipEntry::getName).filter(n -> n.endsWith(".npy"))
                    .forEach(n -> names.add(n.substring(0, n.length() - 4)));
        } catch (IOException e) {
            throw unreadable(e);
        }
        if (names.isEmpty()) {
            throw new SpkerasException(fileName + ": holds no .npy arrays; write it with np.savez(path, x=..., y=...)");
        }
    }

    @Override
    public String fileName() {
        return fileName;
    }

    @Override
    public List<String> names() {
        return Collections.unmodifiableList(names);
    }

    @Override
    public SampleArray array(String name) {
        try (ZipFile zip = new ZipFile(file.toFile())) {
            ZipEntry entry = zip.getEntry(name + ".npy");
            try (InputStream in = zip.getInputStream(entry)) {
                return NpyFormat.read(in, fileName + " '" + name + "'", entry.getSize());
            }
        } catch (ZipException | java.io.EOFException e) {
            throw unreadable(e);
        } catch (IOException e) {
            throw new SpkerasException(fileName + ": cannot be read (" + e.getMessage() + ")");
        }
    }

    private SpkerasException unreadable(IOException e) {
        return new SpkerasException(fileName + ": is not a readable .npz archive (" + e.getMessage()
                + "); it may be truncated, write it again with np.savez");
    }
}
