"""Loading what `export` reads: our Tacotron2 checkpoints, NVIDIA's tacotron2 state_dicts, HiFi-GAN generators (ours
and jik876's g_ files), each with its sizes taken from the file itself so any trained size exports."""
from __future__ import annotations

import json
import os
from typing import Any, Dict, Optional, Tuple

import torch
from torch import nn

from . import checkpoint as ckpt
from .config import MODEL_PRESETS, ConfigError
from .model import Tacotron2

_TORCH2 = int(torch.__version__.split(".")[0]) >= 2


def torch_load(path: str) -> Any:
    if not os.path.isfile(path):
        raise ConfigError(f"checkpoint not found: {path}", "Pass --checkpoint with the path of a .pt file (a run's checkpoints/ckpt-*.pt).")
    try:
        if _TORCH2:
            return torch.load(path, map_location="cpu", weights_only=True)
        return torch.load(path, map_location="cpu")  # 1.x's weights_only unpickler rejects plain floats
    except Exception as e:  # truncated zip, not a torch file at all
        raise ConfigError(f"{path} is not a readable PyTorch checkpoint ({type(e).__name__}: {e})",
                          "Pick a complete checkpoint; one cut short by a crash cannot be read.") from e


def _strip_module(sd: Dict[str, Any]) -> Dict[str, torch.Tensor]:
    """DDP saves 'module.'-prefixed keys (NVIDIA's multi-GPU checkpoints do)."""
    return {(k[7:] if k.startswith("module.") else k): v for k, v in sd.items()}


def _is_state_dict(obj: Any) -> bool:
    return isinstance(obj, dict) and len(obj) > 0 and all(torch.is_tensor(v) for v in obj.values())


def infer_tacotron2_config(sd: Dict[str, torch.Tensor]) -> Dict[str, Any]:
    """Tacotron2 sizes from the shapes of an NVIDIA-layout state_dict; inference settings from the 'nvidia' preset."""
    try:
        c = dict(MODEL_PRESETS["nvidia"])
        n_sym, emb = sd["embedding.weight"].shape
        n_mel = int(sd["postnet.convolutions.0.0.conv.weight"].shape[1])
        frame = int(sd["decoder.linear_projection.linear_layer.weight"].shape[0])
        loc = sd["decoder.attention_layer.location_layer.location_conv.conv.weight"]
        enc_convs = sum(1 for k in sd if k.startswith("encoder.convolutions.") and k.endswith(".0.conv.weight"))
        post_convs = sum(1 for k in sd if k.startswith("postnet.convolutions.") and k.endswith(".0.conv.weight"))
        c.update({
            "n_symbols": int(n_sym), "symbols_embedding_dim": int(emb), "encoder_embedding_dim": int(emb),
            "encoder_n_convolutions": enc_convs, "encoder_kernel_size": int(sd["encoder.convolutions.0.0.conv.weight"].shape[2]),
            "n_mel_channels": n_mel, "n_frames_per_step": frame // n_mel,
            "prenet_dim": int(sd["decoder.prenet.layers.0.linear_layer.weight"].shape[0]),
            "attention_rnn_dim": int(sd["decoder.attention_rnn.weight_hh"].shape[1]),
            "decoder_rnn_dim": int(sd["decoder.decoder_rnn.weight_hh"].shape[1]),
            "attention_dim": int(sd["decoder.attention_layer.query_layer.linear_layer.weight"].shape[0]),
            "attention_location_n_filters": int(loc.shape[0]), "attention_location_kernel_size": int(loc.shape[2]),
            "postnet_embedding_dim": int(sd["postnet.convolutions.0.0.conv.weight"].shape[0]),
            "postnet_kernel_size": int(sd["postnet.convolutions.0.0.conv.weight"].shape[2]), "postnet_n_convolutions": post_convs,
        })
    except KeyError as e:
        raise ConfigError(f"the checkpoint is not a Tacotron2 in NVIDIA's layout (no {e.args[0]})",
                          "Export a checkpoint written by `train`, or NVIDIA's tacotron2_statedict.pt.") from e
    if frame % n_mel:
        raise ConfigError(f"linear_projection has {frame} outputs, not a multiple of {n_mel} mels", "The checkpoint is damaged.")
    return c


def load_tacotron2(path: str) -> Tuple[Tacotron2, Dict[str, Any]]:
    """(model in eval mode, info: model_config, symbols, mel, step, run_dir, dataset, kind).

    path 'random:PRESET[:SEED]' builds randomly initialised weights (benchmarks and tests: cost does not depend on them)."""
    info: Dict[str, Any] = {"symbols": None, "mel": None, "step": None, "run_dir": None, "dataset": None}
    if path.startswith("random:"):
        preset, _, seed = path[7:].partition(":")
        if preset not in MODEL_PRESETS:
            raise ConfigError(f"unknown Tacotron2 preset '{preset}'", f"Use one of: {', '.join(MODEL_PRESETS)}.")
        torch.manual_seed(int(seed) if seed.isdigit() else 0)
        mc = dict(MODEL_PRESETS[preset])
        info.update(kind="random", model_config=mc)
        return Tacotron2(mc).eval(), info
    data = torch_load(path)
    if isinstance(data, dict) and data.get("format") == ckpt.FORMAT:
        if data.get("complete") is not True or data.get("version") != ckpt.VERSION:
            raise ConfigError(f"{path} is an incomplete checkpoint or of version {data.get('version')} (this trainer reads {ckpt.VERSION})",
                              "Pick another checkpoint of the run.")
        if data.get("kind", "tacotron2") != "tacotron2":
            raise ConfigError(f"{path} is a {data.get('kind')} checkpoint, not a Tacotron2 one",
                              "Pass it as --vocoder NAME=PATH and give --checkpoint a Tacotron2 run's checkpoint.")
        sd, given = data["model"], data.get("model_config")
        cfg = data.get("config") or {}
        info.update(kind="voicewright", symbols=data.get("symbols"), mel=data.get("mel"), step=int(data["step"]),
                    run_dir=cfg.get("run_dir"), dataset=cfg.get("dataset"))
    elif isinstance(data, dict) and _is_state_dict(data.get("state_dict")):  # NVIDIA/tacotron2 train.py, DeepLearningExamples
        sd, given = data["state_dict"], None
        it = data.get("iteration", data.get("epoch"))
        info.update(kind="nvidia", step=int(it) if isinstance(it, int) else None)
    elif _is_state_dict(data):
        sd, given = data, None
        info.update(kind="state_dict")
    else:
        raise ConfigError(f"{path} holds no Tacotron2 weights (expected our checkpoint, NVIDIA's {{'state_dict': …}} or a bare state_dict)",
                          "Pick a checkpoint from a run's checkpoints/ folder.")
    sd = _strip_module(sd)
    inferred = infer_tacotron2_config(sd)
    mc = dict(inferred, **{k: v for k, v in (given or {}).items() if k in inferred})
    model = Tacotron2(mc)
    try:
        model.load_state_dict(sd)
    except RuntimeError as e:
        raise ConfigError(f"the weights in {path} do not fit a Tacotron2: {str(e).splitlines()[0]}",
                          "The checkpoint is damaged or from a different model; export another one.") from e
    if not all(bool(torch.isfinite(p).all()) for p in model.parameters()):
        raise ConfigError(f"{path} holds NaN or Inf weights", "Export an earlier checkpoint of the run.")
    info["model_config"] = mc
    return model.eval(), info


# ---- vocoders ---------------------------------------------------------------------------------------------------

def _generator_config(data: Any, path: str, sd: Dict[str, torch.Tensor]) -> Dict[str, Any]:
    from .vocoder_config import MODEL_PRESETS as VOCODER_PRESETS

    for key in ("generator_config", "model_config", "h"):
        c = data.get(key) if isinstance(data, dict) else None
        if isinstance(c, dict) and "upsample_rates" in c:
            return dict(c)
    side = os.path.join(os.path.dirname(path), "config.json")  # jik876 keeps config.json next to g_ files
    if os.path.isfile(side):
        with open(side, encoding="utf-8") as f:
            c = json.load(f)
        if isinstance(c, dict) and "upsample_rates" in c:
            return c
    from .hifigan import Generator

    shapes = {k: tuple(v.shape) for k, v in sd.items()}
    for name, preset in VOCODER_PRESETS.items():
        ref = Generator(preset).state_dict()
        if {k: tuple(v.shape) for k, v in ref.items()} == shapes:
            return dict(preset)
    raise ConfigError(f"cannot tell the HiFi-GAN size of {path}: no config inside, no config.json next to it, "
                      f"and its shapes match none of the presets ({', '.join(VOCODER_PRESETS)})",
                      "Put jik876's config.json (the one it was trained with) next to the generator file.")


def load_hifigan(spec: str) -> Tuple[nn.Module, Dict[str, Any]]:
    """spec: a generator file (ours or jik876's g_XXXXXXXX), or 'random:PRESET' (benchmarks, tests)."""
    from .hifigan import Generator
    from .vocoder_config import MODEL_PRESETS as VOCODER_PRESETS

    if spec.startswith("random:"):
        preset = spec[7:]
        if preset not in VOCODER_PRESETS:
            raise ConfigError(f"unknown HiFi-GAN preset '{preset}'", f"Use one of: {', '.join(VOCODER_PRESETS)}.")
        h = dict(VOCODER_PRESETS[preset])
        return Generator(h).eval(), {"config": h, "step": None, "source": spec}
    data = torch_load(spec)
    sd: Optional[Dict[str, Any]] = None
    if isinstance(data, dict):
        for key in ("generator", "model", "state_dict"):
            if _is_state_dict(data.get(key)):
                sd = data[key]
                break
        nested = data.get("model")  # a vocoder run's checkpoint: model = {generator, mpd, msd}
        if sd is None and isinstance(nested, dict) and _is_state_dict(nested.get("generator")):
            sd = nested["generator"]
        if sd is None and _is_state_dict(data):
            sd = data
    if sd is None:
        raise ConfigError(f"{spec} holds no HiFi-GAN generator weights (expected {{'generator': state_dict}})",
                          "Pass a generator file: jik876's g_XXXXXXXX or a vocoder run's checkpoint.")
    sd = _strip_module(sd)
    h = _generator_config(data, spec, sd)
    gen = Generator(h)
    try:
        gen.load_state_dict(sd)
    except RuntimeError as e:
        raise ConfigError(f"the generator weights in {spec} do not fit its config: {str(e).splitlines()[0]}",
                          "Check that config.json next to it is the one the generator was trained with.") from e
    step = data.get("step", data.get("steps")) if isinstance(data, dict) else None
    return gen.eval(), {"config": h, "step": step if isinstance(step, int) else None, "source": os.path.abspath(spec)}
