package org.spkeras;

/**
 * Root of every error caused by the user's input (files, options, data). The message is meant for the
 * user as it is: it names the file, the layer where there is one, what was expected and found, and
 * what to do. Advice that names an option writes it as {@code {name}} ({@link OptionText}); {@link #getMessage()}
 * reads it as "option name", the command line as the flag. The command line prints the message on one line,
 * without a stack trace, and exits with code 2.
 */
public class SpkerasException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public SpkerasException(String message) {
        super(message);
    }

    public SpkerasException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public String getMessage() {
        return message(OptionText.PLAIN);
    }

    /** The message with its option references unrendered, as {@code {name}}. */
    public String template() {
        return super.getMessage();
    }

    /** The message with each option reference rendered by {@code option} (the command line: as its flag). */
    public String message(java.util.function.UnaryOperator<String> option) {
        return OptionText.render(template(), option);
    }
}
