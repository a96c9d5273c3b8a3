package org.spkeras.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Where the defaults were chosen is told the same way in docs/cli.md, README.md and docs/conversion.md: on a
 * validation split of the Fashion-MNIST training set (issue 19: on old main cd88cd1, docs/cli.md said the first
 * 1,000 test images).
 */
class DefaultsProvenanceDocsTest {
    private static String sentence(String file, String start) throws IOException {
        String text = Files.readString(Path.of(file)).replaceAll("\\s+", " ");
        int at = text.indexOf(start);
        assertTrue(at >= 0, file + " says '" + start + "'");
        return text.substring(at, Math.min(text.length(), at + 200));
    }

    @Test
    void everyDocSaysTheDefaultsWereChosenOnAValidationSplitOfTheTrainingSet() throws IOException {
        for (String s : new String[] {sentence("docs/cli.md", "The defaults were chosen"),
                sentence("README.md", "Defaults (chosen"), sentence("docs/conversion.md", "**How they were chosen.**")}) {
            assertTrue(s.contains("validation split") && s.contains("training"), s);
            assertFalse(s.contains("test images"), s);
        }
    }
}
