package org.spkeras.io;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spkeras.SpkerasException;

class OutputPathsTest {
    @TempDir
    Path dir;

    private static Map<String, Path> map(String k1, Path v1, String k2, Path v2) {
        Map<String, Path> m = new LinkedHashMap<>();
        m.put(k1, v1);
        m.put(k2, v2);
        return m;
    }

    @Test
    void sameFileByPathLinkOrDotsIsRefused() throws IOException {
        Path in = Files.writeString(dir.resolve("m.h5"), "x");
        Files.createDirectories(dir.resolve("sub"));
        Path link = Files.createSymbolicLink(dir.resolve("link.h5"), in);
        Path hard = Files.createLink(dir.resolve("hard.h5"), in);
        for (Path out : new Path[] {in, link, hard, dir.resolve("sub/../m.h5")}) {
            SpkerasException e = assertThrows(SpkerasException.class,
                    () -> OutputPaths.check(Map.of("the model", in), Map.of("-o", out)));
            assertTrue(e.getMessage().contains("the model"), e.getMessage());
        }
    }

    @Test
    void twoOutputsOnOneNewPathAreRefusedAndDistinctPathsPass() {
        Path a = dir.resolve("new/a.json");
        assertThrows(SpkerasException.class, () -> OutputPaths.check(Map.of(), map("-o", a, "--report", a)));
        assertDoesNotThrow(() -> OutputPaths.check(map("the model", dir.resolve("m.h5"), "no data", null),
                map("-o", a, "--report", dir.resolve("new/b.json"))));
    }

    @Test
    void filesOfAnInputFolderOrCheckpointPrefixAreRefused() throws IOException {
        Path saved = Files.createDirectories(dir.resolve("saved/variables"));
        Path index = Files.writeString(saved.resolve("variables.index"), "x");
        assertThrows(SpkerasException.class, () -> OutputPaths.check(Map.of("the model", dir.resolve("saved")),
                Map.of("-o", index)));
        Path prefix = dir.resolve("saved/variables/variables");
        SpkerasException e = assertThrows(SpkerasException.class, () -> OutputPaths.check(Map.of("the model", prefix),
                Map.of("-o", index)));
        assertTrue(e.getMessage().contains("a file of the model"), e.getMessage());
        assertDoesNotThrow(() -> OutputPaths.check(Map.of("the model", dir.resolve("saved")),
                Map.of("-o", dir.resolve("saved/new.snn"))));
    }

    @Test
    void directoriesAndOverLongNamesAreRefused() {
        SpkerasException e = assertThrows(SpkerasException.class, () -> OutputPaths.check(Map.of(), Map.of("-o", dir)));
        assertTrue(e.getMessage().contains("is a directory"), e.getMessage());
        e = assertThrows(SpkerasException.class, () -> OutputPaths.check(Map.of(),
                Map.of("-o", dir.resolve("x".repeat(256)))));
        assertTrue(e.getMessage().contains("256 bytes"), e.getMessage());
        assertDoesNotThrow(() -> OutputPaths.check(Map.of(), Map.of("-o", dir.resolve("x".repeat(255)))));
    }
}
