package org.spkeras.keras;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.spkeras.keras.tf.SavedObjects;
import org.spkeras.keras.tf.TensorBundle;

/**
 * The accuracy a TF-Keras SavedModel keeps from its last evaluation: the state of an accuracy metric,
 * {@code keras_api/metrics/N/{total,count}}, where the metadata of {@code root.keras_api.metrics.N} says
 * which metric N is.
 */
final class RecordedAccuracy {
    private static final Pattern METRIC = Pattern.compile("root\\.keras_api\\.metrics\\.(\\d+)");

    private RecordedAccuracy() {}

    /** "name total/count = value", or null when the file holds no accuracy metric with a count. */
    static String of(List<SavedObjects.Node> nodes, TensorBundle bundle) {
        for (SavedObjects.Node node : nodes) {
            Matcher m = METRIC.matcher(node.path());
            if (!m.matches() || !isAccuracy(node.metadata())) {
                continue;
            }
            String prefix = "keras_api/metrics/" + m.group(1) + "/";
            String total = prefix + "total/.ATTRIBUTES/VARIABLE_VALUE";
            String count = prefix + "count/.ATTRIBUTES/VARIABLE_VALUE";
            if (!bundle.entries().containsKey(total) || !bundle.entries().containsKey(count)) {
                continue;
            }
            float t = bundle.floats(total)[0];
            float c = bundle.floats(count)[0];
            if (c > 0) {
                return String.format(Locale.ROOT, "%s %.0f/%.0f = %.4f", metricName(node.metadata()), t, c, t / (double) c);
            }
        }
        return null;
    }

    private static boolean isAccuracy(String metadata) {
        String name = metricName(metadata);
        String className = field(metadata, "class_name");
        return name.equals("acc") || name.toLowerCase(Locale.ROOT).contains("accuracy")
                || className.toLowerCase(Locale.ROOT).contains("accuracy");
    }

    private static String metricName(String metadata) {
        return field(metadata, "name");
    }

    private static String field(String metadata, String key) {
        try {
            JsonObject o = JsonParser.parseString(metadata).getAsJsonObject();
            return ConfigParser.stringOr(o, key, "");
        } catch (RuntimeException e) {
            return "";
        }
    }
}
