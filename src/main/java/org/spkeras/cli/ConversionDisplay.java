package org.spkeras.cli;

import java.io.PrintStream;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.spkeras.convert.ConversionProgress;

/**
 * The conversion's progress on stderr, one bar per step ("measuring λ (2 of 3)", "calibrating stage 'conv2d_1' (1 of
 * 4)") with samples, rate and time left, as the evaluation's bar; none with --quiet or without a terminal.
 */
final class ConversionDisplay implements ConversionProgress, AutoCloseable {
    private final PrintStream err;
    private volatile ProgressBar bar;

    private ConversionDisplay(PrintStream err) {
        this.err = err;
    }

    /** A display, or null when quiet or when stderr is no terminal. */
    static ConversionDisplay open(boolean quiet, PrintStream err) {
        return quiet || System.console() == null ? null : new ConversionDisplay(err);
    }

    @Override
    public synchronized void step(String name, int k, int n, int samples) {
        close();
        bar = new ProgressBarBuilder().setTaskName(name + " (" + k + " of " + n + ")").setInitialMax(samples > 0 ? samples : -1)
                .setUnit(" samples", 1).showSpeed().setStyle(ProgressBarStyle.ASCII)
                .setConsumer(new ConsoleProgressBarConsumer(err)).setUpdateIntervalMillis(500).build();
    }

    @Override
    public void sampleDone() {
        ProgressBar b = bar;
        if (b != null) {
            b.step();
        }
    }

    @Override
    public synchronized void close() {
        if (bar != null) {
            bar.close();
            bar = null;
        }
    }
}
