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
import java.util.stream.Stream;
import org.spkeras.SpkerasException;

/**
 * SHA-256 of a model, for provenance: of the file itself; for a folder (SavedModel, checkpoint folder) or a
 * prefix that names several files (a TF checkpoint {@code cp.ckpt} → {@code cp.ckpt.index}, {@code cp.ckpt.data-…}),
 * of each file's relative name and bytes, in sorted order.
 */
public final class Sha256 {
    private Sha256() {}

    public static String of(Path model) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            if (Files.isRegularFile(model)) {
                update(md, model);
                return HexFormat.of().formatHex(md.digest());
            }
            Path base = (Files.isDirectory(model) ? model : model.toAbsolutePath().getParent()).toAbsolutePath();
            for (Path file : files(model, base)) {
                md.update(base.relativize(file).toString().getBytes(StandardCharsets.UTF_8));
                md.update((byte) 0);
                update(md, file);
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<Path> files(Path model, Path base) {
        String prefix = Files.isDirectory(model) ? "" : model.getFileName() + ".";
        try (Stream<Path> walk = Files.walk(base, Files.isDirectory(model) ? Integer.MAX_VALUE : 1)) {
            return walk.filter(Files::isRegularFile).filter(f -> f.getFileName().toString().startsWith(prefix))
                    .sorted().toList();
        } catch (IOException e) {
            throw new SpkerasException(model.getFileName() + ": cannot be listed (" + e.getMessage() + ")");
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
