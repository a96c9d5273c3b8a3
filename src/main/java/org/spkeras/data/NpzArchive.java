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
            long fileSize = java.nio.file.Files.size(file);
            long declared = 0;
            for (ZipEntry e : java.util.Collections.list(zip.entries())) {
                if (e.getName().endsWith(".npy")) {
                    String name = e.getName().substring(0, e.getName().length() - 4);
                    checkDeclaredSizes(e, name, fileSize);
                    names.add(name);
                    declared += e.getSize();
                }
            }
            if (declared > TOTAL_BUDGET_BYTES + TOTAL_RATIO * fileSize) {
                throw new SpkerasException(fileName + ": its zip directory declares " + declared + " bytes of arrays "
                        + "in a " + fileSize + "-byte file, more than " + TOTAL_RATIO + " times its size plus "
                        + (TOTAL_BUDGET_BYTES >> 20) + " MiB, which real data does not compress to; the archive is "
                        + "damaged or a zip bomb: write it again with np.savez");
            }
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
            try (InputStream in = new org.spkeras.io.BoundedInput(zip.getInputStream(entry), entry.getSize())) {
                return NpyFormat.read(in, fileName + " '" + name + "'", entry.getSize());
            } catch (org.spkeras.io.BoundedInput.LimitExceeded e) {
                throw new SpkerasException(fileName + " '" + name + "': inflates to more than the " + entry.getSize()
                        + " bytes its zip directory declares; the archive is damaged or crafted, write it again with "
                        + "np.savez");
            }
        } catch (ZipException | java.io.EOFException e) {
            throw unreadable(e);
        } catch (IOException e) {
            throw new SpkerasException(fileName + ": cannot be read (" + e.getMessage() + ")");
        }
    }

    /** DEFLATE cannot expand data by more than about 1032:1; a directory declaring more is damaged or crafted. */
    static final long MAX_DEFLATE_RATIO = 1032;
    /**
     * All arrays together may inflate to at most this many bytes plus {@link #TOTAL_RATIO} times the file size (as
     * for .snn files): real data sets compress far less, so a zip bomb is refused before anything is allocated.
     */
    static final long TOTAL_BUDGET_BYTES = 256L << 20;
    static final long TOTAL_RATIO = 64;

    /**
     * Refuses, before anything is allocated, an entry whose zip directory declares sizes no archive of this size can
     * hold: a compressed size beyond the file, an uncompressed size beyond what DEFLATE produces from it, a stored
     * entry whose two sizes differ.
     */
    private void checkDeclaredSizes(ZipEntry entry, String name, long fileSize) {
        long size = entry.getSize();
        long compressed = entry.getCompressedSize();
        String source = fileName + " '" + name + "'";
        if (size < 0 || compressed < 0 || compressed > fileSize) {
            throw new SpkerasException(source + ": its zip directory declares " + compressed + " compressed bytes in a "
                    + fileSize + "-byte file; the archive is damaged or crafted, write it again with np.savez");
        }
        boolean stored = entry.getMethod() == ZipEntry.STORED;
        if (stored ? size != compressed : size > Math.max(1024, compressed) * MAX_DEFLATE_RATIO) {
            throw new SpkerasException(source + ": its zip directory declares " + size + " bytes from " + compressed
                    + (stored ? " stored bytes" : " compressed bytes, more than DEFLATE can produce (about "
                    + MAX_DEFLATE_RATIO + ":1)") + "; the archive is damaged or crafted, write it again with np.savez");
        }
    }

    private SpkerasException unreadable(IOException e) {
        return new SpkerasException(fileName + ": is not a readable .npz archive (" + e.getMessage()
                + "); it may be truncated, write it again with np.savez");
    }
}
