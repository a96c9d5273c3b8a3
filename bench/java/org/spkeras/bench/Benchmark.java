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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
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
 * Benchmark run   --snn NET.snn --model MODEL --data DATA --steps T --out DIR [--engines event:20,dense:6,calendar:6]
 *                 [--threads 2] [--torch-images 100] [--warmup 2]
 * Benchmark table --out DIR --cases a,b,...
 * </pre>
 *
 * {@code run} loads the samples into memory, then simulates the first n of them with each engine (n after its
 * name), single-threaded, after a warm-up pass over W samples; the event engine also runs the same samples on
 * {@code --threads} threads sharing one {@link EventPlan} (wall-clock rate). Every engine must reproduce the
 * event engine's results bit for bit (prediction at every step, spikes per stage, synaptic events per step),
 * else it stops with {@code AGREEMENT FAILED} and exit code 3. It writes {@code java.tsv}, the first
 * {@code --torch-images} samples ({@code samples.f32}, float32 little-endian, channels-last), their labels
 * ({@code labels.i32}) and the event engine's predictions at T ({@code pred-T.i32}) for the PyTorch baseline.
 * {@code table} joins the {@code java.tsv}, {@code torch.tsv} and {@code case.txt} of each case folder.
 */
public final class Benchmark {
    private Benchmark() {}

    public static void main(String[] args) throws IOException {
        Map<String, String> a = parse(args);
        switch (args.length == 0 ? "" : args[0]) {
            case "run" -> run(a);
            case "table" -> table(Path.of(a.get("out")), List.of(a.get("cases").split(",")), System.out);
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

    /** One timed engine. */
    private record Timing(String engine, int threads, int images, double seconds, double cpuSeconds, long events,
                          int correct) {}

    /** CPU time of the whole JVM (all threads: the simulating ones, GC and JIT) in nanoseconds. */
    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static void run(Map<String, String> a) throws IOException {
        Path out = Path.of(a.get("out"));
        Files.createDirectories(out);
        SpikingNetwork snn = SnnFile.read(Path.of(a.get("snn")));
        Network ann = KerasModelReader.read(Path.of(a.get("model")));
        int steps = Integer.parseInt(a.get("steps"));
        int warmup = Integer.parseInt(a.getOrDefault("warmup", "2"));
        int threads = Integer.parseInt(a.getOrDefault("threads", "2"));
        Map<String, Integer> engines = new LinkedHashMap<>();
        for (String e : a.getOrDefault("engines", "event:20,dense:6").split(",")) {
            String[] p = e.split(":");
            engines.put(p[0], Integer.parseInt(p[1]));
        }
        int eventImages = engines.get("event");
        int load = Math.max(Integer.parseInt(a.getOrDefault("torch-images", "100")),
                engines.values().stream().mapToInt(Integer::intValue).max().orElse(0));
        float[][] samples;
        int[] labels;
        try (Dataset data = Datasets.open(a.get("data"), DataOptions.DEFAULTS.withLimit(load), ann)) {
            load = Math.min(load, data.size());
            samples = new float[load][];
            labels = new int[load];
            for (int i = 0; i < load; i++) {
                samples[i] = data.sample(i);
                labels[i] = data.label(i);
            }
            System.err.println("bench: " + data.description());
        }
        writeSamples(out, samples, labels);
        SimOptions options = SimOptions.analog(steps);
        long planStart = System.nanoTime();
        EventPlan plan = new EventPlan(snn, options);
        int narrow = 0;
        for (int s = 0; s < snn.stages().size(); s++) {
            narrow += plan.isNarrow(s) ? 1 : 0;
        }
        System.err.printf(Locale.ROOT, "bench: event plan built in %.2f s; %d of %d stages sum their input in 32 bits; %s%n",
                (System.nanoTime() - planStart) / 1e9, narrow, snn.stages().size(),
                plan.isVectorised() ? "SIMD row adds (Vector API)" : "scalar row adds (no jdk.incubator.vector)");
        List<Timing> rows = new ArrayList<>();
        SampleResult[] reference = null;
        for (Map.Entry<String, Integer> e : engines.entrySet()) {
            String name = e.getKey();
            int n = Math.min(e.getValue(), load);
            Engine engine = switch (name) {
                case "event" -> new EventEngine(plan);
                case "event64" -> new EventEngine(new EventPlan(snn, options, EventPlan.Width.WIDE, EventPlan.Layout.MERGED,
                        EventPlan.Kernel.BEST));
                case "eventstored" -> new EventEngine(new EventPlan(snn, options, EventPlan.Width.AUTO, EventPlan.Layout.AS_STORED,
                        EventPlan.Kernel.BEST));
                case "eventscalar" -> new EventEngine(new EventPlan(snn, options, EventPlan.Width.AUTO, EventPlan.Layout.MERGED,
                        EventPlan.Kernel.SCALAR));
                case "calendar" -> new CalendarEngine(snn, options);
                case "heap" -> new HeapQueueEngine(snn, options);
                case "dense" -> new DenseEngine(snn, options);
                default -> throw new IllegalArgumentException("unknown engine " + name);
            };
            for (int i = 0; i < Math.min(warmup, n); i++) {
                engine.run(samples[i], i);
            }
            SampleResult[] r = new SampleResult[n];
            long t0 = System.nanoTime();
            long c0 = processCpuNanos();
            for (int i = 0; i < n; i++) {
                r[i] = engine.run(samples[i], i);
            }
            rows.add(timing(name, 1, r, labels, steps, (System.nanoTime() - t0) / 1e9, (processCpuNanos() - c0) / 1e9));
            if (reference == null) {
                reference = r;
            } else {
                check(reference, r, name, steps);
            }
        }
        if (threads > 1) {
            rows.add(threaded(plan, samples, labels, eventImages, threads, steps, reference));
        }
        int[] predictions = new int[reference.length];
        for (int i = 0; i < predictions.length; i++) {
            predictions[i] = reference[i].predictions()[steps - 1];
        }
        writeInts(out.resolve("pred-" + steps + ".i32"), predictions);
        StringBuilder tsv = new StringBuilder("steps\tengine\tthreads\timages\tcpu_seconds\twall_seconds\tevents\tcorrect\n");
        for (Timing t : rows) {
            tsv.append(String.format(Locale.ROOT, "%d\t%s\t%d\t%d\t%.6f\t%.6f\t%d\t%d%n", steps, t.engine(), t.threads(),
                    t.images(), t.cpuSeconds(), t.seconds(), t.events(), t.correct()));
        }
        Files.writeString(out.resolve("java.tsv"), tsv);
    }

    private static Timing timing(String name, int threads, SampleResult[] r, int[] labels, int steps, double wall, double cpu) {
        long events = 0;
        int correct = 0;
        for (int i = 0; i < r.length; i++) {
            events += Arrays.stream(r[i].synapticEvents()).sum();
            correct += r[i].predictions()[steps - 1] == labels[i] ? 1 : 0;
        }
        System.err.printf(Locale.ROOT, "bench: T=%d %s, %d thread(s): %d images in %.2f s wall, %.2f s CPU%n",
                steps, name, threads, r.length, wall, cpu);
        return new Timing(name, threads, r.length, wall, cpu, events, correct);
    }

    /** The event engine on several threads, one engine each sharing {@code plan}: wall-clock throughput. */
    private static Timing threaded(EventPlan plan, float[][] samples, int[] labels, int n, int threads, int steps,
                                   SampleResult[] reference) {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            SampleResult[] r = new SampleResult[n];
            List<Future<?>> warm = new ArrayList<>();
            for (int k = 0; k < threads; k++) {
                final int first = k;
                warm.add(pool.submit(() -> new EventEngine(plan).run(samples[first % n], first % n)));
            }
            for (Future<?> f : warm) {
                f.get();
            }
            AtomicInteger next = new AtomicInteger();
            List<Future<?>> runs = new ArrayList<>();
            long t0 = System.nanoTime();
            long c0 = processCpuNanos();
            for (int k = 0; k < threads; k++) {
                runs.add(pool.submit(() -> {
                    Engine engine = new EventEngine(plan);
                    for (int i; (i = next.getAndIncrement()) < n; ) {
                        r[i] = engine.run(samples[i], i);
                    }
                }));
            }
            for (Future<?> f : runs) {
                f.get();
            }
            Timing t = timing("event", threads, r, labels, steps, (System.nanoTime() - t0) / 1e9, (processCpuNanos() - c0) / 1e9);
            check(reference, r, "event on " + threads + " threads", steps);
            return t;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        } finally {
            pool.shutdown();
        }
    }

    /** Fails loudly unless {@code other} reproduces {@code reference} bit for bit on every sample it ran. */
    private static void check(SampleResult[] reference, SampleResult[] other, String name, int steps) {
        for (int i = 0; i < Math.min(reference.length, other.length); i++) {
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
                        + " differ from the event engine's on sample " + i + "; the engines must agree bit for bit");
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
            return List.of();
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

    static void table(Path dir, List<String> cases, PrintStream out) throws IOException {
        List<String[]> cells = new ArrayList<>();
        cells.add(new String[] {"network, conversion", "T", "syn. events/img", "event img/s (CPU / wall)",
                "events/CPU-s (10^9)", "SIMD/scalar", "event/dense (CPU / wall)", "torch img/s (CPU / wall)",
                "event/torch (CPU / wall)", "torch agree %", "CLI img/CPU-s", "CLI/harness", "sweep/calendar",
                "2 threads img/s (wall)", "2t/1t (wall)", "acc % (event)"});
        int columns = cells.get(0).length;
        List<String> notes = new ArrayList<>();
        for (String c : cases) {
            Path d = dir.resolve(c);
            Map<String, String[]> rows = new LinkedHashMap<>();
            String steps = "?";
            for (String[] r : readTsv(d.resolve("java.tsv"))) {
                steps = r[0];
                rows.put(r[1] + "/" + r[2], r);
            }
            String[] ev = rows.get("event/1");
            if (ev == null) {
                String[] empty = new String[columns];
                Arrays.fill(empty, "");
                empty[0] = c;
                empty[1] = steps;
                empty[2] = "not run";
                cells.add(empty);
                continue;
            }
            double evRate = rate(ev);
            double evWall = wallRate(ev);
            long events = Long.parseLong(ev[6]) / Integer.parseInt(ev[3]);
            String[] de = rows.get("dense/1");
            String[] sc = rows.get("eventscalar/1");
            String[] ca = rows.get("calendar/1");
            String[] two = rows.values().stream().filter(r -> r[1].equals("event") && !r[2].equals("1")).findFirst().orElse(null);
            List<String[]> torch = readTsv(d.resolve("torch.tsv"));
            String[] tr = torch.isEmpty() ? null : torch.get(0);
            double trRate = tr == null ? Double.NaN : Double.parseDouble(tr[1]);
            double trWall = tr == null ? Double.NaN : Integer.parseInt(tr[7]) / Double.parseDouble(tr[6]);
            List<String[]> cli = readTsv(d.resolve("cli.tsv"));
            String[] cl = cli.isEmpty() ? null : cli.get(0);
            double cliRate = cl == null ? Double.NaN
                    : Integer.parseInt(cl[1]) / (Double.parseDouble(cl[2]) - Double.parseDouble(cl[4]));
            double twoWall = two == null ? Double.NaN : wallRate(two);
            cells.add(new String[] {label(d, c), steps, String.format(Locale.ROOT, "%,d", events),
                    fmt(evRate, 2) + " / " + fmt(evWall, 2), fmt(events * evRate / 1e9, 2),
                    sc == null ? "n/a" : fmt(evRate / rate(sc), 2) + "×",
                    de == null ? "n/a" : fmt(evRate / rate(de), 1) + "× / " + fmt(evWall / wallRate(de), 1) + "×",
                    tr == null ? "n/a" : fmt(trRate, 2) + " / " + fmt(trWall, 2),
                    tr == null ? "n/a" : fmt(evRate / trRate, 2) + "× / " + fmt(evWall / trWall, 2) + "×",
                    tr == null ? "n/a" : fmt(Double.parseDouble(tr[2]), 1),
                    cl == null ? "n/a" : fmt(cliRate, 2), cl == null ? "n/a" : fmt(cliRate / evRate, 2) + "×",
                    ca == null ? "n/a" : fmt(evRate / rate(ca), 2) + "×",
                    two == null ? "n/a" : fmt(twoWall, 2), two == null ? "n/a" : fmt(twoWall / evWall, 2) + "×",
                    fmt(100.0 * Integer.parseInt(ev[7]) / Integer.parseInt(ev[3]), 1)});
            StringBuilder note = new StringBuilder(c + ": event " + ev[3] + " images");
            if (sc != null) {
                note.append(", scalar kernel ").append(sc[3]);
            }
            if (de != null) {
                note.append(", dense ").append(de[3]);
            }
            if (ca != null) {
                note.append(", calendar ").append(ca[3]);
            }
            if (two != null) {
                note.append(", event on ").append(two[2]).append(" threads ").append(two[3]);
            }
            if (tr != null) {
                note.append(", torch ").append(tr[7]).append(" images at batch ").append(tr[5]);
            } else if (Files.isRegularFile(d.resolve("torch.status"))) {
                note.append(", torch: ").append(Files.readString(d.resolve("torch.status")).strip());
            }
            if (cl != null) {
                note.append(String.format(Locale.ROOT, ", CLI %s images: %.1f CPU-s at T = %s, %.1f at T = 1",
                        cl[1], Double.parseDouble(cl[2]), cl[0], Double.parseDouble(cl[4])));
            }
            notes.add(note.toString());
        }
        printMarkdown(cells, out);
        out.println();
        out.println("Images measured: " + String.join("; ", notes) + ".");
        out.println("CPU: rates per CPU-second of the process (JVM: all its threads, GC and JIT included; torch: its"
                + " process, one thread); wall: per second of elapsed time (the machine is shared: compare ratios).");
        out.println("events/CPU-s: synaptic events (spikes × fan-out, gate routing included; the same count for every"
                + " engine) per CPU-second of one simulating thread.");
        out.println("CLI: `spkeras-java evaluate --threads 1` through the launcher on the same images, images per"
                + " CPU-second of (run at T) − (run at T = 1); CLI/harness: that rate over the harness's event rate.");
        out.println("event = EventEngine (spike fan-out + one threshold sweep per stage and step) with its SIMD row adds"
                + " (Vector API); scalar = the same engine with scalar loops (what a JVM without"
                + " jdk.incubator.vector runs); calendar ="
                + " CalendarEngine (lazy updates, crossings scheduled in a calendar); dense = DenseEngine (W⊛s every step).");
    }

    private static String label(Path d, String c) throws IOException {
        Path f = d.resolve("case.txt");
        return Files.isRegularFile(f) ? Files.readString(f).strip() : c;
    }

    private static double rate(String[] row) {
        return Integer.parseInt(row[3]) / Double.parseDouble(row[4]);
    }

    private static double wallRate(String[] row) {
        return Integer.parseInt(row[3]) / Double.parseDouble(row[5]);
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
                for (int i = 0; i < width.length; i++) {
                    sep.append(' ').append("-".repeat(width[i] - 1)).append(i == 0 ? "- |" : ": |");
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
