package org.spkeras.testing;

import org.spkeras.convert.CalibrationSet;
import org.spkeras.data.NdArray;
import org.spkeras.model.DataFormat;
import org.spkeras.model.Network;

/** A calibration set over the rows of an array in the model's own layout (e.g. a fixture's input batch). */
public record ArrayCalibration(NdArray array, Network net, String name, int limit) implements CalibrationSet {
    public ArrayCalibration(NdArray array, Network net, String name) {
        this(array, net, name, array.rows());
    }

    @Override
    public int size() {
        return Math.min(limit, array.rows());
    }

    @Override
    public float[] sample(int index) {
        DataFormat f = net.source().dataFormat();
        return f.toChannelsLast(array.rowAsFloats(index), net.inputShape());
    }

    @Override
    public String description() {
        return name;
    }
}
