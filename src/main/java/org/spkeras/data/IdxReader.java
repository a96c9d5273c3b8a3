package org.spkeras.data;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;
import org.spkeras.SpkerasException;

/**
 * Reads IDX files (the MNIST format: {@code 0 0 type ndims}, big-endian int32 dimensions, then the values), plain
 * (memory-mapped) or gzip-compressed (decompressed into one buffer of exactly the stored bytes, e.g. 1 byte per
 * pixel, allocated once: the decompressed size is bounded by the compressed size before allocating).
 * The declared size is checked against the bytes present before the values are read.
 */
final class IdxReader {
    /** Deflate expands at most about 1032:1; a declared size beyond that means a damaged header or a cut file. */
    private static final long MAX_DEFLATE_RATIO = 1100;

    private IdxReader() {}

    private record Header(Dtype type, int[] shape, long headerBytes, long dataBytes) {}

    /** Reads an IDX or IDX.gz file (gzip is recognised by its magic bytes, whatever the name). */
    static RawArray read(Path file) {
        String source = file.getFileName().toString();
        try {
            if (isGzip(file)) {
                try (InputStream in = new GZIPInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
                    Header h = header(in, source, -1);
                    if (h.dataBytes() > Files.size(file) * MAX_DEFLATE_RATIO) {
                        throw truncated(source, h, Files.size(file) + " compressed");
                    }
                    byte[] bytes = new byte[(int) h.dataBytes()];
                    int read = in.readNBytes(bytes, 0, bytes.length);
                    if (read < bytes.length) {
                        throw truncated(source, h, Integer.toString(read));
                    }
                    return new RawArray(source, h.shape(), h.type(), ByteBuffer.wrap(bytes));
                }
            }
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
                Header h = header(Channels.newInputStream(channel), source, channel.size());
                return new RawArray(source, h.shape(), h.type(),
                        channel.map(FileChannel.MapMode.READ_ONLY, h.headerBytes(), h.dataBytes()));
            }
        } catch (EOFException | ZipException e) {
            throw new SpkerasException(source + ": the compressed stream ends early or is damaged (" + e.getMessage()
                    + "); the file is truncated, download it again");
        } catch (IOException e) {
            throw new SpkerasException(source + ": cannot be read (" + e.getMessage() + ")");
        }
    }

    static boolean isGzip(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] magic = in.readNBytes(2);
            return magic.length == 2 && magic[0] == (byte) 0x1f && magic[1] == (byte) 0x8b;
        }
    }

    private static Header header(InputStream stream, String source, long size) throws IOException {
        DataInputStream in = new DataInputStream(stream);
        byte[] magic = in.readNBytes(4);
        Dtype type = magic.length == 4 && magic[0] == 0 && magic[1] == 0 ? Dtype.idx(Byte.toUnsignedInt(magic[2])) : null;
        if (type == null || magic[3] < 1) {
            throw new SpkerasException(source + ": is not an IDX file (magic bytes " + hex(magic) + ", expected 00 00 "
                    + "<type> <ndims>); give an MNIST-style file such as t10k-images-idx3-ubyte(.gz), or .npz/.npy/HDF5");
        }
        int[] shape = new int[magic[3]];
        byte[] dims = in.readNBytes(4 * shape.length);
        if (dims.length < 4 * shape.length) {
            throw new SpkerasException(source + ": ends inside its IDX header; the file is truncated");
        }
        ByteBuffer b = ByteBuffer.wrap(dims);
        for (int i = 0; i < shape.length; i++) {
            shape[i] = b.getInt();
            if (shape[i] < 0) {
                throw new SpkerasException(source + ": declares a negative dimension (" + shape[i] + "); the file is damaged");
            }
        }
        long count = RawArray.count(shape, type.size());
        if (count < 0) {
            throw new SpkerasException(source + ": declares shape " + Arrays.toString(shape) + ", more than "
                    + RawArray.MAX_BYTES + " bytes; split the data into smaller files");
        }
        Header h = new Header(type, shape, 4L + dims.length, count * type.size());
        if (size >= 0 && size - h.headerBytes() < h.dataBytes()) {
            throw truncated(source, h, Long.toString(Math.max(0, size - h.headerBytes())));
        }
        return h;
    }

    private static SpkerasException truncated(String source, Header h, String present) {
        return new SpkerasException(source + ": declares shape " + Arrays.toString(h.shape()) + " (" + h.dataBytes()
                + " bytes of " + h.type() + ") but holds only " + present + " bytes of data; the file is truncated, "
                + "download it again");
    }

    private static String hex(byte[] bytes) {
        StringBuilder s = new StringBuilder();
        for (byte x : bytes) {
            s.append(s.length() == 0 ? "" : " ").append(String.format("%02x", x));
        }
        return s.toString();
    }
}
