package org.spkeras.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.spkeras.data.DataFiles.f4;
import static org.spkeras.data.DataFiles.f8be;
import static org.spkeras.data.DataFiles.npy;
import static org.spkeras.data.DataFiles.npyBytes;
import static org.spkeras.data.DataFiles.shape;
import static org.spkeras.data.DataFiles.u1;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spkeras.SpkerasException;

class NpyFormatTest {
    @TempDir
    Path dir;

    @Test
    void mapsFloat32File() throws IOException {
        SampleArray a = NpyFormat.map(npy(dir.resolve("x.npy"), f4(shape(3, 2), 0, 1, 2, 3, 4, 5)));
        assertArrayEquals(new int[] {3, 2}, a.shape());
        assertEquals("x.npy", a.source());
        assertFalse(a.integral());
        float[] row = new float[2];
        a.readRow(2, row);
        assertArrayEquals(new float[] {4, 5}, row);
    }

    @Test
    void readsUint8AndBigEndianFloat64Streams() throws IOException {
        byte[] u = npyBytes(u1(shape(2, 2), 200, 1, 2, 255));
        SampleArray a = NpyFormat.read(new ByteArrayInputStream(u), "u", u.length);
        float[] row = new float[2];
        a.readRow(1, row);
        assertArrayEquals(new float[] {2, 255}, row);
        assertTrue(a.integral());
        byte[] d = npyBytes(f8be(shape(2), 1.25, -3));
        SampleArray b = NpyFormat.read(new ByteArrayInputStream(d), "d", -1);
        float[] one = new float[1];
        b.readRow(1, one);
        assertEquals(-3f, one[0]);
        assertEquals("float64", b.dtype());
    }

    @Test
    void refusesTruncatedFileBeforeAllocating() throws IOException {
        Path file = DataFiles.truncate(npy(dir.resolve("x.npy"), f4(shape(3, 2), 0, 1, 2, 3, 4, 5)), 128 + 10);
        SpkerasException e = assertThrows(SpkerasException.class, () -> NpyFormat.map(file));
        assertEquals("x.npy: declares shape [3, 2] (24 bytes) but holds only 10 bytes of data; the file is truncated, "
                + "write it again", e.getMessage());
    }

    @Test
    void refusesFortranOrderUnsupportedTypesAndBadMagic() throws IOException {
        String fortran = new String(npyBytes(f4(shape(1), 1)), StandardCharsets.ISO_8859_1).replace("False", "True ");
        Path f = Files.write(dir.resolve("f.npy"), fortran.getBytes(StandardCharsets.ISO_8859_1));
        assertEquals("f.npy: is stored in Fortran order; save it with np.ascontiguousarray first",
                assertThrows(SpkerasException.class, () -> NpyFormat.map(f)).getMessage());
        Path c = npy(dir.resolve("c.npy"), new DataFiles.Arr("<c8", shape(1), new byte[8]));
        assertTrue(assertThrows(SpkerasException.class, () -> NpyFormat.map(c)).getMessage()
                .startsWith("c.npy: has dtype <c8; supported: float32/64, (unsigned) integers, bool"));
        Path t = Files.write(dir.resolve("t.npy"), "not numpy".getBytes());
        assertEquals("t.npy: is not a NumPy .npy array (bad magic bytes); save it with np.save",
                assertThrows(SpkerasException.class, () -> NpyFormat.map(t)).getMessage());
    }
}
