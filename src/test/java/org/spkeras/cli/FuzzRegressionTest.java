package org.spkeras.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spkeras.fuzz.SeedFiles;
import org.spkeras.testing.CliRun;

/**
 * Inputs the fuzz campaign (bench/fuzz.sh, seed 3) found to exhaust a 256 MiB heap: HDF5 files whose damaged
 * object header declares a size far beyond the file. Each must be refused in one line naming the file, without
 * allocating anything near that size.
 */
class FuzzRegressionTest {
    private static final Path FOUND = Path.of("src/test/resources/fuzz-regressions");
    private static final long ALLOCATION_LIMIT = 64L << 20;

    @TempDir
    Path dir;

    @Test
    void modelWithHugeObjectHeaderSizeIsRefusedWithoutAllocatingIt() throws IOException {
        Path data = calibrationData();
        refusedWithinAllocationLimit("header-size-seq_cnn.h5", "import", s(FOUND.resolve("header-size-seq_cnn.h5")),
                "--calibration", s(data), "-o", s(dir.resolve("x.snn")), "--calibrate", "none");
    }

    @Test
    void dataWithHugeObjectHeaderSizeIsRefusedWithoutAllocatingIt() {
        refusedWithinAllocationLimit("header-size-data.h5", "import", "keras-fixtures/seq_cnn.h5", "--calibration",
                s(FOUND.resolve("header-size-data.h5")), "-o", s(dir.resolve("x.snn")), "--calibrate", "none");
    }

    private static void refusedWithinAllocationLimit(String file, String... args) {
        long before = allocatedByThisThread();
        CliRun run = CliRun.run(args);
        long allocated = allocatedByThisThread() - before;
        run.refused(file);
        assertTrue(allocated < ALLOCATION_LIMIT, file + ": refusing it allocated " + allocated + " bytes");
    }

    private Path calibrationData() throws IOException {
        Path data = dir.resolve("data.npz");
        Files.write(data, SeedFiles.npz(SeedFiles.Data.random(7, 16, 12, 12, 3)));
        return data;
    }

    private static long allocatedByThisThread() {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        return threads.getThreadAllocatedBytes(Thread.currentThread().getId());
    }

    private static String s(Path p) {
        return p.toString();
    }
}
