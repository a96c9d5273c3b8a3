package org.spkeras.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** Debian's python3 with numpy and h5py, for the tests that compare with the NumPy references. */
public final class Python {
    public static final Path PYTHON = Path.of("/usr/bin/python3");

    private Python() {}

    /** What a script printed and its exit status. */
    public record Result(int exitCode, String output) {}

    /** Why the NumPy references cannot run here, or null when python3 with numpy and h5py is present. */
    public static String missing() {
        if (!Files.isExecutable(PYTHON)) {
            return PYTHON + " is absent";
        }
        Result r = run("-c", "import numpy, h5py");
        return r.exitCode() == 0 ? null : "python3 lacks numpy or h5py (apt-get install python3-numpy python3-h5py)";
    }

    /** Runs python3 with {@code args} (at most 15 minutes), stdout and stderr together. */
    public static Result run(String... args) {
        String[] cmd = new String[args.length + 1];
        cmd[0] = PYTHON.toString();
        System.arraycopy(args, 0, cmd, 1, args.length);
        try {
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
            pb.environment().put("PYTHONDONTWRITEBYTECODE", "1");
            Process p = pb.start();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(900, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return new Result(-1, "timed out");
            }
            return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
