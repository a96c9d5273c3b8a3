package org.spkeras.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class BoundedInputTest {
    @Test
    void deliversUpToTheLimitAndRefusesMore() throws IOException {
        BoundedInput exact = new BoundedInput(new ByteArrayInputStream(new byte[100]), 100);
        assertEquals(100, exact.readAllBytes().length);
        BoundedInput over = new BoundedInput(new ByteArrayInputStream(new byte[101]), 100);
        assertThrows(BoundedInput.LimitExceeded.class, over::readAllBytes);
        assertEquals(101, over.count());
    }
}
