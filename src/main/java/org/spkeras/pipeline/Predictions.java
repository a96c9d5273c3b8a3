package org.spkeras.pipeline;

import java.util.List;
import org.spkeras.AtomicFile;
import org.spkeras.data.NdArray;
import org.spkeras.data.Npz;

/**
 * Every evaluated sample's label and predictions, for paired statistics over the same images: {@code ann[i]} and
 * {@code snn[k][i]} (at T = {@code steps[k]}) are the predicted classes of sample {@code i}, whose index in the
 * stored data set is {@code indices[i]}. The report's accuracies are the fractions of these that equal the label.
 */
public record Predictions(int[] indices, int[] labels, int[] ann, int[] steps, int[][] snn) {

    /** Samples whose SNN prediction at {@code steps[k]} equals the label. */
    public int snnCorrect(int k) {
        int correct = 0;
        for (int i = 0; i < labels.length; i++) {
            correct += snn[k][i] == labels[i] ? 1 : 0;
        }
        return correct;
    }

    /** Samples whose ANN prediction equals the label. */
    public int annCorrect() {
        int correct = 0;
        for (int i = 0; i < labels.length; i++) {
            correct += ann[i] == labels[i] ? 1 : 0;
        }
        return correct;
    }

    /** The predictions of separate evaluations of the same samples, one T each (a network per T), as one. */
    static Predictions concat(List<Predictions> perSteps) {
        Predictions first = perSteps.get(0);
        int[] steps = perSteps.stream().flatMapToInt(p -> java.util.Arrays.stream(p.steps())).toArray();
        int[][] snn = perSteps.stream().flatMap(p -> java.util.Arrays.stream(p.snn())).toArray(int[][]::new);
        return new Predictions(first.indices(), first.labels(), first.ann(), steps, snn);
    }

    /**
     * The arrays of an {@code .npz} file: {@code indices} [N], {@code labels} [N], {@code ann} [N], {@code steps} [len T],
     * {@code snn} [len T, N], all int32.
     */
    public List<NdArray> arrays() {
        int n = labels.length;
        double[] snnValues = new double[steps.length * n];
        for (int k = 0; k < steps.length; k++) {
            for (int i = 0; i < n; i++) {
                snnValues[k * n + i] = snn[k][i];
            }
        }
        return List.of(ints("indices", indices), ints("labels", labels), ints("ann", ann), ints("steps", steps),
                new NdArray("snn", new int[] {steps.length, n}, "int32", snnValues));
    }

    /** The {@code .npz} file of {@link #arrays()}, for {@link AtomicFile}. */
    public AtomicFile.Content npz() {
        return Npz.content(arrays());
    }

    private static NdArray ints(String name, int[] values) {
        return new NdArray(name, new int[] {values.length}, "int32", java.util.Arrays.stream(values).asDoubleStream().toArray());
    }
}
