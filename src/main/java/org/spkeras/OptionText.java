package org.spkeras;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Messages below the command line refer to an option by its name in braces, e.g. {@code "use {maxpool} avg"}:
 * the command line renders it as its flag ({@code --maxpool}), anything else as {@link #PLAIN} ({@code option
 * maxpool}). So only the command line spells flags, and a renamed flag cannot leave stale advice behind.
 */
public final class OptionText {
    /** How an option reads outside the command line. */
    public static final UnaryOperator<String> PLAIN = name -> "option " + name;

    private static final Pattern OPTION = Pattern.compile("\\{([a-z][a-z0-9]*(?:-[a-z0-9]+)*)}");

    private OptionText() {}

    /** {@code text} with every {@code {name}} replaced by {@code option.apply(name)}. */
    public static String render(String text, UnaryOperator<String> option) {
        if (text == null) {
            return null;
        }
        Matcher m = OPTION.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(option.apply(m.group(1))));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** The option names {@code text} refers to, in order. */
    public static List<String> options(String text) {
        List<String> names = new ArrayList<>();
        Matcher m = OPTION.matcher(text);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }
}
