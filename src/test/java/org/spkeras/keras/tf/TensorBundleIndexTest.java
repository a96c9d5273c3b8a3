package org.spkeras.keras.tf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spkeras.SpkerasException;
import org.spkeras.fuzz.StructuredMutator;
import org.spkeras.fuzz.StructuredMutator.Field;
import org.spkeras.fuzz.StructuredMutator.Kv;
import org.spkeras.testing.RealCheckpoints;

/**
 * Issue 25, case 9: a tensor-bundle index whose keys repeat (the second with another shape) or are out of order, or
 * whose entry names a 64-bit shard id that truncates to an existing shard, is refused by name. The index of
 * {@code ../shared/real-checkpoints/bundle/kitenite_mlp_fashion_tf20} is rewritten as a valid SSTable (fresh CRCs)
 * with one change each, so only the change can be what is refused.
 */
class TensorBundleIndexTest {
    @TempDir
    Path dir;

    private List<Kv> entries() throws IOException {
        Path index = RealCheckpoints.file("bundle/kitenite_mlp_fashion_tf20/training_1/cp.ckpt.index");
        List<Kv> entries = StructuredMutator.readTable(Files.readAllBytes(index));
        assertTrue(entries != null && entries.size() > 3, "a readable index");
        return new ArrayList<>(entries);
    }

    private SpkerasException refused(List<Kv> entries) throws IOException {
        Files.write(dir.resolve("cp.ckpt.index"), StructuredMutator.writeTable(entries));
        return assertThrows(SpkerasException.class, () -> TensorBundle.open(dir.resolve("cp.ckpt")));
    }

    @Test
    void theRewrittenIndexItselfIsRead() throws IOException {
        List<Kv> entries = entries();
        Files.write(dir.resolve("cp.ckpt.index"), StructuredMutator.writeTable(entries));
        assertEquals(entries.size() - 1, TensorBundle.open(dir.resolve("cp.ckpt")).entries().size());
    }

    @Test
    void duplicateKeysAreRefused() throws IOException {
        List<Kv> entries = entries();
        entries.add(2, new Kv(entries.get(1).key(), entries.get(3).value()));
        SpkerasException e = refused(entries);
        assertTrue(e.getMessage().startsWith("cp.ckpt.index: lists the key '") && e.getMessage().contains("twice"),
                e.getMessage());
    }

    @Test
    void keysOutOfOrderAreRefused() throws IOException {
        List<Kv> entries = entries();
        Kv a = entries.get(1);
        entries.set(1, entries.get(2));
        entries.set(2, a);
        SpkerasException e = refused(entries);
        assertTrue(e.getMessage().contains("after a key that sorts later"), e.getMessage());
    }

    @Test
    void aShardIdBeyond32BitsIsRefusedNotTruncated() throws IOException {
        List<Kv> entries = entries();
        List<Field> fields = new ArrayList<>(StructuredMutator.decode(entries.get(1).value()));
        fields.removeIf(f -> f.number() == 3);
        fields.add(new Field(3, 0, 1L << 32));
        entries.set(1, new Kv(entries.get(1).key(), StructuredMutator.encode(fields)));
        SpkerasException e = refused(entries);
        assertTrue(e.getMessage().contains("is in shard 4294967296 of a bundle of 1 shard(s)"), e.getMessage());
    }
}
