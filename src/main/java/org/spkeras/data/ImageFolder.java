package org.spkeras.data;

import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import org.spkeras.SpkerasException;
import org.spkeras.model.Shape;

/**
 * An image folder with one sub-folder per class, the layout of Keras's {@code image_dataset_from_directory}:
 * classes are the sub-folder names in sorted order (label = position), images within a class in sorted file name
 * order, samples taken round robin over the classes (the first image of every class, then the second, …) so that
 * any first N samples (calibration, {@code --limit}) hold every class; {@code .jpg}, {@code .jpeg} and {@code .png} files are read through {@code javax.imageio}, other files are
 * ignored. Every image's size is checked (from its header) when the folder is opened; images are decoded when a
 * sample is read, as uint8 pixels, N×H×W×C with C the model's channel count (grayscale images are repeated to
 * three channels for an RGB model, as Keras's {@code color_mode='rgb'} does; RGB images for a one-channel model
 * are refused). Images are never resized.
 */
final class ImageFolder implements SampleArray {
    private static final List<String> EXTENSIONS = List.of(".jpg", ".jpeg", ".png");

    private final Path root;
    private final List<Path> files;
    private final int[] labels;
    private final List<String> classes;
    private final int height;
    private final int width;
    private final int channels;

    private ImageFolder(Path root, List<Path> files, int[] labels, List<String> classes, int height, int width,
                        int channels) {
        this.root = root;
        this.files = files;
        this.labels = labels;
        this.classes = classes;
        this.height = height;
        this.width = width;
        this.channels = channels;
    }

    /** Opens {@code dir} for a model taking {@code expected} (channels-last; null: the first image's size, RGB). */
    static ImageFolder open(Path dir, Shape expected) {
        List<Path> classDirs;
        try (Stream<Path> s = Files.list(dir)) {
            classDirs = s.filter(Files::isDirectory).sorted((a, b) -> a.getFileName().toString()
                    .compareTo(b.getFileName().toString())).toList();
        } catch (IOException e) {
            throw new SpkerasException(dir + ": cannot be listed (" + e.getMessage() + ")");
        }
        if (classDirs.isEmpty()) {
            throw new SpkerasException(dir + ": is a directory without sub-folders; an image folder has one sub-folder "
                    + "per class holding its .jpg/.png images (as for Keras's image_dataset_from_directory), or give "
                    + "one file (.npz, .npy, IDX or HDF5)");
        }
        List<String> classes = new ArrayList<>();
        List<List<Path>> byClass = new ArrayList<>();
        for (Path c : classDirs) {
            classes.add(c.getFileName().toString());
            try (Stream<Path> s = Files.list(c)) {
                byClass.add(s.filter(ImageFolder::isImage).sorted((a, b) -> a.getFileName().toString()
                        .compareTo(b.getFileName().toString())).toList());
            } catch (IOException e) {
                throw new SpkerasException(c + ": cannot be listed (" + e.getMessage() + ")");
            }
        }
        // Round robin over the classes, so that the first N samples (calibration, --limit) hold every class.
        List<Path> files = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        int most = byClass.stream().mapToInt(List::size).max().orElse(0);
        for (int r = 0; r < most; r++) {
            for (int c = 0; c < byClass.size(); c++) {
                if (r < byClass.get(c).size()) {
                    files.add(byClass.get(c).get(r));
                    labels.add(c);
                }
            }
        }
        if (files.isEmpty()) {
            throw new SpkerasException(dir + ": is a directory whose " + classDirs.size() + " sub-folders hold no .jpg, "
                    + ".jpeg or .png images; an image folder has one sub-folder per class holding its images, or give "
                    + "one file (.npz, .npy, IDX or HDF5)");
        }
        int[] first = header(files.get(0));
        int h = expected != null && expected.isSpatial() ? expected.height() : first[0];
        int w = expected != null && expected.isSpatial() ? expected.width() : first[1];
        int c = expected != null && expected.isSpatial() ? expected.channels() : 3;
        if (c != 1 && c != 3) {
            throw new SpkerasException(dir + ": the model takes " + c + " channels; image folders give 1 (grayscale) or "
                    + "3 (RGB); save the data as .npz instead");
        }
        for (Path f : files) {
            int[] size = header(f);
            if (size[0] != h || size[1] != w) {
                throw new SpkerasException(f + ": is " + size[1] + "×" + size[0] + " pixels (width×height) but the "
                        + (expected != null ? "model takes " : "first image is ") + w + "×" + h + "; images are not "
                        + "resized here: resize the folder's images to " + w + "×" + h + " (e.g. with PIL's "
                        + "Image.resize or ImageMagick's mogrify -resize " + w + "x" + h + "!) or save them as .npz");
            }
        }
        return new ImageFolder(dir, List.copyOf(files), labels.stream().mapToInt(Integer::intValue).toArray(),
                List.copyOf(classes), h, w, c);
    }

    private static boolean isImage(Path f) {
        String name = f.getFileName().toString().toLowerCase(Locale.ROOT);
        return Files.isRegularFile(f) && EXTENSIONS.stream().anyMatch(name::endsWith);
    }

    /** {height, width} from the image's header, without decoding its pixels. */
    private static int[] header(Path f) {
        try (ImageInputStream in = ImageIO.createImageInputStream(f.toFile())) {
            Iterator<ImageReader> readers = in == null ? null : ImageIO.getImageReaders(in);
            if (readers == null || !readers.hasNext()) {
                throw new SpkerasException(f + ": is not a JPEG or PNG image that javax.imageio can read");
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in);
                return new int[] {reader.getHeight(0), reader.getWidth(0)};
            } finally {
                reader.dispose();
            }
        } catch (IOException e) {
            throw new SpkerasException(f + ": cannot be read as an image (" + e.getMessage() + ")");
        }
    }

    List<String> classes() {
        return classes;
    }

    /** The labels, one per image: the class sub-folder's position in sorted order. */
    SampleArray labels() {
        int[] values = labels;
        String source = root + " class sub-folders";
        return new SampleArray() {
            @Override
            public String source() {
                return source;
            }

            @Override
            public int[] shape() {
                return new int[] {values.length};
            }

            @Override
            public String dtype() {
                return "int32";
            }

            @Override
            public boolean integral() {
                return true;
            }

            @Override
            public void readRow(int row, float[] out) {
                out[0] = values[row];
            }
        };
    }

    @Override
    public String source() {
        return root + " (" + files.size() + " images in " + classes.size() + " class folders " + summary() + ")";
    }

    private String summary() {
        return classes.size() <= 4 ? classes.toString()
                : "[" + classes.get(0) + ", " + classes.get(1) + ", …, " + classes.get(classes.size() - 1) + "]";
    }

    @Override
    public int[] shape() {
        return new int[] {files.size(), height, width, channels};
    }

    @Override
    public String dtype() {
        return "uint8";
    }

    @Override
    public boolean integral() {
        return true;
    }

    @Override
    public void readRow(int row, float[] out) {
        Path f = files.get(row);
        BufferedImage image;
        try {
            image = ImageIO.read(f.toFile());
        } catch (IOException e) {
            throw new SpkerasException(f + ": cannot be decoded (" + e.getMessage() + ")");
        }
        if (image == null) {
            throw new SpkerasException(f + ": is not an image javax.imageio can decode");
        }
        if (image.getHeight() != height || image.getWidth() != width) {
            throw new SpkerasException(f + ": changed size since the folder was opened");
        }
        Raster raster = image.getRaster();
        int bands = raster.getNumBands();
        boolean gray = image.getColorModel().getNumColorComponents() == 1;
        if (!gray && channels == 1) {
            throw new SpkerasException(f + ": is a colour image but the model takes one channel; convert the folder's "
                    + "images to grayscale (e.g. PIL's Image.convert('L')) or save them as .npz");
        }
        if (!gray && image.getType() != BufferedImage.TYPE_3BYTE_BGR && image.getType() != BufferedImage.TYPE_INT_RGB
                && bands < 3) {
            throw new SpkerasException(f + ": has an unsupported colour model (" + bands + " bands)");
        }
        int[] pixel = new int[Math.max(bands, 4)];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int at = (y * width + x) * channels;
                if (gray) {
                    raster.getPixel(x, y, pixel);
                    int v = raster.getSampleModel().getSampleSize(0) > 8 ? pixel[0] >> 8 : pixel[0];
                    for (int c = 0; c < channels; c++) {
                        out[at + c] = v;
                    }
                } else {
                    int rgb = image.getRGB(x, y);
                    out[at] = (rgb >> 16) & 0xff;
                    out[at + 1] = (rgb >> 8) & 0xff;
                    out[at + 2] = rgb & 0xff;
                }
            }
        }
    }
}
