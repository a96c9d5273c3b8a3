package org.spkeras.pipeline;

import java.nio.file.Path;
import java.util.List;
import org.spkeras.report.EvaluationReport;

/**
 * What an evaluation job measured and wrote: the report (warnings rendered as the listener names options), every
 * sample's predictions, the report's path, its plots, and the predictions file (null: not written).
 */
public record Evaluated(EvaluationReport report, Predictions predictions, Path reportFile, List<Path> plots,
                        Path predictionsFile) {
    public Evaluated {
        plots = List.copyOf(plots);
    }
}
