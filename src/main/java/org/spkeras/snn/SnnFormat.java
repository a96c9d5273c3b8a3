package org.spkeras.snn;

/**
 * The names and versions of the {@code .snn} format (docs/snn-format.md), shared by the writer ({@link SnnFile})
 * and the reader ({@link SnnReader}) so that neither needs the other for them.
 */
final class SnnFormat {
    private SnnFormat() {}

    /** The value of {@code "format"} in {@code network.json}. */
    static final String FORMAT = "spkeras-snn";
    /**
     * The newest schema this build reads and writes: 2 adds time-to-first-spike networks (the {@code firstSpike}
     * neuron model and {@code FIRST_SPIKE} gates); rate-coded networks are still written as schema 1, so that older
     * builds keep reading them.
     */
    static final int SCHEMA_VERSION = 2;
    /** The schema of rate-coded networks. */
    static final int RATE_SCHEMA_VERSION = 1;
    /** The JSON entry, always the first in the zip. */
    static final String NETWORK_ENTRY = "network.json";

    static final String INT32 = "int32";
    static final String INT64 = "int64";
    /** The buffer size for array entries, written and read. */
    static final int CHUNK_BYTES = 1 << 16;
}
