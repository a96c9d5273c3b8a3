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
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import org.spkeras.io.OutputPaths;

/**
 * The one way every output file is written: into a same-directory temporary file with the permissions a new
 * file gets (umask, not {@code createTempFile}'s 0600), flushed to disk, then moved over the target in one
 * step, so a reader never sees half a file and a failed write leaves the old file as it was. Temporary files
 * not yet moved are removed by a shutdown hook when the run is interrupted (SIGINT, SIGTERM); {@link #writeAll}
 * moves several files into place only once all of them are complete (a report and its plots).
 */
public final class AtomicFile {
    private static final int BUFFER_BYTES = 1 << 20;
    private static final Set<Path> TEMPORARIES = ConcurrentHashMap.newKeySet();
    /** Guards creation against the shutdown hook: no temporary file is created once the hook has run. */
    private static final Object LOCK = new Object();
    private static boolean shuttingDown;
    /** Bytes the temporary name adds to the target's name: '.', '.', 16 hex digits, ".tmp". */
    private static final int TEMP_NAME_EXTRA = 22;

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(AtomicFile::shutDown, "spkeras-temp-cleanup"));
    }

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
        writeAll(Map.of(out, content));
    }

    /** Writes every file (target → content) to its temporary file first, then moves them all into place. */
    public static void writeAll(Map<Path, Content> files) {
        Map<Path, Path> temps = new LinkedHashMap<>();
        try {
            for (Map.Entry<Path, Content> f : files.entrySet()) {
                temps.put(f.getKey(), writeTemporary(f.getKey(), f.getValue()));
            }
            for (Map.Entry<Path, Path> t : temps.entrySet()) {
                move(t.getKey(), t.getValue());
            }
        } finally {
            for (Path tmp : temps.values()) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // the original error matters more; the temporary name starts with '.' and ends in .tmp
                }
                TEMPORARIES.remove(tmp);
            }
        }
    }

    /** Writes {@code files} given as bytes, as one set. */
    public static void writeAllBytes(Map<Path, byte[]> files) {
        Map<Path, Content> contents = new LinkedHashMap<>();
        files.forEach((path, bytes) -> contents.put(path, stream -> stream.write(bytes)));
        writeAll(contents);
    }

    private static String name(Path out) {
        return out.getFileName() == null ? out.toString() : out.getFileName().toString();
    }

    private static Path writeTemporary(Path out, Content content) {
        String name = name(out);
        Path target = out.toAbsolutePath();
        Path dir = target.getParent();
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new SpkerasException(name + ": cannot create the directory " + dir + " (" + e.getMessage()
                    + "); choose another output path", e);
        }
        OutputPaths.requireWritable("the output", target);
        Path tmp = null;
        try {
            tmp = createTemporary(dir, target.getFileName().toString());
            try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE);
                 OutputStream buffered = new BufferedOutputStream(Channels.newOutputStream(channel), BUFFER_BYTES)) {
                content.writeTo(buffered);
                buffered.flush();
                channel.force(true);
            }
            return tmp;
        } catch (IOException | RuntimeException e) {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // the original error matters more
                }
                TEMPORARIES.remove(tmp);
            }
            if (e instanceof RuntimeException re) {
                throw re;
            }
            throw new SpkerasException(name + ": cannot be written (" + e.getClass().getSimpleName() + ": "
                    + e.getMessage() + "); check the free space and permissions of " + dir, e);
        }
    }

    private static void move(Path out, Path tmp) {
        Path target = out.toAbsolutePath();
        try {
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new SpkerasException(name(out) + ": cannot be written (" + e.getClass().getSimpleName() + ": "
                    + e.getMessage() + "); check the permissions of " + target.getParent(), e);
        }
    }

    /**
     * A new empty {@code .<name>.<random>.tmp} in {@code dir}, registered for removal by the shutdown hook before it
     * is created (and never created once the hook has run). A long name is shortened so that the temporary name
     * stays within the file system's limit of {@value OutputPaths#NAME_MAX} bytes.
     */
    public static Path createTemporary(Path dir, String fileName) throws IOException {
        String stem = fitting(fileName, OutputPaths.NAME_MAX - TEMP_NAME_EXTRA);
        for (int attempt = 0; ; attempt++) {
            Path tmp = dir.resolve("." + stem + "." + Long.toHexString(ThreadLocalRandom.current().nextLong()) + ".tmp");
            try {
                synchronized (LOCK) {
                    if (shuttingDown) {
                        throw new SpkerasException(fileName + ": not written: the run is being stopped");
                    }
                    TEMPORARIES.add(tmp);
                    Files.newByteChannel(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE).close();
                }
                return tmp;
            } catch (FileAlreadyExistsException e) {
                TEMPORARIES.remove(tmp);
                if (attempt >= 100) {
                    throw e;
                }
            } catch (IOException | RuntimeException e) {
                TEMPORARIES.remove(tmp);
                throw e;
            }
        }
    }

    /** The longest prefix of {@code name} that is at most {@code maxBytes} bytes in UTF-8. */
    static String fitting(String name, int maxBytes) {
        if (name.getBytes(java.nio.charset.StandardCharsets.UTF_8).length <= maxBytes) {
            return name;
        }
        int end = 0;
        int bytes = 0;
        while (end < name.length()) {
            int cp = name.codePointAt(end);
            int n = new String(Character.toChars(cp)).getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
            if (bytes + n > maxBytes) {
                break;
            }
            bytes += n;
            end += Character.charCount(cp);
        }
        return name.substring(0, end);
    }

    /**
     * What the shutdown hook runs: stops any later temporary file from being created (a writer still running while
     * the JVM shuts down), then deletes every one not yet moved into place.
     */
    private static void shutDown() {
        synchronized (LOCK) {
            shuttingDown = true;
        }
        deleteTemporaries();
    }

    /** Deletes every temporary file not yet moved into place. */
    public static void deleteTemporaries() {
        for (Path p : TEMPORARIES) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException e) {
                // shutting down: nothing more can be done
            }
        }
    }
}
