package org.spkeras.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.spkeras.testing.CliRun.run;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.spkeras.testing.CliRun;
import org.spkeras.testing.Fixtures;
import org.spkeras.testing.Fixtures.Fixture;

/** Black-box runs of the command line with captured output; fixtures from ../shared/real-keras/. */
class CliTest {
    private static final String REAL = "../shared/real-keras/";

    @Test
    void inspectLenetListsEveryLayer() {
        CliRun r = run("inspect", REAL + "snn-toolbox-lenet5/lenet5_98.96.h5");
        assertEquals(0, r.exitCode(), r.err());
        for (String layer : new String[] {"conv2d_1", "max_pooling2d_1", "conv2d_3", "flatten_1", "dense_2"}) {
            assertTrue(r.out().contains(layer), r.out());
        }
        assertTrue(r.out().contains("backend theano"), r.out());
    }

    @Test
    void inspectJsonCarriesSchemaVersion() {
        CliRun r = run("inspect", "--json", REAL + "dl4j-cnn-batch-norm/cnn_batch_norm.h5");
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().contains("\"schemaVersion\": 1"), r.out());
    }

    @Test
    void lambdaModelExitsTwoWithOneLineAndNoStackTrace() {
        CliRun r = run("inspect", REAL + "negative/sequential_lambda.h5");
        assertEquals(2, r.exitCode());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().contains("'lambda_1' (Lambda)"), r.err());
        assertFalse(r.err().contains("at org."), r.err());
    }

    @Test
    void verifyMnistMlpAgainstKerasRecordedActivations() {
        String dir = REAL + "dl4j-mnist-mlp/";
        CliRun r = run("verify", dir + "mnist_mlp_tf_keras_2_weights.h5", "--architecture",
                dir + "mnist_mlp_tf_keras_2_config.json", "--reference", dir + "mnist_mlp_tf_keras_2_inputs_and_outputs.h5");
        assertEquals(0, r.exitCode(), r.out() + r.err());
        for (String layer : new String[] {"dense_1", "dropout_1", "dense_2", "dropout_2", "dense_3"}) {
            assertTrue(r.out().lines().anyMatch(l -> l.startsWith(layer) && l.endsWith("pass")), r.out());
        }
    }

    @Test
    void verifyFailsWithExitOneWhenToleranceIsImpossible() {
        String dir = REAL + "dl4j-mnist-mlp/";
        CliRun r = run("verify", dir + "mnist_mlp_tf_keras_2_weights.h5", "--architecture",
                dir + "mnist_mlp_tf_keras_2_config.json", "--reference", dir + "mnist_mlp_tf_keras_2_inputs_and_outputs.h5",
                "--rtol", "0", "--atol", "0");
        assertEquals(1, r.exitCode(), r.out());
        assertTrue(r.out().contains("FAIL"), r.out());
    }

    @Test
    void missingFileAndBadUsageExitTwo() {
        assertEquals(2, run("inspect", "no-such-model.h5").exitCode());
        assertEquals(2, run("inspect").exitCode());
        assertEquals(2, run("frobnicate").exitCode());
    }

    @Test
    void versionAndHelp() {
        CliRun v = run("--version");
        assertEquals(0, v.exitCode());
        assertTrue(v.out().startsWith("spkeras-java "), v.out());
        assertEquals(0, run("inspect", "--help").exitCode());
    }

    static List<Fixture> fixtures() {
        return Fixtures.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void verifyEveryFixtureAgainstItsNumpyReference(Fixture f) {
        List<String> args = new ArrayList<>(List.of("verify", f.model().toString(), "--reference", f.expected().toString()));
        if (f.architecture() != null) {
            args.addAll(List.of("--architecture", f.architecture().toString()));
        }
        if (f.theanoKernels()) {
            args.add("--theano-kernels");
        }
        CliRun r = run(args.toArray(String[]::new));
        assertEquals(0, r.exitCode(), r.out() + r.err());
        assertTrue(r.out().contains("all pass"), r.out());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void inspectEveryFixture(Fixture f) {
        List<String> args = new ArrayList<>(List.of("inspect", f.model().toString()));
        if (f.architecture() != null) {
            args.addAll(List.of("--architecture", f.architecture().toString()));
        }
        CliRun r = run(args.toArray(String[]::new));
        assertEquals(0, r.exitCode(), r.err());
    }
}
