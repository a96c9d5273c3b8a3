package org.spkeras.io;

import io.jhdf.HdfFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Opens HDF5 files for reading. A file under 2 GiB is memory-mapped and read from the mapping: jHDF then hands out
 * slices of the file instead of allocating a buffer of whatever size a (possibly damaged) header declares, so a
 * size field pointing past the end of the file fails at once instead of exhausting the heap. Larger files are read
 * through a file channel.
 */
public final class Hdf5Open {
    private Hdf5Open() {}

    /** The file, read-only; I/O problems are thrown as {@link UncheckedIOException}. */
    public static HdfFile read(Path file) {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = channel.size();
            if (size >= Integer.MAX_VALUE) {
                return new HdfFile(file);
            }
            MappedByteBuffer mapped = channel.map(FileChannel.MapMode.READ_ONLY, 0, size);
            return HdfFile.fromByteBuffer(mapped);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
