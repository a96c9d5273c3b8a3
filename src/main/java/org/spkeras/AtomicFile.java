package org.spkeras;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The one way every output file is written: into a same-directory temporary file with the permissions a new
 * file gets (umask, not {@code createTempFile}'s 0600), flushed to disk, then moved over the target in one
 * step, so a reader never sees half a file and a failed write leaves the old file as it was.
 */
public final class AtomicFile {
    private static final int BUFFER_BYTES = 1 << 20;

    /** Writes the content to a stream; the stream is buffered and closed by {@link #write}. */
    @FunctionalInterface
    public interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    private AtomicFile() {}

    public static void write(Path out, byte[] bytes) {
        write(out, stream -> stream.write(bytes));
    }

    public static void write(Path out, Content content) {
        String name = out.getFileName() == null ? out.toString() : out.getFileName().toString();
        Path target = out.toAbsolutePath();
        Path dir = target.getParent();
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new SpkerasException(name + ": cannot create the directory " + dir + " (" + e.getMessage()
                    + "); choose another output path", e);
        }
        if (Files.isDirectory(target)) {
            throw new SpkerasException(name + ": is a directory; give the output a file name");
        }
        Path tmp = null;
        boolean moved = false;
        try {
            tmp = createTemp(dir, target.getFileName().toString());
            try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE);
                 OutputStream buffered = new BufferedOutputStream(Channels.newOutputStream(channel), BUFFER_BYTES)) {
                content.writeTo(buffered);
                buffered.flush();
                channel.force(true);
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            moved = true;
        } catch (IOException e) {
            throw new SpkerasException(name + ": cannot be written (" + e.getClass().getSimpleName() + ": "
                    + e.getMessage() + "); check the free space and permissions of " + dir, e);
        } finally {
            if (!moved && tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // the original error matters more; the temporary name starts with '.' and ends in .tmp
                }
            }
        }
    }

    private static Path createTemp(Path dir, String fileName) throws IOException {
        for (int attempt = 0; ; attempt++) {
            Path tmp = dir.resolve("." + fileName + "." + Long.toHexString(ThreadLocalRandom.current().nextLong()) + ".tmp");
            try {
                Files.newByteChannel(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE).close();
                return tmp;
            } catch (FileAlreadyExistsException e) {
                if (attempt >= 100) {
                    throw e;
                }
            }
        }
    }
}
