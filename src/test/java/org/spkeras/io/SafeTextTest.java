package org.spkeras.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

class SafeTextTest {
    @Test
    void controlCharactersAreShownAsEscapes() {
        assertEquals("a\\x1b[2Jb\\x00c\\x0ad\\u202e", SafeText.escape("a\u001b[2Jb\u0000c\nd\u202e"));
    }

    @Test
    void plainTextIsReturnedAsIs() {
        String s = "layer 'conv2d' (Conv2D): λ = 1.5 — ok";
        assertSame(s, SafeText.escape(s));
    }

    @Test
    void escapeLinesKeepsLineBreaks() {
        assertEquals("one\\x1b\ntwo\n", SafeText.escapeLines("one\u001b\ntwo\n"));
    }
}
