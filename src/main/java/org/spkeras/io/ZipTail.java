package org.spkeras.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Says what is wrong with the end of a zip archive that the JDK refused (often with no message at all): the
 * end-of-central-directory record must be among the last 65,557 bytes and its comment length must match the
 * bytes that follow it.
 */
public final class ZipTail {
    private static final int END_RECORD = 22;
    private static final int MAX_COMMENT = 0xffff;

    private ZipTail() {}

    /** What is wrong with the archive's end record, or null where it looks sound. */
    public static String problem(Path file) {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            int tail = (int) Math.min(size, END_RECORD + MAX_COMMENT);
            ByteBuffer b = ByteBuffer.allocate(tail).order(ByteOrder.LITTLE_ENDIAN);
            while (b.hasRemaining() && ch.read(b, size - tail + b.position()) > 0) {
                // read the tail in full
            }
            for (int i = tail - END_RECORD; i >= 0; i--) {
                if (b.getInt(i) == 0x06054b50) {
                    int declared = Short.toUnsignedInt(b.getShort(i + 20));
                    int present = tail - i - END_RECORD;
                    return declared == present ? null : "its end-of-archive record declares a zip comment of "
                            + declared + " bytes, but " + present + " follow (an over-long or cut zip comment)";
                }
            }
            return "it has no end-of-archive record in its last " + tail + " bytes (it is truncated, not a zip "
                    + "archive, or has more than 64 KiB appended)";
        } catch (IOException e) {
            return null;
        }
    }

    /** An exception's message, or its class name where it has none ("null" tells a user nothing). */
    public static String message(Throwable e) {
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }
}
