package org.spkeras.data;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * An element type of raw array bytes: kind ({@code f} float, {@code i} signed, {@code u} unsigned, {@code b} bool),
 * size in bytes and byte order. Decodes single values from a buffer by absolute index, so reads are thread-safe.
 */
record Dtype(char kind, int size, ByteOrder order) {

    /** Parses a NumPy type string such as {@code <f4}, {@code |u1}, {@code >i2}; null when not supported. */
    static Dtype numpy(String descr) {
        if (descr.length() != 3 || "<>|=".indexOf(descr.charAt(0)) < 0) {
            return null;
        }
        char kind = descr.charAt(1);
        int size = descr.charAt(2) - '0';
        boolean ok = switch (kind) {
            case 'f' -> size == 4 || size == 8;
            case 'i', 'u' -> size == 1 || size == 2 || size == 4 || size == 8;
            case 'b' -> size == 1;
            default -> false;
        };
        return ok ? new Dtype(kind, size, descr.charAt(0) == '>' ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN) : null;
    }

    /** The element type of an IDX type code (always big-endian); null when not a valid code. */
    static Dtype idx(int code) {
        return switch (code) {
            case 0x08 -> new Dtype('u', 1, ByteOrder.BIG_ENDIAN);
            case 0x09 -> new Dtype('i', 1, ByteOrder.BIG_ENDIAN);
            case 0x0B -> new Dtype('i', 2, ByteOrder.BIG_ENDIAN);
            case 0x0C -> new Dtype('i', 4, ByteOrder.BIG_ENDIAN);
            case 0x0D -> new Dtype('f', 4, ByteOrder.BIG_ENDIAN);
            case 0x0E -> new Dtype('f', 8, ByteOrder.BIG_ENDIAN);
            default -> null;
        };
    }

    /** Integer (not float, not bool) values: raw pixel counts, scaled by 1/255 under {@code scale=auto}. */
    boolean integral() {
        return kind == 'i' || kind == 'u';
    }

    /** The value at element {@code index} of a buffer whose element 0 is at buffer index 0. */
    double get(ByteBuffer b, long index) {
        int at = Math.toIntExact(index * size);
        return switch (kind) {
            case 'f' -> size == 4 ? b.getFloat(at) : b.getDouble(at);
            case 'b' -> b.get(at) != 0 ? 1 : 0;
            case 'u' -> switch (size) {
                case 1 -> Byte.toUnsignedInt(b.get(at));
                case 2 -> Short.toUnsignedInt(b.getShort(at));
                case 4 -> Integer.toUnsignedLong(b.getInt(at));
                default -> unsignedLong(b.getLong(at));
            };
            default -> switch (size) {
                case 1 -> b.get(at);
                case 2 -> b.getShort(at);
                case 4 -> b.getInt(at);
                default -> b.getLong(at);
            };
        };
    }

    private static double unsignedLong(long v) {
        return v >= 0 ? v : (v >>> 1) * 2.0 + (v & 1);
    }

    @Override
    public String toString() {
        String base = switch (kind) {
            case 'f' -> "float";
            case 'i' -> "int";
            case 'u' -> "uint";
            default -> "bool";
        };
        return kind == 'b' ? base : base + size * 8;
    }
}
