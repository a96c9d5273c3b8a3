package org.spkeras.convert;

import java.util.Map;
import org.spkeras.snn.FixedPoint;
import org.spkeras.snn.SpikingNetwork;
import org.spkeras.snn.Stage;
import org.spkeras.snn.Synapses;

/**
 * Test helper: the current a stage receives when every source carries its ANN activation as a rate
 * (activation/λ), in units of the stage's threshold; with weight normalisation this must equal the ANN
 * pre-activation divided by the stage's λ.
 */
final class StageCurrents {
    private StageCurrents() {}

    static double[] rateCurrent(SpikingNetwork snn, Stage.Neurons stage, Map<String, double[]> annActivity,
                                Map<String, double[]> lambdas) {
        double[] current = new double[stage.size()];
        for (int o = 0; o < current.length; o++) {
            current[o] = stage.bias()[o] / (double) FixedPoint.ONE;
        }
        for (Synapses syn : stage.inputs()) {
            double[] activity = annActivity.get(syn.source());
            int channels = snn.input().name().equals(syn.source()) ? snn.input().shape().channels()
                    : snn.stages().get(snn.indexOf(syn.source())).shape().channels();
            for (int p = 0; p < syn.sourceSize(); p++) {
                double[] l = lambdas.get(syn.source());
                double rate = activity[p] / (l.length == 1 ? l[0] : l[p % channels]);
                if (rate == 0) {
                    continue;
                }
                for (int k = syn.segmentStart()[p]; k < syn.segmentStart()[p + 1]; k++) {
                    for (int j = 0; j < syn.length()[k]; j++) {
                        current[syn.target()[k] + j] += rate * syn.weights()[syn.weightOffset()[k] + j] / (double) FixedPoint.ONE;
                    }
                }
            }
        }
        return current;
    }
}
