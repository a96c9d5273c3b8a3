package org.spkeras.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.spkeras.SpkerasException;

/**
 * Checked before any work: no output may be one of the inputs (the same path, a symbolic link to it or a hard link
 * of it), and no two outputs may be one file, since writing them would destroy the input or the other output.
 */
public final class OutputPaths {
    private OutputPaths() {}

    /**
     * @param inputs  what each input is (e.g. "the model") → its path; null paths are skipped
     * @param outputs what each output is (e.g. "-o") → its path; null paths are skipped
     */
    public static void check(Map<String, Path> inputs, Map<String, Path> outputs) {
        List<Map.Entry<String, Path>> seen = new ArrayList<>();
        for (Map.Entry<String, Path> out : outputs.entrySet()) {
            if (out.getValue() == null) {
                continue;
            }
            for (Map.Entry<String, Path> in : inputs.entrySet()) {
                if (in.getValue() != null && same(out.getValue(), in.getValue())) {
                    throw new SpkerasException(out.getValue() + ": " + out.getKey() + " is " + in.getKey() + " "
                            + in.getValue() + (in.getValue().equals(out.getValue()) ? "" : " (the same file)")
                            + "; writing it would destroy that input: choose another output path");
                }
            }
            for (Map.Entry<String, Path> other : seen) {
                if (same(out.getValue(), other.getValue())) {
                    throw new SpkerasException(out.getValue() + ": " + out.getKey() + " and " + other.getKey()
                            + " are the same file; one would overwrite the other: give them different paths");
                }
            }
            seen.add(out);
        }
    }

    /** Whether two paths name one file: by existing file identity, else by their resolved absolute names. */
    static boolean same(Path a, Path b) {
        try {
            if (Files.exists(a) && Files.exists(b)) {
                return Files.isSameFile(a, b);
            }
        } catch (IOException e) {
            // unreadable: fall back to names
        }
        return resolved(a).equals(resolved(b));
    }

    /** The absolute path with every existing directory (and the file itself, if a link) resolved. */
    private static Path resolved(Path p) {
        Path abs = p.toAbsolutePath().normalize();
        try {
            if (Files.exists(abs, LinkOption.NOFOLLOW_LINKS)) {
                return abs.toRealPath();
            }
            Path parent = abs.getParent();
            if (parent != null && Files.exists(parent)) {
                return parent.toRealPath().resolve(abs.getFileName());
            }
        } catch (IOException e) {
            // dangling link or unreadable directory: compare names
        }
        return abs;
    }
}
