"""Independent NumPy count of an ANN's multiply-accumulates per inference (docs/evaluation.md, "Counting").

A Conv2D counts only the kernel taps that land on real input pixels: the count per output pixel is found by
convolving an all-ones image with an all-ones kernel under the layer's own padding (padded zeros add
nothing), summed over the output and multiplied by input and output channels. A Dense counts inputs × units;
BatchNormalization and Rescaling count one per output value; every other layer counts zero.
"""

import numpy as np

import reference_forward as rf


def ann_macs(model, x):
    """MACs of one inference of `model` (reference_forward.Model) whose Keras-layout input batch is x."""
    cf = model.layout == "channels_first"
    x = np.asarray(x[:1], dtype=np.float64)
    if x.ndim == 4 and cf:
        x = x.transpose(0, 2, 3, 1)
    values = {model.input_name: x}
    total = 0
    for n in model.nodes:
        ins = [values[i] for i in n.inputs]
        y = rf.apply(n, ins, cf)
        values[n.name] = y
        total += _layer_macs(n, ins[0], y)
    return int(total)


def _layer_macs(node, x, y):
    c = node.cfg
    if node.cls == "Conv2D":
        kh, kw, cin, cout = node.w["kernel"].shape
        ones = np.ones((1,) + x.shape[1:3] + (1,))
        taps = rf.conv2d(ones, np.ones((kh, kw, 1, 1)), None, rf._pair(c.get("strides", 1)),
                         c.get("padding", "valid"), rf._pair(c.get("dilation_rate", 1)))
        return int(round(taps.sum())) * cin * cout
    if node.cls == "Dense":
        return int(np.prod(node.w["kernel"].shape))
    if node.cls in ("BatchNormalization", "Rescaling"):
        return int(np.prod(y.shape[1:]))
    return 0
