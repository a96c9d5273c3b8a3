package org.spkeras.cli;

import java.util.function.UnaryOperator;
import org.spkeras.OptionText;
import org.spkeras.convert.Conversion;
import org.spkeras.convert.ConversionProgress;
import org.spkeras.pipeline.Evaluation;
import org.spkeras.pipeline.JobListener;
import org.spkeras.report.ConversionSummary;
import picocli.CommandLine.Model.CommandSpec;

/**
 * A job's notes on stderr, each conversion's summary on stdout as it is done, the conversion's and the evaluation's
 * progress bars on a console.
 */
final class ConsoleListener implements JobListener {
    private final CommandSpec spec;
    private final boolean quiet;
    private ConversionDisplay conversion;

    ConsoleListener(CommandSpec spec, boolean quiet) {
        this.spec = spec;
        this.quiet = quiet;
    }

    @Override
    public void note(String message) {
        spec.commandLine().getErr().println(OptionText.render(message, ErrorHandler::flag));
        spec.commandLine().getErr().flush();
    }

    @Override
    public ConversionProgress converting() {
        if (conversion == null) {
            conversion = ConversionDisplay.open(quiet, System.err);
        }
        return conversion == null ? ConversionProgress.NONE : conversion;
    }

    private void conversionDone() {
        if (conversion != null) {
            conversion.close();
        }
    }

    @Override
    public void converted(Conversion conversion, String where) {
        conversionDone();
        spec.commandLine().getOut().print(ConversionSummary.text(conversion, where));
        spec.commandLine().getOut().flush();
    }

    @Override
    public Evaluation.Progress evaluating(int total) {
        conversionDone();
        return ProgressDisplay.open(quiet, total, System.err);
    }

    @Override
    public UnaryOperator<String> optionNames() {
        return ErrorHandler::flag;
    }
}
