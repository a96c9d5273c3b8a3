package org.spkeras.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.spkeras.data.NdArray;
import org.spkeras.data.ReferenceActivations;

/** The model outputs of the independent NumPy forward pass ({@code python-reference/reference_forward.py --final}). */
public final class NumpyForward {
    private static final Path PYTHON = Path.of("/usr/bin/python3");

    private NumpyForward() {}

    /** Why the NumPy reference cannot run here, or null when /usr/bin/python3 has numpy and h5py. */
    public static String missing(Path dir) throws IOException, InterruptedException {
        if (!Files.isExecutable(PYTHON)) {
            return PYTHON + " is absent";
        }
        return run(dir, List.of(PYTHON.toString(), "-c", "import numpy, h5py")) == 0 ? null
                : "/usr/bin/python3 lacks numpy or h5py";
    }

    /** The outputs of {@code model} on {@code inputs} (float32, channels-last, {@code shape} with the batch first). */
    public static NdArray outputs(Path model, String outputName, int[] shape, float[] inputs, Path dir)
            throws IOException, InterruptedException {
        Path in = NpzWriter.write(dir.resolve("input.npz"), Map.of("input", new NpzWriter.Array(shape, inputs)));
        Path out = dir.resolve("out.npz");
        int rc = run(dir, List.of(PYTHON.toString(), "python-reference/reference_forward.py", model.toString(),
                "--input", in.toString(), "--output", out.toString(), "--final"));
        if (rc != 0) {
            throw new AssertionError("reference_forward.py failed: " + Files.readString(dir.resolve("python.log"),
                    StandardCharsets.UTF_8));
        }
        return ReferenceActivations.read(out).layers().get(outputName);
    }

    private static int run(Path dir, List<String> cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("python.log").toFile())
                .start();
        if (!p.waitFor(20, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            return -1;
        }
        return p.exitValue();
    }
}
