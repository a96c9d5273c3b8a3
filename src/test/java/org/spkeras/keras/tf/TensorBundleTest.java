package org.spkeras.keras.tf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spkeras.SpkerasException;
import org.spkeras.testing.RealCheckpoints;

/** The tensor-bundle reader on every real bundle of {@code ../shared/real-checkpoints/}. */
class TensorBundleTest {

    @ParameterizedTest
    @ValueSource(strings = {"bundle/shahed_cnn_mnist_2shards/training_1/cp.ckpt",
        "bundle/kitenite_mlp_fashion_tf20/training_1/cp.ckpt", "bundle/nighthawks_tutorial_mlp512_epoch0/training_2/cp-0000.ckpt",
        "savedmodel/th368_cnn_mnist_tf26/variables/variables", "savedmodel/ionas_cnn_mnist_tf26/variables/variables",
        "savedmodel/andreas_cnn_bn_fashion_functional_tf25/variables/variables",
        "savedmodel_legacy/kitenite_mlp_fashion_tf20/variables/variables",
        "negative/reu_keras3_export_savedmodel_tf216/variables/variables",
        "negative/tensorspace_tf112_lenet_savedmodel/variables/variables"})
    void everyNumericTensorMatchesItsStoredChecksum(String prefix) {
        Path p = RealCheckpoints.file(prefix + ".index");
        TensorBundle bundle = TensorBundle.open(p.resolveSibling(p.getFileName().toString().replace(".index", "")));
        int checked = 0;
        for (TensorBundle.Entry e : bundle.entries().values()) {
            if (e.dtype() != 7) {
                bundle.verifiedBytes(e);
                checked++;
            }
        }
        assertTrue(checked >= 4, prefix + ": " + checked + " tensors");
    }

    @Test
    void twoShardBundleReadsTensorsFromBothShards() {
        Path dir = RealCheckpoints.file("bundle/shahed_cnn_mnist_2shards/training_1");
        TensorBundle bundle = TensorBundle.open(dir.resolve("cp.ckpt"));
        assertEquals(2, bundle.shards());
        TensorBundle.Entry kernel = bundle.entries().get("layer_with_weights-2/kernel/.ATTRIBUTES/VARIABLE_VALUE");
        assertEquals(1, kernel.shard());
        assertEquals("[800, 100]", Arrays.toString(kernel.shape()));
        assertEquals(80000, bundle.floats(kernel.key()).length);
        assertEquals(0, bundle.entries().get("_CHECKPOINTABLE_OBJECT_GRAPH").shard());
    }

    @Test
    void compressedBlockIsRefusedByName(@TempDir Path tmp) throws IOException {
        Path source = RealCheckpoints.file("bundle/kitenite_mlp_fashion_tf20/training_1/cp.ckpt.index");
        byte[] index = Files.readAllBytes(source);
        // The only data block starts at 0; its size is the second varint of the index block's single entry.
        // Mark it Snappy-compressed (type byte 1) and fix its checksum, so only the compression is wrong.
        int size = blockSize(index);
        index[size] = 1;
        ByteBuffer.wrap(index, size + 1, 4).order(ByteOrder.LITTLE_ENDIAN).putInt(Crc32c.masked(index, 0, size + 1));
        Files.write(tmp.resolve("cp.ckpt.index"), index);
        SpkerasException e = assertThrows(SpkerasException.class, () -> TensorBundle.open(tmp.resolve("cp.ckpt")));
        assertTrue(e.getMessage().startsWith("cp.ckpt.index: has a block compressed with Snappy, which this reader does "
                + "not decode"), e.getMessage());
    }

    @Test
    void truncatedIndexIsRefused(@TempDir Path tmp) throws IOException {
        byte[] index = Files.readAllBytes(RealCheckpoints.file("bundle/kitenite_mlp_fashion_tf20/training_1/cp.ckpt.index"));
        Files.write(tmp.resolve("cp.ckpt.index"), Arrays.copyOf(index, index.length - 10));
        SpkerasException e = assertThrows(SpkerasException.class, () -> TensorBundle.open(tmp.resolve("cp.ckpt")));
        assertEquals("cp.ckpt.index: has no table footer (magic number); it is not a TensorFlow checkpoint index or it is "
                + "truncated", e.getMessage());
    }

    private static int blockSize(byte[] index) {
        int[] pos = {index.length - 48};
        varint(index, pos);
        varint(index, pos);
        pos[0] = (int) varint(index, pos);
        varint(index, pos);
        int ownKeyBytes = (int) varint(index, pos);
        varint(index, pos);
        pos[0] += ownKeyBytes;
        assertEquals(0, varint(index, pos), "the data block starts the file");
        return (int) varint(index, pos);
    }

    private static long varint(byte[] b, int[] pos) {
        long v = 0;
        for (int shift = 0; ; shift += 7) {
            byte x = b[pos[0]++];
            v |= (long) (x & 0x7f) << shift;
            if (x >= 0) {
                return v;
            }
        }
    }
}
