package org.spkeras;

/**
 * Root of every error caused by the user's input (files, options, data). The message is meant for the
 * user as it is: it names the file, the layer where there is one, what was expected and found, and
 * what to do. The command line prints it on one line, without a stack trace, and exits with code 2.
 */
public class SpkerasException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public SpkerasException(String message) {
        super(message);
    }

    public SpkerasException(String message, Throwable cause) {
        super(message, cause);
    }
}
