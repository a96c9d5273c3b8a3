package org.spkeras.pipeline;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import org.spkeras.SpkerasException;
import org.spkeras.keras.ModelFiles;

/**
 * SHA-256 of a model, for provenance: of the file itself, or, for a model made of several files (SavedModel
 * folder, TF checkpoint), of each file's relative name and bytes in sorted order.
 */
public final class Sha256 {
    private Sha256() {}

    public static String of(Path model) {
        List<Path> files = ModelFiles.files(model);
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            boolean single = files.size() == 1 && files.get(0).equals(model);
            Path base = (Files.isDirectory(model) ? model : model.toAbsolutePath().getParent()).toAbsolutePath();
            for (Path file : files) {
                if (!single) {
                    md.update(base.relativize(file.toAbsolutePath()).toString().getBytes(StandardCharsets.UTF_8));
                    md.update((byte) 0);
                }
                update(md, file);
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void update(MessageDigest md, Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) > 0; ) {
                md.update(buffer, 0, n);
            }
        } catch (IOException e) {
            throw new SpkerasException(file.getFileName() + ": cannot be read (" + e.getMessage() + ")");
        }
    }
}
