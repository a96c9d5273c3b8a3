package org.spkeras.pipeline;

import org.spkeras.convert.CalibrationSet;
import org.spkeras.data.Dataset;

/** A data set used as calibration data; {@code source} is the DATA it was opened from (null: not known). */
public record DatasetCalibration(Dataset data, String source) implements CalibrationSet {
    public DatasetCalibration(Dataset data) {
        this(data, null);
    }

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

    @Override
    public int first() {
        return data.size() == 0 ? 0 : data.storedIndex(0);
    }
}
