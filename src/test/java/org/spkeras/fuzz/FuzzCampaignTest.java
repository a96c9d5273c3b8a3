package org.spkeras.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A short seeded run of the hostile-input campaign (the long run is bench/fuzz.sh). */
class FuzzCampaignTest {
    static final int MUTANTS = 66;

    @Test
    void everyMutantExitsZeroOrIsRefusedInOneLineNamingTheFile(@TempDir Path work) throws IOException {
        List<FuzzCampaign.Result> results = new FuzzCampaign(work).run(20261204L, MUTANTS, false);
        List<FuzzCampaign.Result> failed = FuzzCampaign.failures(results);
        assertEquals(MUTANTS, results.size());
        assertTrue(failed.isEmpty(), () -> FuzzCampaign.table(results) + failed.stream()
                .map(r -> r.outcome() + " " + r.target().input() + " / " + r.command().name() + " / " + r.operator()
                        + ": " + r.message())
                .reduce("", (a, b) -> a + "\n" + b));
    }
}
