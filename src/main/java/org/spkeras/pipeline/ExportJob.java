package org.spkeras.pipeline;

import java.nio.file.Path;
import java.util.Map;
import org.spkeras.SpkerasException;
import org.spkeras.convert.Conversion;
import org.spkeras.convert.Convertibility;
import org.spkeras.export.NirExporter;
import org.spkeras.export.NirFile;
import org.spkeras.export.NirGraph;
import org.spkeras.keras.ModelFiles;
import org.spkeras.model.Network;
import org.spkeras.snn.SnnFile;
import org.spkeras.snn.SpikingNetwork;

/** The {@code export} use case: a {@code .snn}, or a Keras model converted first as {@link ImportJob} does, as NIR. */
public final class ExportJob {
    private ExportJob() {}

    /** The formats this build writes. */
    public static final String NIR = "nir";

    /**
     * @param snn      the {@code .snn} to export, or null to convert {@code model}
     * @param model    the Keras model to convert when {@code snn} is null (else null)
     * @param format   the output format ({@link #NIR})
     * @param output   where to write (null: {@code out/<name>.nir})
     * @param alsoRead other files the caller read (e.g. a config file), which the output may not be (null: none)
     */
    public record Request(Path snn, ConversionRequest model, String format, Path output, Map<String, Path> alsoRead) {}

    /** The graph written and where. */
    public record Result(NirGraph graph, Path written) {}

    public static Result run(Request request, JobListener listener) {
        if (!NIR.equals(request.format())) {
            throw new SpkerasException("{format} " + request.format() + ": unknown export format; this build writes: "
                    + NIR);
        }
        ConversionRequest model = request.model();
        Path input = request.snn() != null ? request.snn() : model.model();
        Path out = request.output() != null ? request.output() : Path.of("out", Jobs.baseName(input) + ".nir");
        Jobs.Paths paths = new Jobs.Paths().input(request.snn() != null ? "the .snn input" : "the model", input)
                .inputs(request.alsoRead()).output("the output", out);
        if (request.snn() == null) {
            paths.input("the {architecture} file", model.reading().architecture())
                    .input("the calibration data", Jobs.dataFile(model.calibrationData()));
        }
        paths.check();

        SpikingNetwork snn = request.snn() != null ? SnnFile.read(request.snn()) : convert(model, listener);
        NirGraph graph;
        try {
            graph = NirExporter.export(snn);
        } catch (SpkerasException e) {
            throw new SpkerasException(input.getFileName() + ": " + e.template(), e);
        }
        NirFile.write(graph, out);
        return new Result(graph, out);
    }

    private static SpikingNetwork convert(ConversionRequest model, JobListener listener) {
        Network ann = ModelFiles.read(model.model(), model.reading());
        if (model.calibrationData() == null) {
            Convertibility.requireConvertible(ann, model.options());
            throw new SpkerasException("exporting a Keras model converts it first, which needs calibration data to "
                    + "measure λ: pass {calibration} DATA (e.g. {calibration} mnist), or export a .snn file");
        }
        Conversion converted = ModelConversion.convert(ann, model, ModelConversion.options(ann, model, listener),
                model.calibrationData());
        listener.converted(converted, "the network exported (not written as .snn)");
        return converted.network();
    }
}
