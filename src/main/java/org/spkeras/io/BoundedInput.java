package org.spkeras.io;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * An input stream that refuses to deliver more than {@code limit} bytes: reading past the limit throws
 * {@link LimitExceeded}. Zip entries are read through it with the size their directory declares (or a cap), so an
 * entry that inflates beyond what it claims, a zip bomb, is stopped after at most {@code limit} bytes.
 */
public final class BoundedInput extends FilterInputStream {
    private final long limit;
    private long count;

    /** Thrown when the stream would exceed its limit. */
    public static final class LimitExceeded extends IOException {
        private static final long serialVersionUID = 1L;

        LimitExceeded(long limit) {
            super("inflates to more than " + limit + " bytes");
        }
    }

    public BoundedInput(InputStream in, long limit) {
        super(in);
        this.limit = limit;
    }

    public long count() {
        return count;
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
            add(1);
        }
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = super.read(b, off, (int) Math.min(len, Math.max(1, limit - count + 1)));
        if (n > 0) {
            add(n);
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        long skipped = super.skip(Math.min(n, Math.max(0, limit - count + 1)));
        add(skipped);
        return skipped;
    }

    private void add(long n) throws LimitExceeded {
        count += n;
        if (count > limit) {
            throw new LimitExceeded(limit);
        }
    }

    @Override
    public boolean markSupported() {
        return false;
    }
}
