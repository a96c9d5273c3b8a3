package org.spkeras.examples;

import java.nio.file.Path;
import org.spkeras.convert.ConversionOptions;
import org.spkeras.data.DataOptions;
import org.spkeras.pipeline.ConversionRequest;
import org.spkeras.pipeline.Evaluation;
import org.spkeras.pipeline.EvaluationRequest;
import org.spkeras.pipeline.ImportJob;
import org.spkeras.pipeline.JobListener;
import org.spkeras.report.EvaluationReport;

/** Converts LeNet-5, writes its .snn and evaluates it on MNIST, as {@code import ... --evaluate mnist} does. */
public final class LibraryExample {
    private LibraryExample() {}

    public static void main(String[] args) {
        Path out = Path.of(args.length > 0 ? args[0] : "out");
        ConversionOptions options = ConversionOptions.builder()
                .calibrationSamples(200)        // λ measured on MNIST test images 0-199
                .calibrate(false, false)        // no spike calibration: quicker
                .build();
        ConversionRequest model = ConversionRequest.of(Path.of("keras-fixtures/real/lenet5_98.96.h5"), options, "mnist");
        EvaluationRequest evaluation = new EvaluationRequest("mnist", DataOptions.DEFAULTS.withLimit(100), null,
                Evaluation.Settings.builder().steps(8, 32).build(), out.resolve("lenet-report.json"), null);
        ImportJob.Result result = ImportJob.run(new ImportJob.Request(model, out.resolve("lenet.snn"), evaluation),
                JobListener.SILENT);
        EvaluationReport report = result.evaluated().report();   // evaluated on images 200-299: after the calibration
        EvaluationReport.StepRow t32 = report.steps().get(1);
        System.out.printf("%s: ANN %.1f %%, SNN %.1f %% at T = %d (%s)%n", result.written(), report.annAccuracy(),
                t32.snnAccuracy(), t32.t(), report.data());
    }
}
