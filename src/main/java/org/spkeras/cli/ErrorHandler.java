package org.spkeras.cli;

import org.spkeras.InvalidOption;
import org.spkeras.SpkerasException;
import org.spkeras.io.SafeText;
import picocli.CommandLine;

/**
 * Prints user errors as one line without a stack trace and maps them to exit code 2 (an invalid option's value
 * is shown with its flag); running out of heap says how to raise the limit (exit code 2); other exceptions
 * are bugs and keep their stack trace (exit 1).
 */
final class ErrorHandler implements CommandLine.IExecutionExceptionHandler, CommandLine.IParameterExceptionHandler {

    @Override
    public int handleExecutionException(Exception e, CommandLine cl, CommandLine.ParseResult parseResult) {
        if (e instanceof InvalidOption o) {
            cl.getErr().println("error: option " + flag(o.option()) + ": " + SafeText.escape(o.message(ErrorHandler::flag)));
            return ExitCodes.BAD_INPUT;
        }
        if (e instanceof SpkerasException s) {
            cl.getErr().println("error: " + SafeText.escape(s.message(ErrorHandler::flag)));
            return ExitCodes.BAD_INPUT;
        }
        if (causedByOutOfMemory(e)) {
            cl.getErr().println(Main.outOfMemory(Runtime.getRuntime().maxMemory()));
            return ExitCodes.BAD_INPUT;
        }
        cl.getErr().println("internal error (please report it): " + SafeText.escape(String.valueOf(e)));
        e.printStackTrace(cl.getErr());
        return ExitCodes.FAILURE;
    }

    /** A worker thread's OutOfMemoryError arrives wrapped (e.g. in an ExecutionException's cause). */
    private static boolean causedByOutOfMemory(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof OutOfMemoryError) {
                return true;
            }
        }
        return false;
    }

    /** An option's name as a flag: {@code T} as {@code -T}, {@code x-key} as {@code --x-key}. */
    static String flag(String option) {
        return (option.length() == 1 ? "-" : "--") + option;
    }

    @Override
    public int handleParseException(CommandLine.ParameterException e, String[] args) {
        CommandLine cl = e.getCommandLine();
        cl.getErr().println("error: " + SafeText.escape(e.getMessage()));
        cl.getErr().println("Run '" + cl.getCommandSpec().qualifiedName() + " --help' for usage.");
        return ExitCodes.BAD_INPUT;
    }
}
