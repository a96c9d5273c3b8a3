package org.spkeras.io;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * What a path names, in words a user can act on: "a regular file", "a directory", "a FIFO (named pipe)", "a character
 * device", "a symbolic link loop", "a dangling symbolic link", "nothing (no such file)". Read with the unix mode
 * bits where the platform has them, so a device is told apart from a FIFO or a socket.
 */
public enum FileKind {
    REGULAR("a regular file"), DIRECTORY("a directory"), FIFO("a FIFO (named pipe)"),
    CHARACTER_DEVICE("a character device"), BLOCK_DEVICE("a block device"), SOCKET("a socket"),
    SYMLINK_LOOP("a symbolic link loop"), DANGLING_LINK("a symbolic link to nothing"), MISSING("nothing (no such file)"),
    UNREADABLE("not readable"), OTHER("not a regular file");

    private final String words;

    FileKind(String words) {
        this.words = words;
    }

    /** E.g. "a directory". */
    public String words() {
        return words;
    }

    /** The kind of what {@code p} names, following symbolic links. */
    public static FileKind of(Path p) {
        BasicFileAttributes a;
        try {
            a = Files.readAttributes(p, BasicFileAttributes.class);
        } catch (FileSystemLoopException e) {
            return SYMLINK_LOOP;
        } catch (FileSystemException e) {
            if (e.getReason() != null && e.getReason().contains("symbolic links")) {
                return SYMLINK_LOOP;
            }
            return missingOrLink(p, e);
        } catch (IOException e) {
            return missingOrLink(p, e);
        }
        if (a.isRegularFile()) {
            return REGULAR;
        }
        if (a.isDirectory()) {
            return DIRECTORY;
        }
        try {
            int type = (Integer) Files.getAttribute(p, "unix:mode") & 0170000;
            switch (type) {
                case 0010000: return FIFO;
                case 0020000: return CHARACTER_DEVICE;
                case 0060000: return BLOCK_DEVICE;
                case 0140000: return SOCKET;
                default: return OTHER;
            }
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException | ClassCastException e) {
            return OTHER;
        }
    }

    private static FileKind missingOrLink(Path p, IOException e) {
        if (Files.isSymbolicLink(p)) {
            return e instanceof java.nio.file.NoSuchFileException ? DANGLING_LINK : SYMLINK_LOOP;
        }
        if (e instanceof java.nio.file.NoSuchFileException) {
            return MISSING;
        }
        return Files.exists(p, LinkOption.NOFOLLOW_LINKS) ? UNREADABLE : MISSING;
    }
}
