package org.spkeras.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spkeras.SpkerasException;
import org.spkeras.model.DataFormat;
import org.spkeras.model.Shape;

/** Image folders (one sub-folder per class), per-channel standardisation and the named set cifar10-1000. */
class ImageFolderTest {
    private static final DataFormat CL = DataFormat.CHANNELS_LAST;
    private static final Path SHARED = Path.of("..", "shared", "cifar10");

    @TempDir
    Path dir;

    /** A w×h PNG whose pixel (x, y) has channel c = base + 10·(y·w + x) + c (grayscale: base + 10·(y·w + x)). */
    private static void png(Path file, int w, int h, int base, boolean gray) throws IOException {
        Files.createDirectories(file.getParent());
        BufferedImage img = new BufferedImage(w, h, gray ? BufferedImage.TYPE_BYTE_GRAY : BufferedImage.TYPE_3BYTE_BGR);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int v = base + 10 * (y * w + x);
                if (gray) {
                    img.getRaster().setSample(x, y, 0, v);
                } else {
                    img.setRGB(x, y, (v << 16) | ((v + 1) << 8) | (v + 2));
                }
            }
        }
        ImageIO.write(img, "png", file.toFile());
    }

    @Test
    void classesAreSortedSubFoldersAndPixelsAreExact() throws IOException {
        png(dir.resolve("b_cat/2.png"), 2, 2, 100, false);
        png(dir.resolve("b_cat/10.png"), 2, 2, 50, false);
        png(dir.resolve("a_dog/x.png"), 2, 2, 0, false);
        Files.writeString(dir.resolve("a_dog/notes.txt"), "not an image");
        try (Dataset d = Datasets.open(dir.toString(), DataOptions.DEFAULTS.withScale(1.0), Shape.spatial(2, 2, 3), CL, 2)) {
            assertEquals(3, d.size());
            // a_dog first; within b_cat "10.png" sorts before "2.png" (string order, as Keras sorts paths).
            assertArrayEquals(new int[] {0, 1, 1}, new int[] {d.label(0), d.label(1), d.label(2)});
            assertArrayEquals(new float[] {0, 1, 2, 10, 11, 12, 20, 21, 22, 30, 31, 32}, d.sample(0));
            assertEquals(50, d.sample(1)[0]);
            assertEquals(100, d.sample(2)[0]);
            assertTrue(d.description().contains("2 class folders [a_dog, b_cat]"), d.description());
        }
    }

    @Test
    void grayscaleImagesAreRepeatedForAnRgbModelAndReadAsOneChannelOtherwise() throws IOException {
        png(dir.resolve("0/a.png"), 2, 1, 7, true);
        try (Dataset d = Datasets.open(dir.toString(), DataOptions.DEFAULTS.withScale(1.0), Shape.spatial(1, 2, 3), CL, -1)) {
            assertArrayEquals(new float[] {7, 7, 7, 17, 17, 17}, d.sample(0));
        }
        try (Dataset d = Datasets.open(dir.toString(), DataOptions.DEFAULTS.withScale(1.0), Shape.spatial(1, 2, 1), CL, -1)) {
            assertArrayEquals(new float[] {7, 17}, d.sample(0));
        }
    }

    @Test
    void aSizeMismatchIsRefusedSayingWhatToDo() throws IOException {
        png(dir.resolve("0/a.png"), 4, 3, 0, false);
        SpkerasException e = assertThrows(SpkerasException.class,
                () -> Datasets.open(dir.toString(), DataOptions.DEFAULTS, Shape.spatial(2, 2, 3), CL, -1));
        assertTrue(e.getMessage().contains("a.png: is 4×3 pixels (width×height) but the model takes 2×2"), e.getMessage());
        assertTrue(e.getMessage().contains("resize the folder's images to 2×2"), e.getMessage());
    }

    @Test
    void colourImagesForAOneChannelModelAreRefused() throws IOException {
        png(dir.resolve("0/a.png"), 2, 2, 0, false);
        try (Dataset d = Datasets.open(dir.toString(), DataOptions.DEFAULTS, Shape.spatial(2, 2, 1), CL, -1)) {
            SpkerasException e = assertThrows(SpkerasException.class, () -> d.sample(0));
            assertTrue(e.getMessage().contains("convert the folder's images to grayscale"), e.getMessage());
        }
    }

    @Test
    void aFolderWithoutClassFoldersIsRefused() throws IOException {
        png(dir.resolve("a.png"), 2, 2, 0, false);
        SpkerasException e = assertThrows(SpkerasException.class,
                () -> Datasets.open(dir.toString(), DataOptions.DEFAULTS, Shape.spatial(2, 2, 3), CL, -1));
        assertTrue(e.getMessage().contains("one sub-folder per class"), e.getMessage());
    }

    @Test
    void meanAndStdApplyAfterTheScalePerChannelAndAreRecorded() throws IOException {
        png(dir.resolve("0/a.png"), 1, 1, 100, false);
        DataOptions o = DataOptions.DEFAULTS.withScale(0.5).withNormalisation(new float[] {10, 20, 30}, new float[] {2, 4, 8});
        try (Dataset d = Datasets.open(dir.toString(), o, Shape.spatial(1, 1, 3), CL, -1)) {
            // (100·0.5 − 10)/2, (101·0.5 − 20)/4, (102·0.5 − 30)/8
            assertArrayEquals(new float[] {20f, 7.625f, 2.625f}, d.sample(0));
            assertTrue(d.description().contains("then (x − mean [10.0, 20.0, 30.0]) / std [2.0, 4.0, 8.0] per channel"),
                    d.description());
        }
        DataOptions wrong = DataOptions.DEFAULTS.withNormalisation(new float[] {1, 2}, null);
        SpkerasException e = assertThrows(SpkerasException.class,
                () -> Datasets.open(dir.toString(), wrong, Shape.spatial(1, 1, 3), CL, -1));
        assertTrue(e.getMessage().contains("samples have 3 channel(s) but option mean/option std give 2 values"), e.getMessage());
    }

    @Test
    void cifar10ThousandIsCarriedWithItsLicence() {
        try (Dataset d = Datasets.open("cifar10-1000", DataOptions.DEFAULTS, Shape.spatial(32, 32, 3), CL, 10)) {
            assertEquals(1000, d.size());
            assertEquals(10, d.classes());
            assertTrue(d.description().contains("values ×1/255 (integer data, scale auto)"), d.description());
        }
        assertTrue(Files.isRegularFile(Path.of("keras-fixtures/data/LICENSE.snn_toolbox.txt")));
        SpkerasException e = assertThrows(SpkerasException.class,
                () -> Datasets.open("cifar10-1000:train", DataOptions.DEFAULTS, Shape.spatial(32, 32, 3), CL, 10));
        assertTrue(e.getMessage().contains("holds test images only"), e.getMessage());
    }

    @Test
    void theCifarJpegFolderReadsTenSortedClasses() {
        Path folder = SHARED.resolve("data/cifar10_train_jpeg_5000");
        assumeTrue(Files.isDirectory(folder), "../shared/cifar10 is absent: the real JPEG folder is not checked");
        try (Dataset d = Datasets.open(folder.toString(), DataOptions.DEFAULTS, Shape.spatial(32, 32, 3), CL, 10)) {
            assertEquals(5000, d.size());
            // Round robin over the classes: airplane, automobile, …, truck, then each class's second image.
            assertArrayEquals(new int[] {0, 1, 9, 0, 9}, new int[] {d.label(0), d.label(1), d.label(9), d.label(10),
                d.label(4999)});
            assertTrue(d.description().contains("[airplane, automobile, …, truck]"), d.description());
            float[] x = d.sample(0);
            assertEquals(32 * 32 * 3, x.length);
        }
    }
}
