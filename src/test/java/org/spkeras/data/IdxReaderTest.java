package org.spkeras.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.spkeras.data.DataFiles.bytes;
import static org.spkeras.data.DataFiles.gzip;
import static org.spkeras.data.DataFiles.idxBytes;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spkeras.SpkerasException;

class IdxReaderTest {
    @TempDir
    Path dir;

    private static final byte[] TWO_IMAGES = idxBytes(0x08, new int[] {2, 2, 3}, bytes(0, 1, 2, 3, 4, 255, 6, 7, 8, 9, 10, 11));

    @Test
    void readsPlainUint8Images() throws IOException {
        SampleArray a = IdxReader.read(Files.write(dir.resolve("x-images-idx3-ubyte"), TWO_IMAGES));
        assertArrayEquals(new int[] {2, 2, 3}, a.shape());
        assertEquals("uint8", a.dtype());
        assertTrue(a.integral());
        float[] row = new float[6];
        a.readRow(0, row);
        assertArrayEquals(new float[] {0, 1, 2, 3, 4, 255}, row);
        a.readRow(1, row);
        assertArrayEquals(new float[] {6, 7, 8, 9, 10, 11}, row);
    }

    @Test
    void readsGzipByMagicBytes() throws IOException {
        SampleArray a = IdxReader.read(Files.write(dir.resolve("x-images-idx3-ubyte.gz"), gzip(TWO_IMAGES)));
        float[] row = new float[6];
        a.readRow(0, row);
        assertArrayEquals(new float[] {0, 1, 2, 3, 4, 255}, row);
        assertEquals("2×2×3 uint8", a.describe());
    }

    @Test
    void readsBigEndianFloat32AndInt16() throws IOException {
        ByteBuffer f = ByteBuffer.allocate(8).putFloat(1.5f).putFloat(-2.25f);
        SampleArray a = IdxReader.read(Files.write(dir.resolve("f"), idxBytes(0x0D, new int[] {2, 1}, f.array())));
        assertEquals("float32", a.dtype());
        float[] row = new float[1];
        a.readRow(1, row);
        assertEquals(-2.25f, row[0]);
        ByteBuffer s = ByteBuffer.allocate(4).putShort((short) -300).putShort((short) 7);
        SampleArray b = IdxReader.read(Files.write(dir.resolve("s"), idxBytes(0x0B, new int[] {2}, s.array())));
        b.readRow(0, row);
        assertEquals(-300f, row[0]);
    }

    @Test
    void refusesTruncatedPlainFileBeforeReading() throws IOException {
        Path file = Files.write(dir.resolve("t10k-images-idx3-ubyte"), Arrays.copyOf(TWO_IMAGES, TWO_IMAGES.length - 7));
        SpkerasException e = assertThrows(SpkerasException.class, () -> IdxReader.read(file));
        assertEquals("t10k-images-idx3-ubyte: declares shape [2, 2, 3] (12 bytes of uint8) but holds only 5 bytes of "
                + "data; the file is truncated, download it again", e.getMessage());
    }

    @Test
    void refusesGzipWhosePayloadIsShort() throws IOException {
        Path file = Files.write(dir.resolve("a.gz"), gzip(Arrays.copyOf(TWO_IMAGES, TWO_IMAGES.length - 2)));
        SpkerasException e = assertThrows(SpkerasException.class, () -> IdxReader.read(file));
        assertTrue(e.getMessage().contains("a.gz: declares shape [2, 2, 3] (12 bytes of uint8) but holds only 10 bytes"),
                e.getMessage());
    }

    @Test
    void refusesAnAbsurdDeclaredSizeBeforeAllocatingIt() throws IOException {
        byte[] gz = gzip(idxBytes(0x08, new int[] {1_000_000, 28, 28}, new byte[10]));
        Path file = Files.write(dir.resolve("huge.gz"), gz);
        SpkerasException e = assertThrows(SpkerasException.class, () -> IdxReader.read(file));
        assertEquals("huge.gz: declares shape [1000000, 28, 28] (784000000 bytes of uint8) but holds only " + gz.length
                + " compressed bytes of data; the file is truncated, download it again", e.getMessage());
    }

    @Test
    void refusesCutGzipStream() throws IOException {
        byte[] big = new byte[5000];
        new java.util.Random(1).nextBytes(big);
        byte[] gz = gzip(idxBytes(0x08, new int[] {5, 1000}, big));
        Path file = Files.write(dir.resolve("cut.gz"), Arrays.copyOf(gz, gz.length / 2));
        SpkerasException e = assertThrows(SpkerasException.class, () -> IdxReader.read(file));
        assertTrue(e.getMessage().startsWith("cut.gz: the compressed stream ends early or is damaged"), e.getMessage());
        assertTrue(e.getMessage().endsWith("the file is truncated, download it again"), e.getMessage());
    }

    @Test
    void refusesWhatIsNotIdx() throws IOException {
        Path file = Files.write(dir.resolve("notes.txt"), "hello".getBytes());
        SpkerasException e = assertThrows(SpkerasException.class, () -> IdxReader.read(file));
        assertTrue(e.getMessage().startsWith("notes.txt: is not an IDX file (magic bytes 68 65 6c 6c, expected 00 00 "
                + "<type> <ndims>)"), e.getMessage());
        Path badType = Files.write(dir.resolve("bad"), bytes(0, 0, 0x42, 1, 0, 0, 0, 0));
        assertThrows(SpkerasException.class, () -> IdxReader.read(badType));
    }

    @Test
    void refusesHeaderCutShort() throws IOException {
        Path file = Files.write(dir.resolve("h"), bytes(0, 0, 8, 3, 0, 0, 0, 2));
        SpkerasException e = assertThrows(SpkerasException.class, () -> IdxReader.read(file));
        assertEquals("h: ends inside its IDX header; the file is truncated", e.getMessage());
    }
}
