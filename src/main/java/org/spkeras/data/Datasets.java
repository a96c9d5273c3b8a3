package org.spkeras.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.spkeras.SpkerasException;
import org.spkeras.model.DataFormat;
import org.spkeras.model.Network;
import org.spkeras.model.Shape;

/**
 * Opens DATA: a path to {@code .npz}, {@code .npy}, IDX ({@code .gz}) or HDF5, an image folder (one sub-folder
 * per class), or a named set ({@code mnist}, {@code fashion-mnist[:train|:test]}, {@code bundled}, {@code cifar10-1000}). Everything is checked before the first sample is read
 * except NaN/Inf, which is checked per sample as samples are read. Rules in docs/data.md.
 */
public final class Datasets {
    private Datasets() {}

    /** Opens DATA for {@code network}: its input shape and data format, and its first output's class count. */
    public static Dataset open(String spec, DataOptions options, Network network) {
        Shape out = network.outputShape(network.outputNames().get(0));
        return open(spec, options, network.inputShape(), network.source().dataFormat(), out.isSpatial() ? -1 : out.size());
    }

    /**
     * @param expectedShape the model's input shape, channels-last (null: taken from the data)
     * @param modelFormat   the model's data format, breaks layout ties (null: channels-last)
     * @param classes       the model's output class count, labels are checked against it (≤ 0: not checked)
     */
    public static Dataset open(String spec, DataOptions options, Shape expectedShape, DataFormat modelFormat, int classes) {
        return open(spec, options, expectedShape, modelFormat, classes, NamedSets.system());
    }

    static Dataset open(String spec, DataOptions options, Shape expectedShape, DataFormat modelFormat, int classes,
                        NamedSets named) {
        DataOptions o = options == null ? DataOptions.DEFAULTS : options;
        DataFormat format = modelFormat == null ? DataFormat.CHANNELS_LAST : modelFormat;
        if (spec == null || spec.isBlank()) {
            throw new SpkerasException("no DATA given; give a .npz/.npy/IDX/HDF5 file or one of " + NamedSets.NAMES);
        }
        NamedSets.Resolved r;
        if (NamedSets.isNamed(spec) && !Files.exists(Path.of(spec))) {
            r = named.resolve(spec);
        } else {
            Path file = Path.of(spec);
            if (Files.isDirectory(file)) {
                ImageFolder folder = ImageFolder.open(file, expectedShape);
                Loaded images = new Loaded(folder, folder.labels(), null, null);
                return build(spec, images, o, expectedShape, format, classes);
            }
            if (Files.exists(file) && !Files.isRegularFile(file)) {
                throw new SpkerasException(spec + ": is not a regular file (a pipe, device or socket); DATA is read "
                        + "more than once, so save it to a .npz, .npy, IDX or HDF5 file first");
            }
            if (!Files.isRegularFile(file)) {
                throw new SpkerasException(spec + ": no such file or named data set; DATA is a .npz, .npy, IDX (.gz) or "
                        + "HDF5 file, or one of " + String.join(", ", NamedSets.NAMES) + " (fashion-mnist:train for "
                        + "the training split)");
            }
            r = new NamedSets.Resolved(spec, file, null);
        }
        Loaded data = load(r, o);
        try {
            return build(r.label(), data, o, expectedShape, format, classes);
        } catch (RuntimeException e) {
            data.close();
            throw e;
        }
    }

    /** The arrays found for one request, with the open file to close when done (HDF5), the labels null if none. */
    private record Loaded(SampleArray x, SampleArray y, String labelsNote, AutoCloseable resource) {
        void close() {
            try {
                if (resource != null) {
                    resource.close();
                }
            } catch (Exception e) {
                // read-only file: nothing to do
            }
        }
    }

    private static Loaded load(NamedSets.Resolved r, DataOptions o) {
        Path file = r.features();
        FileKind kind = FileKind.of(file);
        if (kind == FileKind.NPZ || kind == FileKind.HDF5) {
            ArrayFile f = kind == FileKind.NPZ ? new NpzArchive(file) : new Hdf5File(file);
            try {
                String xName = ArrayNames.features(f, o.xKey());
                String yName = r.labels() == null ? ArrayNames.labels(f, o.yKey(), xName, o.xKey() != null) : null;
                SampleArray x = f.array(xName);
                if (yName != null) {
                    return new Loaded(x, f.array(yName), null, f);
                }
                return withSibling(x, r.labels(), file, f, r.labels() != null);
            } catch (RuntimeException e) {
                f.close();
                throw e;
            }
        }
        SampleArray x = kind == FileKind.NPY ? NpyFormat.map(file) : IdxReader.read(file);
        if (kind == FileKind.IDX && x.shape().length == 1) {
            throw new SpkerasException(x.source() + ": is a labels file (" + x.describe() + "); give the images file, "
                    + "e.g. t10k-images-idx3-ubyte.gz, and the labels are found beside it");
        }
        return withSibling(x, r.labels(), file, null, r.labels() != null);
    }

    /** Labels from {@code explicit} (must exist) or a sibling file by naming convention (unlabelled if none). */
    private static Loaded withSibling(SampleArray x, Path explicit, Path file, AutoCloseable resource, boolean required) {
        List<Path> candidates = explicit != null ? List.of(explicit) : ArrayNames.siblings(file);
        for (Path p : candidates) {
            if (Files.isRegularFile(p)) {
                ArrayFile labelsFile = FileKind.of(p) == FileKind.HDF5 ? new Hdf5File(p) : null;
                AutoCloseable both = () -> {
                    try (labelsFile) {
                        if (resource != null) {
                            resource.close();
                        }
                    }
                };
                try {
                    return new Loaded(x, labelsFile != null ? labelsFile.array(ArrayNames.labelsOnly(labelsFile))
                            : labelsFrom(p), null, both);
                } catch (RuntimeException e) {
                    if (labelsFile != null) {
                        labelsFile.close();
                    }
                    throw e;
                }
            }
        }
        if (required) {
            throw new SpkerasException(explicit + ": labels file not found; the data set is incomplete, reinstall it");
        }
        return new Loaded(x, null, candidates.isEmpty() ? "unlabelled"
                : "unlabelled (no " + candidates.get(0).getFileName() + " beside it)", resource);
    }

    /** Labels from a .npy, .npz or IDX file (HDF5 labels are read from the open file, see {@link #withSibling}). */
    private static SampleArray labelsFrom(Path p) {
        FileKind kind = FileKind.of(p);
        if (kind == FileKind.NPZ) {
            try (ArrayFile f = new NpzArchive(p)) {
                return f.array(ArrayNames.labelsOnly(f));
            }
        }
        return kind == FileKind.NPY ? NpyFormat.map(p) : IdxReader.read(p);
    }

    private static Dataset build(String label, Loaded data, DataOptions o, Shape expected, DataFormat format, int classes) {
        SampleArray x = data.x();
        SampleLayout layout = SampleLayout.resolve(x, o.layout(), expected, format);
        int first = o.first();
        if (first > 0 && first >= x.rows()) {
            throw new SpkerasException(x.source() + ": holds " + x.rows() + " samples, none from sample " + first
                    + " on (a {range} or {calibration-range} that starts there, or the calibration samples skipped "
                    + "before the evaluated ones); give a range within the set, or an explicit {calibration}");
        }
        int size = o.limit() == null ? x.rows() - first : Math.min(o.limit(), x.rows() - first);
        Labels labels = data.y() == null ? null : Labels.read(data.y(), x.rows(), first + size, classes);
        if (size == 0) {
            throw new SpkerasException(x.source() + ": holds no samples (" + x.describe() + "); give a non-empty array");
        }
        if (o.scale() == null && !x.integral()) {
            refuseUnscaledPixels(x, first, size);
        }
        double scale = o.scale() != null ? o.scale() : x.integral() ? 1 / 255.0 : 1;
        String scaleNote = o.scale() != null ? "values ×" + o.scale() + " (as set)"
                : x.integral() ? "values ×1/255 (integer data, scale auto)" : "values as stored (float data, scale auto)";
        String labelsNote = labels == null ? data.labelsNote()
                : "labels " + data.y().source() + " (" + labels.kind() + ", " + labels.classes() + " classes)";
        String normalisation = normalisation(o, layout.shape(), x.source());
        String samples = size == x.rows() ? "all " + size + " samples" : "samples " + first + ".." + (first + size - 1)
                + " (" + (first == 0 ? "first " : "") + size + " of " + x.rows() + ")";
        String description = label + ": " + x.source() + " (" + x.describe() + ", " + layout.note() + " → "
                + layout.shape() + " channels-last), " + labelsNote + ", " + scaleNote + normalisation + ", " + samples;
        return new ArrayDataset(description, x, layout, (float) scale, o.mean(), o.std(), labels, first, size,
                data.resource());
    }

    /** Checks --mean/--std against the sample's channels; the words the description records them with. */
    private static String normalisation(DataOptions o, Shape sample, String source) {
        if (o.mean() == null && o.std() == null) {
            return "";
        }
        int channels = sample.isSpatial() ? sample.channels() : 1;
        for (float[] v : new float[][] {o.mean(), o.std()}) {
            if (v != null && v.length != channels && v.length != 1) {
                throw new SpkerasException(source + ": samples have " + channels + " channel(s) but {mean}/{std} give "
                        + v.length + " values; give one value per channel (or one for all)");
            }
        }
        return ", then (x − mean " + (o.mean() == null ? "[0]" : java.util.Arrays.toString(o.mean())) + ") / std "
                + (o.std() == null ? "[1]" : java.util.Arrays.toString(o.std())) + " per channel";
    }

    /** Samples looked at to tell float pixels 0–255 from data already scaled. */
    static final int PIXEL_PROBE_SAMPLES = 64;
    /** 8-bit images reach the upper half of 0–255; small whole numbers (counts, one-hot) are left alone. */
    static final int PIXEL_MAX_AT_LEAST = 128;

    /**
     * Float data holding only whole numbers up to 255, some at least 128, is almost surely unscaled 8-bit pixels; used as
     * stored it would silently give a wrong result for a model trained on 0–1, so the user must say which it is.
     */
    private static void refuseUnscaledPixels(SampleArray x, int first, int size) {
        float[] row = new float[x.rowSize()];
        float max = 0;
        for (int i = 0; i < Math.min(size, PIXEL_PROBE_SAMPLES); i++) {
            x.readRow(first + i, row);
            for (float v : row) {
                if (v != Math.rint(v) || v < 0 || v > 255) {
                    return;
                }
                max = Math.max(max, v);
            }
        }
        if (max >= PIXEL_MAX_AT_LEAST) {
            throw new SpkerasException(x.source() + ": float data holding whole numbers 0–" + (int) max + " (first "
                    + Math.min(size, PIXEL_PROBE_SAMPLES) + " samples) looks like unscaled 8-bit pixels; pass {scale} "
                    + "1/255 to scale them to 0–1, or {scale} 1 if the model was trained on 0–255");
        }
    }

    /** The file types DATA may be, recognised by their first bytes (and the extension for HDF5 with a user block). */
    enum FileKind {
        NPY, NPZ, HDF5, IDX;

        static FileKind of(Path file) {
            byte[] m;
            try (InputStream in = Files.newInputStream(file)) {
                m = in.readNBytes(8);
            } catch (IOException e) {
                throw new SpkerasException(file.getFileName() + ": cannot be read (" + e.getMessage() + ")");
            }
            String name = file.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
            if (m.length >= 6 && (m[0] & 0xff) == 0x93 && m[1] == 'N' && m[2] == 'U' && m[3] == 'M') {
                return NPY;
            }
            if (m.length >= 4 && m[0] == 'P' && m[1] == 'K') {
                return NPZ;
            }
            if (m.length >= 4 && (m[0] & 0xff) == 0x89 && m[1] == 'H' && m[2] == 'D' && m[3] == 'F'
                    || name.endsWith(".h5") || name.endsWith(".hdf5") || name.endsWith(".hdf")) {
                return HDF5;
            }
            if (m.length >= 2 && ((m[0] & 0xff) == 0x1f && (m[1] & 0xff) == 0x8b || m[0] == 0 && m[1] == 0)) {
                return IDX;
            }
            throw new SpkerasException(file.getFileName() + ": unrecognised file type (" + m.length + " first bytes do "
                    + "not match .npy, .npz, HDF5 or IDX); DATA must be one of those, or a named set ("
                    + String.join(", ", NamedSets.NAMES) + ")");
        }
    }
}
