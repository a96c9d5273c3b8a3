package org.spkeras.keras.tf;

import java.util.zip.CRC32C;

/**
 * CRC-32C as TensorFlow stores it: masked (rotated right by 15 bits plus a constant) so that a checksum of
 * data that itself holds checksums stays well distributed (tsl/lib/hash/crc32c.h).
 */
final class Crc32c {
    private static final int MASK_DELTA = 0xa282ead8;

    private Crc32c() {}

    static int masked(byte[] data, int offset, int length) {
        CRC32C crc = new CRC32C();
        crc.update(data, offset, length);
        int c = (int) crc.getValue();
        return ((c >>> 15) | (c << 17)) + MASK_DELTA;
    }
}
