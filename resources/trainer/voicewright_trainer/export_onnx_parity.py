"""parity/: fixed random inputs and PyTorch's outputs for every graph of a voice package, plus a greedy decode of two
sentences for a fixed number of steps, so onnxruntime (TypeScript) can be checked against PyTorch to 1e-4.

Arrays are .npy (little-endian float32 / int64 / bool); manifest.json says which file feeds which input."""
from __future__ import annotations

import json
import os
from typing import Any, Dict, List, Tuple

import numpy as np
import torch
from torch import nn

from . import export_onnx_graphs as G
from .model import Tacotron2
from .text import text_to_ids

TOLERANCE = 1e-4
DECODE_STEPS = 24
DECODE_TEXTS = ["Hello world.", "Print this, then stop."]


class _Writer:
    def __init__(self, folder: str):
        self.folder = folder
        os.makedirs(folder, exist_ok=True)

    def __call__(self, name: str, value: torch.Tensor) -> str:
        arr = value.detach().cpu().numpy()
        arr = arr.astype("<f4") if arr.dtype.kind == "f" else arr.astype("<i8") if arr.dtype.kind in "iu" else arr
        file = name + ".npy"
        np.save(os.path.join(self.folder, file), np.ascontiguousarray(arr))
        return file


def _sequences(texts: List[str]) -> Tuple[torch.Tensor, torch.Tensor]:
    ids = [text_to_ids(t)[0] for t in texts]
    lens = torch.tensor([len(i) for i in ids])
    seq = torch.zeros(len(ids), int(lens.max()), dtype=torch.long)
    for b, i in enumerate(ids):
        seq[b, : len(i)] = torch.tensor(i)
    return seq, lens


@torch.no_grad()
def write_parity(folder: str, model: Tacotron2, mc: Dict[str, Any], vocoders: List[Tuple[str, str, nn.Module]]) -> Dict[str, Any]:
    """vocoders: (name, file, the exported VocoderGraph module). Returns the manifest."""
    w = _Writer(folder)
    g = torch.Generator().manual_seed(1234)
    enc, dec, post = G.EncoderGraph(model).eval(), G.DecoderIterGraph(model).eval(), G.PostnetGraph(model).eval()
    cases = []

    # Encoder: batch 3 (not the traced 2), lengths unsorted, length 11 (not the traced 9).
    seq = torch.randint(1, mc["n_symbols"], (3, 11), generator=g)
    lens = torch.tensor([7, 11, 4])
    seq = seq * (torch.arange(11).unsqueeze(0) < lens.unsqueeze(1))
    memory, processed = enc(seq, lens)
    cases.append({"graph": "encoder", "file": "encoder.onnx",
                  "inputs": {"sequences": w("encoder.sequences", seq), "sequence_lengths": w("encoder.sequence_lengths", lens)},
                  "outputs": {"memory": w("encoder.memory", memory), "processed_memory": w("encoder.processed_memory", processed)}})

    # One decoder step from a random (mid-sentence) state.
    mask = ~(torch.arange(11).unsqueeze(0) < lens.unsqueeze(1))
    state = {k: torch.randn(v.shape, generator=g) * 0.5 for k, v in G.initial_state(mc, memory).items()}
    aw = torch.softmax(torch.randn(3, 11, generator=g).masked_fill(mask, -float("inf")), dim=1)
    state.update(attention_weights=aw, attention_weights_cum=aw * 3)
    m0, m1 = G.prenet_masks(g, 1, 3, mc["prenet_dim"])
    args = [state["decoder_input"]] + [state[k] for k in G.DECODER_STATE] + [memory, processed, mask, m0[0], m1[0]]
    outs = dec(*args)
    cases.append({"graph": "decoderIter", "file": "decoder_iter.onnx",
                  "inputs": {n: w(f"decoder_iter.{n}", a) for n, a in zip(G.DECODER_INPUTS, args)},
                  "outputs": {n: w(f"decoder_iter.{n}", o) for n, o in zip(G.DECODER_OUTPUTS, outs)}})

    mel = torch.randn(2, mc["n_mel_channels"], 23, generator=g) * 2 - 5
    cases.append({"graph": "postnet", "file": "postnet.onnx", "inputs": {"mel_outputs": w("postnet.mel_outputs", mel)},
                  "outputs": {"mel_outputs_postnet": w("postnet.mel_outputs_postnet", post(mel))}})

    vmel = torch.randn(2, mc["n_mel_channels"], 10, generator=g) * 2 - 5
    for name, file, module in vocoders:
        cases.append({"graph": "vocoder", "vocoder": name, "file": file, "inputs": {"mel": w(f"vocoder-{name}.mel", vmel)},
                      "outputs": {"audio": w(f"vocoder-{name}.audio", module.eval()(vmel))}})

    # Greedy decode of two sentences in one batch, DECODE_STEPS steps whatever the gate says.
    dseq, dlens = _sequences(DECODE_TEXTS)
    d0, d1 = G.prenet_masks(g, DECODE_STEPS, len(DECODE_TEXTS), mc["prenet_dim"])
    res = G.greedy_decode(enc, dec, post, mc, dseq, dlens, d0, d1)
    decode = {"texts": DECODE_TEXTS, "steps": DECODE_STEPS,
              "inputs": {"sequences": w("decode.sequences", dseq), "sequence_lengths": w("decode.sequence_lengths", dlens),
                         "prenet_dropout_mask_0": w("decode.prenet_dropout_mask_0", d0),
                         "prenet_dropout_mask_1": w("decode.prenet_dropout_mask_1", d1)},
              "outputs": {k: w(f"decode.{k}", v) for k, v in res.items()}}
    manifest = {"formatVersion": 1, "tolerance": TOLERANCE, "torchVersion": torch.__version__, "cases": cases, "decode": decode}
    with open(os.path.join(folder, "manifest.json"), "w", encoding="utf-8") as f:
        json.dump(manifest, f, indent=2)
    return manifest
