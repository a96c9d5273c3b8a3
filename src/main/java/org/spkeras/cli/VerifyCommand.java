package org.spkeras.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.spkeras.SpkerasException;
import org.spkeras.data.ReferenceActivations;
import org.spkeras.model.Network;
import org.spkeras.pipeline.Verification;
import org.spkeras.pipeline.Verification.LayerResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "verify", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        footerHeading = "%nExample:%n", footer = {
                "  spkeras-java verify weights.h5 --architecture model.json --reference ref.h5"},
        description = "Compares the model's layer outputs with reference activations (Keras-recorded "
                + "*_inputs_and_outputs.h5, or an .npz with 'input' and one array per layer).")
final class VerifyCommand implements Callable<Integer> {
    @Mixin
    ModelOptions model;

    @Section.In(Section.DATA)
    @Option(names = "--reference", required = true, paramLabel = "REF", description = "Reference activations file.")
    Path reference;

    @Section.In(Section.CHECK)
    @Option(names = "--rtol", defaultValue = "1e-4", description = "Relative tolerance (default: ${DEFAULT-VALUE}).")
    double rtol;

    @Section.In(Section.CHECK)
    @Option(names = "--atol", defaultValue = "1e-5", description = "Absolute tolerance (default: ${DEFAULT-VALUE}).")
    double atol;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        if (!(rtol >= 0) || !(atol >= 0)) {
            throw new SpkerasException("--rtol and --atol must be >= 0, found " + rtol + " and " + atol);
        }
        Network net = model.read();
        List<LayerResult> results = Verification.run(net, ReferenceActivations.read(reference), rtol, atol);
        PrintWriter out = spec.commandLine().getOut();
        int width = Math.max(5, results.stream().mapToInt(r -> r.layer().length()).max().orElse(5));
        String fmt = "%-" + width + "s  %-15s %12s %12s  %s%n";
        out.printf(Locale.ROOT, fmt, "layer", "shape", "max|diff|", "max rel", "result");
        int failed = 0;
        for (LayerResult r : results) {
            failed += r.passed() ? 0 : 1;
            out.printf(Locale.ROOT, fmt, r.layer(), r.shape() == null ? "-" : r.shape().toString(),
                    format(r.maxAbsError()), format(r.maxRelError()), r.passed() ? "pass" : "FAIL" + note(r));
        }
        int samples = results.stream().mapToInt(LayerResult::samples).max().orElse(0);
        out.printf(Locale.ROOT, "%d layers compared on %d samples (rtol %.1e, atol %.1e): %s%n", results.size(), samples,
                rtol, atol, failed == 0 ? "all pass" : failed + " failed");
        out.flush();
        return failed == 0 ? ExitCodes.OK : ExitCodes.FAILURE;
    }

    private static String format(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.3e", v);
    }

    private static String note(LayerResult r) {
        return r.note().isEmpty() ? "" : " (" + r.note() + ")";
    }
}
