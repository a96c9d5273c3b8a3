package org.spkeras.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.spkeras.data.DataFiles.arrays;
import static org.spkeras.data.DataFiles.shape;
import static org.spkeras.data.DataFiles.u1;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spkeras.SpkerasException;
import org.spkeras.keras.KerasModelReader;
import org.spkeras.model.DataFormat;
import org.spkeras.model.ForwardPass;
import org.spkeras.model.Network;
import org.spkeras.model.Shape;

class NamedSetsTest {
    private static final DataOptions D = DataOptions.DEFAULTS;
    private static final Shape MNIST = Shape.spatial(28, 28, 1);

    @TempDir
    Path dir;

    private static Dataset open(String spec, NamedSets named) {
        return Datasets.open(spec, D, null, DataFormat.CHANNELS_LAST, -1, named);
    }

    private static int argmax(double[] v) {
        int best = 0;
        for (int i = 1; i < v.length; i++) {
            best = v[i] > v[best] ? i : best;
        }
        return best;
    }

    /**
     * A library user outside the repository, without SPKERAS_HOME, still has mnist and bundled: the jar carries them
     * (issue 19; on old main cd88cd1 they were "not found"). Same samples as the repository's files.
     */
    @Test
    void namedSetsAreFoundInTheJarWhenNoFolderHasThem() {
        NamedSets carried = new NamedSets(List.of(dir.resolve("nowhere")), List.of(), true);
        NamedSets.Resolved mnist = carried.resolve("mnist");
        assertTrue(Files.isRegularFile(mnist.features()) && !mnist.features().startsWith(Path.of("keras-fixtures").toAbsolutePath()),
                mnist.toString());
        try (Dataset jar = open("mnist", carried); Dataset repo = Datasets.open("mnist", D, null, null, -1)) {
            assertEquals(repo.size(), jar.size());
            assertArrayEquals(repo.sample(9_999), jar.sample(9_999));
            assertEquals(repo.label(9_999), jar.label(9_999));
        }
        try (Dataset bundled = open("bundled:train", carried)) {
            assertEquals(1_000, bundled.size());
        }
        assertThrows(SpkerasException.class, () -> new NamedSets(List.of(dir.resolve("nowhere")), List.of()).resolve("mnist"));
    }

    @Test
    void mnistIsTheBundledTestSet() {
        try (Dataset d = Datasets.open("mnist", D, null, null, -1)) {
            assertEquals(10_000, d.size());
            assertEquals(MNIST, d.sampleShape(), "1×28×28 per sample is read as channels-first");
            assertEquals(10, d.classes());
            // numpy: np.load('keras-fixtures/data/mnist/y_test.npz')['arr_0'][0].argmax() → 7
            // (and [:5].argmax(1) → [7 2 1 0 4])
            assertArrayEquals(new int[] {7, 2, 1, 0, 4}, IntStream.range(0, 5).map(d::label).toArray());
            for (int i = 0; i < d.size(); i++) {
                assertTrue(d.label(i) >= 0 && d.label(i) <= 9);
            }
            // numpy: np.load('keras-fixtures/data/mnist/x_norm.npz')['arr_0'][0].sum() → 72.36864
            double sum = 0;
            for (float v : d.sample(0)) {
                sum += v;
            }
            assertEquals(72.36864, sum, 1e-4);
            assertTrue(d.description().startsWith("mnist (MNIST test set, "), d.description());
        }
        try (Dataset d = Datasets.open("mnist:test", D.withLimit(100), Shape.flat(784), DataFormat.CHANNELS_LAST, 10)) {
            assertEquals(100, d.size());
            assertEquals(Shape.flat(784), d.sampleShape(), "an MLP takes the images flat");
        }
    }

    @Test
    void bundledLeNetReachesItsRecordedAccuracyThroughTheDataset() {
        Network net = KerasModelReader.read(Path.of("keras-fixtures/real/lenet5_98.96.h5"));
        assertEquals(DataFormat.CHANNELS_FIRST, net.source().dataFormat());
        ForwardPass forward = new ForwardPass(net);
        try (Dataset d = Datasets.open("mnist", D, net)) {
            assertEquals(net.inputShape(), d.sampleShape());
            long correct = IntStream.range(0, d.size()).parallel()
                    .filter(i -> argmax(forward.output(d.sample(i))) == d.label(i)).count();
            assertEquals(9896, correct, "the file name records Keras's accuracy: 98.96 %");
        }
    }

    @Test
    void fashionMnistFromTheDebianPackage() {
        assumeTrue(Files.isDirectory(NamedSets.FASHION_DEBIAN_DIR),
                "the Debian package dataset-fashion-mnist is not installed (apt-get install dataset-fashion-mnist)");
        try (Dataset test = Datasets.open("fashion-mnist", D, MNIST, DataFormat.CHANNELS_LAST, 10);
             Dataset train = Datasets.open("fashion-mnist:train", D, MNIST, DataFormat.CHANNELS_FIRST, 10)) {
            assertEquals(10_000, test.size());
            assertEquals(60_000, train.size());
            assertEquals(MNIST, train.sampleShape());
            // python: labels = gzip.open('/usr/share/datasets/fashion-mnist/t10k-labels-idx1-ubyte.gz').read()[8:]
            // → 9 2 1 1 6 ...; train → 9 0 0 3 0 ...; the first test image's pixels sum to 33456
            assertArrayEquals(new int[] {9, 2, 1, 1, 6}, IntStream.range(0, 5).map(test::label).toArray());
            assertArrayEquals(new int[] {9, 0, 0, 3, 0}, IntStream.range(0, 5).map(train::label).toArray());
            double sum = 0;
            for (float v : test.sample(0)) {
                assertTrue(v >= 0 && v <= 1);
                sum += v;
            }
            assertEquals(33456 / 255.0, sum, 1e-3);
            assertTrue(test.description().contains("t10k-images-idx3-ubyte.gz (10000×28×28 uint8"), test.description());
        }
    }

    @Test
    void fashionMnistAbsentNamesThePackage() {
        NamedSets none = new NamedSets(List.of(), List.of(dir.resolve("missing")));
        SpkerasException e = assertThrows(SpkerasException.class, () -> open("fashion-mnist:train", none));
        assertEquals("data set 'fashion-mnist': train-images-idx3-ubyte.gz not found in [" + dir.resolve("missing")
                + "]; install the Debian package dataset-fashion-mnist (apt-get install dataset-fashion-mnist)",
                e.getMessage());
    }

    @Test
    void bundledResolvesUnderTheFixturesRootOrSaysWhereItLooked() throws IOException {
        Path root = dir.resolve("keras-fixtures");
        NamedSets named = new NamedSets(List.of(dir.resolve("nowhere"), root), List.of());
        SpkerasException e = assertThrows(SpkerasException.class, () -> open("bundled", named));
        assertEquals("data set 'bundled': keras-fixtures/data/fashion-mnist-1000.npz not found (looked in ["
                + dir.resolve("nowhere") + ", " + root + "]); run from the repository root or set SPKERAS_HOME to the "
                + "repository directory", e.getMessage());
        Files.createDirectories(root.resolve("data"));
        int[] pixels = new int[2 * 28 * 28];
        pixels[28 * 28] = 255;
        DataFiles.npz(root.resolve("data/fashion-mnist-1000.npz"), true,
                arrays("x", u1(shape(2, 28, 28, 1), pixels), "y", u1(shape(2), 3, 9)));
        try (Dataset d = open("bundled", named)) {
            assertEquals(2, d.size());
            assertEquals(MNIST, d.sampleShape());
            assertEquals(9, d.label(1));
            assertEquals(1f, d.sample(1)[0]);
        }
    }

    @Test
    void bundledTrainIsTheFirstThousandTrainingImagesOfTheRepository() {
        // fixture: keras-fixtures/data/fashion-mnist-train-1000.npz (python-reference/train.py --subset)
        try (Dataset test = open("bundled", NamedSets.system()); Dataset train = open("bundled:train", NamedSets.system())) {
            assertEquals(1000, train.size());
            assertEquals(MNIST, train.sampleShape());
            assertTrue(train.description().startsWith("bundled:train (first 1,000 Fashion-MNIST train images"),
                    train.description());
            assertFalse(java.util.Arrays.equals(test.sample(0), train.sample(0)), "train and test subsets differ");
            int[] perClass = new int[10];
            for (int i = 0; i < train.size(); i++) {
                perClass[train.label(i)]++;
            }
            assertArrayEquals(new int[] {107, 104, 86, 92, 95, 100, 100, 115, 102, 99}, perClass);
        }
    }

    @Test
    void splitsAndNamesAreChecked() {
        NamedSets none = new NamedSets(List.of(), List.of());
        assertEquals("data set 'mnist:train': mnist has only a test split; use mnist, fashion-mnist:train or bundled:train",
                assertThrows(SpkerasException.class, () -> open("mnist:train", none)).getMessage());
        assertEquals("data set 'fashion-mnist:valid': unknown split 'valid'; use :test or :train",
                assertThrows(SpkerasException.class, () -> open("fashion-mnist:valid", none)).getMessage());
        assertEquals("data set 'mnist': keras-fixtures/data/mnist/x_norm.npz not found (looked in []); run from the "
                + "repository root or set SPKERAS_HOME to the repository directory",
                assertThrows(SpkerasException.class, () -> open("mnist", none)).getMessage());
        assertEquals("no DATA given; give a .npz/.npy/IDX/HDF5 file or one of [mnist, fashion-mnist, bundled, cifar10-1000]",
                assertThrows(SpkerasException.class, () -> open(" ", none)).getMessage());
    }

    @Test
    void systemLocationsIncludeTheDirectoriesAboveTheCode() {
        // target/classes → target → repository root: the repository's keras-fixtures is found from any directory
        NamedSets.Resolved r = NamedSets.system().resolve("mnist");
        assertTrue(Files.isRegularFile(r.features()));
        assertTrue(Files.isRegularFile(r.labels()));
    }
}
