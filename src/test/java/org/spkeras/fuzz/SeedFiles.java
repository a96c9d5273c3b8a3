package org.spkeras.fuzz;

import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** Small valid data files for a model input of H×W×C with 10 classes: .npz, .npy pair, IDX pair, HDF5. */
public final class SeedFiles {
    private SeedFiles() {}

    public record Data(int n, int h, int w, int c, float[] x, int[] y) {
        public static Data random(long seed, int n, int h, int w, int c) {
            SplittableRandom r = new SplittableRandom(seed);
            float[] x = new float[n * h * w * c];
            for (int i = 0; i < x.length; i++) {
                x[i] = Math.round(r.nextDouble() * 255) / 255f;
            }
            int[] y = new int[n];
            for (int i = 0; i < n; i++) {
                y[i] = r.nextInt(10);
            }
            return new Data(n, h, w, c, x, y);
        }
    }

    public static byte[] npy(String dtype, int[] shape, byte[] data) {
        StringBuilder dims = new StringBuilder();
        for (int d : shape) {
            dims.append(d).append(", ");
        }
        String header = "{'descr': '" + dtype + "', 'fortran_order': False, 'shape': (" + dims.toString().replaceAll(", $",
                shape.length == 1 ? "," : "") + "), }";
        int total = 10 + header.length() + 1;
        header += " ".repeat((64 - total % 64) % 64) + "\n";
        ByteBuffer b = ByteBuffer.allocate(10 + header.length() + data.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 0x93).put("NUMPY".getBytes(StandardCharsets.US_ASCII)).put((byte) 1).put((byte) 0)
                .putShort((short) header.length()).put(header.getBytes(StandardCharsets.US_ASCII)).put(data);
        return b.array();
    }

    public static byte[] xNpy(Data d) {
        ByteBuffer b = ByteBuffer.allocate(4 * d.x().length).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : d.x()) {
            b.putFloat(v);
        }
        return npy("<f4", new int[] {d.n(), d.h(), d.w(), d.c()}, b.array());
    }

    public static byte[] yNpy(Data d) {
        ByteBuffer b = ByteBuffer.allocate(8 * d.n()).order(ByteOrder.LITTLE_ENDIAN);
        for (int v : d.y()) {
            b.putLong(v);
        }
        return npy("<i8", new int[] {d.n()}, b.array());
    }

    public static byte[] npz(Data d) throws IOException {
        return npz(d, true);
    }

    public static byte[] npz(Data d, boolean labelled) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(out)) {
            z.putNextEntry(new ZipEntry("x.npy"));
            z.write(xNpy(d));
            if (labelled) {
                z.putNextEntry(new ZipEntry("y.npy"));
                z.write(yNpy(d));
            }
        }
        return out.toByteArray();
    }

    public static byte[] idxImages(Data d) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(4 + 16 + d.x().length).order(ByteOrder.BIG_ENDIAN);
        b.putInt(0x0804).putInt(d.n()).putInt(d.h()).putInt(d.w()).putInt(d.c());
        for (float v : d.x()) {
            b.put((byte) Math.round(v * 255));
        }
        return gzip(b.array());
    }

    public static byte[] idxLabels(Data d) {
        ByteBuffer b = ByteBuffer.allocate(8 + d.n()).order(ByteOrder.BIG_ENDIAN);
        b.putInt(0x0801).putInt(d.n());
        for (int v : d.y()) {
            b.put((byte) v);
        }
        return b.array();
    }

    public static byte[] gzip(byte[] data) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream g = new GZIPOutputStream(out)) {
            g.write(data);
        }
        return out.toByteArray();
    }

    public static byte[] hdf5(Data d, Path scratch) throws IOException {
        float[][][][] x = new float[d.n()][d.h()][d.w()][d.c()];
        int k = 0;
        for (float[][][] s : x) {
            for (float[][] row : s) {
                for (float[] px : row) {
                    for (int c = 0; c < px.length; c++) {
                        px[c] = d.x()[k++];
                    }
                }
            }
        }
        try (WritableHdfFile f = HdfFile.write(scratch)) {
            f.putDataset("x", x);
            f.putDataset("y", d.y().clone());
        }
        return Files.readAllBytes(scratch);
    }
}
