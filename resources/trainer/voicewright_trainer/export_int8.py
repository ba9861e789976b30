"""int8 graphs beside the float ones in a voice package (`export --int8`): what makes a chapter render on two CPU cores.

- decoder_iter.int8.onnx: the decoder step's large Gemms (LSTM and projection weights) with per-output-channel int8
  weights and activations quantised per call (DynamicQuantizeLinear → MatMulInteger). The decoder step is memory-bound
  on its weights, so a quarter of the bytes is most of the gain.
- vocoder-NAME-int8.onnx: each HiFi-GAN convolution as 2-D (onnxruntime's better-tuned kernels) wrapped in static
  QuantizeLinear/DequantizeLinear pairs, which onnxruntime fuses into QLinearConv (u8 activations × s8 weights, VNNI
  where the CPU has it). Activation ranges are measured in PyTorch on real speech mels, convolution by convolution.

Same input and output names as the float graphs, so the engine swaps them in by choice; the float graphs stay the
reference (and the parity data is theirs)."""
from __future__ import annotations

import os
from typing import Dict, List, Optional, Sequence

import numpy as np
import torch
from torch import nn

from .data import read_wav
from .mel import TACOTRON2, log_mel_numpy

CALIBRATION_DIR = os.path.join(os.path.dirname(__file__), "calibration")


def calibration_mels(folder: str = CALIBRATION_DIR, limit: int = 8) -> List[np.ndarray]:
    """Log-mels [80, T] of the speech clips in folder (22,050 Hz mono 16-bit WAVs)."""
    files = sorted(f for f in os.listdir(folder) if f.endswith(".wav"))[:limit]
    if not files:
        raise FileNotFoundError(f"no calibration WAVs in {folder}")
    return [log_mel_numpy(read_wav(os.path.join(folder, f), TACOTRON2.sample_rate)).astype(np.float32) for f in files]


def quantize_decoder(src: str, dst: str, min_params: Optional[int] = None) -> int:
    """Rewrites src's large Gemms to int8 MatMulInteger; returns how many. Inputs and outputs keep their names.
    Large: at least min_params weights (default: 1/64 of the largest Gemm, at least 4096 — the full-size decoder's
    LSTM and projection weights, not its small attention layers, whose quantise/dequantise would cost more than it saves)."""
    import onnx
    from onnx import TensorProto, helper, numpy_helper

    m = onnx.load(src)
    g = m.graph
    inits = {i.name: i for i in g.initializer}
    if min_params is None:
        sizes = [int(np.prod(inits[n.input[1]].dims)) for n in g.node if n.op_type == "Gemm" and len(n.input) >= 2 and n.input[1] in inits]
        min_params = max(4096, max(sizes, default=0) // 64)
    nodes, done = [], 0
    for n in g.node:
        attrs = {a.name: helper.get_attribute_value(a) for a in n.attribute}
        w = inits.get(n.input[1]) if n.op_type == "Gemm" and len(n.input) >= 2 else None
        if (w is None or attrs.get("transA", 0) != 0 or attrs.get("alpha", 1.0) != 1.0 or attrs.get("beta", 1.0) != 1.0
                or int(np.prod(w.dims)) < min_params):
            nodes.append(n)
            continue
        W = numpy_helper.to_array(w).astype(np.float32)
        if attrs.get("transB", 0):
            W = W.T  # [K, N]
        scale = np.maximum(np.abs(W).max(axis=0), 1e-12) / 127.0  # per output column
        Wq = np.clip(np.round(W / scale), -127, 127).astype(np.int8)
        p = f"q{done}"
        g.initializer.extend([numpy_helper.from_array(Wq, f"{p}_w"), numpy_helper.from_array(np.zeros(W.shape[1], np.int8), f"{p}_wzp"),
                              numpy_helper.from_array(scale.astype(np.float32), f"{p}_ws")])
        nodes += [
            helper.make_node("DynamicQuantizeLinear", [n.input[0]], [f"{p}_x", f"{p}_xs", f"{p}_xzp"], name=f"{p}_dq"),
            helper.make_node("MatMulInteger", [f"{p}_x", f"{p}_w", f"{p}_xzp", f"{p}_wzp"], [f"{p}_i32"], name=f"{p}_mm"),
            helper.make_node("Cast", [f"{p}_i32"], [f"{p}_f"], to=TensorProto.FLOAT, name=f"{p}_cast"),
            helper.make_node("Mul", [f"{p}_f", f"{p}_xs"], [f"{p}_fx"], name=f"{p}_mx"),
        ]
        if len(n.input) >= 3 and n.input[2]:
            nodes += [helper.make_node("Mul", [f"{p}_fx", f"{p}_ws"], [f"{p}_y"], name=f"{p}_mw"),
                      helper.make_node("Add", [f"{p}_y", n.input[2]], [n.output[0]], name=f"{p}_b")]
        else:
            nodes.append(helper.make_node("Mul", [f"{p}_fx", f"{p}_ws"], [n.output[0]], name=f"{p}_mw"))
        done += 1
    _replace_nodes(g, nodes)
    onnx.checker.check_model(m)
    onnx.save(m, dst)
    return done


def conv_ranges(generator: nn.Module, mels: Sequence[np.ndarray]) -> List[Dict[str, object]]:
    """Per convolution, in the order forward runs them (the order the ONNX export writes them): the weight's shape and
    the largest |input| and |output| over the mels."""
    convs = [m for m in generator.modules() if isinstance(m, (nn.Conv1d, nn.ConvTranspose1d))]
    seen: Dict[int, Dict[str, object]] = {}
    order: List[int] = []

    def hook(mod: nn.Module, inputs, output) -> None:
        k = id(mod)
        if k not in seen:
            seen[k] = {"shape": tuple(mod.weight.shape), "transposed": isinstance(mod, nn.ConvTranspose1d), "x": 0.0, "y": 0.0}
            order.append(k)
        r = seen[k]
        r["x"] = max(float(r["x"]), float(inputs[0].abs().max()))
        r["y"] = max(float(r["y"]), float(output.abs().max()))

    handles = [c.register_forward_hook(hook) for c in convs]
    try:
        with torch.no_grad():
            for mel in mels:
                generator(torch.from_numpy(mel).unsqueeze(0))
    finally:
        for h in handles:
            h.remove()
    return [seen[k] for k in order]


def quantize_vocoder(src: str, dst: str, ranges: List[Dict[str, object]]) -> int:
    """src (a float HiFi-GAN graph of 1-D convolutions) → dst with 2-D QDQ convolutions; returns how many."""
    import onnx
    from onnx import helper, numpy_helper

    m = onnx.load(src)
    g = m.graph
    inits = {i.name: i for i in g.initializer}
    convs = [n for n in g.node if n.op_type in ("Conv", "ConvTranspose")]
    if len(convs) != len(ranges):
        raise RuntimeError(f"{os.path.basename(src)} has {len(convs)} convolutions but the generator ran {len(ranges)}")
    for n, r in zip(convs, ranges):
        shape = tuple(inits[n.input[1]].dims)
        if shape != r["shape"] or (n.op_type == "ConvTranspose") != r["transposed"]:
            raise RuntimeError(f"{os.path.basename(src)}: convolution {n.name} has weight {shape}, the generator's is {r['shape']}")
    by_node = {id(n): r for n, r in zip(convs, ranges)}
    mel = g.input[0].name
    flat = f"{mel}_2d"
    u8 = lambda v, name: numpy_helper.from_array(np.array(v, np.uint8), name)  # noqa: E731
    f32 = lambda v, name: numpy_helper.from_array(np.array(v, np.float32), name)  # noqa: E731
    g.initializer.append(numpy_helper.from_array(np.array([2], np.int64), f"{flat}_axes"))
    nodes = [helper.make_node("Unsqueeze", [mel, f"{flat}_axes"], [flat], name="to_2d")]
    k = 0
    for n in g.node:
        if id(n) not in by_node:
            n.input[:] = [flat if x == mel else x for x in n.input]
            nodes.append(n)
            continue
        r = by_node[id(n)]
        t = f"qc{k}"
        k += 1
        x = flat if n.input[0] == mel else n.input[0]
        # Activations: u8 with zero point 128 (symmetric range) — the u8×s8 kernels are the fast ones on x86.
        xs = max(float(r["x"]), 1e-8) / 127.0
        ys = max(float(r["y"]), 1e-8) / 127.0
        W = numpy_helper.to_array(inits[n.input[1]]).astype(np.float32)[:, :, None, :]
        axis = 1 if n.op_type == "ConvTranspose" else 0
        red = tuple(i for i in range(4) if i != axis)
        ws = np.maximum(np.abs(W).max(axis=red), 1e-12) / 127.0
        bshape = [1, 1, 1, 1]
        bshape[axis] = -1
        Wq = np.clip(np.round(W / ws.reshape(bshape)), -127, 127).astype(np.int8)
        g.initializer.extend([f32(xs, f"{t}_xs"), u8(128, f"{t}_xz"), f32(ys, f"{t}_ys"), u8(128, f"{t}_yz"),
                              numpy_helper.from_array(Wq, f"{t}_w"), numpy_helper.from_array(ws.astype(np.float32), f"{t}_ws"),
                              numpy_helper.from_array(np.zeros(len(ws), np.int8), f"{t}_wz")])
        conv = helper.make_node(n.op_type, [f"{t}_xdq", f"{t}_wdq"] + list(n.input[2:]), [f"{t}_raw"], name=f"{t}_conv")
        for a in n.attribute:
            b = onnx.AttributeProto()
            b.CopyFrom(a)
            if b.name in ("kernel_shape", "strides", "dilations"):
                b.ints[:] = [1, a.ints[0]]
            elif b.name == "pads":
                b.ints[:] = [0, a.ints[0], 0, a.ints[1]]
            elif b.name == "output_padding":
                b.ints[:] = [0, a.ints[0]]
            conv.attribute.append(b)
        nodes += [
            helper.make_node("QuantizeLinear", [x, f"{t}_xs", f"{t}_xz"], [f"{t}_xq"], name=f"{t}_qx"),
            helper.make_node("DequantizeLinear", [f"{t}_xq", f"{t}_xs", f"{t}_xz"], [f"{t}_xdq"], name=f"{t}_dqx"),
            helper.make_node("DequantizeLinear", [f"{t}_w", f"{t}_ws", f"{t}_wz"], [f"{t}_wdq"], name=f"{t}_dqw", axis=axis),
            conv,
            helper.make_node("QuantizeLinear", [f"{t}_raw", f"{t}_ys", f"{t}_yz"], [f"{t}_yq"], name=f"{t}_qy"),
            helper.make_node("DequantizeLinear", [f"{t}_yq", f"{t}_ys", f"{t}_yz"], [n.output[0]], name=f"{t}_dqy"),
        ]
    _replace_nodes(g, nodes)
    # Shapes between the rewritten convolutions are 4-D now; the exporter's final Reshape to [batch, -1] still holds.
    del g.value_info[:]
    onnx.checker.check_model(m)
    onnx.save(m, dst)
    return k


def _replace_nodes(g, nodes) -> None:
    del g.node[:]
    g.node.extend(nodes)
    used = {i for n in g.node for i in n.input}
    keep = [i for i in g.initializer if i.name in used]
    del g.initializer[:]
    g.initializer.extend(keep)


def add_int8_graphs(folder: str, io: Dict[str, object], vocoder_entries: List[Dict[str, object]], vocoder_graphs, check,
                    mels: Sequence[np.ndarray] = ()) -> Dict[str, object]:
    """Writes the int8 decoder and an int8 twin of each HiFi-GAN vocoder into folder (a package being built).
    Each twin's voice.json entry goes right after its float one (named NAME-int8, with precision and base); returns the
    decoder's graph declaration (acoustic.graphs.decoderIterInt8). check(path, declaration) validates each written file."""
    decl = dict(io["decoderIter"])  # type: ignore[arg-type]
    dec = os.path.join(folder, "decoder_iter.int8.onnx")
    if quantize_decoder(os.path.join(folder, "decoder_iter.onnx"), dec) == 0:
        raise RuntimeError("the decoder step has no Gemm large enough to quantise")
    check(dec, decl)
    mels = list(mels) or calibration_mels()
    for spec, file, gen in vocoder_graphs:
        if spec.kind != "hifigan":
            continue
        twin = file.replace(".onnx", "-int8.onnx")
        quantize_vocoder(os.path.join(folder, file), os.path.join(folder, twin), conv_ranges(gen, mels))
        entry = next(e for e in vocoder_entries if e["name"] == spec.name)
        check(os.path.join(folder, twin), {"inputs": entry["inputs"], "outputs": entry["outputs"]})
        vocoder_entries.insert(vocoder_entries.index(entry) + 1, dict(entry, name=f"{spec.name}-int8", file=twin, precision="int8", base=spec.name))
    return dict(file="decoder_iter.int8.onnx", **decl)
