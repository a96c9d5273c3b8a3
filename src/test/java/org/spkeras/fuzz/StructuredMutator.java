package org.spkeras.fuzz;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.zip.CRC32C;

/**
 * Mutations that understand protocol buffers and TensorFlow's SSTable (a tensor bundle's {@code .index}), so that
 * mutants get past the framing and the CRC-32C checks and reach the readers' semantic checks: a protobuf is decoded
 * field by field (nested messages recursively, where they decode), one field is changed (its varint, its bytes, its
 * length, duplicated, deleted, wrapped 10^4 deep) and the message is encoded again; an SSTable's entries are read,
 * one is changed (its value protobuf-mutated, duplicated with another value, moved out of key order, deleted; or the
 * bundle header's shard count set to a 64-bit value), and a valid table with fresh checksums is written.
 */
public final class StructuredMutator {
    private static final long[] VARINTS = {0, 1, 2, 3, 0x7f, 0xff, 0x7fffffffL, 0x80000000L, 0xffffffffL, 1L << 32,
        (1L << 32) + 1, Long.MAX_VALUE, -1, 1L << 62, 100_000};

    private final SplittableRandom rnd;

    StructuredMutator(SplittableRandom rnd) {
        this.rnd = rnd;
    }

    /** One field of a message: its number, wire type and value (Long for varint/fixed, byte[] for length-delimited). */
    public record Field(int number, int wire, Object value) {}

    /** The message's fields in order, or null where {@code b} is not a well-formed message. */
    public static List<Field> decode(byte[] b) {
        List<Field> out = new ArrayList<>();
        int[] p = {0};
        try {
            while (p[0] < b.length) {
                long tag = varint(b, p);
                int wire = (int) (tag & 7);
                int number = (int) (tag >>> 3);
                if (number <= 0) {
                    return null;
                }
                switch (wire) {
                    case 0 -> out.add(new Field(number, 0, varint(b, p)));
                    case 1 -> {
                        out.add(new Field(number, 1, ByteBuffer.wrap(b, p[0], 8).order(ByteOrder.LITTLE_ENDIAN).getLong()));
                        p[0] += 8;
                    }
                    case 5 -> {
                        out.add(new Field(number, 5, (long) ByteBuffer.wrap(b, p[0], 4).order(ByteOrder.LITTLE_ENDIAN).getInt()));
                        p[0] += 4;
                    }
                    case 2 -> {
                        long len = varint(b, p);
                        if (len < 0 || len > b.length - p[0]) {
                            return null;
                        }
                        out.add(new Field(number, 2, Arrays.copyOfRange(b, p[0], p[0] + (int) len)));
                        p[0] += (int) len;
                    }
                    default -> {
                        return null;
                    }
                }
            }
        } catch (RuntimeException e) {
            return null;
        }
        return p[0] == b.length ? out : null;
    }

    public static byte[] encode(List<Field> fields) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Field f : fields) {
            putVarint(out, ((long) f.number() << 3) | f.wire());
            switch (f.wire()) {
                case 0 -> putVarint(out, (Long) f.value());
                case 1 -> out.writeBytes(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong((Long) f.value()).array());
                case 5 -> out.writeBytes(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN)
                        .putInt((int) (long) (Long) f.value()).array());
                default -> {
                    byte[] v = (byte[]) f.value();
                    putVarint(out, v.length);
                    out.writeBytes(v);
                }
            }
        }
        return out.toByteArray();
    }

    /** A protobuf mutant of {@code message}, with the operator's name; null where it does not decode. */
    Mutator.Mutant proto(byte[] message) {
        List<Field> fields = decode(message);
        if (fields == null || fields.isEmpty()) {
            return null;
        }
        String[] op = new String[1];
        byte[] out = encode(mutateFields(fields, 0, op));
        return new Mutator.Mutant(out, "protobuf " + op[0]);
    }

    private List<Field> mutateFields(List<Field> in, int depth, String[] op) {
        List<Field> fields = new ArrayList<>(in);
        int i = rnd.nextInt(fields.size());
        Field f = fields.get(i);
        if (f.wire() == 2 && depth < 6 && rnd.nextInt(3) > 0) {
            List<Field> inner = decode((byte[]) f.value());
            if (inner != null && !inner.isEmpty()) {
                fields.set(i, new Field(f.number(), 2, encode(mutateFields(inner, depth + 1, op))));
                return fields;
            }
        }
        switch (rnd.nextInt(7)) {
            case 0 -> {
                fields.set(i, new Field(f.number(), 0, VARINTS[rnd.nextInt(VARINTS.length)]));
                op[0] = "field " + f.number() + " set to a varint (depth " + depth + ")";
            }
            case 1 -> {
                fields.add(i, f);
                op[0] = "field " + f.number() + " repeated (depth " + depth + ")";
            }
            case 2 -> {
                fields.remove(i);
                op[0] = "field " + f.number() + " deleted (depth " + depth + ")";
                if (fields.isEmpty()) {
                    fields.add(new Field(1, 2, new byte[0]));
                }
            }
            case 3 -> {
                byte[] nested = new byte[0];
                for (int k = 0; k < 10_000; k++) {
                    nested = encode(List.of(new Field(1, 2, nested)));
                }
                fields.set(i, new Field(f.number(), 2, nested));
                op[0] = "field " + f.number() + " nested 10^4 deep (depth " + depth + ")";
            }
            case 4 -> {
                if (f.wire() == 2) {
                    byte[] v = (byte[]) f.value();
                    fields.set(i, new Field(f.number(), 2, Arrays.copyOf(v, v.length == 0 ? 0 : rnd.nextInt(v.length))));
                    op[0] = "field " + f.number() + " bytes cut (depth " + depth + ")";
                } else {
                    fields.set(i, new Field(f.number(), f.wire(), VARINTS[rnd.nextInt(VARINTS.length)]));
                    op[0] = "field " + f.number() + " value changed (depth " + depth + ")";
                }
            }
            case 5 -> {
                String[] texts = {"", "\u001b[2J", "_tf_keras_sequential", "x".repeat(70_000), "{\"class_name\": 5}",
                    "{\"config\": {\"layers\": [[[[[]]]]]}}", "a\u0000b"};
                fields.set(i, new Field(f.number(), 2, texts[rnd.nextInt(texts.length)].getBytes(StandardCharsets.UTF_8)));
                op[0] = "field " + f.number() + " set to text (depth " + depth + ")";
            }
            default -> {
                int n = 1 + rnd.nextInt(12);
                fields.add(rnd.nextBoolean() ? new Field(n, 0, VARINTS[rnd.nextInt(VARINTS.length)])
                        : new Field(n, 2, new byte[rnd.nextInt(16)]));
                op[0] = "field added (depth " + depth + ")";
            }
        }
        return fields;
    }

    // ---- SSTable (tensor-bundle index) ----

    /** One key/value of a table. */
    public record Kv(byte[] key, byte[] value) {}

    /** The data entries of an SSTable in file order, or null where it does not parse. */
    public static List<Kv> readTable(byte[] file) {
        try {
            ByteBuffer footer = ByteBuffer.wrap(file, file.length - 48, 48).order(ByteOrder.LITTLE_ENDIAN);
            int[] p = {file.length - 48};
            varint(file, p);
            varint(file, p);
            long indexOffset = varint(file, p);
            long indexSize = varint(file, p);
            List<Kv> index = block(file, (int) indexOffset, (int) indexSize);
            List<Kv> out = new ArrayList<>();
            for (Kv handle : index) {
                int[] q = {0};
                long off = varint(handle.value(), q);
                long size = varint(handle.value(), q);
                out.addAll(block(file, (int) off, (int) size));
            }
            return footer.getLong(file.length - 8) == 0xdb4775248b80fb57L ? out : null;
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static List<Kv> block(byte[] file, int start, int size) {
        int end = start + size;
        int restarts = ByteBuffer.wrap(file, end - 4, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
        int limit = end - 4 - 4 * restarts;
        int[] p = {start};
        byte[] key = new byte[0];
        List<Kv> out = new ArrayList<>();
        while (p[0] < limit) {
            int shared = (int) varint(file, p);
            int own = (int) varint(file, p);
            int len = (int) varint(file, p);
            byte[] next = Arrays.copyOf(key, shared + own);
            System.arraycopy(file, p[0], next, shared, own);
            p[0] += own;
            key = next;
            out.add(new Kv(key, Arrays.copyOfRange(file, p[0], p[0] + len)));
            p[0] += len;
        }
        return out;
    }

    /** A valid table (one data block, as written, in the given order) with fresh masked CRC-32C trailers. */
    public static byte[] writeTable(List<Kv> entries) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        long[] data = writeBlock(out, entries);
        long[] meta = writeBlock(out, List.of());
        byte[] lastKey = entries.isEmpty() ? new byte[0] : entries.get(entries.size() - 1).key();
        ByteArrayOutputStream handle = new ByteArrayOutputStream();
        putVarint(handle, data[0]);
        putVarint(handle, data[1]);
        long[] index = writeBlock(out, List.of(new Kv(lastKey, handle.toByteArray())));
        ByteArrayOutputStream footer = new ByteArrayOutputStream();
        putVarint(footer, meta[0]);
        putVarint(footer, meta[1]);
        putVarint(footer, index[0]);
        putVarint(footer, index[1]);
        byte[] f = Arrays.copyOf(footer.toByteArray(), 48);
        ByteBuffer.wrap(f, 40, 8).order(ByteOrder.LITTLE_ENDIAN).putLong(0xdb4775248b80fb57L);
        out.writeBytes(f);
        return out.toByteArray();
    }

    private static long[] writeBlock(ByteArrayOutputStream out, List<Kv> entries) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (Kv e : entries) {
            putVarint(b, 0);
            putVarint(b, e.key().length);
            putVarint(b, e.value().length);
            b.writeBytes(e.key());
            b.writeBytes(e.value());
        }
        b.writeBytes(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putInt(0).putInt(1).array());
        byte[] content = b.toByteArray();
        long offset = out.size();
        out.writeBytes(content);
        byte[] trailer = new byte[5];
        CRC32C crc = new CRC32C();
        crc.update(content);
        crc.update(0);
        int c = (int) crc.getValue();
        int masked = ((c >>> 15) | (c << 17)) + 0xa282ead8;
        ByteBuffer.wrap(trailer, 1, 4).order(ByteOrder.LITTLE_ENDIAN).putInt(masked);
        out.writeBytes(trailer);
        return new long[] {offset, content.length};
    }

    /** A tensor-bundle index mutant that is a valid SSTable; null where {@code index} does not parse. */
    Mutator.Mutant sstable(byte[] index) {
        List<Kv> entries = readTable(index);
        if (entries == null || entries.size() < 2) {
            return null;
        }
        List<Kv> out = new ArrayList<>(entries);
        int i = 1 + rnd.nextInt(out.size() - 1);
        String op;
        switch (rnd.nextInt(6)) {
            case 0 -> {
                Mutator.Mutant m = proto(out.get(i).value());
                out.set(i, new Kv(out.get(i).key(), m == null ? new byte[0] : m.bytes()));
                op = "entry value " + (m == null ? "emptied" : m.operator());
            }
            case 1 -> {
                Kv other = out.get(1 + rnd.nextInt(out.size() - 1));
                out.add(i + 1, new Kv(out.get(i).key(), other.value()));
                op = "key duplicated with another entry's value";
            }
            case 2 -> {
                int j = 1 + rnd.nextInt(out.size() - 1);
                Kv a = out.get(i);
                out.set(i, out.get(j));
                out.set(j, a);
                op = "two entries swapped (keys out of order)";
            }
            case 3 -> {
                out.remove(i);
                op = "entry deleted";
            }
            case 4 -> {
                List<Field> header = decode(out.get(0).value());
                List<Field> h = header == null ? new ArrayList<>() : new ArrayList<>(header);
                h.removeIf(f -> f.number() == 1);
                h.add(0, new Field(1, 0, VARINTS[rnd.nextInt(VARINTS.length)]));
                out.set(0, new Kv(out.get(0).key(), encode(h)));
                op = "header shard count changed";
            }
            default -> {
                List<Field> e = decode(out.get(i).value());
                List<Field> f = e == null ? new ArrayList<>() : new ArrayList<>(e);
                int field = new int[] {3, 4, 5, 6, 1}[rnd.nextInt(5)];
                f.removeIf(x -> x.number() == field);
                f.add(new Field(field, 0, VARINTS[rnd.nextInt(VARINTS.length)]));
                out.set(i, new Kv(out.get(i).key(), encode(f)));
                op = "entry field " + field + " (dtype/shard/offset/size/crc) set to a 64-bit value";
            }
        }
        return new Mutator.Mutant(writeTable(out), "SSTable " + op);
    }

    private static long varint(byte[] b, int[] p) {
        long v = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            byte x = b[p[0]++];
            v |= (long) (x & 0x7f) << shift;
            if (x >= 0) {
                return v;
            }
        }
        throw new IllegalArgumentException("varint too long");
    }

    private static void putVarint(ByteArrayOutputStream out, long v) {
        while ((v & ~0x7fL) != 0) {
            out.write((int) (v & 0x7f) | 0x80);
            v >>>= 7;
        }
        out.write((int) v);
    }
}
