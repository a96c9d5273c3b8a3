package org.spkeras.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/library.md's example is {@link LibraryExample} word for word, so it compiles with the build; this runs it
 * (bundled LeNet-5 and MNIST, 200 calibration and 100 evaluated images).
 */
class LibraryDocTest {
    @TempDir
    Path out;

    @Test
    void theDocumentedExampleIsThisFileAndRuns() throws Exception {
        String doc = Files.readString(Path.of("docs/library.md"));
        int start = doc.indexOf("```java\n") + "```java\n".length();
        String shown = doc.substring(start, doc.indexOf("```\n", start));
        String source = Files.readString(Path.of("src/test/java/org/spkeras/examples/LibraryExample.java"));
        assertEquals(source, shown, "docs/library.md shows src/test/java/org/spkeras/examples/LibraryExample.java");

        PrintStream saved = System.out;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
        try {
            LibraryExample.main(new String[] {out.toString()});
        } finally {
            System.setOut(saved);
        }
        String line = printed.toString(StandardCharsets.UTF_8);
        assertTrue(line.contains("lenet.snn: ANN ") && line.contains("at T = 32") && line.contains("samples 200..299"), line);
        assertTrue(Files.isRegularFile(out.resolve("lenet.snn")) && Files.isRegularFile(out.resolve("lenet-report.json")));
    }
}
