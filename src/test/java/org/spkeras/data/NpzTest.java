package org.spkeras.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.spkeras.data.DataFiles.arrays;
import static org.spkeras.data.DataFiles.shape;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Whole arrays ({@link Npz}) and data sets read .npy/.npz with one decoder, so they agree on every type. */
class NpzTest {
    @TempDir
    Path tmp;

    @Test
    void uint64AboveTwoToThe63IsReadUnsignedByBothReaders() throws Exception {
        DataFiles.Arr big = new DataFiles.Arr("<u8", shape(2, 1), DataFiles.i8(shape(2, 1), -1L, 7L).data());
        Path file = DataFiles.npz(tmp.resolve("u8.npz"), false, arrays("x", big));
        double expected = 18446744073709551615.0; // 2^64 − 1 as a double
        NdArray whole = Npz.read(file).get("x");
        assertArrayEquals(new double[] {expected, 7}, whole.values());
        try (Dataset d = Datasets.open(file.toString(), DataOptions.DEFAULTS.withScale(1.0), null, null, -1)) {
            assertEquals((float) expected, d.sample(0)[0]);
            assertEquals(7f, d.sample(1)[0]);
        }
    }

    @Test
    void readsEveryArrayInOrderFromACompressedArchiveAndANpyFile() throws Exception {
        Path npz = DataFiles.npz(tmp.resolve("a.npz"), true, arrays("input", DataFiles.f4(shape(2), 1.5f, -2f),
                "dense", DataFiles.f8be(shape(1, 2), 0.25, 4)));
        Map<String, NdArray> arrays = Npz.read(npz);
        assertEquals(List.of("input", "dense"), List.copyOf(arrays.keySet()));
        assertArrayEquals(new double[] {1.5, -2}, arrays.get("input").values());
        assertArrayEquals(new int[] {1, 2}, arrays.get("dense").shape());
        assertArrayEquals(new double[] {0.25, 4}, arrays.get("dense").values());
        NdArray single = Npz.readNpy(DataFiles.npy(tmp.resolve("b.npy"), DataFiles.u1(shape(3), 0, 128, 255)));
        assertEquals("b", single.name());
        assertArrayEquals(new double[] {0, 128, 255}, single.values());
    }

    /** What {@link Npz#content} writes reads back exactly, in order, shape and type, and the same arrays give the same bytes. */
    @Test
    void writtenArraysReadBackExactly() throws Exception {
        List<NdArray> written = List.of(new NdArray("labels", new int[] {3}, "int32", new double[] {7, -1, 2147483647}),
                new NdArray("snn", new int[] {2, 3}, "int32", new double[] {0, 1, 2, 3, 4, 5}),
                new NdArray("big", new int[] {1}, "int64", new double[] {1L << 40}),
                new NdArray("x", new int[] {2, 1}, "float64", new double[] {0.1, -3.5}),
                new NdArray("empty", new int[] {0}, "int32", new double[0]));
        Path file = tmp.resolve("w.npz");
        org.spkeras.AtomicFile.write(file, Npz.content(written));
        Map<String, NdArray> read = Npz.read(file);
        assertEquals(List.of("labels", "snn", "big", "x", "empty"), List.copyOf(read.keySet()));
        for (NdArray a : written) {
            NdArray b = read.get(a.name());
            assertEquals(a.dtype(), b.dtype(), a.name());
            assertArrayEquals(a.shape(), b.shape(), a.name());
            assertArrayEquals(a.values(), b.values(), a.name());
        }
        Path again = tmp.resolve("again.npz");
        org.spkeras.AtomicFile.write(again, Npz.content(written));
        assertArrayEquals(java.nio.file.Files.readAllBytes(file), java.nio.file.Files.readAllBytes(again));
    }
}
