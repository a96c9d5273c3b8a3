package org.spkeras.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spkeras.data.NdArray;
import org.spkeras.data.Npz;
import org.spkeras.model.Network;
import org.spkeras.sim.SampleResult;
import org.spkeras.sim.SimOptions;
import org.spkeras.sim.event.EventEngine;
import org.spkeras.snn.SpikingNetwork;
import org.spkeras.snn.Stage;
import org.spkeras.testing.Python;

/**
 * The exported NIR file, simulated by python-reference/nir_simulate.py (NumPy, float64, reading the file with
 * h5py as the specification describes), agrees with the event engine on 1,000 images at T = 32: predictions on
 * at least 99.9 % of them, spikes per stage within 0.1 %.
 */
class NirSimulationAgreementTest {
    private static final int STEPS = 32;
    private static final int IMAGES = 1000;
    private static final int THREADS = Runtime.getRuntime().availableProcessors();

    @TempDir
    Path tmp;

    @Test
    void lenetAgreesWithTheEventEngine() {
        Network ann = ExportedNetworks.read(ExportedNetworks.LENET);
        assertAgreement(ann, "mnist", "mnist", "lenet");
    }

    @Test
    void fashionMnistCnnAgreesWithTheEventEngine() {
        Network ann = ExportedNetworks.read(ExportedNetworks.FMNIST_CNN);
        assertAgreement(ann, "bundled:train", "bundled", "fmnist-cnn");
    }

    private void assertAgreement(Network ann, String calibration, String test, String what) {
        String missing = ExportedNetworks.pythonMissing();
        assumeTrue(missing == null, missing);
        SpikingNetwork snn = ExportedNetworks.convert(ann, calibration, ExportedNetworks.nirOptions());
        Path nir = tmp.resolve(what + ".nir");
        NirFile.write(NirExporter.export(snn), nir);
        float[][] x = ExportedNetworks.samples(ann, test, IMAGES);
        Path samples = tmp.resolve(what + "-x.npy");
        ExportedNetworks.writeNpy(x, samples);
        Path out = tmp.resolve(what + "-nir.npz");
        Python.Result r = ExportedNetworks.python(ExportedNetworks.SIMULATOR.toString(), nir.toString(),
                samples.toString(), Integer.toString(STEPS), out.toString());
        assertEquals(0, r.exitCode(), r.output());
        Map<String, NdArray> nirResult = Npz.read(out);


        SampleResult[] results = new SampleResult[x.length];
        IntStream.range(0, THREADS).parallel().forEach(t -> {
            EventEngine engine = new EventEngine(snn, SimOptions.analog(STEPS));
            for (int i = t; i < x.length; i += THREADS) {
                results[i] = engine.run(x[i], i);
            }
        });
        long[] spikes = new long[snn.stages().size()];
        int agree = 0;
        double[] nirPredictions = nirResult.get("predictions").values();
        for (int i = 0; i < x.length; i++) {
            agree += results[i].predictions()[STEPS - 1] == (int) nirPredictions[i] ? 1 : 0;
            for (int k = 0; k < spikes.length; k++) {
                spikes[k] += results[i].stageSpikes()[k];
            }
        }
        assertEquals(IMAGES, x.length);
        assertTrue(agree >= 0.999 * x.length, what + ": predictions agree on " + agree + " of " + x.length);
        int spiking = 0;
        for (int k = 0; k < spikes.length; k++) {
            if (!(snn.stages().get(k) instanceof Stage.Neurons n) || !n.spiking()) {
                continue;
            }
            spiking++;
            double nirSpikes = nirResult.get("spikes_" + n.name()).values()[0];
            assertTrue(spikes[k] > 0, what + " " + n.name() + " never spikes");
            assertTrue(Math.abs(nirSpikes - spikes[k]) <= 0.001 * spikes[k], what + " " + n.name() + ": event engine "
                    + spikes[k] + " spikes, NIR simulation " + (long) nirSpikes);
        }
        assertTrue(spiking >= 3, what + ": only " + spiking + " spiking stages");
        System.out.println(what + ": predictions agree on " + agree + " of " + x.length + "; " + r.output().strip());
    }
}
