package org.spkeras.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.spkeras.data.DataOptions;
import org.spkeras.data.Dataset;
import org.spkeras.data.Datasets;
import org.spkeras.keras.KerasModelReader;
import org.spkeras.model.Network;
import org.spkeras.sim.Engine;
import org.spkeras.sim.SampleResult;
import org.spkeras.sim.SimOptions;
import org.spkeras.sim.dense.DenseEngine;
import org.spkeras.sim.event.CalendarEngine;
import org.spkeras.sim.event.EventEngine;
import org.spkeras.sim.event.EventPlan;
import org.spkeras.sim.event.HeapQueueEngine;
import org.spkeras.snn.SnnFile;
import org.spkeras.snn.SpikingNetwork;

/**
 * The engine benchmark behind {@code bench/run.sh} (docs/performance.md). Not part of the product.
 *
 * <pre>
 * Benchmark run   --snn NET.snn --model MODEL --data DATA --images N --steps 32,64,128 --out DIR [--warmup W] [--repeat R]
 *                 [--engines dense,event,heap]
 * Benchmark table --out DIR
 * </pre>
 *
 * {@code run} loads the first N samples into memory, then for every T simulates them single-threaded with the
 * dense engine, the event engine (bucketed calendar) and {@link HeapQueueEngine} (the same event engine on a
 * {@code java.util.PriorityQueue}), each after a warm-up pass over the first W samples, timing the best of R
 * passes. The three must agree bit for bit (prediction at every step, spikes per stage, synaptic events per
 * step), else it stops with exit code 3. It writes {@code java.tsv} (one row per T and engine), the samples
 * ({@code samples.f32}, float32 little-endian, channels-last), the labels ({@code labels.i32}) and the event
 * engine's predictions at T ({@code pred-T.i32}) for the PyTorch baseline. {@code table} joins
 * {@code java.tsv}, {@code torch.tsv} (or {@code torch.status}) and {@code rss.txt} into the printed table.
 */
public final class Benchmark {
    private Benchmark() {}

    public static void main(String[] args) throws IOException {
        Map<String, String> a = parse(args);
        switch (args.length == 0 ? "" : args[0]) {
            case "run" -> run(a);
            case "table" -> table(Path.of(a.get("out")), System.out);
            default -> {
                System.err.println("usage: Benchmark run|table --out DIR ...");
                System.exit(2);
            }
        }
    }

    private static Map<String, String> parse(String[] args) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 1; i < args.length; i += 2) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("expected --name value pairs, found " + args[i]);
            }
            m.put(args[i].substring(2), args[i + 1]);
        }
        return m;
    }

    /** One timed engine at one T. */
    private record Timing(int steps, String engine, int images, double seconds, double cpuSeconds, long events,
                          long spikes, int correct, long queueInsertions) {}

    /** CPU time of the whole JVM (all threads: the simulating one, GC and JIT) in nanoseconds. */
    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static void run(Map<String, String> a) throws IOException {
        Path out = Path.of(a.get("out"));
        Files.createDirectories(out);
        SpikingNetwork snn = SnnFile.read(Path.of(a.get("snn")));
        Network ann = KerasModelReader.read(Path.of(a.get("model")));
        int images = Integer.parseInt(a.getOrDefault("images", "200"));
        int warmup = Math.min(images, Integer.parseInt(a.getOrDefault("warmup", "3")));
        int repeat = Integer.parseInt(a.getOrDefault("repeat", "1"));
        List<String> engines = List.of(a.getOrDefault("engines", "dense,event,heap").split(","));
        int[] stepsList = Arrays.stream(a.getOrDefault("steps", "32,64,128").split(",")).mapToInt(Integer::parseInt).toArray();
        float[][] samples;
        int[] labels;
        try (Dataset data = Datasets.open(a.get("data"), DataOptions.DEFAULTS.withLimit(images), ann)) {
            if (data.size() < images) {
                throw new IllegalArgumentException(a.get("data") + " has only " + data.size() + " samples");
            }
            samples = new float[images][];
            labels = new int[images];
            for (int i = 0; i < images; i++) {
                samples[i] = data.sample(i);
                labels[i] = data.label(i);
            }
            System.err.println("bench: " + data.description());
        }
        writeSamples(out, samples, labels);
        List<Timing> rows = new ArrayList<>();
        for (int steps : stepsList) {
            SimOptions options = SimOptions.analog(steps);
            Map<String, SampleResult[]> results = new LinkedHashMap<>();
            for (String name : engines) {
                Engine engine = switch (name) {
                    case "dense" -> new DenseEngine(snn, options);
                    case "event" -> new EventEngine(snn, options);
                    case "event64" -> new EventEngine(new EventPlan(snn, options, EventPlan.Width.WIDE));
                    case "calendar" -> new CalendarEngine(snn, options);
                    default -> new HeapQueueEngine(snn, options);
                };
                for (int i = 0; i < warmup; i++) {
                    engine.run(samples[i], i);
                }
                SampleResult[] r = new SampleResult[images];
                long queued = engine instanceof HeapQueueEngine h ? h.queueInsertions() : 0;
                double best = Double.MAX_VALUE;
                double bestCpu = Double.MAX_VALUE;
                for (int rep = 0; rep < repeat; rep++) {
                    long t0 = System.nanoTime();
                    long c0 = processCpuNanos();
                    for (int i = 0; i < images; i++) {
                        r[i] = engine.run(samples[i], i);
                    }
                    best = Math.min(best, (System.nanoTime() - t0) / 1e9);
                    bestCpu = Math.min(bestCpu, (processCpuNanos() - c0) / 1e9);
                }
                results.put(name, r);
                long events = 0;
                long spikes = 0;
                int correct = 0;
                for (int i = 0; i < images; i++) {
                    events += Arrays.stream(r[i].synapticEvents()).sum();
                    spikes += Arrays.stream(r[i].stageSpikes()).sum();
                    correct += r[i].predictions()[steps - 1] == labels[i] ? 1 : 0;
                }
                if (engine instanceof HeapQueueEngine h) {
                    queued = (h.queueInsertions() - queued) / repeat;
                }
                rows.add(new Timing(steps, name, images, best, bestCpu, events, spikes, correct, queued));
                System.err.printf(Locale.ROOT, "bench: T=%d %-5s %d images in %.2f s wall, %.2f s CPU (%.1f images/s)%n",
                        steps, name, images, best, bestCpu, images / bestCpu);
            }
            SampleResult[] reference = results.values().iterator().next();
            for (Map.Entry<String, SampleResult[]> e : results.entrySet()) {
                check(reference, e.getValue(), e.getKey(), steps);
            }
            SampleResult[] first = results.values().iterator().next();
            int[] predictions = new int[images];
            for (int i = 0; i < images; i++) {
                predictions[i] = first[i].predictions()[steps - 1];
            }
            writeInts(out.resolve("pred-" + steps + ".i32"), predictions);
        }
        StringBuilder tsv = new StringBuilder("steps\tengine\timages\tcpu_seconds\tevents\tspikes\tcorrect\tqueue_insertions\twall_seconds\n");
        for (Timing t : rows) {
            tsv.append(String.format(Locale.ROOT, "%d\t%s\t%d\t%.6f\t%d\t%d\t%d\t%d\t%.6f%n", t.steps(), t.engine(),
                    t.images(), t.cpuSeconds(), t.events(), t.spikes(), t.correct(), t.queueInsertions(), t.seconds()));
        }
        Files.writeString(out.resolve("java.tsv"), tsv);
    }

    /** Fails loudly unless {@code other} reproduces {@code reference} bit for bit on every sample. */
    private static void check(SampleResult[] reference, SampleResult[] other, String name, int steps) {
        for (int i = 0; i < reference.length; i++) {
            String what = null;
            if (!Arrays.equals(reference[i].predictions(), other[i].predictions())) {
                what = "predictions";
            } else if (!Arrays.equals(reference[i].stageSpikes(), other[i].stageSpikes())) {
                what = "spikes per stage";
            } else if (!Arrays.equals(reference[i].synapticEvents(), other[i].synapticEvents())) {
                what = "synaptic events";
            }
            if (what != null) {
                System.err.println("bench: AGREEMENT FAILED at T=" + steps + ": the " + name + " engine's " + what
                        + " differ from the reference engine's on sample " + i + "; the engines must agree bit for bit");
                System.exit(3);
            }
        }
    }

    private static void writeSamples(Path out, float[][] samples, int[] labels) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(4 * samples.length * samples[0].length).order(ByteOrder.LITTLE_ENDIAN);
        for (float[] s : samples) {
            for (float v : s) {
                b.putFloat(v);
            }
        }
        Files.write(out.resolve("samples.f32"), b.array());
        writeInts(out.resolve("labels.i32"), labels);
    }

    private static void writeInts(Path file, int[] values) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        for (int v : values) {
            b.putInt(v);
        }
        Files.write(file, b.array());
    }

    // ---------------------------------------------------------------- the table

    private static List<String[]> readTsv(Path file) {
        if (!Files.isRegularFile(file)) {
            return null;
        }
        try {
            List<String[]> rows = new ArrayList<>();
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            for (String line : lines.subList(1, lines.size())) {
                if (!line.isBlank()) {
                    rows.add(line.split("\t"));
                }
            }
            return rows;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void table(Path dir, PrintStream out) throws IOException {
        List<String[]> java = readTsv(dir.resolve("java.tsv"));
        List<String[]> torch = readTsv(dir.resolve("torch.tsv"));
        String torchStatus = Files.isRegularFile(dir.resolve("torch.status"))
                ? Files.readString(dir.resolve("torch.status")).strip() : null;
        Map<Integer, Map<String, String[]>> byT = new LinkedHashMap<>();
        for (String[] r : java) {
            byT.computeIfAbsent(Integer.parseInt(r[0]), k -> new LinkedHashMap<>()).put(r[1], r);
        }
        Map<Integer, String[]> torchByT = new LinkedHashMap<>();
        if (torch != null) {
            for (String[] r : torch) {
                torchByT.put(Integer.parseInt(r[0]), r);
            }
        }
        List<String[]> cells = new ArrayList<>();
        cells.add(new String[] {"T", "images", "syn. events/img", "event img/s", "dense img/s", "event/dense",
                "event Mev/s/core", "dense Mev/s/core", "heap img/s", "calendar/heap", "queue ins./img", "torch img/s", "event/torch",
                "agree event=dense=heap", "torch agree %", "acc % (event)"});
        for (Map.Entry<Integer, Map<String, String[]>> e : byT.entrySet()) {
            int steps = e.getKey();
            String[] ev = e.getValue().get("event");
            String[] de = e.getValue().get("dense");
            String[] he = e.getValue().get("heap");
            int images = Integer.parseInt(ev[2]);
            double evRate = images / Double.parseDouble(ev[3]);
            double deRate = images / Double.parseDouble(de[3]);
            double heRate = images / Double.parseDouble(he[3]);
            long events = Long.parseLong(ev[4]);
            String[] tr = torchByT.get(steps);
            String torchRate = "n/a";
            String torchRatio = "n/a";
            String torchAgree = "n/a";
            if (tr != null) {
                double rate = Double.parseDouble(tr[1]);
                torchRate = fmt(rate, 1);
                torchRatio = fmt(evRate / rate, 2) + "×";
                torchAgree = fmt(Double.parseDouble(tr[2]), 1);
            }
            cells.add(new String[] {Integer.toString(steps), Integer.toString(images), String.format(Locale.ROOT, "%,d",
                    events / images), fmt(evRate, 1), fmt(deRate, 1), fmt(evRate / deRate, 2) + "×",
                    fmt(events / Double.parseDouble(ev[3]) / 1e6, 1), fmt(events / Double.parseDouble(de[3]) / 1e6, 1),
                    fmt(heRate, 1), fmt(evRate / heRate, 2) + "×",
                    String.format(Locale.ROOT, "%,d", Long.parseLong(he[7]) / images), torchRate, torchRatio, "yes (bit for bit)", torchAgree,
                    fmt(100.0 * Integer.parseInt(ev[6]) / images, 1)});
        }
        printMarkdown(cells, out);
        out.println();
        out.println("Rates are per CPU-second of the process (JVM: all its threads, GC and JIT included; torch: its"
                + " process), best of the repeats; wall-clock seconds are in java.tsv / torch.tsv.");
        out.println("Mev/s/core: 10^6 synaptic events per CPU-second, one simulating thread (events = Σ"
                + " SampleResult.synapticEvents: spikes × fan-out, gate routing included; the same count for every engine).");
        out.println("event = EventEngine (bucketed calendar); heap = HeapQueueEngine (java.util.PriorityQueue; queue ins."
                + " = threshold crossings it queued); dense = DenseEngine (W⊛s every step). All single-threaded.");
        if (torch == null) {
            out.println("torch: " + (torchStatus == null ? "not run" : torchStatus));
        } else if (torchStatus != null) {
            out.println("torch: " + torchStatus);
        }
        Path rss = dir.resolve("rss.txt");
        if (Files.isRegularFile(rss)) {
            for (String line : Files.readAllLines(rss)) {
                out.println(line);
            }
        }
    }

    private static String fmt(double v, int decimals) {
        return String.format(Locale.ROOT, "%,." + decimals + "f", v);
    }

    private static void printMarkdown(List<String[]> cells, PrintStream out) {
        int[] width = new int[cells.get(0).length];
        for (String[] row : cells) {
            for (int i = 0; i < row.length; i++) {
                width[i] = Math.max(width[i], row[i].length());
            }
        }
        for (int r = 0; r < cells.size(); r++) {
            StringBuilder line = new StringBuilder("|");
            for (int i = 0; i < width.length; i++) {
                String c = cells.get(r)[i];
                line.append(' ').append(i == 0 || r == 0 ? pad(c, width[i], false) : pad(c, width[i], true)).append(" |");
            }
            out.println(line);
            if (r == 0) {
                StringBuilder sep = new StringBuilder("|");
                for (int w : width) {
                    sep.append(' ').append("-".repeat(w - 1)).append(": |");
                }
                out.println(sep);
            }
        }
    }

    private static String pad(String s, int width, boolean right) {
        String fill = " ".repeat(width - s.length());
        return right ? fill + s : s + fill;
    }
}
