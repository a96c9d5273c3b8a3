package org.spkeras.cli;

import picocli.CommandLine;

/** Entry point of the {@code spkeras-java} command. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The configured command line, also used by tests with their own writers. */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new SpkerasCommand());
        cl.setExecutionExceptionHandler(new ErrorHandler());
        cl.setParameterExceptionHandler(new ErrorHandler());
        return cl;
    }
}
