package org.spkeras.fuzz;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * A zip writer that writes exactly the sizes and CRCs it is told, so tests can build archives that lie about their
 * entries (a declared size smaller than the inflated data) and zip bombs (gigabytes of zeros in a few megabytes).
 */
public final class RawZip {
    /** One entry: name, raw (compressed or stored) bytes, declared uncompressed size and CRC, method. */
    public record Entry(String name, byte[] raw, long declaredSize, long crc, int method) {
        public static Entry deflated(String name, byte[] content) {
            CRC32 crc = new CRC32();
            crc.update(content);
            return new Entry(name, deflate(content), content.length, crc.getValue(), ZipEntry.DEFLATED);
        }

        public static Entry stored(String name, byte[] content) {
            CRC32 crc = new CRC32();
            crc.update(content);
            return new Entry(name, content, content.length, crc.getValue(), ZipEntry.STORED);
        }

        public Entry withDeclaredSize(long size) {
            return new Entry(name, raw, size, crc, method);
        }
    }

    private RawZip() {}

    /** Deflated zeros: {@code megabytes} MiB of zeros compress about 1000:1. */
    public static Entry zeros(String name, long megabytes) {
        Deflater d = new Deflater(Deflater.BEST_COMPRESSION, true);
        byte[] chunk = new byte[1 << 20];
        CRC32 crc = new CRC32();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[1 << 16];
        for (long i = 0; i < megabytes; i++) {
            d.setInput(chunk);
            crc.update(chunk);
            while (!d.needsInput()) {
                out.write(buf, 0, d.deflate(buf));
            }
        }
        d.finish();
        while (!d.finished()) {
            out.write(buf, 0, d.deflate(buf));
        }
        d.end();
        return new Entry(name, out.toByteArray(), megabytes << 20, crc.getValue(), ZipEntry.DEFLATED);
    }

    static byte[] deflate(byte[] content) {
        Deflater d = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
        d.setInput(content);
        d.finish();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[1 << 16];
        while (!d.finished()) {
            out.write(buf, 0, d.deflate(buf));
        }
        d.end();
        return out.toByteArray();
    }

    /** The entries of a well-formed zip, by name, with their contents. */
    public static Map<String, byte[]> read(byte[] zip) {
        Map<String, byte[]> out = new LinkedHashMap<>();
        try (ZipInputStream in = new ZipInputStream(new java.io.ByteArrayInputStream(zip))) {
            for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
                out.put(e.getName(), in.readAllBytes());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /** A zip archive (no zip64) of {@code entries} exactly as given. */
    public static byte[] write(List<Entry> entries) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        List<byte[]> central = new ArrayList<>();
        for (Entry e : entries) {
            byte[] name = e.name().getBytes(StandardCharsets.UTF_8);
            int offset = out.size();
            ByteBuffer h = le(30 + name.length);
            h.putInt(0x04034b50).putShort((short) 20).putShort((short) 0x800).putShort((short) e.method())
                    .putInt(0).putInt((int) e.crc()).putInt(e.raw().length).putInt((int) e.declaredSize())
                    .putShort((short) name.length).putShort((short) 0).put(name);
            out.writeBytes(h.array());
            out.writeBytes(e.raw());
            ByteBuffer c = le(46 + name.length);
            c.putInt(0x02014b50).putShort((short) 20).putShort((short) 20).putShort((short) 0x800)
                    .putShort((short) e.method()).putInt(0).putInt((int) e.crc()).putInt(e.raw().length)
                    .putInt((int) e.declaredSize()).putShort((short) name.length).putShort((short) 0).putShort((short) 0)
                    .putShort((short) 0).putShort((short) 0).putInt(0).putInt(offset).put(name);
            central.add(c.array());
        }
        int start = out.size();
        central.forEach(out::writeBytes);
        int size = out.size() - start;
        ByteBuffer end = le(22);
        end.putInt(0x06054b50).putShort((short) 0).putShort((short) 0).putShort((short) entries.size())
                .putShort((short) entries.size()).putInt(size).putInt(start).putShort((short) 0);
        out.writeBytes(end.array());
        return out.toByteArray();
    }

    private static ByteBuffer le(int n) {
        return ByteBuffer.allocate(n).order(ByteOrder.LITTLE_ENDIAN);
    }
}
