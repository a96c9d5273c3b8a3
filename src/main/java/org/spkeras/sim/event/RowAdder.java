package org.spkeras.sim.event;

/**
 * The event engine's scatter kernel: {@code acc[base + j] += m · w[wb + j]} for {@code j < n}, for each integer
 * width of sums and weights. Integer addition is exact, so every implementation gives the same sums bit for bit;
 * they differ only in speed.
 */
abstract class RowAdder {
    private static final String VECTOR_MODULE = "jdk.incubator.vector";

    abstract void add(int[] acc, int base, int[] w, int wb, int n, int m);

    abstract void add(long[] acc, int base, int[] w, int wb, int n, long m);

    abstract void add(long[] acc, int base, long[] w, int wb, int n, long m);

    /**
     * The SIMD kernel when the JVM was started with {@code --add-modules jdk.incubator.vector} (the launcher does
     * this) and the machine has vectors of at least 4 ints, else the scalar one: the library then still runs,
     * only slower.
     */
    static RowAdder best() {
        return vectorAvailable() && VectorRowAdder.hasWideVectors() ? VectorHolder.INSTANCE : Scalar.INSTANCE;
    }

    static RowAdder scalar() {
        return Scalar.INSTANCE;
    }

    /** Whether the Java Vector API can be used: its incubator module is in the boot layer. */
    static boolean vectorAvailable() {
        return ModuleLayer.boot().findModule(VECTOR_MODULE).isPresent();
    }

    /** Loads {@link VectorRowAdder} only when asked for, so that a JVM without the module never links it. */
    private static final class VectorHolder {
        static final RowAdder INSTANCE = new VectorRowAdder();
    }

    private static final class Scalar extends RowAdder {
        static final Scalar INSTANCE = new Scalar();

        @Override
        void add(int[] acc, int base, int[] w, int wb, int n, int m) {
            if (m == 1) {
                for (int j = 0; j < n; j++) {
                    acc[base + j] += w[wb + j];
                }
            } else {
                for (int j = 0; j < n; j++) {
                    acc[base + j] += m * w[wb + j];
                }
            }
        }

        @Override
        void add(long[] acc, int base, int[] w, int wb, int n, long m) {
            for (int j = 0; j < n; j++) {
                acc[base + j] += m * w[wb + j];
            }
        }

        @Override
        void add(long[] acc, int base, long[] w, int wb, int n, long m) {
            for (int j = 0; j < n; j++) {
                acc[base + j] += m * w[wb + j];
            }
        }
    }
}
