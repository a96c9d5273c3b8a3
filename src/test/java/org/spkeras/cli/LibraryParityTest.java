package org.spkeras.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spkeras.convert.ConversionOptions;
import org.spkeras.data.DataOptions;
import org.spkeras.keras.KerasModelReader;
import org.spkeras.model.Network;
import org.spkeras.pipeline.ModelConversion;
import org.spkeras.snn.SnnFile;
import org.spkeras.testing.CliRun;

/** The library's conversion call and {@code import} are the same code: same options, same .snn bytes (bundled LeNet). */
class LibraryParityTest {
    private static final String LENET = "keras-fixtures/real/lenet5_98.96.h5";

    @TempDir
    Path tmp;

    @Test
    void potentialCalibrationGivesTheSameSnnBytesAsTheCommand() throws Exception {
        Path cli = tmp.resolve("cli.snn");
        CliRun imported = CliRun.run("import", LENET, "--calibration", "mnist", "--calibration-samples", "60",
                "--calibrate", "potential", "--spike-calibration-samples", "20", "-o", cli.toString());
        assertEquals(0, imported.exitCode(), imported.err());

        ConversionOptions options = ConversionOptions.builder().calibrationSamples(60).calibrate(false, true)
                .spikeCalibrationSamples(20).build();
        Network ann = KerasModelReader.read(Path.of(LENET));
        Path library = tmp.resolve("library.snn");
        SnnFile.write(ModelConversion.convert(ann, Path.of(LENET), options, "mnist", DataOptions.DEFAULTS).network(), library);

        assertEquals("potential", SnnFile.read(library).provenance().options().get("calibrate"));
        assertArrayEquals(Files.readAllBytes(cli), Files.readAllBytes(library));
    }
}
