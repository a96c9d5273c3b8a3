package org.spkeras.data;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.spkeras.SpkerasException;

/**
 * Reads {@code .npy} arrays for data sets as {@link RawArray}s: a plain file is memory-mapped, an {@code .npz}
 * entry is decompressed into one buffer of its stored bytes; values are never widened to a float64 copy here
 * ({@link Npz} does that for whole arrays). The declared size is checked against the bytes present before
 * anything is allocated.
 */
final class NpyFormat {
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

    private NpyFormat() {}

    private record Header(Dtype type, int[] shape, long headerBytes, long dataBytes) {}

    /** Memory-maps a plain {@code .npy} file. */
    static RawArray map(Path file) {
        String source = file.getFileName().toString();
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            Header h = header(java.nio.channels.Channels.newInputStream(channel), source, channel.size());
            ByteBuffer data = channel.map(FileChannel.MapMode.READ_ONLY, h.headerBytes(), h.dataBytes());
            return new RawArray(source, h.shape(), h.type(), data);
        } catch (IOException e) {
            throw new SpkerasException(source + ": cannot be read (" + e.getMessage() + ")");
        }
    }

    /**
     * Reads one {@code .npy} stream (an {@code .npz} entry of {@code size} bytes, -1 if unknown) into one buffer of
     * exactly the declared size, allocated once the declared size is known to fit in {@code size}.
     */
    static RawArray read(InputStream in, String source, long size) throws IOException {
        Header h = header(in, source, size);
        byte[] bytes = new byte[(int) h.dataBytes()];
        int read = in.readNBytes(bytes, 0, bytes.length);
        if (read < bytes.length) {
            throw truncated(source, h, read);
        }
        return new RawArray(source, h.shape(), h.type(), ByteBuffer.wrap(bytes));
    }

    private static Header header(InputStream stream, String source, long size) throws IOException {
        DataInputStream in = new DataInputStream(stream);
        byte[] magic = in.readNBytes(8);
        if (magic.length < 8 || !Arrays.equals(Arrays.copyOf(magic, 6), MAGIC)) {
            throw new SpkerasException(source + ": is not a NumPy .npy array (bad magic bytes); save it with np.save");
        }
        int major = magic[6];
        byte[] lengthBytes = in.readNBytes(major == 1 ? 2 : 4);
        long length = 0;
        for (int i = lengthBytes.length - 1; i >= 0; i--) {
            length = (length << 8) | Byte.toUnsignedInt(lengthBytes[i]);
        }
        if (lengthBytes.length < (major == 1 ? 2 : 4) || length > 1 << 20) {
            throw new SpkerasException(source + ": has a damaged .npy header; the file may be truncated");
        }
        byte[] headerText = in.readNBytes((int) length);
        if (headerText.length < length) {
            throw new SpkerasException(source + ": ends inside its .npy header; the file is truncated");
        }
        String header = new String(headerText, major >= 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        String descr = group(DESCR, header, source);
        if ("True".equals(group(FORTRAN, header, source))) {
            throw new SpkerasException(source + ": is stored in Fortran order; save it with np.ascontiguousarray first");
        }
        Dtype type = Dtype.numpy(descr);
        if (type == null) {
            throw new SpkerasException(source + ": has dtype " + descr + "; supported: float32/64, (unsigned) integers, "
                    + "bool; convert it with astype('float32')");
        }
        int[] shape = parseShape(group(SHAPE, header, source), source);
        long count = RawArray.count(shape, type.size());
        if (count < 0) {
            throw new SpkerasException(source + ": declares shape " + Arrays.toString(shape) + ", more than "
                    + RawArray.MAX_BYTES + " bytes; split the data into smaller files");
        }
        Header h = new Header(type, shape, 8L + lengthBytes.length + length, count * type.size());
        if (size >= 0 && size - h.headerBytes() < h.dataBytes()) {
            throw truncated(source, h, Math.max(0, size - h.headerBytes()));
        }
        return h;
    }

    /**
     * Writes {@code a} as one {@code .npy} stream (format 1.0, C order, little-endian) in its {@code dtype} as the
     * reader names it: {@code int32}, {@code int64} or {@code float64}; an integer type's values must be whole.
     */
    static void write(OutputStream out, NdArray a) throws IOException {
        String descr = switch (a.dtype()) {
            case "int32" -> "<i4";
            case "int64" -> "<i8";
            default -> "<f8";
        };
        int width = switch (a.dtype()) {
            case "int32" -> 4;
            case "int64", "float64" -> 8;
            default -> throw new IllegalArgumentException("writes int32, int64 or float64, not " + a.dtype());
        };
        StringBuilder shape = new StringBuilder();
        for (int d : a.shape()) {
            shape.append(d).append(", ");
        }
        String dims = a.shape().length == 1 ? shape.substring(0, shape.length() - 1)
                : shape.length() == 0 ? "" : shape.substring(0, shape.length() - 2);
        StringBuilder header = new StringBuilder("{'descr': '" + descr + "', 'fortran_order': False, 'shape': ("
                + dims + "), }");
        while ((MAGIC.length + 4 + header.length() + 1) % 64 != 0) {
            header.append(' ');
        }
        header.append('\n');
        out.write(MAGIC);
        out.write(new byte[] {1, 0, (byte) header.length(), (byte) (header.length() >> 8)});
        out.write(header.toString().getBytes(StandardCharsets.ISO_8859_1));
        ByteBuffer data = ByteBuffer.allocate(a.values().length * width).order(ByteOrder.LITTLE_ENDIAN);
        for (double v : a.values()) {
            switch (a.dtype()) {
                case "int32" -> data.putInt(Math.toIntExact(whole(v)));
                case "int64" -> data.putLong(whole(v));
                default -> data.putDouble(v);
            }
        }
        out.write(data.array());
    }

    private static long whole(double v) {
        if (v != Math.rint(v) || Math.abs(v) > Long.MAX_VALUE) {
            throw new IllegalArgumentException("an integer array holds " + v);
        }
        return (long) v;
    }

    private static SpkerasException truncated(String source, Header h, long present) {
        return new SpkerasException(source + ": declares shape " + Arrays.toString(h.shape()) + " (" + h.dataBytes()
                + " bytes) but holds only " + present + " bytes of data; the file is truncated, write it again");
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
            String p = part.strip().replace("L", "");
            if (!p.isEmpty()) {
                try {
                    dims.add(Integer.parseInt(p));
                } catch (NumberFormatException e) {
                    dims.add(-1);
                }
                if (dims.get(dims.size() - 1) < 0) {
                    throw new SpkerasException(source + ": has an invalid .npy shape (" + text + ")");
                }
            }
        }
        return dims.stream().mapToInt(Integer::intValue).toArray();
    }
}
