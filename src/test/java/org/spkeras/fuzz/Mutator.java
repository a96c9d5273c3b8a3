package org.spkeras.fuzz;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Seeded mutations of input files: byte-level (bit flips, interesting integers and floats, truncation, deleted or
 * repeated chunks), JSON-level (numbers made huge, negative, non-finite or fractional; strings given control
 * characters) and, for zip containers, entry-level (one entry mutated, its declared size lied about, or replaced
 * by a zip bomb). Each mutant says which operator made it.
 */
final class Mutator {
    record Mutant(byte[] bytes, String operator) {}

    private static final long[] INTS = {0, 1, -1, 0x7f, 0x80, 0xff, 0x7fff, 0xffff, 0x7fffffffL, 0x80000000L,
        0xffffffffL, 3_000_000_000L, 1L << 32, Long.MAX_VALUE, Long.MIN_VALUE, 1 << 20, 1 << 30};
    private static final float[] FLOATS = {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.MAX_VALUE,
        -Float.MAX_VALUE, 3e38f, 1e-45f, 0f, -0f, 255f, 1e10f};
    private static final String[] NUMBERS = {"1e309", "-1e309", "-1", "0", "1.5", "1e-320", "3000000000",
        "-2147483649", "99999999999999999999", "NaN", "\"Infinity\"", "2147483647", "1e38", "null"};
    private static final String[] STRINGS = {"", "\\u001b[2J\\u001b[31mhacked\\u001b[0m", "a\\u0000b\\nc",
        "x".repeat(5000), "../../etc/passwd", "\\u202eevil"};
    private static final Pattern NUMBER = Pattern.compile("-?\\d+(\\.\\d+)?([eE][-+]?\\d+)?");
    private static final Pattern STRING = Pattern.compile("\"(?:[^\"\\\\]++|\\\\.)*+\"");

    private final SplittableRandom rnd;

    Mutator(long seed) {
        rnd = new SplittableRandom(seed);
    }

    Mutant mutate(byte[] seed, boolean zip, boolean json) {
        if (zip && rnd.nextInt(3) > 0) {
            try {
                return zipMutant(seed);
            } catch (RuntimeException e) {
                // not a well-formed zip after all: fall back to bytes
            }
        }
        if (json && rnd.nextBoolean()) {
            return jsonMutant(seed);
        }
        return byteMutant(seed);
    }

    Mutant byteMutant(byte[] in) {
        byte[] b = in.clone();
        int op = rnd.nextInt(8);
        int n = b.length;
        if (n < 16) {
            op = 0;
        }
        switch (op) {
            case 0 -> {
                for (int i = 0, k = 1 + rnd.nextInt(8); i < k && n > 0; i++) {
                    int p = rnd.nextInt(n);
                    b[p] ^= (byte) (1 << rnd.nextInt(8));
                }
                return new Mutant(b, "bit flips");
            }
            case 1 -> {
                b[rnd.nextInt(n)] = (byte) new int[] {0, 1, 0x7f, 0x80, 0xff}[rnd.nextInt(5)];
                return new Mutant(b, "interesting byte");
            }
            case 2 -> {
                int p = rnd.nextInt(n - 8);
                ByteBuffer.wrap(b, p, 8).order(rnd.nextBoolean() ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN)
                        .putInt((int) INTS[rnd.nextInt(INTS.length)]);
                return new Mutant(b, "interesting int32");
            }
            case 3 -> {
                int p = rnd.nextInt(n - 8);
                ByteBuffer.wrap(b, p, 8).order(ByteOrder.LITTLE_ENDIAN).putLong(INTS[rnd.nextInt(INTS.length)]);
                return new Mutant(b, "interesting int64");
            }
            case 4 -> {
                int p = (rnd.nextInt(n - 8)) & ~3;
                ByteBuffer buf = ByteBuffer.wrap(b, p, 8).order(ByteOrder.LITTLE_ENDIAN);
                if (rnd.nextBoolean()) {
                    buf.putFloat(FLOATS[rnd.nextInt(FLOATS.length)]);
                } else {
                    buf.putDouble(new double[] {Double.NaN, Double.POSITIVE_INFINITY, 1e308, 3e38, 1e-320}[rnd.nextInt(5)]);
                }
                return new Mutant(b, "interesting float");
            }
            case 5 -> {
                return new Mutant(java.util.Arrays.copyOf(b, rnd.nextInt(n)), "truncated");
            }
            case 6 -> {
                int from = rnd.nextInt(n);
                int len = Math.min(n - from, 1 + rnd.nextInt(Math.max(1, n / 8)));
                byte[] out = new byte[n - len];
                System.arraycopy(b, 0, out, 0, from);
                System.arraycopy(b, from + len, out, from, n - from - len);
                return new Mutant(out, "chunk deleted");
            }
            default -> {
                int from = rnd.nextInt(n);
                int len = Math.min(n - from, 1 + rnd.nextInt(Math.max(1, Math.min(4096, n / 8))));
                int at = rnd.nextInt(n);
                byte[] out = new byte[n + len];
                System.arraycopy(b, 0, out, 0, at);
                System.arraycopy(b, from, out, at, len);
                System.arraycopy(b, at, out, at + len, n - at);
                return new Mutant(out, "chunk repeated");
            }
        }
    }

    Mutant jsonMutant(byte[] in) {
        String text = new String(in, StandardCharsets.UTF_8);
        boolean numbers = rnd.nextInt(3) > 0;
        Matcher m = (numbers ? NUMBER : STRING).matcher(text);
        List<int[]> spans = new ArrayList<>();
        while (m.find()) {
            spans.add(new int[] {m.start(), m.end()});
        }
        if (spans.isEmpty()) {
            return byteMutant(in);
        }
        int[] s = spans.get(rnd.nextInt(spans.size()));
        String replacement = numbers ? NUMBERS[rnd.nextInt(NUMBERS.length)]
                : "\"" + STRINGS[rnd.nextInt(STRINGS.length)] + "\"";
        String out = text.substring(0, s[0]) + replacement + text.substring(s[1]);
        return new Mutant(out.getBytes(StandardCharsets.UTF_8), numbers ? "JSON number" : "JSON string");
    }

    private Mutant zipMutant(byte[] zip) {
        Map<String, byte[]> entries = RawZip.read(zip);
        if (entries.isEmpty()) {
            throw new IllegalArgumentException("no entries");
        }
        List<String> names = new ArrayList<>(entries.keySet());
        String target = names.get(rnd.nextInt(names.size()));
        int op = rnd.nextInt(10);
        List<RawZip.Entry> out = new ArrayList<>();
        String operator;
        for (String name : names) {
            byte[] content = entries.get(name);
            RawZip.Entry e = rnd.nextInt(4) == 0 ? RawZip.Entry.stored(name, content) : RawZip.Entry.deflated(name, content);
            if (name.equals(target)) {
                if (op == 0) {
                    e = bomb(name);
                } else if (op == 1) {
                    e = RawZip.Entry.deflated(name, content).withDeclaredSize(Math.max(0, content.length / 2));
                } else {
                    boolean json = name.endsWith(".json");
                    Mutant inner = json ? jsonMutant(content) : byteMutant(content);
                    e = RawZip.Entry.deflated(name, inner.bytes());
                }
            }
            out.add(e);
        }
        operator = op == 0 ? "zip bomb" : op == 1 ? "zip entry lies about its size"
                : "zip entry " + (target.endsWith(".json") ? "JSON" : "bytes") + " mutated";
        return new Mutant(RawZip.write(out), operator);
    }

    private static final Map<Integer, RawZip.Entry> BOMBS = new java.util.concurrent.ConcurrentHashMap<>();

    private RawZip.Entry bomb(String name) {
        int mb = new int[] {64, 512, 1536}[rnd.nextInt(3)];
        RawZip.Entry zeros = BOMBS.computeIfAbsent(mb, m -> RawZip.zeros("x", m));
        return new RawZip.Entry(name, zeros.raw(), zeros.declaredSize(), zeros.crc(), zeros.method());
    }
}
