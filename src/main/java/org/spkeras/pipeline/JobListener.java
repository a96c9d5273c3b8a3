package org.spkeras.pipeline;

import java.util.function.UnaryOperator;
import org.spkeras.OptionText;
import org.spkeras.convert.Conversion;
import org.spkeras.convert.ConversionProgress;

/**
 * What a job tells its caller while it runs, so a command can print at once what a library user may ignore. Notes
 * and warnings name options as {@code {name}} ({@link OptionText}).
 */
public interface JobListener {
    /** Tells nothing; reports name options as "option name". */
    JobListener SILENT = new JobListener() {};

    /** A note while the job runs, e.g. the λ rule it chose. */
    default void note(String message) {}

    /** A network was converted; {@code where} says where it went (a file, or which T it is for). */
    default void converted(Conversion conversion, String where) {}

    /** How far each conversion has come (told from worker threads); {@code ConversionProgress.NONE}: not shown. */
    default ConversionProgress converting() {
        return ConversionProgress.NONE;
    }

    /** Progress over {@code total} evaluated samples, closed when the evaluation ends; null: none. */
    default Evaluation.Progress evaluating(int total) {
        return null;
    }

    /** How the written report names options (the command line: as its flags). */
    default UnaryOperator<String> optionNames() {
        return OptionText.PLAIN;
    }
}
