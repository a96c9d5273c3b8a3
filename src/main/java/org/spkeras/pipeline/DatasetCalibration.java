package org.spkeras.pipeline;

import org.spkeras.convert.CalibrationSet;
import org.spkeras.data.Dataset;

/** A data set used as calibration data. */
public record DatasetCalibration(Dataset data) implements CalibrationSet {
    @Override
    public int size() {
        return data.size();
    }

    @Override
    public float[] sample(int index) {
        return data.sample(index);
    }

    @Override
    public String description() {
        return data.description();
    }
}
