"""Rewrites an exported HiFi-GAN ONNX graph so every 1-D convolution runs as a 2-D one over [B, C, 1, T]
(onnxruntime's CPU kernels for 2-D convolutions are the better tuned ones). Same weights, same outputs.

Usage: /usr/bin/python3 bench/hifigan_conv2d.py IN.onnx OUT.onnx"""
import sys

import numpy as np
import onnx
from onnx import helper, numpy_helper


def to_conv2d(src: str, dst: str) -> None:
    m = onnx.load(src)
    g = m.graph
    inits = {i.name: i for i in g.initializer}
    done = set()
    for n in g.node:
        if n.op_type not in ("Conv", "ConvTranspose"):
            continue
        w = inits[n.input[1]]
        if w.name not in done:
            arr = numpy_helper.to_array(w)
            if arr.ndim != 3:
                raise SystemExit(f"{n.name}: weight {w.name} is not 1-D ({arr.shape})")
            w.CopyFrom(numpy_helper.from_array(np.ascontiguousarray(arr[:, :, None, :]), w.name))
            done.add(w.name)
        for a in n.attribute:
            if a.name in ("kernel_shape", "strides", "dilations"):
                a.ints[:] = [1, a.ints[0]]
            elif a.name == "pads":
                a.ints[:] = [0, a.ints[0], 0, a.ints[1]]
            elif a.name == "output_padding":
                a.ints[:] = [0, a.ints[0]]
    mel = g.input[0].name
    for n in g.node:
        n.input[:] = [f"{mel}_2d" if x == mel else x for x in n.input]
    axes = numpy_helper.from_array(np.array([2], dtype=np.int64), f"{mel}_2d_axes")
    g.initializer.append(axes)
    g.node.insert(0, helper.make_node("Unsqueeze", [mel, axes.name], [f"{mel}_2d"], name="to_2d"))
    # The exporter's Reshape to [batch, -1] at the end turns [B, 1, 1, T] into [B, T] as it did [B, 1, T].
    del g.value_info[:]
    onnx.checker.check_model(m)
    onnx.save(m, dst)


if __name__ == "__main__":
    to_conv2d(sys.argv[1], sys.argv[2])
