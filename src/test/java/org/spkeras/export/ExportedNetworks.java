package org.spkeras.export;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.spkeras.convert.ConversionOptions;
import org.spkeras.data.DataOptions;
import org.spkeras.data.Dataset;
import org.spkeras.data.Datasets;
import org.spkeras.keras.KerasModelReader;
import org.spkeras.model.Network;
import org.spkeras.pipeline.DatasetCalibration;
import org.spkeras.pipeline.ModelConversion;
import org.spkeras.snn.SpikingNetwork;
import org.spkeras.testing.Python;

/** Converted networks for the NIR tests, the samples they run on, and the NumPy NIR simulator. */
final class ExportedNetworks {
    static final String LENET = "keras-fixtures/real/lenet5_98.96.h5";
    static final String FMNIST_CNN = "keras-fixtures/trained/fmnist-cnn.h5";
    static final Path SIMULATOR = Path.of("python-reference/nir_simulate.py");

    private ExportedNetworks() {}

    /**
     * IF neurons and average pooling (what NIR can express); every other method at its default (per-neuron
     * potential calibration included), measured on fewer samples to keep the tests short.
     */
    static ConversionOptions nirOptions() {
        return ConversionOptions.DEFAULTS.toBuilder().burst(1).maxPool(ConversionOptions.MaxPool.AVERAGE)
                .calibrationSamples(300).spikeCalibrationSamples(100).build();
    }

    /** Converts as the import command does: λ from the calibration data, then spike calibration. */
    static SpikingNetwork convert(Network ann, String calibrationData, ConversionOptions options) {
        try (Dataset data = Datasets.open(calibrationData, DataOptions.DEFAULTS.withLimit(options.calibrationSamples()), ann)) {
            return ModelConversion.convert(ann, options, new DatasetCalibration(data), null).network();
        }
    }

    static Network read(String model) {
        return KerasModelReader.read(Path.of(model));
    }

    static float[][] samples(Network ann, String spec, int limit) {
        try (Dataset data = Datasets.open(spec, DataOptions.DEFAULTS.withLimit(limit), ann)) {
            float[][] x = new float[data.size()][];
            for (int i = 0; i < x.length; i++) {
                x[i] = data.sample(i);
            }
            return x;
        }
    }

    /** A float32 .npy of shape (N, size): the samples channels-last, as the engines see them. */
    static void writeNpy(float[][] x, Path file) {
        String header = "{'descr': '<f4', 'fortran_order': False, 'shape': (" + x.length + ", " + x[0].length + "), }";
        int total = 10 + header.length() + 1;
        header += " ".repeat((64 - total % 64) % 64) + "\n";
        ByteBuffer b = ByteBuffer.allocate(10 + header.length() + 4 * x.length * x[0].length).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 0x93).put("NUMPY".getBytes(StandardCharsets.US_ASCII)).put((byte) 1).put((byte) 0);
        b.putShort((short) header.length()).put(header.getBytes(StandardCharsets.US_ASCII));
        for (float[] row : x) {
            for (float v : row) {
                b.putFloat(v);
            }
        }
        try {
            Files.write(file, b.array());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Why the NumPy simulator cannot run here, or null when python3 with numpy and h5py is present. */
    static String pythonMissing() {
        return Python.missing();
    }

    static Python.Result python(String... args) {
        return Python.run(args);
    }
}
