package org.spkeras.export;

import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.Dataset;
import io.jhdf.api.DatasetCreationOptions;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import io.jhdf.api.WritableGroup;
import java.io.IOException;
import java.lang.reflect.Array;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.spkeras.AtomicFile;
import org.spkeras.SpkerasException;
import org.spkeras.io.Hdf5Open;

/**
 * NIR files (HDF5, the layout of the reference implementation's {@code nir.write}, version {@value #NIR_VERSION}):
 * a root dataset {@code version}, a group {@code node} holding the graph ({@code type} = "NIRGraph", group
 * {@code nodes} with one group per node, dataset {@code edges} of (source, target) name pairs, optional
 * {@code metadata}). Strings are fixed-length (jHDF writes no variable-length strings); h5py reads both as bytes.
 */
public final class NirFile {
    public static final String NIR_VERSION = "1.0.7";
    /** Arrays with more values than this are deflate-compressed (as nir.write does for every array). */
    private static final int COMPRESS_ABOVE = 1024;

    private NirFile() {}

    /** Writes {@code graph} to {@code out} atomically: a temporary file in the same directory, then a move. */
    public static void write(NirGraph graph, Path out) {
        String name = out.getFileName() == null ? out.toString() : out.getFileName().toString();
        Path staged = null;
        try {
            // jHDF writes to a path of its own; the bytes then go to the output through AtomicFile
            staged = AtomicFile.createTemporary(Path.of(System.getProperty("java.io.tmpdir")), "spkeras-nir.h5");
            try (WritableHdfFile f = HdfFile.write(staged)) {
                f.putDataset("version", NIR_VERSION);
                writeGraph(f.putGroup("node"), graph);
            }
            Path written = staged;
            AtomicFile.write(out, stream -> Files.copy(written, stream));
        } catch (IOException | UncheckedIOException | io.jhdf.exceptions.HdfException e) {
            throw new SpkerasException(name + ": cannot be written (" + e.getClass().getSimpleName() + ": "
                    + e.getMessage() + "); check the free space and permissions of the temporary directory", e);
        } finally {
            deleteQuietly(staged);
        }
    }

    private static void deleteQuietly(Path p) {
        if (p != null) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException ignored) {
                // a leftover temporary file is harmless; the write's own outcome matters
            }
        }
    }

    private static void writeGraph(WritableGroup g, NirGraph graph) {
        g.putDataset("type", "NIRGraph");
        WritableGroup nodes = g.putGroup("nodes");
        for (Map.Entry<String, NirNode> e : graph.nodes().entrySet()) {
            WritableGroup n = nodes.putGroup(e.getKey());
            n.putDataset("type", e.getValue().type());
            putAll(n, e.getValue().parameters());
            if (!e.getValue().metadata().isEmpty()) {
                putAll(n.putGroup("metadata"), e.getValue().metadata());
            }
        }
        String[][] edges = graph.edges().stream().map(x -> new String[] {x.source(), x.target()}).toArray(String[][]::new);
        g.putDataset("edges", edges);
        if (!graph.metadata().isEmpty()) {
            putAll(g.putGroup("metadata"), graph.metadata());
        }
    }

    private static void putAll(WritableGroup g, Map<String, Object> values) {
        for (Map.Entry<String, Object> e : values.entrySet()) {
            Object v = e.getValue();
            if (v instanceof Tensor t) {
                Object data = nested(t);
                if (t.values().length > COMPRESS_ABOVE) {
                    g.putDataset(e.getKey(), data, DatasetCreationOptions.builder().deflate(6).build());
                } else {
                    g.putDataset(e.getKey(), data);
                }
            } else {
                g.putDataset(e.getKey(), v);
            }
        }
    }

    /** A row-major float[] as the nested Java array jHDF writes ({@code float[a][b]…}); rank 0 as a float. */
    static Object nested(Tensor t) {
        if (t.shape().length == 0) {
            return t.values()[0];
        }
        Object array = Array.newInstance(float.class, t.shape());
        fill(array, t.values(), 0, t.shape(), 0);
        return array;
    }

    private static int fill(Object array, float[] values, int at, int[] shape, int depth) {
        if (depth == shape.length - 1) {
            System.arraycopy(values, at, array, 0, shape[depth]);
            return at + shape[depth];
        }
        for (int i = 0; i < shape[depth]; i++) {
            at = fill(Array.get(array, i), values, at, shape, depth + 1);
        }
        return at;
    }

    /** A text description of an NIR file: version, every node with its type and parameter shapes, every edge. */
    public static String describe(Path file) {
        String name = file.getFileName().toString();
        org.spkeras.io.InputFiles.requireRegular(file, ".nir", "give the path of a .nir file");
        try (HdfFile f = Hdf5Open.read(file)) {
            Node graph = f.getChild("node");
            if (!(f.getChild("version") instanceof Dataset version) || !(graph instanceof Group g)) {
                throw new SpkerasException(name + ": is not an NIR file (an NIR file has a 'version' dataset and a "
                        + "'node' group)");
            }
            StringBuilder sb = new StringBuilder();
            Group nodes = (Group) g.getChild("nodes");
            String[][] edges = (String[][]) ((Dataset) g.getChild("edges")).getData();
            sb.append(name).append(": NIR ").append(text(version)).append(' ').append(text((Dataset) g.getChild("type")))
                    .append(", ").append(nodes.getChildren().size()).append(" nodes, ").append(edges.length)
                    .append(" edges\n");
            for (String nodeName : new java.util.TreeSet<>(nodes.getChildren().keySet())) {
                Group ng = (Group) nodes.getChild(nodeName);
                sb.append(String.format("  %-24s %-9s", ng.getName(), text((Dataset) ng.getChild("type"))));
                for (Node p : ng) {
                    if (p instanceof Dataset d && !p.getName().equals("type")) {
                        sb.append(' ').append(p.getName()).append(describe(d));
                    }
                }
                sb.append('\n');
            }
            sb.append("edges:\n");
            for (String[] e : edges) {
                sb.append("  ").append(e[0]).append(" -> ").append(e[1]).append('\n');
            }
            return sb.toString();
        } catch (SpkerasException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new SpkerasException(name + ": cannot be read as an NIR file (" + e.getMessage() + ")", e);
        }
    }

    private static String describe(Dataset d) {
        if (d.isScalar()) {
            return "=" + text(d);
        }
        Object data = d.getData();
        if (d.getDimensions().length == 1 && d.getDimensions()[0] <= 4 && data instanceof long[] l) {
            return "=" + Arrays.toString(l);
        }
        return Arrays.toString(d.getDimensions());
    }

    private static String text(Dataset d) {
        Object v = d.getData();
        return v instanceof String s ? s : String.valueOf(v);
    }
}
