"""Export a Tacotron2 (and vocoders) to a voice package: ONNX graphs in NVIDIA's split, voice.json, parity data.

The package is built in a hidden temp folder next to the target and renamed into place when complete, so the
target is either absent, the old package, or the whole new one."""
from __future__ import annotations

import datetime
import hashlib
import inspect
import json
import os
import shutil
import warnings
from dataclasses import dataclass, field
from typing import Any, Callable, Dict, List, Optional

import torch
from torch import nn

from . import export_onnx_graphs as G
from .config import ConfigError
from .export_onnx_parity import write_parity
from .mel import TACOTRON2
from .model import Tacotron2
from .text import SYMBOLS, voice_text

FORMAT_VERSION = 1
OPSET = 14
EXPORTER = "voicewright_trainer.export 1"
GRIFFIN_LIM = {"name": "griffin-lim", "kind": "griffinlim", "file": None, "hop": 256,
               "config": {"iterations": 60, "power": 1.5, "momentum": 0.99}}


@dataclass
class VocoderSpec:
    name: str
    module: nn.Module
    kind: str = "hifigan"
    config: Dict[str, Any] = field(default_factory=dict)
    hop: int = 256
    source: Optional[str] = None
    step: Optional[int] = None


def _fsync_file(path: str) -> None:
    with open(path, "rb") as f:
        os.fsync(f.fileno())


def _fsync_dir(path: str) -> None:
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:  # Windows cannot open folders
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def sha256_file(path: str) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def dataset_hash(folder: Optional[str]) -> Optional[str]:
    """sha256 over dataset.json, metadata.csv and each wav's name and size (cheap on hours of audio; a re-recorded
    take changes its size in practice). None when the dataset folder is not on this machine."""
    if not folder or not os.path.isfile(os.path.join(folder, "metadata.csv")):
        return None
    h = hashlib.sha256()
    for name in ("dataset.json", "metadata.csv"):
        p = os.path.join(folder, name)
        if os.path.isfile(p):
            h.update(name.encode() + b"\0")
            with open(p, "rb") as f:
                h.update(f.read())
    wavs = os.path.join(folder, "wavs")
    if os.path.isdir(wavs):
        for name in sorted(os.listdir(wavs)):
            h.update(f"{name}\0{os.path.getsize(os.path.join(wavs, name))}\0".encode())
    return "sha256:" + h.hexdigest()


def onnx_export(module: nn.Module, args: tuple, path: str, io: Dict[str, List[Dict[str, Any]]]) -> None:
    """torch.onnx.export with names and dynamic axes from the declaration; the TorchScript exporter on every version
    (PyTorch 2.9 switched the default to dynamo, which handles neither packed sequences nor our dynamic axes)."""
    kwargs: Dict[str, Any] = dict(input_names=[t["name"] for t in io["inputs"]], output_names=[t["name"] for t in io["outputs"]],
                                  dynamic_axes=G.dynamic_axes(io), opset_version=OPSET, do_constant_folding=True)
    if "dynamo" in inspect.signature(torch.onnx.export).parameters:
        kwargs["dynamo"] = False
    with warnings.catch_warnings():
        # Known and harmless here: no shape inference for PackPadded; the LSTM batch warning (h0/c0 are built per batch).
        # TracerWarnings: Python ints inside nn.LSTM's packed path; the ONNX LSTM takes the batch from its input.
        warnings.simplefilter("ignore", UserWarning)
        warnings.simplefilter("ignore", torch.jit.TracerWarning)
        with torch.no_grad():
            torch.onnx.export(module, args, path, **kwargs)


def check_onnx(path: str, io: Dict[str, List[Dict[str, Any]]]) -> None:
    """onnx.checker, then the file's inputs/outputs against the declaration (names in order, element types, ranks)."""
    import onnx

    model = onnx.load(path)
    onnx.checker.check_model(model)
    types = {onnx.TensorProto.FLOAT: "float32", onnx.TensorProto.INT64: "int64", onnx.TensorProto.BOOL: "bool"}
    for kind, values in (("inputs", model.graph.input), ("outputs", model.graph.output)):
        init = {i.name for i in model.graph.initializer}
        got = [v for v in values if v.name not in init]
        want = io[kind]
        if [v.name for v in got] != [t["name"] for t in want]:
            raise RuntimeError(f"{os.path.basename(path)}: {kind} {[v.name for v in got]}, expected {[t['name'] for t in want]}")
        for v, t in zip(got, want):
            tt = v.type.tensor_type
            dims = [d.dim_param or d.dim_value for d in tt.shape.dim]
            if types.get(tt.elem_type) != t["type"] or len(dims) != len(t["shape"]):
                raise RuntimeError(f"{os.path.basename(path)}: {v.name} is {types.get(tt.elem_type)} {dims}, expected {t['type']} {t['shape']}")
            for d, s in zip(dims, t["shape"]):
                if isinstance(s, int) and d != s or isinstance(s, str) and not isinstance(d, str):
                    raise RuntimeError(f"{os.path.basename(path)}: {v.name} has shape {dims}, expected {t['shape']}")


def trace_inputs(mc: Dict[str, Any], model: Tacotron2):
    """Example inputs for tracing: batch 2, unequal lengths, so no size is baked in as a constant."""
    g = torch.Generator().manual_seed(0)
    seq = torch.randint(1, mc["n_symbols"], (2, 9), generator=g)
    lens = torch.tensor([9, 6])
    seq[1, 6:] = 0
    with torch.no_grad():
        memory, processed = G.EncoderGraph(model)(seq, lens)
    st = G.initial_state(mc, memory)
    mask = ~(torch.arange(9).unsqueeze(0) < lens.unsqueeze(1))
    m0, m1 = G.prenet_masks(g, 1, 2, mc["prenet_dim"])
    dec = (st["decoder_input"],) + tuple(st[k] for k in G.DECODER_STATE) + (memory, processed, mask, m0[0], m1[0])
    mel = torch.randn(2, mc["n_mel_channels"], 13, generator=g)
    return (seq, lens), dec, mel


def voice_json(name: str, language: str, mc: Dict[str, Any], symbols: List[str], vocoders: List[Dict[str, Any]],
               provenance: Dict[str, Any], steps_per_symbol: float, min_steps: int) -> Dict[str, Any]:
    io = G.graph_io(mc)
    graphs = {key: dict(file=file, **io[key]) for key, file in
              (("encoder", "encoder.onnx"), ("decoderIter", "decoder_iter.onnx"), ("postnet", "postnet.onnx"))}
    m = TACOTRON2
    return {
        "formatVersion": FORMAT_VERSION,
        "name": name,
        "language": language,
        "sampleRate": m.sample_rate,
        "mel": {"sampleRate": m.sample_rate, "nFft": m.n_fft, "hop": m.hop, "win": m.win, "nMels": m.n_mels,
                "fmin": m.fmin, "fmax": m.fmax, "melScale": "slaney", "center": True, "logBase": "e", "clamp": 1e-5},
        "text": voice_text(symbols, language),
        "acoustic": {
            "kind": "tacotron2",
            "reductionFactor": mc["n_frames_per_step"],
            "gateThreshold": 0.5,
            "maxDecoderStepsPerSymbol": steps_per_symbol,
            "minDecoderSteps": min_steps,
            "prenetDropout": {"p": G.PRENET_DROPOUT, "inputs": ["prenet_dropout_mask_0", "prenet_dropout_mask_1"],
                              "values": [0.0, 1.0 / (1.0 - G.PRENET_DROPOUT)]},
            "dims": G.dims(mc),
            "graphs": graphs,
        },
        "vocoders": vocoders,
        "provenance": provenance,
    }


def export_voice(model: Tacotron2, model_config: Dict[str, Any], out_dir: str, name: str, language: str = "en-US",
                 vocoders: Optional[List[VocoderSpec]] = None, provenance: Optional[Dict[str, Any]] = None,
                 symbols: Optional[List[str]] = None, overwrite: bool = False, griffin_lim: bool = True,
                 steps_per_symbol: Optional[float] = None, min_steps: Optional[int] = None, int8: bool = False,
                 progress: Callable[[str, int, int], None] = lambda stage, i, n: None) -> Dict[str, Any]:
    """Writes the package to out_dir (whole or nothing) and returns voice.json's content."""
    out_dir = os.path.abspath(out_dir)
    vocoders = list(vocoders or [])
    symbols = list(symbols or SYMBOLS)
    mc = model_config
    if len(symbols) != mc["n_symbols"]:
        raise ConfigError(f"the model has {mc['n_symbols']} symbols but the symbol list has {len(symbols)}",
                          "Export with the symbol set the model was trained on.")
    names = [v.name for v in vocoders] + (["griffin-lim"] if griffin_lim else [])
    if len(set(names)) != len(names):
        raise ConfigError(f"vocoder names repeat: {', '.join(names)}", "Give each --vocoder its own NAME.")
    if os.path.exists(out_dir) and not overwrite:
        raise ConfigError(f"{out_dir} already exists", "Choose a new --out folder, or pass --overwrite to replace it.")
    parent = os.path.dirname(out_dir)
    os.makedirs(parent, exist_ok=True)
    tmp = os.path.join(parent, f".{os.path.basename(out_dir)}.tmp-{os.getpid()}")
    shutil.rmtree(tmp, ignore_errors=True)
    os.makedirs(tmp)
    model = model.eval()
    total = 3 + len(vocoders) + 2
    try:
        io = G.graph_io(mc)
        enc_args, dec_args, mel = trace_inputs(mc, model)
        graphs = [("encoder.onnx", G.EncoderGraph(model), enc_args, io["encoder"]),
                  ("decoder_iter.onnx", G.DecoderIterGraph(model), dec_args, io["decoderIter"]),
                  ("postnet.onnx", G.PostnetGraph(model), (mel,), io["postnet"])]
        voc_entries, voc_graphs = [], []
        for v in vocoders:
            gen = G.VocoderGraph(G.remove_weight_norm(v.module)).eval()
            file = f"vocoder-{v.name}.onnx"
            vio = G.vocoder_io(mc["n_mel_channels"])
            graphs.append((file, gen, (mel,), vio))
            voc_graphs.append((v, file, gen))
            voc_entries.append(dict(name=v.name, kind=v.kind, file=file, hop=v.hop, config=v.config,
                                    source=v.source, step=v.step, **vio))
        for i, (file, module, args, decl) in enumerate(graphs):
            progress(f"exporting {file}", i, total)
            path = os.path.join(tmp, file)
            onnx_export(module.eval(), args, path, decl)
            check_onnx(path, decl)
        progress("writing parity data", len(graphs), total)
        write_parity(os.path.join(tmp, "parity"), model, mc, [(v.name, file, gen) for v, file, gen in voc_graphs])
        int8_decoder = None
        if int8:
            from .export_int8 import add_int8_graphs
            progress("quantizing to int8", len(graphs), total)
            int8_decoder = add_int8_graphs(tmp, io, voc_entries, voc_graphs, check_onnx)
        if griffin_lim:
            voc_entries.append(json.loads(json.dumps(GRIFFIN_LIM)))
        prov = dict(provenance or {})
        prov.setdefault("created", datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"))
        prov.update(exporter=EXPORTER, torchVersion=torch.__version__, opset=OPSET)
        r = mc["n_frames_per_step"]
        # ~6 frames per symbol in read speech at 22050/256; 10 leaves room for slow speech before the cap cuts in.
        spp = steps_per_symbol if steps_per_symbol is not None else round(10.0 / r, 3)
        doc = voice_json(name, language, mc, symbols, voc_entries, prov, spp, min_steps if min_steps is not None else -(-40 // r))
        if int8_decoder:
            doc["acoustic"]["graphs"]["decoderIterInt8"] = int8_decoder
        with open(os.path.join(tmp, "voice.json"), "w", encoding="utf-8") as f:
            json.dump(doc, f, indent=2)
        progress("finishing", total - 1, total)
        for root, _, files in os.walk(tmp):
            for fn in files:
                _fsync_file(os.path.join(root, fn))
            _fsync_dir(root)
        old = None
        if os.path.exists(out_dir):
            old = os.path.join(parent, f".{os.path.basename(out_dir)}.old-{os.getpid()}")
            os.replace(out_dir, old)
        try:
            os.replace(tmp, out_dir)
        except OSError:
            if old:
                os.replace(old, out_dir)  # put the previous package back
            raise
        _fsync_dir(parent)
        if old:
            shutil.rmtree(old, ignore_errors=True)
        progress("done", total, total)
        return doc
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
