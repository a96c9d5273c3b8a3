package org.spkeras.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;

/** The files a command reads and writes, named for {@link org.spkeras.io.OutputPaths}, and which options were given. */
final class CommandPaths {
    private CommandPaths() {}

    /** DATA as a file when it is one (a named set is not), else null. */
    static Path dataFile(String data) {
        if (data == null) {
            return null;
        }
        Path p = Path.of(data);
        return Files.exists(p) || data.contains("/") || data.contains(".") ? p : null;
    }

    /** The JSON report and the plots written beside it. */
    static Map<String, Path> reportOutputs(Path json) {
        String stem = json.getFileName().toString().replaceFirst("\\.json$", "");
        Map<String, Path> out = new LinkedHashMap<>();
        out.put("the report", json);
        for (String plot : List.of("-accuracy.png", "-accuracy.svg", "-rates.png", "-rates.svg")) {
            out.put("the plot " + stem + plot, json.resolveSibling(stem + plot));
        }
        return out;
    }

    /** The conversion options (and --calibration): no effect on a network that is already converted. */
    static final List<String> CONVERSION_OPTIONS = List.of("--config", "--norm", "--per-channel", "--scaling",
            "--theta", "--shift", "--reset", "--neuron", "--maxpool", "--weight-bits", "--calibration-samples",
            "--calibrate", "--calibration-steps", "--spike-calibration-samples", "--merge-linear", "--calibration",
            "--calibration-range");

    static List<String> withModelReading(List<String> names) {
        List<String> all = new ArrayList<>(names);
        all.addAll(List.of("--architecture", "--theano-kernels"));
        return all;
    }

    /** Which of {@code names} the user gave on the command line (names the command does not declare are skipped). */
    static List<String> matched(CommandSpec spec, List<String> names) {
        List<String> given = new ArrayList<>();
        for (String n : names) {
            if (spec.findOption(n) != null && spec.commandLine().getParseResult().hasMatchedOption(n)) {
                given.add(n);
            }
        }
        return given;
    }
}
