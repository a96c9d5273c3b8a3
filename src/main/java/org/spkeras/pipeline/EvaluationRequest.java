package org.spkeras.pipeline;

import java.nio.file.Path;
import java.util.Objects;
import org.spkeras.data.DataOptions;
import org.spkeras.data.SampleRange;

/**
 * What to evaluate on and where the results go.
 *
 * @param data        DATA: a file or a named set
 * @param samples     how to read it and how many samples (null: defaults, all)
 * @param range       samples A..B-1 to evaluate (null: all, or those after the calibration samples; see
 *                    {@link Evaluation#select})
 * @param settings    budgets, engine, threads, encoding
 * @param report      the JSON report, plots written beside it (null: {@code <folder>/<model>-report.json})
 * @param predictions where to write every sample's predictions as {@code .npz} (null: not written)
 */
public record EvaluationRequest(String data, DataOptions samples, SampleRange range, Evaluation.Settings settings,
                                Path report, Path predictions) {
    public EvaluationRequest {
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(settings, "settings");
        samples = samples == null ? DataOptions.DEFAULTS : samples;
    }
}
