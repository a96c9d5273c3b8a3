package org.spkeras.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.spkeras.OptionText;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Every {@code --flag} that main code, docs/ or README.md names is declared by some command: the tool's picocli
 * commands, or the scripts of bench/ and python-reference/ (shell {@code case} patterns, argparse arguments), or
 * the java launcher's own {@code --add-modules}.
 */
class FlagVocabularyTest {
    private static final Pattern FLAG = Pattern.compile("(?<![\\w-])--[a-z][a-z0-9]*(?:-[a-z0-9]+)*");
    private static final Pattern SCRIPT_FLAG = Pattern.compile("(?m)^\\s*(--[a-z0-9-]+)\\)|add_argument\\(\"(--[a-z0-9-]+)\"");

    /** Options of the java launcher itself, which the docs tell library users to pass. */
    private static final Set<String> JAVA_OPTIONS = Set.of("--add-modules");

    static Set<String> declared() throws IOException {
        Set<String> names = new TreeSet<>(JAVA_OPTIONS);
        collect(Main.commandLine(), names);
        for (String dir : List.of("bench", "python-reference")) {
            try (Stream<Path> scripts = Files.list(Path.of(dir))) {
                for (Path script : scripts.filter(p -> p.toString().endsWith(".sh") || p.toString().endsWith(".py")).toList()) {
                    Matcher m = SCRIPT_FLAG.matcher(Files.readString(script));
                    while (m.find()) {
                        names.add(m.group(1) != null ? m.group(1) : m.group(2));
                    }
                }
            }
        }
        return names;
    }

    private static void collect(CommandLine cl, Set<String> names) {
        for (OptionSpec o : cl.getCommandSpec().options()) {
            names.addAll(List.of(o.names()));
        }
        cl.getSubcommands().values().forEach(sub -> collect(sub, names));
    }

    static List<String> undeclared(Stream<Path> files, Set<String> declared) throws IOException {
        List<String> missing = new ArrayList<>();
        for (Path file : files.toList()) {
            Matcher m = FLAG.matcher(Files.readString(file));
            while (m.find()) {
                if (!declared.contains(m.group())) {
                    missing.add(file + ": " + m.group());
                }
            }
        }
        return missing;
    }

    private static Stream<Path> sources() throws IOException {
        List<Path> files = new ArrayList<>(List.of(Path.of("README.md")));
        try (Stream<Path> docs = Files.walk(Path.of("docs")); Stream<Path> main = Files.walk(Path.of("src/main/java"))) {
            docs.filter(p -> p.toString().endsWith(".md")).forEach(files::add);
            main.filter(p -> p.toString().endsWith(".java")).forEach(files::add);
        }
        return files.stream();
    }

    @Test
    void everyFlagNamedAnywhereIsDeclared() throws IOException {
        assertEquals(List.of(), undeclared(sources(), declared()));
    }

    /** Code below the command line names options as {name} in its messages ({@code OptionText}); each is declared. */
    @Test
    void everyOptionReferenceInMainCodeIsDeclared() throws IOException {
        Pattern literal = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"");
        Set<String> declared = declared();
        List<String> missing = new ArrayList<>();
        int found = 0;
        try (Stream<Path> main = Files.walk(Path.of("src/main/java"))) {
            for (Path file : main.filter(p -> p.toString().endsWith(".java")).toList()) {
                Matcher m = literal.matcher(Files.readString(file));
                while (m.find()) {
                    for (String name : OptionText.options(m.group())) {
                        found++;
                        if (!declared.contains(ErrorHandler.flag(name))) {
                            missing.add(file + ": {" + name + "}");
                        }
                    }
                }
            }
        }
        assertEquals(List.of(), missing);
        assertTrue(found >= 10, "the scan finds the option references: " + found);
    }

    @Test
    void anUndeclaredFlagIsFound() throws IOException {
        Path file = Files.createTempFile("flags", ".md");
        try {
            Files.writeString(file, "use --x-key and --layout, not --frobnicate; mvn -B verify; a -- b");
            assertEquals(List.of(file + ": --frobnicate"), undeclared(Stream.of(file), declared()));
        } finally {
            Files.delete(file);
        }
    }
}
