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
}
