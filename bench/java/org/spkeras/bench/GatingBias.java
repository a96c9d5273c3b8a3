package org.spkeras.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;
import org.spkeras.data.DataOptions;
import org.spkeras.data.Dataset;
import org.spkeras.data.Datasets;
import org.spkeras.keras.KerasModelReader;
import org.spkeras.model.Network;
import org.spkeras.sim.SimOptions;
import org.spkeras.sim.event.EventEngine;
import org.spkeras.sim.event.EventPlan;
import org.spkeras.snn.SnnFile;
import org.spkeras.snn.SpikingNetwork;
import org.spkeras.snn.Stage;

/**
 * How far spiking max pooling is from the true window maximum (docs/conversion.md, step 3). Not part of the
 * product.
 *
 * <pre>
 * GatingBias NET.snn MODEL DATA LIMIT T[,T...]
 * </pre>
 *
 * For each T it simulates the first LIMIT samples of DATA (event engine, analog input, T steps) and prints, per
 * max-pooling stage, the ratio of the stage's output spike count to the sum over its windows of the largest
 * member's input count (1 = exact; summed over windows and samples), and the share of windows whose output count
 * exceeds that maximum or falls short of it.
 */
public final class GatingBias {
    private GatingBias() {}

    public static void main(String[] args) {
        if (args.length != 5) {
            System.err.println("usage: GatingBias NET.snn MODEL DATA LIMIT T[,T...]");
            System.exit(2);
        }
        SpikingNetwork snn = SnnFile.read(Path.of(args[0]));
        Network ann = KerasModelReader.read(Path.of(args[1]));
        int limit = Integer.parseInt(args[3]);
        System.out.println("T\tstage\tkind\toutput/max\tover %\tunder %");
        try (Dataset data = Datasets.open(args[2], DataOptions.DEFAULTS.withLimit(limit), ann)) {
            List<float[]> samples = new ArrayList<>();
            for (int i = 0; i < data.size(); i++) {
                samples.add(data.sample(i));
            }
            for (String t : args[4].split(",")) {
                report(snn, samples, Integer.parseInt(t.strip()));
            }
        }
    }

    private static void report(SpikingNetwork snn, List<float[]> samples, int steps) {
        EventPlan plan = new EventPlan(snn, new SimOptions(steps, SimOptions.Encoding.ANALOG, 0, true));
        ThreadLocal<EventEngine> engines = ThreadLocal.withInitial(() -> new EventEngine(plan));
        List<int[][]> counts = IntStream.range(0, samples.size()).parallel()
                .mapToObj(i -> engines.get().run(samples.get(i), i).neuronCounts()).toList();
        for (int s = 0; s < snn.stages().size(); s++) {
            if (!(snn.stages().get(s) instanceof Stage.MaxPoolGate g)) {
                continue;
            }
            int source = sourceIndex(snn, g.source());
            long out = 0;
            long max = 0;
            long over = 0;
            long under = 0;
            long windows = 0;
            for (int[][] c : counts) {
                for (int w = 0; w < g.shape().size(); w++) {
                    int top = 0;
                    for (int k = g.windowStart()[w]; k < g.windowStart()[w + 1]; k++) {
                        top = Math.max(top, c[source][g.members()[k]]);
                    }
                    out += c[s][w];
                    max += top;
                    over += c[s][w] > top ? 1 : 0;
                    under += c[s][w] < top ? 1 : 0;
                    windows++;
                }
            }
            System.out.printf(Locale.ROOT, "%d\t%s\t%s\t%.4f\t%.2f\t%.2f%n", steps, g.name(),
                    g.kind().name().toLowerCase(Locale.ROOT), out / (double) max, 100.0 * over / windows,
                    100.0 * under / windows);
        }
    }

    private static int sourceIndex(SpikingNetwork snn, String name) {
        for (int s = 0; s < snn.stages().size(); s++) {
            if (snn.stages().get(s).name().equals(name)) {
                return s;
            }
        }
        throw new IllegalArgumentException("no stage " + name);
    }
}
