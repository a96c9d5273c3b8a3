package org.spkeras.fuzz;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.spkeras.cli.Main;
import org.spkeras.keras.KerasModelReader;
import org.spkeras.model.Shape;
import org.spkeras.testing.Fixtures;
import picocli.CommandLine;

/**
 * The hostile-input campaign: seeded mutants of every input kind (model .h5, .keras, weights + JSON, .snn, and
 * .npz/.npy/IDX/HDF5 data) run in-process through inspect, import and evaluate, each classified by its outcome.
 * A mutant passes when it exits 0, or exits 2 with one line that names the mutated file, within 10 s; anything else
 * (a stack trace, exit 1, an uncaught error, OutOfMemoryError, a run over 10 s) is a failure. Run from the
 * repository root: {@code bench/fuzz.sh} (long run) or {@link FuzzCampaignTest} (short run in the build).
 */
public final class FuzzCampaign {
    /**
     * A run over this is a failure (10 s). {@code -Dspkeras.fuzz.limitMs=N} raises it on a machine so loaded that
     * the unmutated seeds take longer; a table made so must say which limit it used.
     */
    static final long TIME_LIMIT_MS = Long.getLong("spkeras.fuzz.limitMs", 10_000);

    enum Outcome {
        OK("exit 0"), REFUSED("exit 2, one line naming the file"), BAD_MESSAGE("exit 2, other message"),
        INTERNAL_ERROR("exit 1 / stack trace"), OOM("OutOfMemoryError"), CRASH("uncaught throwable"),
        TIMEOUT("over 10 s");

        final String label;

        Outcome(String label) {
            this.label = label;
        }

        boolean failure() {
            return this != OK && this != REFUSED;
        }
    }

    /** How a target's file is mutated beyond bytes: as a zip, JSON, a protobuf or a tensor-bundle SSTable. */
    enum Kind { BYTES, PROTO, SSTABLE }

    /**
     * One input kind with its seed files (the one named {@code mutated} is mutated; names may hold folders) and the
     * commands it goes through.
     */
    record Target(String input, String mutated, Map<String, byte[]> files, boolean zip, boolean json,
                  List<Command> commands, Kind kind) {
        Target(String input, String mutated, Map<String, byte[]> files, boolean zip, boolean json,
               List<Command> commands) {
            this(input, mutated, files, zip, json, commands, Kind.BYTES);
        }

        /** The names a refusal may give for the mutated file: its own name, or the folder it is part of. */
        List<String> names() {
            Path p = Path.of(mutated);
            return p.getNameCount() > 1 ? List.of(p.getFileName().toString(), p.getName(0).toString())
                    : List.of(mutated);
        }
    }

    /** A command line; {@code M} is the mutated file, {@code C} the case directory. */
    record Command(String name, java.util.function.BiFunction<Path, Path, String[]> args) {}

    record Result(Target target, Command command, String operator, Outcome outcome, long millis, String message,
                  Path kept) {}

    private final Path base;
    private final Path work;
    private final List<Target> targets = new ArrayList<>();

    FuzzCampaign(Path work) throws IOException {
        this.work = work;
        this.base = work.resolve("base");
        Files.createDirectories(base);
        setUp();
    }

    private static String[] a(String... args) {
        return args;
    }

    private Path b(String name) {
        return base.resolve(name);
    }

    private static String s(Path p) {
        return p.toString();
    }

    private void setUp() throws IOException {
        Path seq = copy("seq_cnn.h5");
        SeedFiles.Data data = SeedFiles.Data.random(7, 16, 12, 12, 3);
        Files.write(b("data.npz"), SeedFiles.npz(data));
        String[] evalOpts = {"--limit", "8", "-T", "4", "--threads", "1", "-q"};
        String[] convOpts = {"--calibration-samples", "8", "--calibrate", "none"};
        Path snn = b("seed.snn");
        int rc = run(cat(a("import", s(seq), "--calibration", s(b("data.npz")), "-o", s(snn)), convOpts),
                new StringWriter(), new StringWriter());
        if (rc != 0) {
            throw new IllegalStateException("seed .snn could not be made (exit " + rc + ")");
        }
        Command inspect = new Command("inspect", (m, c) -> a("inspect", s(m)));

        targets.add(new Target("model .h5", "seq_cnn.h5", Map.of("seq_cnn.h5", Files.readAllBytes(seq)), false, false,
                List.of(inspect, importWith(b("data.npz"), convOpts),
                        new Command("evaluate", (m, c) -> cat(a("evaluate", s(m), "--data", s(b("data.npz")),
                                "--calibration", s(b("data.npz")), "--report", s(c.resolve("r.json"))),
                                cat(evalOpts, convOpts))))));
        for (String model : List.of("func_resnet.h5", "keras3_zip.keras", "keras3_zip_func.keras", "channels_first.h5")) {
            Path p = copy(model);
            Path cal = calibrationFor(p, model, null);
            targets.add(new Target(model.endsWith(".keras") ? "model .keras" : "model .h5", model,
                    Map.of(model, Files.readAllBytes(p)), model.endsWith(".keras"), false,
                    List.of(inspect, importWith(cal, convOpts))));
        }
        Path weights = copy("weights_only.h5");
        Path arch = copy("weights_only.json");
        Path wcal = calibrationFor(weights, "weights_only.h5", arch);
        targets.add(new Target("weights .h5 (+ JSON)", "weights_only.h5", files("weights_only.h5", weights,
                "weights_only.json", arch), false, false, weightsCommands(wcal, convOpts)));
        targets.add(new Target("architecture JSON (+ weights)", "weights_only.json", files("weights_only.json", arch,
                "weights_only.h5", weights), false, true, weightsCommands(wcal, convOpts)));

        targets.add(new Target(".snn", "seed.snn", Map.of("seed.snn", Files.readAllBytes(snn)), true, true, List.of(
                inspect, new Command("inspect --json", (m, c) -> a("inspect", s(m), "--json")),
                new Command("evaluate", (m, c) -> cat(a("evaluate", s(m), "--ann", s(seq), "--data", s(b("data.npz")),
                        "--report", s(c.resolve("r.json"))), evalOpts)))));

        List<Command> dataCommands = List.of(
                new Command("evaluate", (m, c) -> cat(a("evaluate", s(snn), "--ann", s(seq), "--data", s(m), "--report",
                        s(c.resolve("r.json"))), evalOpts)),
                new Command("import --calibration", (m, c) -> cat(a("import", s(seq), "--calibration", s(m), "-o",
                        s(c.resolve("x.snn"))), convOpts)));
        targets.add(new Target("data .npz", "data.npz", Map.of("data.npz", SeedFiles.npz(data)), true, false, dataCommands));
        targets.add(new Target("data .npy (features)", "x.npy", files2("x.npy", SeedFiles.xNpy(data), "y.npy",
                SeedFiles.yNpy(data)), false, false, dataCommands));
        targets.add(new Target("data .npy (labels)", "y.npy", files2("y.npy", SeedFiles.yNpy(data), "x.npy",
                SeedFiles.xNpy(data)), false, false, List.of(new Command("evaluate", (m, c) -> cat(a("evaluate", s(snn),
                "--ann", s(seq), "--data", s(c.resolve("x.npy")), "--report", s(c.resolve("r.json"))), evalOpts)))));
        targets.add(new Target("data IDX (images)", "d-images-idx4-ubyte.gz", files2("d-images-idx4-ubyte.gz",
                SeedFiles.idxImages(data), "d-labels-idx1-ubyte", SeedFiles.idxLabels(data)), false, false, dataCommands));
        targets.add(new Target("data IDX (labels)", "d-labels-idx1-ubyte", files2("d-labels-idx1-ubyte",
                SeedFiles.idxLabels(data), "d-images-idx4-ubyte.gz", SeedFiles.idxImages(data)), false, false,
                List.of(new Command("evaluate", (m, c) -> cat(a("evaluate", s(snn), "--ann", s(seq), "--data",
                        s(c.resolve("d-images-idx4-ubyte.gz")), "--report", s(c.resolve("r.json"))), evalOpts)))));
        targets.add(new Target("data HDF5", "data.h5", Map.of("data.h5", SeedFiles.hdf5(data, b("scratch.h5"))), false,
                false, dataCommands));
        addNewerFormats(seq, snn, convOpts);
        checkSeeds();
    }

    /**
     * The formats added since the first campaign: Keras 3 .weights.h5 (+ config.json, from the .keras fixture), .nir,
     * --config JSON, and, where ../shared/real-checkpoints is present (test-only files, copied into the work folder),
     * a SavedModel's tensor-bundle .index (SSTable-aware mutants), data shard, saved_model.pb and keras_metadata.pb
     * (protobuf-aware mutants).
     */
    private void addNewerFormats(Path seq, Path snn, String[] convOpts) throws IOException {
        Map<String, byte[]> keras3 = RawZip.read(Files.readAllBytes(Fixtures.ROOT.resolve("keras3_zip.keras")));
        Path weights3 = Files.write(b("model.weights.h5"), keras3.get("model.weights.h5"));
        Path config3 = Files.write(b("config.json"), keras3.get("config.json"));
        Path cal3 = calibrationFor(weights3, "model.weights.h5", config3);
        List<Command> weights3Commands = List.of(
                new Command("inspect", (m, c) -> a("inspect", s(m), "--architecture", s(c.resolve("config.json")))),
                new Command("import", (m, c) -> cat(a("import", s(m), "--architecture", s(c.resolve("config.json")),
                        "--calibration", s(cal3), "-o", s(c.resolve("x.snn"))), convOpts)));
        targets.add(new Target("Keras 3 .weights.h5 (+ config.json)", "model.weights.h5", files("model.weights.h5",
                weights3, "config.json", config3), false, false, weights3Commands));

        Path ifSnn = b("if.snn");
        Path nir = b("seed.nir");
        if (run(cat(a("import", s(seq), "--calibration", s(b("data.npz")), "--neuron", "if", "--maxpool", "avg", "-o",
                s(ifSnn)), convOpts), new StringWriter(), new StringWriter()) != 0
                || run(a("export", s(ifSnn), "-o", s(nir)), new StringWriter(), new StringWriter()) != 0) {
            throw new IllegalStateException("seed .nir could not be made");
        }
        targets.add(new Target(".nir", "seed.nir", Map.of("seed.nir", Files.readAllBytes(nir)), false, false,
                List.of(new Command("inspect", (m, c) -> a("inspect", s(m))))));

        byte[] config = ("{\"norm\": \"max\", \"neuron\": \"if\", \"maxpool\": \"avg\", \"calibration-samples\": 8, "
                + "\"calibrate\": \"none\", \"theta\": 0.5, \"shift\": 0, \"weight-bits\": 8}")
                .getBytes(java.nio.charset.StandardCharsets.UTF_8);
        targets.add(new Target("--config JSON", "config.json", Map.of("config.json", config), false, true, List.of(
                new Command("import --config", (m, c) -> a("import", s(seq), "--config", s(m), "--calibration",
                        s(b("data.npz")), "-o", s(c.resolve("x.snn")))))));

        Path saved = Path.of("..", "shared", "real-checkpoints", "savedmodel", "th368_cnn_mnist_tf26");
        if (!Files.isRegularFile(saved.resolve("saved_model.pb"))) {
            System.err.println("fuzz: " + saved + " is absent: the TF bundle and SavedModel targets are skipped");
            return;
        }
        Map<String, byte[]> folder = new LinkedHashMap<>();
        try (Stream<Path> walk = Files.walk(saved)) {
            for (Path p : walk.filter(Files::isRegularFile).sorted().toList()) {
                String name = "sm/" + saved.relativize(p).toString().replace('\\', '/');
                folder.put(name, Files.readAllBytes(p));
                Path copy = b(name);
                Files.createDirectories(copy.getParent());
                Files.write(copy, folder.get(name));
            }
        }
        Path calSaved = calibrationFor(b("sm"), "sm", null);
        List<Command> savedCommands = List.of(new Command("inspect", (m, c) -> a("inspect", s(c.resolve("sm")))),
                new Command("import", (m, c) -> cat(a("import", s(c.resolve("sm")), "--calibration", s(calSaved), "-o",
                        s(c.resolve("x.snn"))), convOpts)));
        targets.add(new Target("TF bundle .index (SavedModel)", "sm/variables/variables.index", folder, false, false,
                savedCommands, Kind.SSTABLE));
        targets.add(new Target("TF bundle data shard (SavedModel)", "sm/variables/variables.data-00000-of-00001", folder,
                false, false, savedCommands));
        targets.add(new Target("SavedModel saved_model.pb", "sm/saved_model.pb", folder, false, false, savedCommands,
                Kind.PROTO));
        targets.add(new Target("SavedModel keras_metadata.pb", "sm/keras_metadata.pb", folder, false, false,
                savedCommands, Kind.PROTO));
    }

    private List<Command> weightsCommands(Path cal, String[] convOpts) {
        return List.of(
                new Command("inspect", (m, c) -> a("inspect", s(c.resolve("weights_only.h5")), "--architecture",
                        s(c.resolve("weights_only.json")))),
                new Command("import", (m, c) -> cat(a("import", s(c.resolve("weights_only.h5")), "--architecture",
                        s(c.resolve("weights_only.json")), "--calibration", s(cal), "-o", s(c.resolve("x.snn"))), convOpts)));
    }

    private Command importWith(Path cal, String[] convOpts) {
        return new Command("import", (m, c) -> cat(a("import", s(m), "--calibration", s(cal), "-o",
                s(c.resolve("x.snn"))), convOpts));
    }

    private Path calibrationFor(Path model, String name, Path architecture) throws IOException {
        Shape shape = org.spkeras.keras.ModelFiles.read(model, new org.spkeras.keras.ImportOptions(architecture, false))
                .inputShape();
        SeedFiles.Data data = SeedFiles.Data.random(11, 8, shape.height(), shape.width(), shape.channels());
        Path p = b("cal-" + name + ".npz");
        Files.write(p, SeedFiles.npz(data, false));
        return p;
    }

    private Path copy(String fixture) throws IOException {
        Path p = b(fixture);
        Files.copy(Fixtures.ROOT.resolve(fixture), p, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        return p;
    }

    private static Map<String, byte[]> files(String n1, Path p1, String n2, Path p2) throws IOException {
        return files2(n1, Files.readAllBytes(p1), n2, Files.readAllBytes(p2));
    }

    private static Map<String, byte[]> files2(String n1, byte[] b1, String n2, byte[] b2) {
        Map<String, byte[]> m = new LinkedHashMap<>();
        m.put(n1, b1);
        m.put(n2, b2);
        return m;
    }

    private static String[] cat(String[] x, String[] y) {
        return Stream.concat(Stream.of(x), Stream.of(y)).toArray(String[]::new);
    }

    private void checkSeeds() throws IOException {
        for (Target t : targets) {
            for (Command c : t.commands()) {
                Result r = runCase(t, c, t.files().get(t.mutated()), "seed", -1, false);
                if (r.outcome() != Outcome.OK) {
                    throw new IllegalStateException("the unmutated seed of " + t.input() + " fails " + c.name() + ": "
                            + r.outcome() + " " + r.message());
                }
            }
        }
    }

    /** Runs {@code mutants} seeded mutants, spread evenly over the targets and their commands. */
    List<Result> run(long seed, int mutants, boolean keepFailures) throws IOException {
        Mutator mutator = new Mutator(seed);
        java.util.SplittableRandom structured = new java.util.SplittableRandom(seed * 31 + 7);
        StructuredMutator smart = new StructuredMutator(structured);
        List<Result> results = new ArrayList<>();
        for (int i = 0; i < mutants; i++) {
            Target t = targets.get(i % targets.size());
            Command c = t.commands().get((i / targets.size()) % t.commands().size());
            byte[] seedBytes = t.files().get(t.mutated());
            Mutator.Mutant m = null;
            if (t.kind() != Kind.BYTES && structured.nextInt(4) > 0) {
                m = t.kind() == Kind.PROTO ? smart.proto(seedBytes) : smart.sstable(seedBytes);
            }
            if (m == null) {
                m = mutator.mutate(seedBytes, t.zip(), t.json());
            }
            results.add(runCase(t, c, m.bytes(), m.operator(), i, keepFailures));
        }
        return results;
    }

    private ExecutorService executor = newExecutor();

    private static ExecutorService newExecutor() {
        return Executors.newSingleThreadExecutor(r -> {
            Thread th = new Thread(r, "fuzz-case");
            th.setDaemon(true);
            return th;
        });
    }

    private Result runCase(Target t, Command c, byte[] mutant, String operator, int index, boolean keep)
            throws IOException {
        Path dir = work.resolve("case");
        deleteTree(dir);
        Files.createDirectories(dir);
        for (Map.Entry<String, byte[]> f : t.files().entrySet()) {
            Path to = dir.resolve(f.getKey());
            Files.createDirectories(to.getParent());
            Files.write(to, f.getKey().equals(t.mutated()) ? mutant : f.getValue());
        }
        Path m = dir.resolve(t.mutated());
        String[] args = c.args().apply(m, dir);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        long start = System.nanoTime();
        Future<Object> f = executor.submit(() -> {
            try {
                return run(args, out, err);
            } catch (OutOfMemoryError e) {
                return e;
            } catch (Throwable e) {
                return e;
            }
        });
        Outcome outcome;
        String message;
        Object value;
        try {
            value = f.get(TIME_LIMIT_MS, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            f.cancel(true);
            executor.shutdownNow();
            executor = newExecutor();
            value = null;
        } catch (InterruptedException | java.util.concurrent.ExecutionException e) {
            value = e;
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        String errText = err.toString().strip();
        if (value == null) {
            outcome = Outcome.TIMEOUT;
            message = "";
        } else if (value instanceof OutOfMemoryError e) {
            outcome = Outcome.OOM;
            message = String.valueOf(e);
        } else if (value instanceof Throwable e) {
            outcome = Outcome.CRASH;
            message = String.valueOf(e);
        } else {
            int code = (Integer) value;
            message = errText.lines().findFirst().orElse("");
            if (code == 0) {
                outcome = millis > TIME_LIMIT_MS ? Outcome.TIMEOUT : Outcome.OK;
            } else if (code == 2) {
                boolean oneLine = errText.lines().count() == 1 && errText.startsWith("error: ");
                boolean namesFile = t.names().stream().anyMatch(errText::contains);
                outcome = millis > TIME_LIMIT_MS ? Outcome.TIMEOUT
                        : oneLine && namesFile ? Outcome.REFUSED : Outcome.BAD_MESSAGE;
            } else {
                outcome = Outcome.INTERNAL_ERROR;
                message = errText.lines().limit(3).reduce((x, y) -> x + " | " + y).orElse("exit " + code);
            }
        }
        Path kept = null;
        if (keep && outcome.failure()) {
            kept = work.resolve("failures").resolve(index + "-" + t.mutated());
            Files.createDirectories(kept.getParent());
            Files.write(kept, mutant);
        }
        return new Result(t, c, operator, outcome, millis, message, kept);
    }

    private static int run(String[] args, StringWriter out, StringWriter err) {
        CommandLine cl = Main.commandLine();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        return cl.execute(args);
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    /** The outcome table (Markdown): one row per input kind and command, then the totals. */
    static String table(List<Result> results) {
        Map<String, EnumMap<Outcome, Integer>> rows = new LinkedHashMap<>();
        Map<String, Long> slowest = new LinkedHashMap<>();
        EnumMap<Outcome, Integer> total = new EnumMap<>(Outcome.class);
        for (Result r : results) {
            String key = r.target().input() + " | " + r.command().name();
            rows.computeIfAbsent(key, k -> new EnumMap<>(Outcome.class)).merge(r.outcome(), 1, Integer::sum);
            slowest.merge(key, r.millis(), Math::max);
            total.merge(r.outcome(), 1, Integer::sum);
        }
        StringBuilder s = new StringBuilder("| input | command | mutants |");
        for (Outcome o : Outcome.values()) {
            s.append(' ').append(o.label).append(" |");
        }
        s.append(" slowest s |\n|---|---|---:|").append("---:|".repeat(Outcome.values().length)).append("---:|\n");
        rows.forEach((key, counts) -> {
            s.append("| ").append(key).append(" | ").append(counts.values().stream().mapToInt(Integer::intValue).sum())
                    .append(" |");
            for (Outcome o : Outcome.values()) {
                s.append(' ').append(counts.getOrDefault(o, 0)).append(" |");
            }
            s.append(String.format(Locale.ROOT, " %.2f |%n", slowest.get(key) / 1000.0));
        });
        s.append("| **all** | | ").append(results.size()).append(" |");
        for (Outcome o : Outcome.values()) {
            s.append(' ').append(total.getOrDefault(o, 0)).append(" |");
        }
        s.append(String.format(Locale.ROOT, " %.2f |%n",
                results.stream().mapToLong(Result::millis).max().orElse(0) / 1000.0));
        return s.toString();
    }

    static List<Result> failures(List<Result> results) {
        return results.stream().filter(r -> r.outcome().failure()).toList();
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).strip().replaceFirst("^(\\S+ \\S+ \\S+).*", "$1");
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    /** {@code --mutants N --seed S --work DIR}: runs the campaign and prints the table and every failure. */
    public static void main(String[] args) throws IOException {
        int mutants = 10_000;
        long seed = 1;
        Path work = Path.of("target/fuzz");
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--mutants" -> mutants = Integer.parseInt(args[i + 1]);
                case "--seed" -> seed = Long.parseLong(args[i + 1]);
                case "--work" -> work = Path.of(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        long start = System.nanoTime();
        FuzzCampaign campaign = new FuzzCampaign(work);
        List<Result> results = campaign.run(seed, mutants, true);
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.print(table(results));
        System.out.printf(Locale.ROOT, "%d mutants, seed %d, %.0f s (%.0f per minute), max heap %d MiB, time limit %d s, "
                + "load average %s%n", mutants, seed, seconds, mutants / seconds * 60,
                Runtime.getRuntime().maxMemory() >> 20, TIME_LIMIT_MS / 1000, loadAverage());
        List<Result> failed = failures(results);
        for (Result r : failed) {
            System.out.println("FAIL " + r.outcome() + " " + r.target().input() + " / " + r.command().name() + " / "
                    + r.operator() + " (" + r.millis() + " ms): " + r.message() + (r.kept() == null ? "" : " [" + r.kept() + "]"));
        }
        System.exit(failed.isEmpty() ? 0 : 1);
    }
}
