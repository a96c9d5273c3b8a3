package org.spkeras.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.spkeras.testing.CliRun.run;

import org.junit.jupiter.api.Test;
import org.spkeras.testing.CliRun;
import org.spkeras.testing.RealCheckpoints;

/** The commands on SavedModel folders and TF checkpoints from ../shared/real-checkpoints/. */
class CheckpointCliTest {

    @Test
    void inspectSavedModelPrintsFormatVersionsAndTheRecordedAccuracy() {
        CliRun r = run("inspect", RealCheckpoints.file("savedmodel/th368_cnn_mnist_tf26").toString());
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().startsWith("th368_cnn_mnist_tf26: TF SavedModel, TF 2.6.0, Sequential, Keras 2.6.0, "
                + "backend tensorflow, channels_last\naccuracy recorded by Keras in the file: "
                + "sparse_categorical_accuracy 9891/10000 = 0.9891\n"), r.out());
    }

    @Test
    void checkpointOptionPicksACheckpointOfTheFolder() {
        String dir = RealCheckpoints.file("bundle/nighthawks_tutorial_mlp512_epoch0").toString();
        CliRun r = run("inspect", dir + "/training_2", "--checkpoint", "cp-0000.ckpt",
                "--architecture", dir + "/arch_from_saved_model_my_model/keras_metadata.pb");
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().startsWith("cp-0000.ckpt: TF checkpoint cp-0000.ckpt (1 data shard) + architecture"), r.out());
    }

    @Test
    void kerasThreeExportExitsTwoWithAdvice() {
        CliRun r = run("inspect", RealCheckpoints.file("negative/reu_keras3_export_savedmodel_tf216").toString());
        assertEquals(2, r.exitCode());
        assertTrue(r.err().contains("is a SavedModel without Keras metadata"), r.err());
    }
}
