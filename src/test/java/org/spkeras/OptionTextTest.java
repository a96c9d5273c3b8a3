package org.spkeras;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class OptionTextTest {
    private static final String TEXT = "x.npz: name the array with {x-key}; {@code} {} {Not} {T} stay";

    @Test
    void rendersOnlyOptionNames() {
        assertEquals(List.of("x-key"), OptionText.options(TEXT));
        assertEquals("x.npz: name the array with --x-key; {@code} {} {Not} {T} stay",
                OptionText.render(TEXT, name -> "--" + name));
    }

    @Test
    void anExceptionReadsPlainlyAndRendersForTheCommandLine() {
        SpkerasException e = new SpkerasException("use {maxpool} avg");
        assertEquals("use option maxpool avg", e.getMessage());
        assertEquals("use --maxpool avg", e.message(name -> "--" + name));
        assertEquals("use {maxpool} avg", e.template());
    }
}
