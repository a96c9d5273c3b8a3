package org.spkeras.cli;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import org.spkeras.pipeline.Evaluation;

/**
 * The evaluation's progress bar on stderr, every figure labelled (samples, time elapsed, time left, rate); none
 * with --quiet or when there is no terminal (output redirected to a file or a pipe), so logs stay clean.
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
                .setRenderer((state, width) -> line(state.getTaskName(), state.getCurrent(), state.getMax(),
                        state.getElapsedAfterStart(), width))
                .setConsumer(new ConsoleProgressBarConsumer(err)).setUpdateIntervalMillis(500).build());
    }

    /**
     * One progress line with every figure labelled, e.g.
     * {@code evaluating  45% [=========>           ] 450/1,000 samples, 0:00:10 elapsed, 0:00:12 left, 45.0 samples/s}
     * (time left and speed once a sample is done), cut to {@code width} characters.
     */
    static String line(String task, long done, long total, Duration elapsed, int width) {
        double fraction = total > 0 ? Math.min(1, (double) done / total) : 0;
        int cells = 20;
        int full = (int) (fraction * cells);
        StringBuilder bar = new StringBuilder("[");
        for (int i = 0; i < cells; i++) {
            bar.append(i < full ? '=' : i == full && done < total ? '>' : ' ');
        }
        bar.append(']');
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "%s %3d%% %s %,d/%,d samples, %s elapsed", task,
                (int) (100 * fraction), bar, done, total, clock(elapsed)));
        double seconds = elapsed.toMillis() / 1000.0;
        if (done > 0 && seconds > 0) {
            long left = Math.round(seconds * (total - done) / done);
            s.append(", ").append(clock(Duration.ofSeconds(left))).append(" left");
            s.append(String.format(Locale.ROOT, ", %.1f samples/s", done / seconds));
        }
        return s.length() > width && width > 0 ? s.substring(0, width) : s.toString();
    }

    private static String clock(Duration d) {
        long t = Math.max(0, d.getSeconds());
        return String.format(Locale.ROOT, "%d:%02d:%02d", t / 3600, t / 60 % 60, t % 60);
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
