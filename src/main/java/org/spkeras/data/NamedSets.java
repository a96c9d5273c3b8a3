package org.spkeras.data;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.spkeras.SpkerasException;

/**
 * The named data sets {@code mnist}, {@code fashion-mnist[:train|:test]}, {@code bundled[:train]} and {@code cifar10-1000}
 * (1,000 exact CIFAR-10 test images, keras-fixtures/data/README-cifar10.md), and where their files
 * are looked for: {@code keras-fixtures/} under {@code $SPKERAS_HOME}, the current directory, or the directories
 * above the running jar (or classes folder), else the copies carried in the jar (extracted once per run into a private
 * temporary folder); Fashion-MNIST in the Debian package's install directory.
 */
final class NamedSets {
    static final List<String> NAMES = List.of("mnist", "fashion-mnist", "bundled", "cifar10-1000");
    static final String FASHION_PACKAGE = "dataset-fashion-mnist";
    static final Path FASHION_DEBIAN_DIR = Path.of("/usr/share/datasets/fashion-mnist");

    /** What a named set resolves to: the features file, its labels file (null: the features file holds them). */
    record Resolved(String label, Path features, Path labels) {}

    /** Where the jar carries {@code keras-fixtures/data/}. */
    static final String CARRIED = "/org/spkeras/data/named/";

    private final List<Path> fixtureRoots;
    private final List<Path> fashionDirs;
    private final boolean carried;

    /** @param fixtureRoots candidate {@code keras-fixtures} directories, in order; fashionDirs likewise */
    NamedSets(List<Path> fixtureRoots, List<Path> fashionDirs) {
        this(fixtureRoots, fashionDirs, false);
    }

    /** As above; {@code carried}: fall back on the copies the jar carries. */
    NamedSets(List<Path> fixtureRoots, List<Path> fashionDirs, boolean carried) {
        this.fixtureRoots = List.copyOf(fixtureRoots);
        this.fashionDirs = List.copyOf(fashionDirs);
        this.carried = carried;
    }

    /** The places a real run looks in. */
    static NamedSets system() {
        List<Path> roots = new ArrayList<>();
        String home = System.getenv("SPKERAS_HOME");
        if (home != null && !home.isBlank()) {
            roots.add(Path.of(home).resolve("keras-fixtures"));
        }
        roots.add(Path.of("keras-fixtures"));
        try {
            Path code = Path.of(NamedSets.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            for (Path p = code.getParent(); p != null && roots.size() < 6; p = p.getParent()) {
                roots.add(p.resolve("keras-fixtures"));
            }
        } catch (URISyntaxException | RuntimeException e) {
            // no code location (unusual class loader): the other places remain
        }
        return new NamedSets(roots, List.of(FASHION_DEBIAN_DIR), true);
    }

    /** Whether {@code spec} names a set, with or without a {@code :split} suffix. */
    static boolean isNamed(String spec) {
        return NAMES.contains(baseName(spec));
    }

    private static String baseName(String spec) {
        int colon = spec.indexOf(':');
        return (colon < 0 ? spec : spec.substring(0, colon)).toLowerCase(Locale.ROOT);
    }

    Resolved resolve(String spec) {
        String name = baseName(spec);
        String split = spec.contains(":") ? spec.substring(spec.indexOf(':') + 1).toLowerCase(Locale.ROOT) : "test";
        if (!split.equals("test") && !split.equals("train")) {
            throw new SpkerasException("data set '" + spec + "': unknown split '" + split + "'; use :test or :train");
        }
        if (name.equals("cifar10-1000") && split.equals("train")) {
            throw new SpkerasException("data set '" + spec + "': cifar10-1000 holds test images only; calibrate on "
                    + "training images of your own (an image folder or .npz)");
        }
        if (name.equals("mnist") && split.equals("train")) {
            throw new SpkerasException("data set '" + spec + "': mnist has only a test split; use mnist, "
                    + "fashion-mnist:train or bundled:train");
        }
        return switch (name) {
            case "mnist" -> {
                Path dir = fixtures("mnist", "data/mnist/x_norm.npz", "data/mnist/y_test.npz").resolve("data/mnist");
                yield new Resolved("mnist (MNIST test set, " + dir + ")", dir.resolve("x_norm.npz"), dir.resolve("y_test.npz"));
            }
            case "bundled" -> {
                String file = split.equals("test") ? "data/fashion-mnist-1000.npz" : "data/fashion-mnist-train-1000.npz";
                Path path = fixtures("bundled", file).resolve(file);
                yield new Resolved("bundled" + (split.equals("test") ? "" : ":train") + " (first 1,000 Fashion-MNIST "
                        + split + " images, " + path + ")", path, null);
            }
            case "cifar10-1000" -> {
                String file = "data/cifar10-1000.npz";
                Path path = fixtures("cifar10-1000", file).resolve(file);
                yield new Resolved("cifar10-1000 (1,000 exact CIFAR-10 test images, " + path + ")", path, null);
            }
            default -> fashion(split);
        };
    }

    /** The {@code keras-fixtures} folder that holds {@code file} and its {@code companions}. */
    private Path fixtures(String name, String file, String... companions) {
        for (Path root : fixtureRoots) {
            if (Files.isRegularFile(root.resolve(file))) {
                return root;
            }
        }
        Path extracted = carried ? Carried.extract(file) : null;
        for (String companion : companions) {
            extracted = extracted == null ? null : Carried.extract(companion);
        }
        if (extracted != null) {
            return extracted;
        }
        throw new SpkerasException("data set '" + name + "': keras-fixtures/" + file + " not found (looked in "
                + fixtureRoots + "); run from the repository root or set SPKERAS_HOME to the repository directory");
    }

    /** The data sets the jar carries, copied into one private temporary folder per run (removed on exit). */
    private static final class Carried {
        private static Path root;

        /** The folder that holds {@code file} (e.g. {@code data/mnist/x_norm.npz}) copied from the jar; null if absent. */
        static synchronized Path extract(String file) {
            String resource = CARRIED + file.substring("data/".length());
            try (InputStream in = NamedSets.class.getResourceAsStream(resource)) {
                if (in == null) {
                    return null;
                }
                if (root == null) {
                    root = Files.createTempDirectory("spkeras-java-data-");
                    root.toFile().deleteOnExit();
                }
                Path target = root.resolve(file);
                if (!Files.isRegularFile(target)) {
                    // Removed on exit in the reverse order of registration: each folder before the folder it is in.
                    Path dir = root;
                    for (Path part : root.relativize(target.getParent())) {
                        dir = dir.resolve(part);
                        if (!Files.isDirectory(dir)) {
                            Files.createDirectory(dir);
                            dir.toFile().deleteOnExit();
                        }
                    }
                    Files.copy(in, target);
                    target.toFile().deleteOnExit();
                }
                return root;
            } catch (IOException e) {
                throw new SpkerasException("data set '" + file + "': cannot copy it out of the jar into the temporary "
                        + "folder (" + e.getMessage() + "); run from the repository root or set SPKERAS_HOME");
            }
        }
    }

    private Resolved fashion(String split) {
        String prefix = split.equals("test") ? "t10k" : "train";
        String images = prefix + "-images-idx3-ubyte.gz";
        for (Path dir : fashionDirs) {
            if (Files.isRegularFile(dir.resolve(images))) {
                return new Resolved("fashion-mnist:" + split + " (" + dir + ")", dir.resolve(images),
                        dir.resolve(prefix + "-labels-idx1-ubyte.gz"));
            }
        }
        throw new SpkerasException("data set 'fashion-mnist': " + images + " not found in " + fashionDirs
                + "; install the Debian package " + FASHION_PACKAGE + " (apt-get install " + FASHION_PACKAGE + ")");
    }
}
