package org.spkeras.keras.tf;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.SortedMap;
import java.util.TreeMap;
import org.spkeras.SpkerasException;

/**
 * Reads a whole LevelDB-format table (the {@code .index} file of a TensorFlow tensor bundle): a 48-byte
 * footer with the index block's handle, an index block whose values are data-block handles, and data
 * blocks of prefix-compressed entries followed by a restart array. Every block's masked CRC-32C is checked.
 * Index-block keys are only separators, so every data block it lists is read.
 */
final class SsTable {
    private static final long MAGIC = 0xdb4775248b80fb57L;
    private static final int FOOTER = 48;
    private static final int TRAILER = 5;

    private final byte[] file;
    private final String name;

    private SsTable(byte[] file, String name) {
        this.file = file;
        this.name = name;
    }

    /** All entries of the table, by key. */
    static SortedMap<String, byte[]> entries(byte[] file, String name) {
        return new SsTable(file, name).readAll();
    }

    private SortedMap<String, byte[]> readAll() {
        if (file.length < FOOTER || ByteBuffer.wrap(file, file.length - 8, 8).order(ByteOrder.LITTLE_ENDIAN).getLong() != MAGIC) {
            throw damaged("has no table footer (magic number); it is not a TensorFlow checkpoint index or it is truncated");
        }
        Cursor footer = new Cursor(file, file.length - FOOTER, file.length - 8);
        footer.varint();
        footer.varint();
        long indexOffset = footer.varint();
        long indexSize = footer.varint();
        SortedMap<String, byte[]> entries = new TreeMap<>();
        SortedMap<String, byte[]> index = new TreeMap<>();
        readBlock(indexOffset, indexSize, index, new byte[1][]);
        byte[][] last = new byte[1][];
        for (byte[] handle : index.values()) {
            Cursor h = new Cursor(handle, 0, handle.length);
            readBlock(h.varint(), h.varint(), entries, last);
        }
        return entries;
    }

    /**
     * Reads one block's entries into {@code into}. Keys must ascend strictly (bytewise, as TensorFlow's table
     * writer orders them) across all blocks read with the same {@code last} holder: a duplicate or unsorted key
     * means a damaged or hand-made index, and a duplicate would silently replace a tensor.
     */
    private void readBlock(long offset, long size, SortedMap<String, byte[]> into, byte[][] last) {
        if (offset < 0 || size < 4 || offset + size + TRAILER > file.length) {
            throw damaged("lists a block at " + offset + " (+" + size + " bytes) outside the file");
        }
        int start = (int) offset;
        int end = start + (int) size;
        int type = file[end] & 0xff;
        int stored = ByteBuffer.wrap(file, end + 1, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
        if (Crc32c.masked(file, start, (int) size + 1) != stored) {
            throw damaged("has a block at " + offset + " that fails its CRC-32C check; the file is damaged");
        }
        if (type != 0) {
            throw new SpkerasException(name + ": has a block compressed with " + (type == 1 ? "Snappy" : "compression type " + type)
                    + ", which this reader does not decode; TensorFlow writes checkpoint indexes uncompressed, so the "
                    + "file was written by another tool: re-save it with TensorFlow");
        }
        int restarts = ByteBuffer.wrap(file, end - 4, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
        int limit = end - 4 - 4 * restarts;
        if (restarts < 0 || limit < start) {
            throw damaged("has a block at " + offset + " with a bad restart array");
        }
        Cursor c = new Cursor(file, start, limit);
        byte[] key = new byte[0];
        while (c.position < limit) {
            long shared = c.varint();
            long own = c.varint();
            long valueLength = c.varint();
            if (shared < 0 || shared > key.length) {
                throw damaged("has an entry that shares more key bytes than the previous key has");
            }
            if (own < 0 || valueLength < 0 || own + valueLength > limit - c.position) {
                throw damaged("has an entry at byte " + c.position + " whose key or value runs past its block");
            }
            byte[] next = Arrays.copyOf(key, (int) (shared + own));
            System.arraycopy(c.take((int) own), 0, next, (int) shared, (int) own);
            key = next;
            if (last[0] != null) {
                int order = Arrays.compareUnsigned(last[0], key);
                String shown = org.spkeras.io.SafeText.escape(new String(key, StandardCharsets.UTF_8));
                if (order == 0) {
                    throw damaged("lists the key '" + shown + "' twice; an index holds each tensor once: the file is "
                            + "damaged or was not written by TensorFlow");
                }
                if (order > 0) {
                    throw damaged("lists the key '" + shown + "' after a key that sorts later; an index is sorted by "
                            + "key: the file is damaged or was not written by TensorFlow");
                }
            }
            last[0] = key;
            into.put(new String(key, StandardCharsets.UTF_8), c.take((int) valueLength));
        }
    }

    private SpkerasException damaged(String what) {
        return new SpkerasException(name + ": " + what);
    }

    /** Reads varints and byte runs within [position, limit) of an array. */
    final class Cursor {
        private final byte[] data;
        private int position;
        private final int limit;

        Cursor(byte[] data, int position, int limit) {
            this.data = data;
            this.position = position;
            this.limit = limit;
        }

        long varint() {
            long value = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                if (position >= limit) {
                    throw damaged("ends inside a varint; the file is truncated or damaged");
                }
                byte b = data[position++];
                value |= (long) (b & 0x7f) << shift;
                if (b >= 0) {
                    return value;
                }
            }
            throw damaged("has a varint longer than 10 bytes; the file is damaged");
        }

        byte[] take(int length) {
            if (length < 0 || length > limit - position) {
                throw damaged("has an entry that runs past its block; the file is damaged");
            }
            byte[] out = Arrays.copyOfRange(data, position, position + length);
            position += length;
            return out;
        }
    }
}
