package org.spkeras.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Running out of heap, also in a worker thread, is one line naming the heap limit and SPKERAS_JAVA_OPTS. */
class OutOfMemoryMessageTest {

    @Test
    void messageNamesTheLimitAndHowToRaiseIt() {
        String m = Main.outOfMemory(4L << 30);
        assertTrue(m.startsWith("error: out of memory:"), m);
        assertTrue(m.contains("4,096 MiB"), m);
        assertTrue(m.contains("SPKERAS_JAVA_OPTS=-Xmx8g"), m);
    }

    @Test
    void workerThreadOutOfMemoryIsExitCodeTwoWithoutStackTrace() {
        StringWriter err = new StringWriter();
        CommandLine cl = Main.commandLine();
        cl.setErr(new PrintWriter(err, true));
        Exception wrapped = new IllegalStateException(new ExecutionException(new OutOfMemoryError("Java heap space")));
        int code = new ErrorHandler().handleExecutionException(wrapped, cl, null);
        assertEquals(ExitCodes.BAD_INPUT, code);
        assertTrue(err.toString().contains("SPKERAS_JAVA_OPTS"), err.toString());
        assertFalse(err.toString().contains("\tat "), err.toString());
        assertEquals(1, err.toString().lines().count(), err.toString());
    }
}
