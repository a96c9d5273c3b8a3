package org.spkeras.data;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.zip.CRC32;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** Tiny writers for .npy, .npz, IDX and gzip files, in plain Java, for tests. */
final class DataFiles {
    private DataFiles() {}

    /** An array to write: NumPy dtype string, shape and the raw data bytes. */
    record Arr(String descr, int[] shape, byte[] data) {}

    static Arr f4(int[] shape, float... values) {
        ByteBuffer b = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            b.putFloat(v);
        }
        return new Arr("<f4", shape, b.array());
    }

    static Arr f8be(int[] shape, double... values) {
        ByteBuffer b = ByteBuffer.allocate(8 * values.length).order(ByteOrder.BIG_ENDIAN);
        for (double v : values) {
            b.putDouble(v);
        }
        return new Arr(">f8", shape, b.array());
    }

    static Arr u1(int[] shape, int... values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            b[i] = (byte) values[i];
        }
        return new Arr("|u1", shape, b);
    }

    static Arr i8(int[] shape, long... values) {
        ByteBuffer b = ByteBuffer.allocate(8 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        for (long v : values) {
            b.putLong(v);
        }
        return new Arr("<i8", shape, b.array());
    }

    /** 0, 1, 2, ... n-1 as floats. */
    static float[] range(int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = i;
        }
        return v;
    }

    static int[] shape(int... dims) {
        return dims;
    }

    static byte[] npyBytes(Arr a) {
        String shape = a.shape().length == 1 ? "(" + a.shape()[0] + ",)"
                : "(" + Arrays.stream(a.shape()).mapToObj(Integer::toString).collect(Collectors.joining(", ")) + ")";
        String header = "{'descr': '" + a.descr() + "', 'fortran_order': False, 'shape': " + shape + ", }";
        int total = 10 + header.length() + 1;
        header = header + " ".repeat((64 - total % 64) % 64) + "\n";
        ByteBuffer b = ByteBuffer.allocate(10 + header.length() + a.data().length).order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0});
        b.putShort((short) header.length());
        b.put(header.getBytes(StandardCharsets.ISO_8859_1));
        b.put(a.data());
        return b.array();
    }

    static Path npy(Path file, Arr a) throws IOException {
        return Files.write(file, npyBytes(a));
    }

    static Map<String, Arr> arrays(Object... nameThenArr) {
        Map<String, Arr> m = new LinkedHashMap<>();
        for (int i = 0; i < nameThenArr.length; i += 2) {
            m.put((String) nameThenArr[i], (Arr) nameThenArr[i + 1]);
        }
        return m;
    }

    /** Writes an .npz: stored entries like np.savez, or deflated like np.savez_compressed. */
    static Path npz(Path file, boolean compressed, Map<String, Arr> arrays) throws IOException {
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(file))) {
            for (Map.Entry<String, Arr> e : arrays.entrySet()) {
                byte[] bytes = npyBytes(e.getValue());
                ZipEntry entry = new ZipEntry(e.getKey() + ".npy");
                if (!compressed) {
                    CRC32 crc = new CRC32();
                    crc.update(bytes);
                    entry.setMethod(ZipEntry.STORED);
                    entry.setSize(bytes.length);
                    entry.setCompressedSize(bytes.length);
                    entry.setCrc(crc.getValue());
                }
                zip.putNextEntry(entry);
                zip.write(bytes);
                zip.closeEntry();
            }
        }
        return file;
    }

    /** IDX bytes: type code, dims, then the data bytes (big-endian for multi-byte types). */
    static byte[] idxBytes(int type, int[] dims, byte[] data) {
        ByteBuffer b = ByteBuffer.allocate(4 + 4 * dims.length + data.length);
        b.put((byte) 0).put((byte) 0).put((byte) type).put((byte) dims.length);
        for (int d : dims) {
            b.putInt(d);
        }
        return b.put(data).array();
    }

    static byte[] bytes(int... values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            b[i] = (byte) values[i];
        }
        return b;
    }

    static byte[] gzip(byte[] data) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (OutputStream gz = new GZIPOutputStream(out)) {
            gz.write(data);
        }
        return out.toByteArray();
    }

    /** The first {@code n} bytes of a file, written back: a truncated copy. */
    static Path truncate(Path file, int n) throws IOException {
        return Files.write(file, Arrays.copyOf(Files.readAllBytes(file), n));
    }
}
