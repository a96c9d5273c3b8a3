package org.spkeras.data;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spkeras.SpkerasException;
import org.spkeras.fuzz.SeedFiles;

/**
 * Issue 25, case 3: a data file that shrinks while it is read through its memory map (another process truncating
 * it) is a one-line refusal naming the file, not {@code InternalError: a fault occurred in a recent unsafe memory
 * access}. Fixture: 6,000 random 12×12×3 samples (SeedFiles, seed 4), more than one 1 Mi-value block of HDF5 reads.
 */
class MappedFileShrinkTest {
    @TempDir
    Path dir;

    private static void truncate(Path file, long size) throws IOException {
        try (FileChannel c = FileChannel.open(file, StandardOpenOption.WRITE)) {
            c.truncate(size);
        }
    }

    private static void assertNamed(SpkerasException e, String file) {
        assertTrue(e.getMessage().startsWith(file) && e.getMessage().contains("changed (shrank) while it was being read"),
                e.getMessage());
    }

    @Test
    void hdf5DataShrinkingUnderTheMapIsRefusedByName() throws IOException {
        SeedFiles.Data data = SeedFiles.Data.random(4, 6000, 12, 12, 3);
        Path h5 = Files.write(dir.resolve("shrink.h5"), SeedFiles.hdf5(data, dir.resolve("scratch.h5")));
        try (Hdf5File file = new Hdf5File(h5)) {
            SampleArray x = file.array("x");
            truncate(h5, 4096);
            float[] row = new float[x.rowSize()];
            assertNamed(assertThrows(SpkerasException.class, () -> x.readRow(0, row)), "shrink.h5 'x'");
        }
    }

    @Test
    void npyDataShrinkingUnderTheMapIsRefusedByName() throws IOException {
        SeedFiles.Data data = SeedFiles.Data.random(4, 600, 12, 12, 3);
        Path npy = Files.write(dir.resolve("shrink.npy"), SeedFiles.xNpy(data));
        RawArray x = NpyFormat.map(npy);
        truncate(npy, 256);
        float[] row = new float[x.rowSize()];
        assertNamed(assertThrows(SpkerasException.class, () -> x.readRow(599, row)), "shrink.npy");
    }
}
