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
 * The one output-path rule, checked before any work: an output must be a regular file or absent (outputs are written
 * to a temporary file and renamed over the target, which would replace a device node, a FIFO or a socket; a
 * directory is no file name), its name must fit the file system's limit, no output may be one of the inputs (the same
 * path, a path through {@code ..}, a symbolic link to it or a hard link of it: compared by file identity), and no two
 * outputs may be one file, since writing them would destroy the input or the other output.
 */
public final class OutputPaths {
    /** The longest file name (in bytes) Linux file systems take: NAME_MAX. */
    public static final int NAME_MAX = 255;

    private OutputPaths() {}

    /** The single-output form of {@link #check(Map, Map)}, for a library call that writes one file. */
    public static void check(Path output, Map<String, Path> inputs) {
        Map<String, Path> outputs = new java.util.LinkedHashMap<>();
        outputs.put("the output", output);
        check(inputs, outputs);
    }

    /** Refuses an output that exists and is not a regular file, or whose name is longer than the file system takes. */
    public static void requireWritable(String what, Path out) {
        Path name = out.getFileName();
        if (name != null) {
            int bytes = name.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
            if (bytes > NAME_MAX) {
                throw new SpkerasException(out + ": " + what + " has a name of " + bytes
                        + " bytes; file systems take at most " + NAME_MAX + ": choose a shorter name");
            }
        }
        FileKind kind = FileKind.of(out);
        if (kind == FileKind.REGULAR || kind == FileKind.MISSING || kind == FileKind.DANGLING_LINK) {
            return;
        }
        String fix = kind == FileKind.DIRECTORY ? "give the output a file name inside it"
                : kind == FileKind.SYMLINK_LOOP ? "remove the link or choose another output path"
                : "outputs are written to a new file that replaces the target, which would remove " + kind.words()
                        + ": write to a regular file (e.g. a temporary file) instead";
        throw new SpkerasException(out + ": is " + kind.words() + " (" + what + "), not a regular file; "
                + fix);
    }

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
            requireWritable(out.getKey(), out.getValue());
            for (Map.Entry<String, Path> in : inputs.entrySet()) {
                Path input = in.getValue();
                if (input == null) {
                    continue;
                }
                boolean same = same(out.getValue(), input);
                if (same || partOf(out.getValue(), input)) {
                    throw new SpkerasException(out.getValue() + ": " + out.getKey() + " is "
                            + (same ? "" : "a file of ") + in.getKey() + " " + input
                            + (same && !input.equals(out.getValue()) ? " (the same file)" : "")
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

    /**
     * Whether an existing output file is one of the files of an input that names several: a file inside an input
     * folder (a SavedModel, a checkpoint folder) or a file of an input checkpoint prefix ({@code ckpt.index},
     * {@code ckpt.data-00000-of-00001} for the prefix {@code ckpt}).
     */
    static boolean partOf(Path out, Path in) {
        if (!Files.exists(out)) {
            return false;
        }
        Path o = resolved(out);
        Path i = resolved(in);
        if (Files.isDirectory(in)) {
            return o.startsWith(i);
        }
        return !Files.exists(in) && i.getFileName() != null && o.getParent() != null && o.getParent().equals(i.getParent())
                && o.getFileName().toString().startsWith(i.getFileName() + ".");
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
