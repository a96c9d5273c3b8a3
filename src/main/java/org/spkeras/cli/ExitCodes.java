package org.spkeras.cli;

/** Process exit codes of every command. */
final class ExitCodes {
    static final int OK = 0;
    /** The command ran but its check failed (e.g. {@code verify} found a layer out of tolerance). */
    static final int FAILURE = 1;
    /** Bad input or usage: a file, option or data set the user can fix. */
    static final int BAD_INPUT = 2;

    private ExitCodes() {}
}
