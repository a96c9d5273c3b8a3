package org.spkeras.cli;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * What an option is about: the heading it is listed under in {@code --help}, and what it acts on, so that a command
 * can refuse the options that have no effect on its input from the declared options themselves. An option's field
 * says it with {@link In}, or the class that declares the field does.
 */
enum Section {
    /** How to read a Keras model. */
    MODEL("Input"),
    /** How to read DATA. */
    DATA("Input"),
    /** Which samples of the evaluation data are evaluated. */
    SAMPLES("Input"),
    /** How the model is converted, and the calibration data. */
    CONVERSION("Conversion"),
    /** How the spiking network is simulated and measured. */
    SIMULATION("Simulation"),
    /** How a result is checked (verify's tolerances and reference). */
    CHECK("Verification"),
    /** The evaluation's report and predictions. */
    REPORT("Output"),
    /** What the command writes or prints. */
    OUTPUT("Output");

    /** The --help heading, in the order the headings are listed. */
    final String heading;

    Section(String heading) {
        this.heading = heading;
    }

    static final List<String> HEADINGS = List.of("Input", "Conversion", "Simulation", "Verification", "Output");

    /** Marks an option field (or every option field of a class) with its section. */
    @Retention(RetentionPolicy.RUNTIME)
    @Target({ElementType.FIELD, ElementType.TYPE})
    @interface In {
        Section value();
    }

    /** The section of {@code option}; null for options without one (--help, --version). */
    static Section of(OptionSpec option) {
        if (!(option.userObject() instanceof Field field)) {
            return null;
        }
        In in = field.getAnnotation(In.class);
        if (in == null) {
            in = field.getDeclaringClass().getAnnotation(In.class);
        }
        return in == null ? null : in.value();
    }

    /** The options of {@code sections} given on the command line, as their longest flag, in declared order. */
    static List<String> given(CommandSpec spec, Set<Section> sections) {
        List<String> given = new ArrayList<>();
        for (OptionSpec o : spec.options()) {
            if (sections.contains(of(o)) && spec.commandLine().getParseResult().hasMatchedOption(o)) {
                given.add(o.longestName());
            }
        }
        return given;
    }

    /**
     * Refuses the options of {@code sections} that were given: they would be silently ignored. The message is
     * {@code prefix} + the flags + "has/have no effect" + {@code reason}; "; drop it/them" + {@code alternative}.
     */
    static void refuseGiven(CommandSpec spec, Set<Section> sections, String prefix, String reason, String alternative) {
        List<String> given = given(spec, sections);
        if (!given.isEmpty()) {
            boolean one = given.size() == 1;
            throw new org.spkeras.SpkerasException(prefix + String.join(", ", given) + (one ? " has" : " have")
                    + " no effect" + reason + ": drop " + (one ? "it" : "them") + alternative);
        }
    }
}
