package org.spkeras.io;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import org.spkeras.SpkerasException;

/**
 * The one opener every input file goes through first: a regular file only (a directory, FIFO, device, socket or
 * symbolic link loop is named as what it is, never read, so {@code /dev/zero} cannot fill the heap and a FIFO cannot
 * block the run), and a whole-file read bounded by a size that is checked before anything is allocated.
 */
public final class InputFiles {
    private InputFiles() {}

    /**
     * Refuses {@code file} unless it is a regular file: "{@code name}: <what> is a directory, not a regular file; fix".
     *
     * @param what e.g. "the --config file"
     * @param fix  what to give instead, e.g. "give the path of a JSON file"
     */
    public static void requireRegular(Path file, String what, String fix) {
        FileKind kind = FileKind.of(file);
        if (kind == FileKind.REGULAR) {
            return;
        }
        String name = file.getFileName() == null ? file.toString() : file.getFileName().toString();
        String place = name.equals(file.toString()) ? "" : " (" + file + ")";
        if (kind == FileKind.MISSING) {
            throw new SpkerasException(name + ": no such " + what + " file" + place + "; check the path");
        }
        throw new SpkerasException(name + ": " + what + place + " is " + kind.words() + ", not a regular file; " + fix);
    }

    /** The kind of {@code file} in words when it is not a regular file (e.g. "a FIFO (named pipe)"), else null. */
    public static String notRegular(Path file) {
        FileKind kind = FileKind.of(file);
        return kind == FileKind.REGULAR ? null : kind.words();
    }

    /** Whether anything (even a dangling link) is at {@code file}. */
    public static boolean present(Path file) {
        return Files.exists(file, LinkOption.NOFOLLOW_LINKS);
    }

    /**
     * The whole of a regular file of at most {@code maxBytes} bytes: the type and the size are checked before any
     * buffer is allocated, and the read itself stops at the limit (a file that grows while it is read).
     */
    public static byte[] readAll(Path file, String what, String fix, long maxBytes) {
        requireRegular(file, what, fix);
        String name = file.getFileName().toString();
        try {
            long size = Files.size(file);
            if (size > maxBytes) {
                throw new SpkerasException(name + ": " + what + " is " + size + " bytes, more than the " + maxBytes
                        + " this tool reads for it; " + fix);
            }
            try (InputStream in = Files.newInputStream(file)) {
                byte[] bytes = in.readNBytes((int) maxBytes + 1);
                if (bytes.length > maxBytes) {
                    throw new SpkerasException(name + ": " + what + " grew past " + maxBytes + " bytes while it was "
                            + "read; " + fix);
                }
                return bytes;
            }
        } catch (IOException e) {
            throw new SpkerasException(name + ": " + what + " cannot be read (" + e.getClass().getSimpleName() + ": "
                    + e.getMessage() + ")");
        }
    }
}
