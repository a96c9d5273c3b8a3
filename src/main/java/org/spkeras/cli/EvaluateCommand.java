package org.spkeras.cli;

import java.nio.file.Path;
import java.util.EnumSet;
import java.util.concurrent.Callable;
import org.spkeras.SpkerasException;
import org.spkeras.pipeline.ConversionRequest;
import org.spkeras.pipeline.EvaluateJob;
import org.spkeras.pipeline.Evaluated;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "evaluate", aliases = "simulate", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        footerHeading = "%nExamples:%n", footer = {
                "  spkeras-java evaluate out/model.snn --ann model.h5 --data mnist -T 8,32",
                "  spkeras-java evaluate model.h5 --data mnist --limit 1000 -T 4,8"},
        description = "Accuracy-vs-T sweep of a spiking network against its ANN: accuracy, agreement, SynOps, energy, "
                + "per-stage rates and correlations; JSON report and plots. MODEL is a Keras model (converted on the "
                + "fly with the conversion flags) or a .snn file (then --ann names its Keras model).")
final class EvaluateCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "MODEL|SNN", description = "Keras model (any format import reads: .h5, "
            + ".keras, SavedModel folder, TF checkpoint...) or converted network (.snn).")
    Path input;

    @Section.In(Section.MODEL)
    @Option(names = "--ann", paramLabel = "MODEL", description = "The Keras model of a .snn file (for ANN accuracy).")
    Path ann;

    @Mixin
    ModelReadFlags reading;

    @Section.In(Section.DATA)
    @Option(names = "--data", required = true, paramLabel = "DATA", description = "Data set: a file or mnist, fashion-mnist, bundled.")
    String data;

    @Section.In(Section.CONVERSION)
    @Option(names = "--calibration", paramLabel = "DATA", description = "Calibration data when converting on the fly "
            + "(default: the training split of a named set, else --data).")
    String calibration;

    @Section.In(Section.REPORT)
    @Option(names = "-o", paramLabel = "report.json", description = "Same as --report.")
    Path output;

    @Mixin
    ConversionFlags conversion;

    @Mixin
    EvaluationFlags evaluation;

    @Mixin
    DataFlags dataFlags;

    @Section.In(Section.MODEL)
    @Option(names = "--ann-mismatch-ok", description = "Evaluate a .snn against a --ann model other than the one it "
            + "was converted from (refused by default: its SHA-256 differs); the report says so.")
    boolean annMismatchOk;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        if (input.getFileName().toString().endsWith(".nir")) {
            throw new SpkerasException(input + ": is a NIR file (an exported network for other simulators), which "
                    + "evaluate does not simulate; evaluate the .snn it was exported from (with --ann MODEL) or the "
                    + "Keras model, and read the .nir with inspect");
        }
        boolean isSnn = input.getFileName().toString().endsWith(".snn");
        Path modelPath = isSnn ? ann : input;
        if (modelPath == null) {
            throw new SpkerasException(input.getFileName() + ": evaluating a .snn needs its Keras model for the ANN "
                    + "accuracy: pass --ann MODEL");
        }
        if (isSnn) {
            Section.refuseGiven(spec, EnumSet.of(Section.CONVERSION), input + ": is already converted, so ", "",
                    ", or evaluate the Keras model to convert it again with these options");
        } else if (ann != null || annMismatchOk) {
            throw new SpkerasException(input + ": --ann" + (annMismatchOk ? "-mismatch-ok" : "") + " applies to a .snn "
                    + "input; a Keras model is its own ANN: drop it");
        }
        ConversionRequest model = new ConversionRequest(modelPath, reading.importOptions(),
                isSnn ? null : conversion.toOptions(), conversion.normChosen(), calibration, dataFlags.calibrationOptions());
        if (output != null) {
            evaluation.report = output;
        }
        Evaluated evaluated = EvaluateJob.run(new EvaluateJob.Request(isSnn ? input : null, annMismatchOk, model,
                evaluation.request(data, dataFlags), conversion.configFile()), new ConsoleListener(spec, evaluation.quiet));
        EvaluationFlags.print(evaluated, spec.commandLine().getOut());
        return ExitCodes.OK;
    }
}
