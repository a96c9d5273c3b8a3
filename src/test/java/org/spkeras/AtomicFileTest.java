package org.spkeras;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFileTest {
    @TempDir
    Path tmp;

    /** Reports used to come out 0600 (createTempFile) and .snn files 0644: now every output gets a new file's mode. */
    @Test
    void outputGetsTheModeOfANewFile() throws IOException {
        Path plain = Files.createFile(tmp.resolve("plain"));
        Path written = tmp.resolve("sub/report.json");
        AtomicFile.write(written, "{}".getBytes(StandardCharsets.UTF_8));
        assertEquals("{}", Files.readString(written));
        assertEquals(Files.getPosixFilePermissions(plain), Files.getPosixFilePermissions(written));
    }

    @Test
    void replacesAnOldFileWhole() throws IOException {
        Path out = Files.writeString(tmp.resolve("out.txt"), "old");
        AtomicFile.write(out, s -> s.write("new".getBytes(StandardCharsets.UTF_8)));
        assertEquals("new", Files.readString(out));
        assertEquals(List.of(out), list());
    }

    @Test
    void aFailedWriteKeepsTheOldFileAndLeavesNoTemporary() throws IOException {
        Path out = Files.writeString(tmp.resolve("out.txt"), "old");
        SpkerasException e = assertThrows(SpkerasException.class, () -> AtomicFile.write(out, s -> {
            s.write(1);
            throw new IOException("disk full");
        }));
        assertTrue(e.getMessage().startsWith("out.txt: cannot be written (IOException: disk full)"), e.getMessage());
        assertEquals("old", Files.readString(out));
        assertEquals(List.of(out), list());
    }

    private List<Path> list() throws IOException {
        try (Stream<Path> files = Files.list(tmp)) {
            return files.toList();
        }
    }
}
