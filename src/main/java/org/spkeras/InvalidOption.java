package org.spkeras;

/**
 * A user error in one option's value. {@link #option()} is the option's name in the tool's vocabulary (the
 * flag without dashes, the key of a config file); the message says what was expected and found, without
 * spelling the flag, which is the command line's to render.
 */
public final class InvalidOption extends SpkerasException {
    private static final long serialVersionUID = 1L;

    private final String option;

    public InvalidOption(String option, String message) {
        super(message);
        this.option = option;
    }

    public String option() {
        return option;
    }

    /** Throws an {@code InvalidOption} unless {@code ok}. */
    public static void require(boolean ok, String option, String message) {
        if (!ok) {
            throw new InvalidOption(option, message);
        }
    }
}
