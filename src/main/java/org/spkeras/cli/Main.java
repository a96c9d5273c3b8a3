package org.spkeras.cli;

import java.util.Locale;
import picocli.CommandLine;

/** Entry point of the {@code spkeras-java} command. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        int code;
        CommandLine cl = commandLine();
        try {
            code = cl.execute(args);
        } catch (OutOfMemoryError e) {
            System.err.println(outOfMemory(Runtime.getRuntime().maxMemory()));
            code = ExitCodes.BAD_INPUT;
        }
        System.exit(withOutputErrors(code, cl.getOut(), System.out, cl.getErr(), System.err));
    }

    /**
     * The exit code once the command's output is flushed: a write error on stdout (a full disk, a pipe whose reader
     * has gone) would otherwise pass silently, since print streams record errors instead of throwing them, so it
     * ends the run with exit 2 and a line on stderr (exit 2 alone if stderr cannot be written either).
     */
    static int withOutputErrors(int code, java.io.PrintWriter out, java.io.PrintStream stdout, java.io.PrintWriter err,
                                java.io.PrintStream stderr) {
        boolean outFailed = out.checkError() | stdout.checkError();
        if (outFailed) {
            err.println("error: standard output could not be written (a full disk, a closed pipe or a device that "
                    + "refuses writes): the command's output is lost; write it somewhere that takes it");
        }
        boolean errFailed = err.checkError() | stderr.checkError();
        return (outFailed || errFailed) && code == ExitCodes.OK ? ExitCodes.BAD_INPUT : code;
    }

    /** The configured command line, also used by tests with their own writers. */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new SpkerasCommand());
        cl.setExecutionExceptionHandler(new ErrorHandler());
        cl.setParameterExceptionHandler(new ErrorHandler());
        HelpSections.install(cl);
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
