"""Dynamic int8 quantisation of a Tacotron2 decoder_iter.onnx's large Gemm layers (the LSTM and projection weights):
per-output-channel symmetric int8 weights, activations quantised per call (DynamicQuantizeLinear → MatMulInteger).
Inputs and outputs keep their names, so the graph drops into a voice package as it is.

Usage: /usr/bin/python3 bench/quantize_decoder.py IN.onnx OUT.onnx [--min-params 100000]"""
import argparse

import numpy as np
import onnx
from onnx import helper, numpy_helper, TensorProto


def quantize(src: str, dst: str, min_params: int) -> int:
    m = onnx.load(src)
    g = m.graph
    inits = {i.name: i for i in g.initializer}
    out_nodes, done = [], 0
    for n in g.node:
        attrs = {a.name: helper.get_attribute_value(a) for a in n.attribute}
        w = inits.get(n.input[1]) if n.op_type == "Gemm" and len(n.input) >= 2 else None
        if (w is None or attrs.get("transA", 0) != 0 or attrs.get("alpha", 1.0) != 1.0 or attrs.get("beta", 1.0) != 1.0
                or int(np.prod(w.dims)) < min_params):
            out_nodes.append(n)
            continue
        W = numpy_helper.to_array(w).astype(np.float32)
        if attrs.get("transB", 0):
            W = W.T  # [K, N]
        scale = np.maximum(np.abs(W).max(axis=0), 1e-12) / 127.0  # per output column
        Wq = np.clip(np.round(W / scale), -127, 127).astype(np.int8)
        p = f"{n.name or n.output[0]}_q"
        g.initializer.extend([numpy_helper.from_array(Wq, f"{p}_w"), numpy_helper.from_array(np.zeros(W.shape[1], np.int8), f"{p}_wzp"),
                              numpy_helper.from_array(scale.astype(np.float32), f"{p}_ws")])
        x = n.input[0]
        out_nodes += [
            helper.make_node("DynamicQuantizeLinear", [x], [f"{p}_x", f"{p}_xs", f"{p}_xzp"], name=f"{p}_dq"),
            helper.make_node("MatMulInteger", [f"{p}_x", f"{p}_w", f"{p}_xzp", f"{p}_wzp"], [f"{p}_i32"], name=f"{p}_mm"),
            helper.make_node("Cast", [f"{p}_i32"], [f"{p}_f"], to=TensorProto.FLOAT, name=f"{p}_cast"),
            helper.make_node("Mul", [f"{p}_f", f"{p}_xs"], [f"{p}_fx"], name=f"{p}_mx"),
        ]
        if len(n.input) >= 3 and n.input[2]:
            out_nodes += [helper.make_node("Mul", [f"{p}_fx", f"{p}_ws"], [f"{p}_y"], name=f"{p}_mw"),
                          helper.make_node("Add", [f"{p}_y", n.input[2]], [n.output[0]], name=f"{p}_b")]
        else:
            out_nodes.append(helper.make_node("Mul", [f"{p}_fx", f"{p}_ws"], [n.output[0]], name=f"{p}_mw"))
        done += 1
    del g.node[:]
    g.node.extend(out_nodes)
    used = {i for n in g.node for i in n.input}
    keep = [i for i in g.initializer if i.name in used]
    del g.initializer[:]
    g.initializer.extend(keep)
    onnx.checker.check_model(m)
    onnx.save(m, dst)
    return done


if __name__ == "__main__":
    ap = argparse.ArgumentParser()
    ap.add_argument("src")
    ap.add_argument("dst")
    ap.add_argument("--min-params", type=int, default=100_000)
    a = ap.parse_args()
    print(quantize(a.src, a.dst, a.min_params))
