package org.spkeras.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.spkeras.data.DataFiles.arrays;
import static org.spkeras.data.DataFiles.bytes;
import static org.spkeras.data.DataFiles.f4;
import static org.spkeras.data.DataFiles.gzip;
import static org.spkeras.data.DataFiles.i8;
import static org.spkeras.data.DataFiles.idxBytes;
import static org.spkeras.data.DataFiles.npy;
import static org.spkeras.data.DataFiles.npz;
import static org.spkeras.data.DataFiles.range;
import static org.spkeras.data.DataFiles.shape;
import static org.spkeras.data.DataFiles.u1;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spkeras.SpkerasException;
import org.spkeras.data.DataOptions.Layout;
import org.spkeras.model.DataFormat;
import org.spkeras.model.Shape;

class DatasetsTest {
    private static final DataFormat CL = DataFormat.CHANNELS_LAST;
    private static final DataFormat CF = DataFormat.CHANNELS_FIRST;
    private static final DataOptions D = DataOptions.DEFAULTS;

    @TempDir
    Path dir;

    private static Dataset open(Path file, DataOptions o, Shape expected, DataFormat f, int classes) {
        return Datasets.open(file.toString(), o, expected, f, classes);
    }

    private static SpkerasException refused(Path file, DataOptions o, Shape expected, int classes) {
        return assertThrows(SpkerasException.class, () -> open(file, o, expected, CL, classes).sample(0));
    }

    /** Three 2×2×1 uint8 images 0..11 with integer labels 2, 0, 1. */
    private Path uint8Npz(String name, boolean compressed) throws IOException {
        int[] pixels = new int[12];
        for (int i = 0; i < 12; i++) {
            pixels[i] = i * 20;
        }
        return npz(dir.resolve(name), compressed, arrays("x", u1(shape(3, 2, 2, 1), pixels), "y", i8(shape(3), 2, 0, 1)));
    }

    @Test
    void npzWithXAndYUint8ScaledByDefault() throws IOException {
        for (boolean compressed : new boolean[] {false, true}) {
            try (Dataset d = open(uint8Npz("d" + compressed + ".npz", compressed), D, Shape.spatial(2, 2, 1), CL, 3)) {
                assertEquals(3, d.size());
                assertEquals(3, d.classes());
                assertEquals(Shape.spatial(2, 2, 1), d.sampleShape());
                assertArrayEquals(new float[] {80 / 255f, 100 / 255f, 120 / 255f, 140 / 255f}, d.sample(1), 1e-7f);
                assertEquals(2, d.label(0));
                assertEquals(1, d.label(2));
                assertTrue(d.description().contains("'x' (3×2×2×1 uint8, NHWC (detected) → (2, 2, 1) channels-last), "
                        + "labels d" + compressed + ".npz 'y' (integer, 3 classes), values ×1/255 (integer data, scale "
                        + "auto), all 3 samples"), d.description());
            }
        }
    }

    @Test
    void explicitScaleLimitAndBatches() throws IOException {
        DataOptions o = D.withScale(2.0).withLimit(2);
        try (Dataset d = open(uint8Npz("d.npz", false), o, null, CL, -1)) {
            assertEquals(2, d.size());
            assertArrayEquals(new float[] {0, 40, 80, 120}, d.sample(0));
            assertThrows(IndexOutOfBoundsException.class, () -> d.sample(2));
            assertTrue(d.description().endsWith("values ×2.0 (as set), samples 0..1 (first 2 of 3)"), d.description());
            Iterator<Batch> it = d.batches(1);
            Batch b0 = it.next();
            Batch b1 = it.next();
            assertFalse(it.hasNext());
            assertEquals(0, b0.firstIndex());
            assertEquals(1, b1.firstIndex());
            assertArrayEquals(new int[] {0}, b1.labels());
            assertEquals(2, d.batches(0, 2, 5).next().size());
        }
        try (Dataset d = open(uint8Npz("e.npz", false), D.withLimit(50), null, CL, -1)) {
            assertEquals(3, d.size(), "a limit above the size uses all samples");
        }
    }

    @Test
    void channelsFirstFloatArrayWithSiblingOneHotLabelsFile() throws IOException {
        // x_norm.npz + y_test.npz, 'arr_0' each, like the bundled MNIST set
        npz(dir.resolve("x_norm.npz"), true, arrays("arr_0", f4(shape(2, 2, 1, 3), range(12))));
        npz(dir.resolve("y_test.npz"), true, arrays("arr_0", f4(shape(2, 3), 0, 0, 1, 1, 0, 0)));
        try (Dataset d = open(dir.resolve("x_norm.npz"), D, Shape.spatial(1, 3, 2), CF, 3)) {
            assertEquals(Shape.spatial(1, 3, 2), d.sampleShape());
            // sample 0 stored c,h,w = [[0,1,2],[3,4,5]] → channels-last (x, c) pairs
            assertArrayEquals(new float[] {0, 3, 1, 4, 2, 5}, d.sample(0));
            assertArrayEquals(new float[] {6, 9, 7, 10, 8, 11}, d.sample(1));
            assertEquals(2, d.label(0));
            assertEquals(0, d.label(1));
            assertTrue(d.description().contains("NCHW (detected)"), d.description());
            assertTrue(d.description().contains("labels y_test.npz 'arr_0' (one-hot, 3 classes)"), d.description());
            assertTrue(d.description().contains("values as stored (float data, scale auto)"), d.description());
        }
    }

    @Test
    void prefersTestArraysAndHonoursKeys() throws IOException {
        Path f = npz(dir.resolve("split.npz"), false, arrays(
                "x_train", f4(shape(3, 2), range(6)), "y_train", i8(shape(3), 0, 1, 1),
                "x_test", f4(shape(1, 2), 7, 8), "y_test", i8(shape(1), 1)));
        try (Dataset d = open(f, D, null, CL, -1)) {
            assertEquals(1, d.size());
            assertArrayEquals(new float[] {7, 8}, d.sample(0));
            assertEquals(Shape.flat(2), d.sampleShape());
        }
        try (Dataset d = open(f, D.withKeys("x_train", null), null, CL, -1)) {
            assertEquals(3, d.size());
            assertEquals(1, d.label(2), "y_train found as the partner of x_train");
        }
        assertEquals("split.npz: has no array 'x_val' (option x-key); it holds [x_train, y_train, x_test, y_test]",
                refused(f, D.withKeys("x_val", null), null, -1).getMessage());
    }

    @Test
    void npyFeaturesUnlabelledOrWithSiblingLabels() throws IOException {
        Path x = npy(dir.resolve("x_test.npy"), f4(shape(2, 3), range(6)));
        try (Dataset d = open(x, D, null, CL, -1)) {
            assertEquals(-1, d.classes());
            assertFalse(d.labelled());
            assertEquals(-1, d.label(1));
            assertTrue(d.description().contains("unlabelled (no y_test.npy beside it)"), d.description());
        }
        npy(dir.resolve("y_test.npy"), u1(shape(2), 4, 1));
        try (Dataset d = open(x, D, Shape.flat(3), CL, 5)) {
            assertEquals(5, d.classes());
            assertEquals(4, d.label(0));
            assertArrayEquals(new float[] {3, 4, 5}, d.sample(1));
        }
    }

    @Test
    void idxAndIdxGzWithLabelsFoundBySiblingName() throws IOException {
        byte[] images = idxBytes(0x08, new int[] {2, 2, 2}, bytes(0, 255, 51, 102, 1, 2, 3, 4));
        byte[] labels = idxBytes(0x08, new int[] {2}, bytes(7, 3));
        Path plain = Files.write(dir.resolve("t10k-images-idx3-ubyte"), images);
        Files.write(dir.resolve("t10k-labels-idx1-ubyte"), labels);
        Path gz = Files.write(dir.resolve("train-images-idx3-ubyte.gz"), gzip(images));
        Files.write(dir.resolve("train-labels-idx1-ubyte.gz"), gzip(labels));
        for (Path p : List.of(plain, gz)) {
            try (Dataset d = open(p, D, Shape.spatial(2, 2, 1), CF, 10)) {
                assertEquals(2, d.size());
                assertArrayEquals(new float[] {0, 1, 0.2f, 0.4f}, d.sample(0), 1e-7f);
                assertEquals(7, d.label(0));
                assertEquals(3, d.label(1));
                assertEquals(10, d.classes());
            }
        }
        try (Dataset d = open(plain, D, Shape.flat(4), CL, 10)) {
            assertEquals(Shape.flat(4), d.sampleShape(), "MLPs take the images flattened");
        }
        assertTrue(refused(dir.resolve("t10k-labels-idx1-ubyte"), D, null, -1).getMessage().startsWith(
                "t10k-labels-idx1-ubyte: is a labels file (2 uint8); give the images file"));
    }

    @Test
    void hdf5WithRecognisedNamesAndKeys() throws IOException {
        Path f = dir.resolve("data.h5");
        try (io.jhdf.WritableHdfFile w = io.jhdf.HdfFile.write(f)) {
            w.putDataset("x", new float[][][][] {{{{0.5f}, {1}}}, {{{2}, {3}}}});
            w.putDataset("y", new int[] {1, 0});
            w.putGroup("other").putDataset("inputs", new double[][] {{1, 2}, {3, 4}, {5, 6}});
        }
        try (Dataset d = open(f, D, Shape.spatial(1, 2, 1), CL, 2)) {
            assertEquals(2, d.size());
            assertArrayEquals(new float[] {2, 3}, d.sample(1));
            assertArrayEquals(new float[] {0.5f, 1}, d.sample(0));
            assertEquals(1, d.label(0));
            assertTrue(d.description().contains("data.h5 'x' (2×1×2×1 float32"), d.description());
        }
        try (Dataset d = open(f, D.withKeys("other/inputs", null), null, CL, -1)) {
            assertEquals(3, d.size());
            assertFalse(d.labelled(), "with --x-key only the partner name is tried, not 'y'");
        }
    }

    @Test
    void hdf5WithExplicitYKeyOfTheWrongLengthIsRefused() throws IOException {
        Path f = dir.resolve("data.h5");
        try (io.jhdf.WritableHdfFile w = io.jhdf.HdfFile.write(f)) {
            w.putDataset("x", new float[][] {{1, 2}, {3, 4}, {5, 6}});
            w.putDataset("y", new int[] {1, 0});
        }
        assertEquals("data.h5 'y': has 2 labels for 3 samples; give one label per sample",
                refused(f, D.withKeys(null, "y"), null, -1).getMessage());
    }

    @Test
    void damagedOrNonNumericHdf5IsRefused() throws IOException {
        Path f = dir.resolve("whole.h5");
        try (io.jhdf.WritableHdfFile w = io.jhdf.HdfFile.write(f)) {
            w.putDataset("x", new float[200][50]);
        }
        Path cut = Files.write(dir.resolve("cut.h5"), java.util.Arrays.copyOf(Files.readAllBytes(f), 1500));
        SpkerasException e = assertThrows(SpkerasException.class, () -> open(cut, D, null, CL, -1));
        assertTrue(e.getMessage().startsWith("cut.h5 'x': declares [200, 50] (40000 bytes) but the file holds only 1500 "
                + "bytes"), e.getMessage());
        assertTrue(e.getMessage().endsWith("; the file is truncated or damaged, write it again"), e.getMessage());
        Path text = Files.writeString(dir.resolve("text.h5"), "not hdf5 at all");
        assertTrue(refused(text, D, null, -1).getMessage().startsWith("text.h5: is not a readable HDF5 file ("));
        Path strings = dir.resolve("strings.h5");
        try (io.jhdf.WritableHdfFile w = io.jhdf.HdfFile.write(strings)) {
            w.putDataset("x", new String[] {"a", "b"});
        }
        assertTrue(refused(strings, D, null, -1).getMessage().startsWith("strings.h5 'x': is not a numeric array with "
                + "a sample axis"));
    }

    @Test
    void largeHdf5IsReadInBlocks() throws IOException {
        Path f = dir.resolve("big.h5");
        float[][] x = new float[3000][500];
        for (int i = 0; i < x.length; i++) {
            x[i][0] = i;
            x[i][499] = -i;
        }
        try (io.jhdf.WritableHdfFile w = io.jhdf.HdfFile.write(f)) {
            w.putDataset("x", x);
        }
        try (Dataset d = open(f, D, null, CL, -1)) {
            for (int i : new int[] {2999, 0, 2097, 2098, 1}) {
                float[] s = d.sample(i);
                assertEquals(i, s[0]);
                assertEquals(-i, s[499]);
            }
        }
    }

    @Test
    void nanAndInfinityAreRefusedPerSampleWithItsIndex() throws IOException {
        Path f = npz(dir.resolve("nan.npz"), false, arrays("x", f4(shape(3, 2), 0, 1, 2, Float.NaN, 4,
                Float.NEGATIVE_INFINITY)));
        try (Dataset d = open(f, D, null, CL, -1)) {
            assertArrayEquals(new float[] {0, 1}, d.sample(0), "samples before the bad one are served");
            assertEquals("nan.npz 'x': sample 1 holds NaN at flat position 1; clean the data (e.g. np.nan_to_num) or "
                    + "leave the sample out", assertThrows(SpkerasException.class, () -> d.sample(1)).getMessage());
            assertEquals("nan.npz 'x': sample 2 holds an infinite value at flat position 1; clean the data (e.g. "
                    + "np.nan_to_num) or leave the sample out",
                    assertThrows(SpkerasException.class, () -> d.batches(2, 3, 4).next()).getMessage());
        }
    }

    @Test
    void wrongShapeLabelsOutOfRangeAndCountMismatchAreRefused() throws IOException {
        assertEquals("d.npz 'x': samples are 2×2×1 but the model expects (28, 28, 1) channels-last = (1, 28, 28) "
                + "channels-first; give data made for this model",
                refused(uint8Npz("d.npz", false), D, Shape.spatial(28, 28, 1), 10).getMessage());
        assertEquals("d.npz 'y': label 2 of sample 0 is out of range for a model with 2 output classes (0..1); give "
                + "labels for this model", refused(uint8Npz("d.npz", false), D, Shape.spatial(2, 2, 1), 2).getMessage());
        Path f = npz(dir.resolve("n.npz"), false, arrays("x", f4(shape(2, 2), range(4)), "y", i8(shape(3), 0, 1, 1)));
        assertEquals("n.npz 'y': has 3 labels for 2 samples; give one label per sample",
                refused(f, D, null, -1).getMessage());
    }

    @Test
    void truncatedNpzIsRefused() throws IOException {
        Path f = DataFiles.truncate(uint8Npz("cut.npz", true), 60);
        assertTrue(refused(f, D, null, -1).getMessage().startsWith("cut.npz: is not a readable .npz archive ("),
                "damaged zip");
        byte[] full = Files.readAllBytes(uint8Npz("whole.npz", false));
        assertTrue(full.length > 100);
        Path stored = npz(dir.resolve("short.npz"), false, arrays("x", new DataFiles.Arr("<f4", shape(3, 2), new byte[8])));
        assertEquals("short.npz 'x': declares shape [3, 2] (24 bytes) but holds only 8 bytes of data; the file is "
                + "truncated, write it again", refused(stored, D, null, -1).getMessage());
    }

    @Test
    void unknownFilesAndTypesAreRefused() throws IOException {
        assertEquals("nope.npz: no such file or named data set; DATA is a .npz, .npy, IDX (.gz) or HDF5 file, or one of "
                + "mnist, fashion-mnist, bundled, cifar10-1000 (fashion-mnist:train for the training split)",
                refused(Path.of("nope.npz"), D, null, -1).getMessage());
        Path txt = Files.writeString(dir.resolve("readme.txt"), "some text");
        assertEquals("readme.txt: unrecognised file type (8 first bytes do not match .npy, .npz, HDF5 or IDX); DATA "
                + "must be one of those, or a named set (mnist, fashion-mnist, bundled, cifar10-1000)",
                refused(txt, D, null, -1).getMessage());
        Path multi = npz(dir.resolve("multi.npz"), false, arrays("a", f4(shape(1), 1), "b", f4(shape(1), 2)));
        assertEquals("multi.npz: no features array found among [a, b] (recognised: [x, x_test, x_train, images, "
                + "features, data, arr_0]); name the array with option x-key", refused(multi, D, null, -1).getMessage());
    }

    @Test
    void samplesCanBeReadConcurrently() throws Exception {
        try (Dataset d = open(uint8Npz("d.npz", false), D, null, CL, -1)) {
            List<Thread> threads = new ArrayList<>();
            List<Throwable> errors = new java.util.concurrent.CopyOnWriteArrayList<>();
            for (int t = 0; t < 4; t++) {
                Thread th = new Thread(() -> {
                    try {
                        for (int k = 0; k < 1000; k++) {
                            assertEquals(40 / 255f, d.sample(0)[2], 1e-7f);
                        }
                    } catch (Throwable e) {
                        errors.add(e);
                    }
                });
                threads.add(th);
                th.start();
            }
            for (Thread th : threads) {
                th.join();
            }
            assertTrue(errors.isEmpty(), errors.toString());
        }
    }

    @Test
    void explicitLayoutOption() throws IOException {
        Path f = npz(dir.resolve("cube.npz"), false, arrays("x", f4(shape(1, 2, 2, 2), range(8))));
        try (Dataset nchw = open(f, D.withLayout(Layout.NCHW), null, CL, -1);
             Dataset nhwc = open(f, D.withLayout(Layout.NHWC), null, CL, -1)) {
            assertArrayEquals(range(8), nhwc.sample(0));
            assertArrayEquals(new float[] {0, 4, 1, 5, 2, 6, 3, 7}, nchw.sample(0));
        }
    }
}
