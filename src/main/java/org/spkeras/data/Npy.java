package org.spkeras.data;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.spkeras.SpkerasException;

/**
 * Reads NumPy {@code .npy} arrays (format versions 1–3) of float, integer and bool types in C order.
 * The declared shape is checked against the bytes actually present before anything is allocated for it.
 */
public final class Npy {
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");
    private static final long MAX_VALUES = 1L << 30;

    private Npy() {}

    /**
     * @param source    names the file (and entry) in error messages
     * @param available the number of bytes the stream holds, or -1 when unknown
     */
    public static NdArray read(InputStream stream, String name, String source, long available) throws IOException {
        DataInputStream in = new DataInputStream(stream);
        byte[] magic = in.readNBytes(8);
        for (int i = 0; i < MAGIC.length; i++) {
            if (magic.length < 8 || magic[i] != MAGIC[i]) {
                throw new SpkerasException(source + ": is not a NumPy .npy array (bad magic bytes)");
            }
        }
        int major = magic[6];
        int headerLength = major == 1 ? Short.toUnsignedInt(Short.reverseBytes(in.readShort()))
                : Integer.reverseBytes(in.readInt());
        if (headerLength < 0 || headerLength > 1 << 20) {
            throw new SpkerasException(source + ": has a damaged .npy header");
        }
        String header = new String(in.readNBytes(headerLength), major >= 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        String descr = group(DESCR, header, source);
        if ("True".equals(group(FORTRAN, header, source))) {
            throw new SpkerasException(source + ": array '" + name + "' is stored in Fortran order; save it with "
                    + "np.ascontiguousarray first");
        }
        int[] shape = parseShape(group(SHAPE, header, source), source);
        long count = 1;
        for (int d : shape) {
            count *= d;
            if (count > MAX_VALUES) {
                throw new SpkerasException(source + ": array '" + name + "' declares more than " + MAX_VALUES + " values");
            }
        }
        int itemSize = itemSize(descr, source, name);
        long dataBytes = count * itemSize;
        long headerBytes = (major == 1 ? 10L : 12L) + headerLength;
        if (available >= 0 && available - headerBytes < dataBytes) {
            throw new SpkerasException(source + ": array '" + name + "' declares shape " + java.util.Arrays.toString(shape)
                    + " (" + dataBytes + " bytes) but the file holds only " + Math.max(0, available - headerBytes)
                    + " bytes of data; the file is truncated");
        }
        double[] values = new double[(int) count];
        ByteBuffer buffer = ByteBuffer.allocate(1 << 16);
        buffer.order(descr.startsWith(">") ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
        int filled = 0;
        while (filled < count) {
            int chunkItems = (int) Math.min(count - filled, buffer.capacity() / itemSize);
            byte[] chunk = in.readNBytes(chunkItems * itemSize);
            if (chunk.length < chunkItems * itemSize) {
                throw new SpkerasException(source + ": array '" + name + "' ends after " + filled + " of " + count
                        + " values; the file is truncated");
            }
            buffer.clear();
            buffer.put(chunk).flip();
            for (int i = 0; i < chunkItems; i++) {
                values[filled++] = readValue(buffer, descr);
            }
        }
        return new NdArray(name, shape, descr, values);
    }

    private static String group(Pattern p, String header, String source) {
        Matcher m = p.matcher(header);
        if (!m.find()) {
            throw new SpkerasException(source + ": has a damaged .npy header (" + header.strip() + ")");
        }
        return m.group(1);
    }

    private static int[] parseShape(String text, String source) {
        List<Integer> dims = new ArrayList<>();
        for (String part : text.split(",")) {
            String p = part.strip();
            if (!p.isEmpty()) {
                try {
                    long d = Long.parseLong(p.replace("L", ""));
                    if (d < 0 || d > Integer.MAX_VALUE) {
                        throw new NumberFormatException();
                    }
                    dims.add((int) d);
                } catch (NumberFormatException e) {
                    throw new SpkerasException(source + ": has an invalid .npy shape (" + text + ")");
                }
            }
        }
        return dims.stream().mapToInt(Integer::intValue).toArray();
    }

    private static int itemSize(String descr, String source, String name) {
        return switch (descr.substring(1)) {
            case "f4", "i4", "u4" -> 4;
            case "f8", "i8", "u8" -> 8;
            case "i2", "u2" -> 2;
            case "i1", "u1", "b1" -> 1;
            default -> throw new SpkerasException(source + ": array '" + name + "' has dtype " + descr
                    + "; supported: float32/64, (unsigned) integers, bool");
        };
    }

    private static double readValue(ByteBuffer b, String descr) {
        return switch (descr.substring(1)) {
            case "f4" -> b.getFloat();
            case "f8" -> b.getDouble();
            case "i1" -> b.get();
            case "u1", "b1" -> Byte.toUnsignedInt(b.get());
            case "i2" -> b.getShort();
            case "u2" -> Short.toUnsignedInt(b.getShort());
            case "i4" -> b.getInt();
            case "u4" -> Integer.toUnsignedLong(b.getInt());
            case "i8" -> b.getLong();
            case "u8" -> (double) b.getLong();
            default -> throw new IllegalStateException(descr);
        };
    }
}
