package org.spkeras.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/** Locates the real Keras files of {@code ../shared/real-keras/} (present for developers and CI). */
public final class RealKeras {
    public static final Path ROOT = Path.of("..", "shared", "real-keras");

    private RealKeras() {}

    public static Path file(String relative) {
        Path p = ROOT.resolve(relative);
        Assumptions.assumeTrue(Files.exists(p), "real Keras file not present: " + p);
        return p;
    }
}
