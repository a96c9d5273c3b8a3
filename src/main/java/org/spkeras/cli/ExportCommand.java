package org.spkeras.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.spkeras.SpkerasException;
import org.spkeras.convert.Convertibility;
import org.spkeras.export.NirExporter;
import org.spkeras.export.NirFile;
import org.spkeras.export.NirGraph;
import org.spkeras.io.OutputPaths;
import org.spkeras.keras.KerasModelReader;
import org.spkeras.pipeline.ModelConversion;
import org.spkeras.snn.SnnFile;
import org.spkeras.snn.SpikingNetwork;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "export", mixinStandardHelpOptions = true,
        description = "Writes a converted network for other simulators and neuromorphic hardware: NIR (docs/nir.md). "
                + "SNN is a .snn file; a Keras MODEL is converted first with the conversion flags (NIR needs "
                + "--neuron if and --maxpool avg).")
final class ExportCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "MODEL|SNN", description = "Converted network (.snn) or Keras model (.h5/.keras).")
    Path input;

    @Option(names = "--format", paramLabel = "nir", description = "Output format (default: nir, the only one).")
    String format = "nir";

    @Option(names = {"-o", "--output"}, paramLabel = "OUT.nir", description = "Where to write (default: out/<name>.nir).")
    Path output;

    @Option(names = "--calibration", paramLabel = "DATA", description = "Data λ is measured on when converting a MODEL.")
    String calibration;

    @Mixin
    ModelReadFlags reading;

    @Mixin
    ConversionFlags conversion;

    @Mixin
    DataFlags dataFlags;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        if (!format.equals("nir")) {
            throw new SpkerasException("--format " + format + ": unknown export format; this build writes: nir");
        }
        String name = input.getFileName().toString();
        Path out = output != null ? output : Path.of("out", ImportCommand.baseName(input) + ".nir");
        Map<String, Path> inputs = new LinkedHashMap<>();
        inputs.put(name.endsWith(".snn") ? "the .snn input" : "the model", input);
        inputs.put("the --architecture file", reading.architecture);
        inputs.put("the --config file", conversion.config);
        inputs.put("the calibration data", CommandPaths.dataFile(calibration));
        OutputPaths.check(inputs, Map.of("the output (-o)", out));
        SpikingNetwork snn = name.endsWith(".snn") ? SnnFile.read(input) : convert();
        NirGraph graph;
        try {
            graph = NirExporter.export(snn);
        } catch (SpkerasException e) {
            throw new SpkerasException(name + ": " + e.template(), e);
        }
        NirFile.write(graph, out);
        spec.commandLine().getOut().printf("wrote %s: NIR %s, %d nodes, %d edges (docs/nir.md says what a consumer "
                + "must honour)%n", out, NirFile.NIR_VERSION, graph.nodes().size(), graph.edges().size());
        spec.commandLine().getOut().flush();
        return ExitCodes.OK;
    }

    private SpikingNetwork convert() {
        if (calibration == null) {
            Convertibility.requireConvertible(KerasModelReader.read(input, reading.importOptions()), conversion.toOptions());
            throw new SpkerasException("exporting a Keras model converts it first, which needs calibration data to "
                    + "measure λ: pass --calibration DATA (e.g. --calibration mnist), or export a .snn file");
        }
        return ModelConversion.convert(KerasModelReader.read(input, reading.importOptions()), input,
                conversion.toOptions(), calibration, dataFlags.calibrationOptions()).network();
    }
}
