package org.spkeras.data;

import io.jhdf.HdfFile;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import io.jhdf.object.datatype.DataType;
import io.jhdf.object.datatype.FixedPoint;
import io.jhdf.object.datatype.FloatingPoint;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.spkeras.SpkerasException;
import org.spkeras.io.Hdf5Open;

/** An HDF5 file opened for its numeric datasets (any group depth); it stays open until {@link #close()}. */
final class Hdf5File implements ArrayFile {
    /** Largest sample (values per row) read: 16 Mi values, far beyond any image model's input. */
    static final long MAX_ROW_VALUES = 1L << 24;
    private final String fileName;
    private final long fileSize;
    private final HdfFile h5;
    private final List<String> names = new ArrayList<>();

    Hdf5File(Path file) {
        this.fileName = file.getFileName().toString();
        try {
            this.fileSize = java.nio.file.Files.size(file);
        } catch (java.io.IOException e) {
            throw new SpkerasException(fileName + ": cannot be read (" + e.getMessage() + ")");
        }
        try {
            this.h5 = Hdf5Open.read(file);
        } catch (RuntimeException e) {
            throw unreadable(e);
        }
        try {
            collect(h5, names);
        } catch (RuntimeException e) {
            h5.close();
            throw unreadable(e);
        }
        if (names.isEmpty()) {
            h5.close();
            throw new SpkerasException(fileName + ": holds no datasets; write the features as dataset 'x' and the labels as 'y'");
        }
    }

    private SpkerasException unreadable(RuntimeException e) {
        return new SpkerasException(fileName + ": is not a readable HDF5 file (" + e.getMessage()
                + "); it may be truncated, write it again with h5py");
    }

    private static void collect(Group group, List<String> out) {
        for (Node child : group.getChildren().values()) {
            if (child instanceof Group g) {
                collect(g, out);
            } else if (child instanceof io.jhdf.api.Dataset) {
                out.add(child.getPath().replaceFirst("^/", ""));
            }
        }
    }

    @Override
    public String fileName() {
        return fileName;
    }

    @Override
    public List<String> names() {
        return List.copyOf(names);
    }

    @Override
    public SampleArray array(String name) {
        String source = fileName + " '" + name + "'";
        io.jhdf.api.Dataset d = h5.getDatasetByPath(name);
        try {
            d.getDimensions();
        } catch (ArithmeticException e) {
            throw new SpkerasException(source + ": declares a dimension above 2^31-1 (" + Integer.MAX_VALUE
                    + "); the file is damaged or not a data set this tool reads (split it into smaller files)");
        }
        DataType t = d.getDataType();
        if (!(t instanceof FixedPoint || t instanceof FloatingPoint) || d.isScalar() || d.getDimensions().length == 0) {
            throw new SpkerasException(source + ": is not a numeric array with a sample axis (found " + d.getJavaType()
                    + " " + java.util.Arrays.toString(d.getDimensions()) + "); store numbers, first axis = samples");
        }
        checkDeclaredSize(source, d);
        String dtype = t instanceof FixedPoint f ? (f.isSigned() ? "int" : "uint") + t.getSize() * 8 : "float" + t.getSize() * 8;
        Hdf5Array array = new Hdf5Array(source, d, dtype, t instanceof FixedPoint);
        if (array.rows() > 0 && array.rowSize() > 0) {
            array.readRow(array.rows() - 1, new float[array.rowSize()]); // a truncated file fails here, before any use
        }
        return array;
    }

    /** Refuses dimensions that overflowed and, for unfiltered data, a size larger than the file, before any read. */
    private void checkDeclaredSize(String source, io.jhdf.api.Dataset d) {
        long values = 1;
        int[] dims = d.getDimensions();
        long rowValues = 1;
        for (int k = 1; k < dims.length; k++) {
            rowValues *= Math.max(0, dims[k]);
            if (rowValues > MAX_ROW_VALUES) {
                throw new SpkerasException(source + ": declares samples of " + java.util.Arrays.toString(dims)
                        + ", more than " + MAX_ROW_VALUES + " values each; no model this tool converts takes such "
                        + "inputs (is the first axis the samples?)");
            }
        }
        for (int dim : dims) {
            if (dim < 0) {
                throw new SpkerasException(source + ": declares a dimension beyond 2^31 "
                        + java.util.Arrays.toString(d.getDimensions()) + "; the file is damaged or not a data set this "
                        + "tool reads (split it into smaller files)");
            }
            values = Math.multiplyHigh(values, dim) != 0 ? Long.MAX_VALUE : values * dim;
        }
        long bytes = values == Long.MAX_VALUE ? Long.MAX_VALUE : values * Math.max(1, d.getDataType().getSize());
        if (d.getFilters().isEmpty() && bytes > fileSize) {
            throw new SpkerasException(source + ": declares " + java.util.Arrays.toString(d.getDimensions()) + " ("
                    + bytes + " bytes) but the file holds only " + fileSize + " bytes; the file is truncated or "
                    + "damaged, write it again");
        }
    }

    @Override
    public void close() {
        h5.close();
    }
}
