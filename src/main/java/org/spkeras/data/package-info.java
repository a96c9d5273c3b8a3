/**
 * Data sets and reference activations: .npy, .npz, IDX, HDF5 and the named sets, read channels-last and
 * scaled as {@link org.spkeras.data.DataOptions} says (docs/data.md).
 */
package org.spkeras.data;
