package org.spkeras.model;

/**
 * The sliding window of a convolution or pooling layer. {@code SAME} padding follows TensorFlow's rule:
 * total padding {@code max((⌈n/s⌉−1)·s + (k−1)·d + 1 − n, 0)}, the odd extra pixel at the bottom/right.
 */
public record Window(int kernelHeight, int kernelWidth, int strideHeight, int strideWidth,
                     int dilationHeight, int dilationWidth, PaddingMode padding) {
    public enum PaddingMode { VALID, SAME }

    /** Explicit padding amounts resolved for one input size. */
    public record Pads(int top, int bottom, int left, int right) {}

    public Window {
        if (kernelHeight < 1 || kernelWidth < 1 || strideHeight < 1 || strideWidth < 1
                || dilationHeight < 1 || dilationWidth < 1) {
            throw new IllegalArgumentException("window sizes, strides and dilations must be >= 1, found kernel "
                    + kernelHeight + "x" + kernelWidth + ", strides " + strideHeight + "x" + strideWidth
                    + ", dilation " + dilationHeight + "x" + dilationWidth);
        }
        if (padding == null) {
            throw new IllegalArgumentException("padding mode is required");
        }
    }

    public int effectiveKernelHeight() {
        return (kernelHeight - 1) * dilationHeight + 1;
    }

    public int effectiveKernelWidth() {
        return (kernelWidth - 1) * dilationWidth + 1;
    }

    public Pads pads(int inHeight, int inWidth) {
        if (padding == PaddingMode.VALID) {
            return new Pads(0, 0, 0, 0);
        }
        int padH = totalSamePad(inHeight, strideHeight, effectiveKernelHeight());
        int padW = totalSamePad(inWidth, strideWidth, effectiveKernelWidth());
        return new Pads(padH / 2, padH - padH / 2, padW / 2, padW - padW / 2);
    }

    public int outHeight(int inHeight) {
        return outSize(inHeight, strideHeight, effectiveKernelHeight());
    }

    public int outWidth(int inWidth) {
        return outSize(inWidth, strideWidth, effectiveKernelWidth());
    }

    private int outSize(int in, int stride, int effectiveKernel) {
        if (padding == PaddingMode.SAME) {
            return (in + stride - 1) / stride;
        }
        return in < effectiveKernel ? 0 : (in - effectiveKernel) / stride + 1;
    }

    private static int totalSamePad(int in, int stride, int effectiveKernel) {
        int out = (in + stride - 1) / stride;
        return Math.max((out - 1) * stride + effectiveKernel - in, 0);
    }
}
