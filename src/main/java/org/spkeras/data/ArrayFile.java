package org.spkeras.data;

import java.util.List;

/** A file holding named arrays ({@code .npz}, HDF5), from which features and labels are picked by name. */
interface ArrayFile extends AutoCloseable {
    String fileName();

    /** Array names: {@code .npz} entries without {@code .npy}; HDF5 dataset paths without the leading slash. */
    List<String> names();

    /** Opens one of {@link #names()} for row-wise reading. */
    SampleArray array(String name);

    @Override
    default void close() {}
}
