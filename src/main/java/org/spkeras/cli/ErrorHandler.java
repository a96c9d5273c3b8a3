package org.spkeras.cli;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
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

    private static Collection<String> optionNames(CommandLine cl) {
        List<String> names = new ArrayList<>();
        cl.getCommandSpec().options().forEach(o -> names.addAll(List.of(o.names())));
        return names;
    }

    /** The names within a few edits of {@code given} (an option's value after '=' is ignored), nearest first. */
    static List<String> nearest(String given, Collection<String> names) {
        String word = given.contains("=") ? given.substring(0, given.indexOf('=')) : given;
        int best = Math.max(1, Math.min(3, word.length() / 4));
        List<String> found = new ArrayList<>();
        for (String name : names) {
            int d = distance(word, name);
            if (d < best) {
                best = d;
                found.clear();
            }
            if (d == best && d > 0) {
                found.add(name);
            }
        }
        return found;
    }

    /** Edits (insert, delete, replace, swap two neighbours) from {@code a} to {@code b}. */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }

    @Override
    public int handleParseException(CommandLine.ParameterException e, String[] args) {
        CommandLine cl = e.getCommandLine();
        cl.getErr().println("error: " + SafeText.escape(e.getMessage()));
        if (e instanceof CommandLine.UnmatchedArgumentException u) {
            List<String> near = new ArrayList<>();
            for (String arg : u.getUnmatched()) {
                near.addAll(nearest(arg, arg.startsWith("-") ? optionNames(cl) : cl.getSubcommands().keySet()));
            }
            if (!near.isEmpty()) {
                cl.getErr().println("did you mean " + String.join(" or ", near.stream().distinct().toList()) + "?");
            }
        }
        cl.getErr().println("Run '" + cl.getCommandSpec().qualifiedName() + " --help' for usage.");
        return ExitCodes.BAD_INPUT;
    }
}
