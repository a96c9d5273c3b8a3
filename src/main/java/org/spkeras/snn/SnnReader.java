package org.spkeras.snn;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import org.spkeras.SpkerasException;
import org.spkeras.model.Shape;

/** Reads and validates one {@code .snn} file (for {@code SnnFile.read}); see docs/snn-format.md. */
final class SnnReader {
    /** network.json larger than this is refused before it is read. */
    static final long MAX_JSON_BYTES = 256L << 20;
    /** Longest array a JVM can allocate. */
    static final long MAX_ARRAY_LENGTH = Integer.MAX_VALUE - 8;
    /** Deflate cannot expand data more than about 1032:1; a larger declared size is a lie. */
    private static final long MAX_DEFLATE_RATIO = 1032;
    /**
     * All arrays together may inflate to at most this many bytes plus {@link #TOTAL_RATIO} times the file size:
     * real networks compress about 6:1 overall, so a zip bomb is refused before anything is allocated for it.
     */
    static final long TOTAL_BUDGET_BYTES = 256L << 20;
    static final long TOTAL_RATIO = 64;
    private long declaredTotal;

    private static final String DAMAGED = "; the file is damaged or was edited: convert the model again";
    private static final String CONVERT = "; .snn files are written by importing (converting) a Keras model";

    private final Path file;
    private final String name;
    private ZipFile zip;
    private long fileSize;

    SnnReader(Path file, String name) {
        this.file = file;
        this.name = name;
    }

    SpikingNetwork read() {
        String kind = org.spkeras.io.InputFiles.notRegular(file);
        if (kind != null && !org.spkeras.io.InputFiles.present(file)) {
            throw fail("no such file; check the path");
        }
        if (kind != null) {
            throw fail("is " + kind + ", not a regular file; give the path of a .snn file");
        }
        byte[] head;
        try (InputStream s = Files.newInputStream(file)) {
            head = s.readNBytes(4);
            fileSize = Files.size(file);
        } catch (IOException e) {
            throw new SpkerasException(name + ": cannot be read (" + e.getMessage() + ")", e);
        }
        boolean looksLikeZip = head.length == 4 && head[0] == 'P' && head[1] == 'K'
                && ((head[2] == 3 && head[3] == 4) || (head[2] == 5 && head[3] == 6));
        ZipFile opened;
        try {
            opened = new ZipFile(file.toFile());
        } catch (ZipException e) {
            throw looksLikeZip
                    ? fail("is truncated or damaged (" + e.getMessage() + "); convert the model again", e)
                    : fail("is not a spkeras-java .snn file (not a zip archive)" + CONVERT, e);
        } catch (IOException e) {
            throw new SpkerasException(name + ": cannot be read (" + e.getMessage() + ")", e);
        }
        zip = opened;
        try (opened) {
            return network(json());
        } catch (IOException e) {
            throw new SpkerasException(name + ": cannot be read (" + e.getMessage() + ")", e);
        }
    }

    // ---------------------------------------------------------------------------------------- network.json

    private JsonObject json() {
        ZipEntry e = zip.getEntry(SnnFormat.NETWORK_ENTRY);
        if (e == null || e.isDirectory()) {
            throw fail("is not a spkeras-java .snn file (a zip archive without " + SnnFormat.NETWORK_ENTRY + ")" + CONVERT);
        }
        long size = e.getSize();
        if (size < 0 || size > MAX_JSON_BYTES) {
            throw fail(SnnFormat.NETWORK_ENTRY + " declares " + size + " bytes, more than the " + MAX_JSON_BYTES
                    + " this build reads" + DAMAGED);
        }
        checkSizes(e, size);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream((int) size);
        readEntry(e, size, (buf, n, done) -> bytes.write(buf, 0, n));
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes.toByteArray())).toString();
        } catch (CharacterCodingException ex) {
            throw fail("is not a spkeras-java .snn file (" + SnnFormat.NETWORK_ENTRY + " is not UTF-8 text)" + CONVERT, ex);
        }
        JsonElement root;
        try {
            JsonReader reader = new JsonReader(new StringReader(text));
            reader.setStrictness(Strictness.STRICT);
            root = JsonParser.parseReader(reader);
            if (reader.peek() != JsonToken.END_DOCUMENT) {
                throw new JsonParseException("text after the JSON value at " + reader.getPath());
            }
        } catch (JsonParseException | IOException ex) {
            throw fail("is not a spkeras-java .snn file (" + SnnFormat.NETWORK_ENTRY + " is not valid JSON: "
                    + jsonProblem(ex) + ")" + CONVERT);
        }
        if (!root.isJsonObject()) {
            throw fail("is not a spkeras-java .snn file (" + SnnFormat.NETWORK_ENTRY + " is not a JSON object)" + CONVERT);
        }
        return root.getAsJsonObject();
    }

    private SpikingNetwork network(JsonObject root) {
        JsonElement format = root.get("format");
        if (format == null || format.isJsonNull()) {
            throw fail("is not a spkeras-java .snn file (" + SnnFormat.NETWORK_ENTRY + " has no \"format\"; expected \""
                    + SnnFormat.FORMAT + "\")" + CONVERT);
        }
        if (!format.isJsonPrimitive() || !SnnFormat.FORMAT.equals(format.getAsString())) {
            throw fail("is not a spkeras-java .snn file (" + SnnFormat.NETWORK_ENTRY + " declares format " + format
                    + ", expected \"" + SnnFormat.FORMAT + "\")" + CONVERT);
        }
        JsonElement version = root.get("schemaVersion");
        if (version == null || version.isJsonNull()) {
            throw fail(SnnFormat.NETWORK_ENTRY + " has no \"schemaVersion\"" + DAMAGED);
        }
        BigDecimal v = version.isJsonPrimitive() && version.getAsJsonPrimitive().isNumber()
                ? version.getAsBigDecimal() : null;
        if (v != null && v.signum() > 0 && v.stripTrailingZeros().scale() <= 0
                && v.compareTo(BigDecimal.valueOf(SnnFormat.SCHEMA_VERSION)) > 0) {
            JsonElement tool = root.get("toolVersion");
            String by = tool != null && tool.isJsonPrimitive() ? " " + tool.getAsString() : "";
            throw fail("was written by a newer spkeras-java (schema " + v.toBigInteger() + "); this build reads schema "
                    + SnnFormat.SCHEMA_VERSION + "; read it with spkeras-java" + by + " or later, or convert the model "
                    + "again with this build");
        }
        if (v == null || v.compareTo(BigDecimal.valueOf(SnnFormat.SCHEMA_VERSION)) != 0
                && v.compareTo(BigDecimal.valueOf(SnnFormat.RATE_SCHEMA_VERSION)) != 0) {
            throw fail("has an unknown schemaVersion " + version + "; this build reads schemas "
                    + SnnFormat.RATE_SCHEMA_VERSION + " and " + SnnFormat.SCHEMA_VERSION + DAMAGED);
        }

        Provenance provenance = provenance(obj(root, "provenance", "the top level"));
        JsonObject in = obj(root, "input", "the top level");
        String inputName = str(in, "name", "input");
        Shape inputShape = shape(in, "input");
        double scale = dbl(req(in, "scale", "input"), "input \"scale\"");
        InputStage input = construct("input '" + inputName + "'", () -> new InputStage(inputName, inputShape, scale));

        Map<String, Integer> sizes = new HashMap<>();
        sizes.put(inputName, inputShape.size());
        List<Stage> stages = new ArrayList<>();
        JsonArray list = arr(root, "stages", "the top level");
        for (int i = 0; i < list.size(); i++) {
            JsonObject o = element(list.get(i), "stages[" + i + "]");
            String stageName = str(o, "name", "stages[" + i + "]");
            String where = "stage '" + stageName + "'";
            if (sizes.containsKey(stageName)) {
                throw failJson(where, "the name is used twice (or is the input's)");
            }
            String kind = str(o, "kind", where);
            Stage s = switch (kind) {
                case "neurons" -> neurons(o, stageName, where, sizes);
                case "maxPoolGate" -> gate(o, stageName, where, sizes);
                default -> throw failJson(where, "unknown kind \"" + kind + "\" (this build knows neurons and maxPoolGate)");
            };
            sizes.put(stageName, s.size());
            stages.add(s);
        }
        return construct("the network", () -> new SpikingNetwork(input, stages, provenance));
    }

    /** Gson's message on one line, without its class names and advice to parse leniently. */
    private static String jsonProblem(Exception ex) {
        Throwable t = ex.getCause() != null && ex.getMessage() != null && ex.getMessage().startsWith(ex.getCause().getClass().getName())
                ? ex.getCause() : ex;
        String m = String.valueOf(t.getMessage()).lines().findFirst().orElse("").strip();
        int at = m.indexOf(" at line ");
        if (m.startsWith("Use JsonReader.setStrictness") && at >= 0) {
            return "malformed" + m.substring(at);
        }
        return m;
    }

    private Provenance provenance(JsonObject o) {
        String w = "provenance";
        Map<String, String> options = new LinkedHashMap<>();
        for (Map.Entry<String, JsonElement> e : obj(o, "options", w).entrySet()) {
            JsonElement v = e.getValue();
            if (!v.isJsonPrimitive() || !v.getAsJsonPrimitive().isString()) {
                throw failJson(w, "option \"" + e.getKey() + "\" is not a string");
            }
            options.put(e.getKey(), v.getAsString());
        }
        Map<String, double[]> lambdas = new LinkedHashMap<>();
        for (Map.Entry<String, JsonElement> e : obj(o, "lambdas", w).entrySet()) {
            String lw = "provenance, λ of '" + e.getKey() + "'";
            if (!e.getValue().isJsonArray()) {
                throw failJson(lw, "is not an array of numbers");
            }
            JsonArray a = e.getValue().getAsJsonArray();
            double[] values = new double[a.size()];
            for (int i = 0; i < values.length; i++) {
                values[i] = dbl(a.get(i), lw);
            }
            lambdas.put(e.getKey(), values);
        }
        return new Provenance(strOrNull(o, "sourceFile", w), strOrNull(o, "sourceSha256", w),
                strOrNull(o, "toolVersion", w), options, strOrNull(o, "calibrationData", w),
                (int) integer(o, "calibrationSamples", w, Integer.MIN_VALUE, Integer.MAX_VALUE), lambdas,
                dbl(req(o, "inputLambda", w), w + " \"inputLambda\""), strOrNull(o, "calibrationSource", w),
                o.has("calibrationFirst") ? (int) integer(o, "calibrationFirst", w, 0, Integer.MAX_VALUE) : 0,
                approximations(o, w));
    }

    /** The optional list of approximation sentences. */
    private List<String> approximations(JsonObject o, String where) {
        if (!o.has("approximations")) {
            return List.of();
        }
        List<String> sentences = new ArrayList<>();
        for (JsonElement e : arr(o, "approximations", where)) {
            if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isString()) {
                throw failJson(where + " \"approximations\"", "is not an array of strings");
            }
            sentences.add(e.getAsString());
        }
        return sentences;
    }

    private Stage.Neurons neurons(JsonObject o, String stageName, String where, Map<String, Integer> sizes) {
        Shape shape = shape(o, where);
        NeuronModel model = model(obj(o, "model", where), where);
        JsonArray inputs = arr(o, "inputs", where);
        List<Synapses> synapses = new ArrayList<>();
        for (int k = 0; k < inputs.size(); k++) {
            String iw = where + ", input " + k;
            JsonObject si = element(inputs.get(k), iw);
            String source = str(si, "source", iw);
            Integer sourceSize = sizes.get(source);
            if (sourceSize == null) {
                throw failJson(iw, "reads '" + source + "', which is neither the input nor an earlier stage");
            }
            iw = where + ", input " + k + " (from '" + source + "')";
            int[] start = ints(si, "segmentStart", iw, sourceSize + 1L, "the source has " + sourceSize + " neurons");
            if (start[0] != 0) {
                throw failArrays(iw, "segmentStart must start at 0, found " + start[0]);
            }
            for (int p = 0; p + 1 < start.length; p++) {
                if (start[p + 1] < start[p]) {
                    throw failArrays(iw, "segmentStart decreases at source neuron " + p + " (" + start[p] + " then "
                            + start[p + 1] + ")");
                }
            }
            int segments = start[start.length - 1];
            String why = "segmentStart declares " + segments + " segments";
            int[] target = ints(si, "target", iw, segments, why);
            int[] length = ints(si, "length", iw, segments, why);
            int[] offset = ints(si, "weightOffset", iw, segments, why);
            long[] weights = longs(si, "weights", iw, -1, null);
            Synapses syn = construct(iw, () -> new Synapses(source, start, target, length, offset, weights));
            String problem = SnnChecks.synapses(syn, sourceSize, shape.size());
            if (problem != null) {
                throw failArrays(iw, problem);
            }
            synapses.add(syn);
        }
        int c = shape.channels();
        String perChannel = "shape " + shape + " has " + c + " channels";
        long[] bias = longs(o, "bias", where, shape.size(), "shape " + shape + " has " + shape.size() + " neurons");
        long[] shift = longs(o, "shift", where, c, perChannel);
        long[] threshold = longs(o, "threshold", where, c, perChannel);
        long[] initial = longs(o, "initialPotential", where, -1, null);
        if (initial.length != c && initial.length != shape.size()) {
            throw failArrays(where, "initialPotential has " + initial.length + " values; " + perChannel + " and "
                    + shape.size() + " neurons (one value per channel or per neuron)");
        }
        return construct(where, () -> new Stage.Neurons(stageName, shape, synapses, bias, shift, threshold, initial, model));
    }

    private Stage.MaxPoolGate gate(JsonObject o, String stageName, String where, Map<String, Integer> sizes) {
        Shape shape = shape(o, where);
        String source = str(o, "source", where);
        Integer sourceSize = sizes.get(source);
        if (sourceSize == null) {
            throw failJson(where, "reads '" + source + "', which is neither the input nor an earlier stage");
        }
        Stage.MaxPoolGate.Kind kind = constant(Stage.MaxPoolGate.Kind.class, str(o, "pooling", where), where, "pooling");
        int[] start = ints(o, "windowStart", where, shape.size() + 1L, "shape " + shape + " has " + shape.size() + " neurons");
        int[] members = ints(o, "members", where, -1, null);
        Stage.MaxPoolGate g = construct(where, () -> new Stage.MaxPoolGate(stageName, shape, source, kind, start, members));
        String problem = SnnChecks.gate(g, sourceSize);
        if (problem != null) {
            throw failArrays(where, problem);
        }
        return g;
    }

    private NeuronModel model(JsonObject o, String where) {
        String w = where + ", model";
        String kind = str(o, "kind", w);
        return switch (kind) {
            case "integrateAndFire" -> {
                int maxSpikes = (int) integer(o, "maxSpikes", w, 1, Integer.MAX_VALUE);
                NeuronModel.Reset reset = constant(NeuronModel.Reset.class, str(o, "reset", w), w, "reset");
                yield new NeuronModel.IntegrateAndFire(maxSpikes, reset);
            }
            case "firstSpike" -> new NeuronModel.FirstSpike();
            case "accumulator" -> new NeuronModel.Accumulator();
            default -> throw failJson(w, "unknown kind \"" + kind + "\" (this build knows integrateAndFire, firstSpike "
                    + "and accumulator)");
        };
    }

    private Shape shape(JsonObject o, String where) {
        JsonArray a = arr(o, "shape", where);
        if (a.size() != 1 && a.size() != 3) {
            throw failJson(where, "\"shape\" must list 1 or 3 dimensions, found " + a);
        }
        int[] d = new int[a.size()];
        for (int i = 0; i < d.length; i++) {
            d[i] = (int) integer(a.get(i), where + " \"shape\"", 1, Integer.MAX_VALUE);
        }
        return construct(where, () -> d.length == 1 ? Shape.flat(d[0]) : Shape.spatial(d[0], d[1], d[2]));
    }

    private <E extends Enum<E>> E constant(Class<E> type, String value, String where, String key) {
        for (E e : type.getEnumConstants()) {
            if (e.name().equals(value)) {
                return e;
            }
        }
        throw failJson(where, "\"" + key + "\" is \"" + value + "\", expected one of "
                + java.util.Arrays.toString(type.getEnumConstants()));
    }

    // ---------------------------------------------------------------------------------------- arrays

    private int[] ints(JsonObject owner, String key, String where, long need, String why) {
        int length = declared(owner, key, where, SnnFormat.INT32, need, why);
        int[] a = new int[length];
        String entry = owner.getAsJsonObject(key).get("entry").getAsString();
        readEntry(zip.getEntry(entry), (long) length * Integer.BYTES, (buf, n, done) ->
                ByteBuffer.wrap(buf, 0, n).order(ByteOrder.LITTLE_ENDIAN).asIntBuffer()
                        .get(a, (int) (done / Integer.BYTES), n / Integer.BYTES));
        return a;
    }

    private long[] longs(JsonObject owner, String key, String where, long need, String why) {
        int length = declared(owner, key, where, SnnFormat.INT64, need, why);
        long[] a = new long[length];
        String entry = owner.getAsJsonObject(key).get("entry").getAsString();
        readEntry(zip.getEntry(entry), (long) length * Long.BYTES, (buf, n, done) ->
                ByteBuffer.wrap(buf, 0, n).order(ByteOrder.LITTLE_ENDIAN).asLongBuffer()
                        .get(a, (int) (done / Long.BYTES), n / Long.BYTES));
        return a;
    }

    /**
     * Checks an array reference against everything known before allocating: its dtype, a sane length, the
     * length the stage needs ({@code need} &lt; 0: not known), and the size of its entry in the zip.
     */
    private int declared(JsonObject owner, String key, String where, String dtype, long need, String why) {
        String w = where + ", " + key;
        JsonObject ref = obj(owner, key, where);
        String entryName = str(ref, "entry", w);
        String actualType = str(ref, "dtype", w);
        if (!dtype.equals(actualType)) {
            throw failJson(w, "dtype is \"" + actualType + "\", expected \"" + dtype + "\"");
        }
        long length = integer(ref, "length", w, Long.MIN_VALUE, Long.MAX_VALUE);
        if (length < 0 || length > MAX_ARRAY_LENGTH) {
            throw failJson(w, "declares " + length + " values; an array holds 0 to " + MAX_ARRAY_LENGTH);
        }
        if (need >= 0 && length != need) {
            throw failArrays(where, key + " has " + length + " values, but " + why + " (needs " + need + ")");
        }
        ZipEntry e = zip.getEntry(entryName);
        if (e == null || e.isDirectory()) {
            throw fail("entry " + entryName + " (" + w + ") is missing" + DAMAGED);
        }
        long bytes = length * (SnnFormat.INT32.equals(dtype) ? Integer.BYTES : Long.BYTES);
        if (e.getSize() != bytes) {
            throw fail(entryName + " holds " + e.getSize() + " bytes, but " + SnnFormat.NETWORK_ENTRY + " declares "
                    + length + " " + dtype + " values (" + bytes + " bytes) for " + w + DAMAGED);
        }
        checkSizes(e, bytes);
        declaredTotal += bytes;
        long budget = TOTAL_BUDGET_BYTES + TOTAL_RATIO * fileSize;
        if (declaredTotal > budget) {
            throw fail("declares " + declaredTotal + " bytes of arrays (so far, at " + w + ") from a " + fileSize
                    + "-byte file, more than the " + budget + " a real network of that size holds (" + TOTAL_RATIO
                    + "× the file + " + (TOTAL_BUDGET_BYTES >> 20) + " MiB); the file is damaged or crafted: convert "
                    + "the model again");
        }
        return (int) length;
    }

    /** Refuses an entry whose sizes in the zip directory cannot be true, before anything is allocated for it. */
    private void checkSizes(ZipEntry e, long size) {
        long compressed = e.getCompressedSize();
        boolean plausible = compressed >= 0 && compressed <= fileSize
                && (e.getMethod() == ZipEntry.STORED ? compressed == size
                        : size <= compressed * MAX_DEFLATE_RATIO + 4096);
        if (!plausible) {
            throw fail("entry " + e.getName() + " declares " + size + " bytes from " + compressed
                    + " compressed bytes, which cannot be true; the file is damaged: convert the model again");
        }
    }

    private interface Sink {
        void accept(byte[] buf, int n, long done);
    }

    /** Streams exactly {@code bytes} bytes of an entry into {@code sink}, checking its length and CRC. */
    private void readEntry(ZipEntry e, long bytes, Sink sink) {
        CRC32 crc = new CRC32();
        byte[] buf = new byte[SnnFormat.CHUNK_BYTES];
        try (InputStream s = zip.getInputStream(e)) {
            long done = 0;
            while (done < bytes) {
                int want = (int) Math.min(buf.length, bytes - done);
                int got = s.readNBytes(buf, 0, want);
                if (got < want) {
                    throw fail("is truncated or damaged (entry " + e.getName() + " ends after " + (done + got) + " of "
                            + bytes + " bytes); convert the model again");
                }
                crc.update(buf, 0, got);
                sink.accept(buf, got, done);
                done += got;
            }
            if (s.read() != -1) {
                throw fail("entry " + e.getName() + " holds more than its declared " + bytes + " bytes" + DAMAGED);
            }
        } catch (ZipException | EOFException ex) {
            throw fail("is truncated or damaged (entry " + e.getName() + ": " + ex.getMessage() + "); convert the model again", ex);
        } catch (IOException ex) {
            throw new SpkerasException(name + ": cannot be read (" + ex.getMessage() + ")", ex);
        }
        if (e.getCrc() != -1 && crc.getValue() != e.getCrc()) {
            throw fail("is damaged (entry " + e.getName() + " fails its CRC check); convert the model again");
        }
    }

    // ---------------------------------------------------------------------------------------- JSON access

    private JsonElement req(JsonObject o, String key, String where) {
        JsonElement e = o.get(key);
        if (e == null || e.isJsonNull()) {
            throw failJson(where, "\"" + key + "\" is missing");
        }
        return e;
    }

    private JsonObject obj(JsonObject o, String key, String where) {
        return element(req(o, key, where), where + " \"" + key + "\"");
    }

    private JsonObject element(JsonElement e, String where) {
        if (e == null || !e.isJsonObject()) {
            throw failJson(where, "is not a JSON object");
        }
        return e.getAsJsonObject();
    }

    private JsonArray arr(JsonObject o, String key, String where) {
        JsonElement e = req(o, key, where);
        if (!e.isJsonArray()) {
            throw failJson(where, "\"" + key + "\" is not an array");
        }
        return e.getAsJsonArray();
    }

    private String str(JsonObject o, String key, String where) {
        JsonElement e = req(o, key, where);
        if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isString()) {
            throw failJson(where, "\"" + key + "\" is not a string");
        }
        return e.getAsString();
    }

    private String strOrNull(JsonObject o, String key, String where) {
        JsonElement e = o.get(key);
        return e == null || e.isJsonNull() ? null : str(o, key, where);
    }

    private long integer(JsonObject o, String key, String where, long min, long max) {
        return integer(req(o, key, where), where + " \"" + key + "\"", min, max);
    }

    private long integer(JsonElement e, String where, long min, long max) {
        if (e.isJsonPrimitive() && e.getAsJsonPrimitive().isNumber()) {
            BigDecimal v = e.getAsBigDecimal();
            if (v.stripTrailingZeros().scale() <= 0 && v.compareTo(BigDecimal.valueOf(min)) >= 0
                    && v.compareTo(BigDecimal.valueOf(max)) <= 0) {
                return v.longValueExact();
            }
        }
        throw failJson(where, "expected an integer from " + min + " to " + max + ", found " + e);
    }

    /** A number, or one of the strings "NaN", "Infinity", "-Infinity". */
    private double dbl(JsonElement e, String where) {
        if (e != null && e.isJsonPrimitive()) {
            JsonPrimitive p = e.getAsJsonPrimitive();
            if (p.isNumber()) {
                return Double.parseDouble(p.getAsString());
            }
            if (p.isString()) {
                switch (p.getAsString()) {
                    case "NaN": return Double.NaN;
                    case "Infinity": return Double.POSITIVE_INFINITY;
                    case "-Infinity": return Double.NEGATIVE_INFINITY;
                    default: break;
                }
            }
        }
        throw failJson(where, "expected a number, found " + e);
    }

    // ---------------------------------------------------------------------------------------- errors

    private interface Maker<T> {
        T make();
    }

    /** Runs a record constructor, turning its IllegalArgumentException into a refusal naming the file and place. */
    private <T> T construct(String where, Maker<T> maker) {
        try {
            return maker.make();
        } catch (IllegalArgumentException e) {
            String m = String.valueOf(e.getMessage());
            throw new SpkerasException(name + ": " + (m.startsWith(where + ":") ? m : where + ": " + m) + DAMAGED, e);
        }
    }

    private SpkerasException fail(String message) {
        return new SpkerasException(name + ": " + message);
    }

    private SpkerasException fail(String message, Throwable cause) {
        return new SpkerasException(name + ": " + message, cause);
    }

    private SpkerasException failJson(String where, String problem) {
        return fail(SnnFormat.NETWORK_ENTRY + ", " + where + ": " + problem + DAMAGED);
    }

    private SpkerasException failArrays(String where, String problem) {
        return fail(where + ": " + problem + DAMAGED);
    }
}
