package org.spkeras.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Sha256Test {

    @Test
    void fileIsHashedAsItsBytes(@TempDir Path tmp) throws IOException, NoSuchAlgorithmException {
        Path f = Files.writeString(tmp.resolve("m.h5"), "abc");
        String expected = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest("abc".getBytes(StandardCharsets.UTF_8)));
        assertEquals(expected, Sha256.of(f));
    }

    @Test
    void checkpointPrefixCoversItsFilesOnly(@TempDir Path tmp) throws IOException {
        Files.writeString(tmp.resolve("cp.ckpt.index"), "index");
        Files.writeString(tmp.resolve("cp.ckpt.data-00000-of-00001"), "data");
        Files.writeString(tmp.resolve("other.txt"), "x");
        String before = Sha256.of(tmp.resolve("cp.ckpt"));
        Files.writeString(tmp.resolve("other.txt"), "y");
        assertEquals(before, Sha256.of(tmp.resolve("cp.ckpt")));
        String folder = Sha256.of(tmp);
        Files.writeString(tmp.resolve("cp.ckpt.data-00000-of-00001"), "dato");
        assertNotEquals(before, Sha256.of(tmp.resolve("cp.ckpt")));
        assertNotEquals(folder, Sha256.of(tmp));
    }
}
