package org.spkeras.keras;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spkeras.SpkerasException;
import org.spkeras.model.Network;

/**
 * tf.keras 2.12–2.14 {@code .keras} archives ({@code _layer_checkpoint_dependencies/<class>[_n]/vars/<i>});
 * fixtures {@code keras-fixtures/tf213_zip.keras} and {@code tf214_zip.keras} (their activations are checked
 * against the NumPy reader in {@link FixtureImportTest}).
 */
class TfKerasZipTest {
    private static final Path TF213 = Path.of("keras-fixtures/tf213_zip.keras");
    private static final Path TF214 = Path.of("keras-fixtures/tf214_zip.keras");

    @TempDir
    Path dir;

    @Test
    void bothNumberingsAreReadAndNamedInTheSource() {
        Network a = ModelFiles.read(TF213);
        assertEquals("tf.keras 2.12-2.14 .keras archive", a.source().format());
        assertEquals("2.13.1", a.source().kerasVersion());
        Network b = ModelFiles.read(TF214);
        assertEquals("tf.keras 2.12-2.14 .keras archive", b.source().format());
        assertEquals("2.14.0", b.source().kerasVersion());
    }

    @Test
    void aWrongNumberingSaysWhichLayoutWasFoundAndWhereTheWeightsWereExpected() throws IOException {
        // The 2.13 file claimed to be 2.14: the second Conv2D is then looked for under conv2d_1, a number the
        // 2.13 writer used up for the first Conv2D's second container entry and never wrote.
        Path relabelled = withMetadata(TF213, "{\"keras_version\": \"2.14.0\"}");
        SpkerasException e = assertThrows(SpkerasException.class, () -> ModelFiles.read(relabelled));
        assertTrue(e.getMessage().contains("layer 'conv2d_1'"), e.getMessage());
        assertTrue(e.getMessage().contains("layout found: tf.keras 2.14 (_layer_checkpoint_dependencies/"), e.getMessage());
        assertTrue(e.getMessage().contains("expected this layer's variables under "
                + "'_layer_checkpoint_dependencies/conv2d_1/vars'"), e.getMessage());
    }

    @Test
    void a214FileClaimedAs213IsRefusedNamingThe213Layout() throws IOException {
        // Read as 2.13, the BN layer uses up batch_normalization_1 and the second Conv2D is looked for under
        // conv2d_2, which the 2.14 writer never used.
        Path relabelled = withMetadata(TF214, "{\"keras_version\": \"2.13.1\"}");
        SpkerasException e = assertThrows(SpkerasException.class, () -> ModelFiles.read(relabelled));
        assertTrue(e.getMessage().contains("layout found: tf.keras 2.12-2.13"), e.getMessage());
        assertTrue(e.getMessage().contains("'_layer_checkpoint_dependencies/conv2d_2/vars'"), e.getMessage());
    }

    private Path withMetadata(Path source, String metadata) throws IOException {
        Path out = dir.resolve(source.getFileName());
        try (ZipFile in = new ZipFile(source.toFile()); OutputStream os = Files.newOutputStream(out);
             ZipOutputStream zip = new ZipOutputStream(os)) {
            for (ZipEntry entry : java.util.Collections.list(in.entries())) {
                zip.putNextEntry(new ZipEntry(entry.getName()));
                if (entry.getName().equals("metadata.json")) {
                    zip.write(metadata.getBytes(StandardCharsets.UTF_8));
                } else {
                    try (InputStream s = in.getInputStream(entry)) {
                        s.transferTo(zip);
                    }
                }
                zip.closeEntry();
            }
        }
        return out;
    }
}
