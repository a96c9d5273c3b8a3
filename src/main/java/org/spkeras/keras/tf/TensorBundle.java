package org.spkeras.keras.tf;

import com.google.protobuf.InvalidProtocolBufferException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.spkeras.SpkerasException;

/**
 * A TensorFlow tensor bundle (checkpoint): {@code PREFIX.index}, a table of BundleEntryProto by tensor name,
 * and the raw little-endian tensors in {@code PREFIX.data-SSSSS-of-NNNNN}. Tensors are read on demand and
 * each one's masked CRC-32C is checked before its values are used.
 */
public final class TensorBundle {
    private static final long MAX_INDEX_BYTES = 256L << 20;
    private static final int DT_FLOAT = 1;
    private static final int DT_DOUBLE = 2;

    /** One tensor's index entry (BundleEntryProto). */
    public record Entry(String key, int dtype, long[] shape, int shard, long offset, long size, int maskedCrc32c,
                        boolean sliced) {}

    private final Path prefix;
    private final int shards;
    private final Map<String, Entry> entries;

    private TensorBundle(Path prefix, int shards, Map<String, Entry> entries) {
        this.prefix = prefix;
        this.shards = shards;
        this.entries = entries;
    }

    /** Opens {@code prefix.index}; the data shards are opened when a tensor is read. */
    public static TensorBundle open(Path prefix) {
        Path index = sibling(prefix, ".index");
        String name = index.getFileName().toString();
        byte[] bytes;
        try {
            if (Files.size(index) > MAX_INDEX_BYTES) {
                throw new SpkerasException(name + ": is larger than " + (MAX_INDEX_BYTES >> 20) + " MiB; not a checkpoint index");
            }
            bytes = Files.readAllBytes(index);
        } catch (IOException e) {
            throw new SpkerasException(name + ": cannot be read (" + e.getMessage() + ")");
        }
        SortedMap<String, byte[]> table = SsTable.entries(bytes, name);
        try {
            byte[] header = table.get("");
            if (header == null) {
                throw new SpkerasException(name + ": has no bundle header (empty key); it is not a TensorFlow checkpoint index");
            }
            ProtoMessage h = ProtoMessage.parse(header);
            if (h.number(2, 0) != 0) {
                throw new SpkerasException(name + ": holds big-endian tensors; only little-endian checkpoints are read");
            }
            long shardCount = h.number(1, 1);
            if (shardCount < 1 || shardCount > MAX_SHARDS) {
                throw new SpkerasException(name + ": declares " + Long.toUnsignedString(shardCount) + " data shards; "
                        + "a checkpoint has 1 to " + MAX_SHARDS + ": the index is damaged");
            }
            int shards = (int) shardCount;
            Map<String, Entry> entries = new TreeMap<>();
            for (Map.Entry<String, byte[]> e : table.entrySet()) {
                if (!e.getKey().isEmpty()) {
                    Entry entry = entry(e.getKey(), ProtoMessage.parse(e.getValue()), name, shards);
                    entries.put(e.getKey(), entry);
                }
            }
            return new TensorBundle(prefix, shards, Collections.unmodifiableMap(entries));
        } catch (InvalidProtocolBufferException e) {
            throw new SpkerasException(name + ": has an entry that is not a valid BundleEntryProto (" + e.getMessage()
                    + "); the file is damaged");
        }
    }

    /** TensorFlow numbers shards with five digits. */
    private static final long MAX_SHARDS = 99_999;

    private static Entry entry(String key, ProtoMessage m, String name, int shards) throws InvalidProtocolBufferException {
        long shard = m.number(3, 0);
        if (shard < 0 || shard >= shards) {
            // compared as the full 64-bit value: a shard id truncated to 32 bits could name an existing shard
            throw new SpkerasException(name + ": tensor '" + org.spkeras.io.SafeText.escape(key) + "' is in shard "
                    + Long.toUnsignedString(shard) + " of a bundle of " + shards + " shard(s); the index is damaged");
        }
        List<Long> dims = new ArrayList<>();
        for (ProtoMessage dim : m.message(2).messages(2)) {
            dims.add(dim.number(1, -1));
        }
        long[] shape = dims.stream().mapToLong(Long::longValue).toArray();
        return new Entry(key, (int) m.number(1, 0), shape, (int) shard, m.number(4, 0), m.number(5, 0),
                (int) m.number(6, 0), m.has(7));
    }

    public Map<String, Entry> entries() {
        return entries;
    }

    public String name() {
        return prefix.getFileName().toString();
    }

    public int shards() {
        return shards;
    }

    private Path shardFile(int shard) {
        return sibling(prefix, String.format(Locale.ROOT, ".data-%05d-of-%05d", shard, shards));
    }

    private static Path sibling(Path prefix, String suffix) {
        return prefix.resolveSibling(prefix.getFileName() + suffix);
    }

    /** A float32 or float64 tensor's values as float32, after its checksum has been verified. */
    public float[] floats(String key) {
        Entry e = entries.get(key);
        if (e == null) {
            throw new SpkerasException(name() + ": has no tensor '" + key + "'");
        }
        if (e.dtype() != DT_FLOAT && e.dtype() != DT_DOUBLE) {
            throw new SpkerasException(name() + ": tensor '" + key + "' has TensorFlow dtype " + e.dtype()
                    + "; expected float32 (1) or float64 (2)");
        }
        if (e.sliced()) {
            throw new SpkerasException(name() + ": tensor '" + key + "' is stored in slices (a partitioned variable); "
                    + "not supported");
        }
        long count = 1;
        for (long d : e.shape()) {
            if (d < 0 || d > 0 && count > Integer.MAX_VALUE / d) {
                throw new SpkerasException(name() + ": tensor '" + key + "' has shape " + Arrays.toString(e.shape())
                        + ", more values than a tensor this tool reads (2^31-1); the index is damaged");
            }
            count *= d;
        }
        int width = e.dtype() == DT_FLOAT ? 4 : 8;
        if (e.size() != count * width) {
            throw new SpkerasException(name() + ": tensor '" + key + "' has " + e.size() + " bytes but its shape "
                    + Arrays.toString(e.shape()) + " needs " + count * width + "; the index is damaged");
        }
        ByteBuffer raw = ByteBuffer.wrap(verifiedBytes(e)).order(ByteOrder.LITTLE_ENDIAN);
        float[] out = new float[(int) count];
        for (int i = 0; i < out.length; i++) {
            out[i] = width == 4 ? raw.getFloat() : (float) raw.getDouble();
        }
        return out;
    }

    /** The raw bytes of one tensor, read from its shard and checked against the stored CRC-32C. */
    public byte[] verifiedBytes(Entry e) {
        if (e.shard() < 0 || e.shard() >= shards) {
            throw new SpkerasException(name() + ": tensor '" + e.key() + "' names shard " + e.shard() + " of " + shards
                    + "; the index is damaged");
        }
        Path file = shardFile(e.shard());
        String kind = org.spkeras.io.InputFiles.notRegular(file);
        if (kind != null && org.spkeras.io.InputFiles.present(file)) {
            throw new SpkerasException(file.getFileName() + ": is " + kind + ", not the regular file of a data shard; "
                    + "a checkpoint needs its .index and all " + shards + " data shard(s) as files: copy them again");
        }
        if (kind != null) {
            throw new SpkerasException(file.getFileName() + ": is missing (" + name() + ".index lists " + shards
                    + " data shard(s)); a checkpoint needs its .index and all "
                    + shards + " data shard(s) (" + name() + ".data-*-of-" + String.format(Locale.ROOT, "%05d", shards)
                    + "): copy them all");
        }
        if (e.size() > Integer.MAX_VALUE - 8 || e.size() < 0 || e.offset() < 0) {
            throw new SpkerasException(name() + ": tensor '" + e.key() + "' is larger than 2 GiB; not supported");
        }
        byte[] bytes = new byte[(int) e.size()];
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            if (e.offset() + e.size() > channel.size()) {
                throw new SpkerasException(file.getFileName() + ": ends before tensor '" + e.key() + "' (bytes "
                        + e.offset() + " to " + (e.offset() + e.size()) + " of " + channel.size()
                        + "); the shard is truncated: copy it again");
            }
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            while (buffer.hasRemaining()) {
                if (channel.read(buffer, e.offset() + buffer.position()) < 0) {
                    break;
                }
            }
        } catch (IOException ex) {
            throw new SpkerasException(file.getFileName() + ": cannot be read (" + ex.getMessage() + ")");
        }
        int computed = Crc32c.masked(bytes, 0, bytes.length);
        if (computed != e.maskedCrc32c()) {
            throw new SpkerasException(file.getFileName() + ": tensor '" + e.key() + "' fails its CRC-32C check (stored "
                    + String.format(Locale.ROOT, "%08x, computed %08x", e.maskedCrc32c(), computed)
                    + "); the checkpoint is damaged: copy or save it again");
        }
        return bytes;
    }
}
