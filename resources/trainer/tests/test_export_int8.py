"""export --int8: the int8 decoder and vocoder twins are written, declared and checked; the convolutions' activation
ranges map one to one onto the ONNX graph's convolutions, and a graph that does not match is refused. (onnxruntime runs
them in the studio's tests: electron/core/synth/engine-int8.test.ts.)"""
import json
import os

import numpy as np
import onnx
import pytest
import torch

from voicewright_trainer import export as E
from voicewright_trainer import export_int8 as Q
from voicewright_trainer import export_onnx_graphs as G
from voicewright_trainer.config import MODEL_PRESETS
from voicewright_trainer.hifigan import Generator
from voicewright_trainer.vocoder_config import MODEL_PRESETS as HIFIGAN_PRESETS
from voicewright_trainer.model import Tacotron2


def _tiny_voice(tmp_path, int8=True):
    torch.manual_seed(0)
    mc = dict(MODEL_PRESETS["tiny"])
    gen = Generator(HIFIGAN_PRESETS["tiny"])
    spec = E.VocoderSpec(name="hifi", module=gen, kind="hifigan", config={})
    out = str(tmp_path / "voice")
    doc = E.export_voice(Tacotron2(mc).eval(), mc, out, "Tiny", vocoders=[spec], int8=int8)
    return out, doc


def test_int8_export_writes_and_declares_the_twins(tmp_path):
    out, doc = _tiny_voice(tmp_path)
    assert doc["acoustic"]["graphs"]["decoderIterInt8"]["file"] == "decoder_iter.int8.onnx"
    assert [v["name"] for v in doc["vocoders"]] == ["hifi", "hifi-int8", "griffin-lim"]
    twin = doc["vocoders"][1]
    assert twin["precision"] == "int8" and twin["base"] == "hifi" and twin["file"] == "vocoder-hifi-int8.onnx"
    with open(os.path.join(out, "voice.json")) as f:
        assert json.load(f)["vocoders"][1]["name"] == "hifi-int8"
    dec = onnx.load(os.path.join(out, "decoder_iter.int8.onnx"))
    assert any(n.op_type == "MatMulInteger" for n in dec.graph.node)
    voc = onnx.load(os.path.join(out, "vocoder-hifi-int8.onnx"))
    ops = [n.op_type for n in voc.graph.node]
    assert ops.count("QuantizeLinear") == 2 * (ops.count("Conv") + ops.count("ConvTranspose"))
    # Every convolution runs 2-D, with int8 weights.
    inits = {i.name: i for i in voc.graph.initializer}
    for n in voc.graph.node:
        if n.op_type in ("Conv", "ConvTranspose"):
            kernel = [a for a in n.attribute if a.name == "kernel_shape"][0].ints
            assert len(kernel) == 2 and kernel[0] == 1
    assert any(i.data_type == onnx.TensorProto.INT8 for i in inits.values())


def test_without_int8_nothing_extra(tmp_path):
    out, doc = _tiny_voice(tmp_path, int8=False)
    assert "decoderIterInt8" not in doc["acoustic"]["graphs"]
    assert not any(f.endswith("int8.onnx") for f in os.listdir(out))


def test_ranges_follow_forward_order_and_a_mismatch_is_refused(tmp_path):
    torch.manual_seed(1)
    gen = G.VocoderGraph(G.remove_weight_norm(Generator(HIFIGAN_PRESETS["tiny"]))).eval()
    mels = Q.calibration_mels(limit=1)
    assert mels[0].shape[0] == 80 and mels[0].shape[1] > 50
    ranges = Q.conv_ranges(gen, mels)
    assert all(r["x"] > 0 and r["y"] > 0 for r in ranges)
    assert ranges[0]["shape"][1] == 80  # conv_pre reads the mel first
    src = str(tmp_path / "voc.onnx")
    E.onnx_export(gen, (torch.randn(1, 80, 13),), src, G.vocoder_io(80))
    assert Q.quantize_vocoder(src, str(tmp_path / "ok.onnx"), ranges) == len(ranges)
    with pytest.raises(RuntimeError, match="convolutions but the generator ran"):
        Q.quantize_vocoder(src, str(tmp_path / "bad.onnx"), ranges[:-1])
    swapped = [ranges[1], ranges[0]] + ranges[2:]
    with pytest.raises(RuntimeError, match="has weight"):
        Q.quantize_vocoder(src, str(tmp_path / "bad2.onnx"), swapped)
    assert np.isfinite(ranges[-1]["y"])
