"""Warm start: a new run's weights from one of our checkpoints, NVIDIA's tacotron2_statedict.pt or a bare state_dict."""
from __future__ import annotations

import fnmatch
import os
import pickle
import types
from typing import Any, Dict, List, Tuple

import torch

from . import checkpoint as ckpt
from .config import ConfigError

# Globals a weights file may name (torch.save's own tensor machinery); anything else is refused on torch 1.x,
# where torch.load(weights_only=True) cannot read plain floats (NVIDIA's file holds its learning rate as one).
_ALLOWED = {("collections", "OrderedDict"), ("torch._utils", "_rebuild_tensor"), ("torch._utils", "_rebuild_tensor_v2"),
            ("torch._utils", "_rebuild_parameter"), ("torch._utils", "_rebuild_parameter_with_state"),
            ("torch", "Size"), ("torch.nn.parameter", "Parameter"), ("torch.serialization", "_get_layout"),
            ("torch", "device"), ("builtins", "set"), ("builtins", "frozenset")}


class _WeightsUnpickler(pickle.Unpickler):
    def find_class(self, module, name):
        if (module, name) in _ALLOWED or (module == "torch" and (name.endswith("Storage") or
                                                                 isinstance(getattr(torch, name, None), torch.dtype))):
            return super().find_class(module, name)
        raise pickle.UnpicklingError(f"{module}.{name} is not something a weights file holds")


_weights_pickle = types.SimpleNamespace(
    __name__="voicewright_weights_pickle", Unpickler=_WeightsUnpickler,
    load=lambda f, **kw: _WeightsUnpickler(f, **kw).load())


def load_weights_file(path: str) -> Any:
    """torch.load that runs no code from the file: weights_only on torch 2.x, a restricted unpickler on 1.x."""
    if int(torch.__version__.split(".")[0]) >= 2:
        return torch.load(path, map_location="cpu", weights_only=True)
    # torch 1.13's torch.load drops a pickle_module argument unless weights_only=True, so call its two readers
    # (present since 1.6) with ours directly.
    from torch import serialization as ser

    with open(path, "rb") as f:
        if ser._is_zipfile(f):
            with ser._open_zipfile_reader(f) as z:
                return ser._load(z, "cpu", _weights_pickle, encoding="utf-8")
        return ser._legacy_load(f, "cpu", _weights_pickle, encoding="utf-8")


def extract_state_dict(data: Any, path: str) -> Tuple[Dict[str, torch.Tensor], str]:
    """(model state_dict with any DataParallel 'module.' prefix removed, the layout's name)."""
    if isinstance(data, dict) and data.get("format") == ckpt.FORMAT and isinstance(data.get("model"), dict):
        sd, kind = data["model"], "voicewright"
    elif isinstance(data, dict) and isinstance(data.get("state_dict"), dict):
        sd, kind = data["state_dict"], "nvidia"  # NVIDIA/tacotron2 train.py: {iteration, state_dict, optimizer, learning_rate}
    elif isinstance(data, dict) and data and all(torch.is_tensor(v) for v in data.values()):
        sd, kind = data, "state_dict"
    else:
        raise ConfigError(f"warm_start: {path} holds no Tacotron2 weights (expected one of our checkpoints, NVIDIA's "
                          "{'state_dict': ...} layout, or a bare state_dict).",
                          "Point warm_start.checkpoint at a Tacotron2 checkpoint file.")
    if sd and all(k.startswith("module.") for k in sd):
        sd, kind = {k[len("module."):]: v for k, v in sd.items()}, kind + "+module"
    return {k: v for k, v in sd.items() if torch.is_tensor(v)}, kind


def _ignored(name: str, patterns: List[str]) -> bool:
    return any(name == p or name.startswith(p.rstrip(".") + ".") or fnmatch.fnmatchcase(name, p) for p in patterns)


def apply(model: torch.nn.Module, source: Dict[str, torch.Tensor], ignore_layers: List[str]) -> Dict[str, Any]:
    """Copies every tensor whose name and shape match into model; returns what was loaded, dropped and left out."""
    own = model.state_dict()
    take, dropped, ignored = {}, [], []
    for name, value in source.items():
        if name not in own:
            continue
        if _ignored(name, ignore_layers):
            ignored.append(name)
        elif tuple(value.shape) != tuple(own[name].shape):
            dropped.append({"name": name, "checkpoint_shape": list(value.shape), "model_shape": list(own[name].shape)})
        else:
            take[name] = value.to(dtype=own[name].dtype)
    unexpected = sorted(k for k in source if k not in own)
    missing = sorted(k for k in own if k not in source)
    # Under half the weights matching is no warm start but a different model (another preset, or not a Tacotron2).
    total = sum(v.numel() for v in own.values())
    if sum(v.numel() for v in take.values()) < 0.5 * total:
        raise ConfigError(f"warm_start: only {len(take)} of the model's {len(own)} tensors fit the checkpoint "
                          f"({len(dropped)} differ in shape, {len(missing)} are missing, {len(unexpected)} unknown names).",
                          "Set 'model' and 'model_overrides' to the checkpoint's sizes (NVIDIA's file needs the 'nvidia' "
                          "preset), or warm-start from a Tacotron2 checkpoint.")
    model.load_state_dict(take, strict=False)
    return {"loaded": len(take), "dropped": dropped, "ignored": sorted(ignored), "missing": missing,
            "unexpected": unexpected}


def warm_start(model: torch.nn.Module, ws: Dict[str, Any]) -> Dict[str, Any]:
    """Loads ws['checkpoint'] into model (weights only: optimizer state and step are not carried over)."""
    path = ws["checkpoint"]
    if not os.path.isfile(path):
        raise ConfigError(f"warm_start: checkpoint {path} does not exist.",
                          "Fix warm_start.checkpoint in run.json (a path relative to run.json), or remove warm_start.")
    try:
        data = load_weights_file(path)
    except Exception as e:  # truncated zip, foreign pickle, not a torch file at all
        raise ConfigError(f"warm_start: cannot read {path}: {type(e).__name__}: {e}",
                          "Use a checkpoint saved by torch.save (ours, NVIDIA's tacotron2_statedict.pt, or a state_dict).")
    sd, kind = extract_state_dict(data, path)
    report = apply(model, sd, ws.get("ignore_layers", []))
    return dict(report, checkpoint=path, layout=kind)
