package org.spkeras.cli;

import java.util.Locale;
import picocli.CommandLine;

/** Entry point of the {@code spkeras-java} command. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        int code;
        try {
            code = commandLine().execute(args);
        } catch (OutOfMemoryError e) {
            System.err.println(outOfMemory(Runtime.getRuntime().maxMemory()));
            code = ExitCodes.BAD_INPUT;
        }
        System.exit(code);
    }

    /** The configured command line, also used by tests with their own writers. */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new SpkerasCommand());
        cl.setExecutionExceptionHandler(new ErrorHandler());
        cl.setParameterExceptionHandler(new ErrorHandler());
        return cl;
    }

    /** What to do when the model or data set needs more than the heap limit of {@code maxHeapBytes}. */
    static String outOfMemory(long maxHeapBytes) {
        long mib = maxHeapBytes >> 20;
        long suggest = Math.max(1, (2 * maxHeapBytes + (1L << 30) - 1) >> 30);
        return String.format(Locale.ROOT, "error: out of memory: this model or data set needs more than the Java heap "
                + "limit of %,d MiB; raise it with the environment variable SPKERAS_JAVA_OPTS, e.g. "
                + "SPKERAS_JAVA_OPTS=-Xmx%dg spkeras-java ... (the launcher's default limit is half of this machine's "
                + "memory)", mib, suggest);
    }
}
