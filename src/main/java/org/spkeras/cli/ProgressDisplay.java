package org.spkeras.cli;

import java.io.PrintStream;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.spkeras.pipeline.Evaluation;

/**
 * The evaluation's progress bar (rate and time left) on stderr; none with --quiet or when there is no terminal
 * (output redirected to a file or a pipe), so logs stay clean.
 */
final class ProgressDisplay implements Evaluation.Progress, AutoCloseable {
    private final ProgressBar bar;

    private ProgressDisplay(ProgressBar bar) {
        this.bar = bar;
    }

    /** A bar over {@code total} samples, or null when quiet. */
    static ProgressDisplay open(boolean quiet, int total, PrintStream err) {
        if (quiet || System.console() == null) {
            return null;
        }
        return new ProgressDisplay(new ProgressBarBuilder().setTaskName("evaluating").setInitialMax(total)
                .setUnit(" samples", 1).showSpeed().setStyle(ProgressBarStyle.ASCII)
                .setConsumer(new ConsoleProgressBarConsumer(err)).setUpdateIntervalMillis(500).build());
    }

    @Override
    public void samplesDone(int done, int total) {
        bar.stepTo(Math.max(bar.getCurrent(), done));
    }

    @Override
    public void close() {
        bar.close();
    }
}
