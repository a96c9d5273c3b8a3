package org.spkeras.sim.event;

import java.util.Arrays;
import java.util.Locale;
import java.util.Random;

/**
 * The event engine's row add alone, scalar against SIMD kernel, on rows at random offsets (docs/performance.md):
 * {@code java --add-modules jdk.incubator.vector -cp target/bench/classes:target/bench/spkeras-java.jar
 * org.spkeras.sim.event.RowAddMicro [accumulator ints] [weight ints] [row length]}. Prints ns per synaptic event,
 * the best of 5 timed rounds after 3 warm-up rounds.
 */
public final class RowAddMicro {
    private RowAddMicro() {}

    public static void main(String[] args) {
        int accSize = args.length > 0 ? Integer.parseInt(args[0]) : 65_536;
        int weightSize = args.length > 1 ? Integer.parseInt(args[1]) : 36_864;
        int row = args.length > 2 ? Integer.parseInt(args[2]) : 192;
        Random random = new Random(1);
        int[] w = random.ints(weightSize, -100, 100).toArray();
        int spikes = 1 << 16;
        int[] base = new int[spikes];
        int[] offset = new int[spikes];
        for (int i = 0; i < spikes; i++) {
            base[i] = random.nextInt(accSize - row);
            offset[i] = random.nextInt(weightSize / row) * row;
        }
        System.out.printf(Locale.ROOT, "row add, accumulator %d ints, weights %d ints, rows of %d:%n", accSize, weightSize, row);
        for (boolean wide : new boolean[] {false, true}) {
            for (RowAdder adder : new RowAdder[] {RowAdder.scalar(), RowAdder.best()}) {
                int[] acc = new int[wide ? 0 : accSize];
                long[] acc64 = new long[wide ? accSize : 0];
                double best = Double.MAX_VALUE;
                for (int round = 0; round < 8; round++) {
                    long t0 = System.nanoTime();
                    for (int rep = 0; rep < 20; rep++) {
                        for (int i = 0; i < spikes; i++) {
                            if (wide) {
                                adder.add(acc64, base[i], w, offset[i], row, 1L);
                            } else {
                                adder.add(acc, base[i], w, offset[i], row, 1);
                            }
                        }
                    }
                    double ns = (System.nanoTime() - t0) / (20.0 * spikes * row);
                    if (round >= 3) {
                        best = Math.min(best, ns);
                    }
                }
                long checksum = wide ? Arrays.stream(acc64).sum() : Arrays.stream(acc).asLongStream().sum();
                System.out.printf(Locale.ROOT, "  %-15s %s: %.3f ns per event (checksum %d)%n", adder.getClass().getSimpleName(),
                        wide ? "int weights into 64-bit sums" : "int weights into 32-bit sums", best, checksum);
            }
        }
    }
}
