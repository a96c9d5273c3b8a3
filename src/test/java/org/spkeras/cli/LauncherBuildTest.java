package org.spkeras.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The launcher's first build prints nothing but errors: Maven 3.8 left colour-reset escapes (ESC[0m) on stderr even
 * with -B (issue 19; on old main cd88cd1). Runs the launcher's own Maven call with the goal {@code validate}, which
 * builds nothing.
 */
class LauncherBuildTest {
    @Test
    void theLaunchersMavenCallLeavesNoEscapesOnTheTerminal() throws IOException, InterruptedException {
        List<String> lines = Files.readAllLines(Path.of("spkeras-java"));
        String build = lines.stream().filter(l -> l.contains(" mvn -q -B ")).findFirst().orElseThrow().strip();
        String call = build.substring(build.indexOf("&& ") + 3, build.lastIndexOf(')'));
        assertTrue(call.endsWith(" package"), call);
        String validate = call.substring(0, call.length() - "package".length()) + "validate";
        Process p = new ProcessBuilder("bash", "-c", validate).redirectErrorStream(true).start();
        String printed = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "mvn validate finished");
        assertEquals(0, p.exitValue(), printed);
        assertFalse(printed.contains("\u001b"), "escape sequences in: " + printed.replace("\u001b", "ESC"));
    }
}
