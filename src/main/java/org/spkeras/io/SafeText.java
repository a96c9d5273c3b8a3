package org.spkeras.io;

/**
 * Makes text that came from a file safe to print on a terminal: control characters (NUL, newlines, ESC of
 * terminal escape sequences, C1 controls, bidirectional overrides) are shown as {@code \xNN} / {@code \\uNNNN}, so
 * a crafted file can neither break the one-line error format nor drive the terminal.
 */
public final class SafeText {
    private SafeText() {}

    public static String escape(String text) {
        if (text == null) {
            return "null";
        }
        StringBuilder s = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (unsafe(c)) {
                if (s == null) {
                    s = new StringBuilder(text.length() + 16).append(text, 0, i);
                }
                s.append(c < 0x100 ? String.format("\\x%02x", (int) c) : String.format("\\u%04x", (int) c));
            } else if (s != null) {
                s.append(c);
            }
        }
        return s == null ? text : s.toString();
    }

    /** Like {@link #escape} for a multi-line text: its line breaks are kept, everything else escaped. */
    public static String escapeLines(String text) {
        return java.util.Arrays.stream(text.split("\n", -1)).map(SafeText::escape)
                .collect(java.util.stream.Collectors.joining("\n"));
    }

    private static boolean unsafe(char c) {
        return c < 0x20 || c >= 0x7f && c < 0xa0 || c >= 0x202a && c <= 0x202e || c >= 0x2066 && c <= 0x2069
                || c == 0x2028 || c == 0x2029 || c == 0xfeff;
    }
}
