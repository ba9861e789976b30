"""Device choice and mixed precision (CUDA autocast + GradScaler), with torch 1.13 / 2.x differences guarded."""
from __future__ import annotations

import contextlib
import os

import torch

from .config import ConfigError


def pick_device(name: str) -> torch.device:
    if name == "auto":
        return torch.device("cuda" if torch.cuda.is_available() else "cpu")
    if name.startswith("cuda"):
        if not torch.cuda.is_available():
            raise ConfigError(f"device {name!r} was asked for but this PyTorch ({torch.__version__}) sees no CUDA GPU.",
                              "Set \"device\": \"auto\" or \"cpu\", or use a Python with a CUDA build of PyTorch.")
        idx = int(name[5:]) if ":" in name else 0
        if idx >= torch.cuda.device_count():
            raise ConfigError(f"device {name!r}: only {torch.cuda.device_count()} GPU(s) present.", "Pick an existing GPU index.")
    return torch.device(name)


def amp_enabled(setting, device: torch.device) -> bool:
    """'auto' → on for CUDA, off for the CPU (CPU autocast is bfloat16-only and slower for these LSTMs)."""
    if setting is True and device.type != "cuda":
        raise ConfigError(f"\"amp\": true needs a CUDA GPU; this run is on {device}.",
                          "Set \"amp\": \"auto\" (mixed precision wherever a GPU is used) or false.")
    return device.type == "cuda" and setting in ("auto", True)


def autocast(device: torch.device, enabled: bool):
    """float16 autocast on CUDA; a no-op context otherwise (the CPU path is exactly the fp32 one)."""
    if not enabled:
        return contextlib.nullcontext()
    return torch.autocast(device_type="cuda", dtype=torch.float16)


def grad_scaler(enabled: bool):
    """A GradScaler for float16 training, or None. torch >= 2.3 has torch.amp.GradScaler('cuda') and deprecates
    torch.cuda.amp.GradScaler; 1.13 has only the latter."""
    if not enabled:
        return None
    if hasattr(torch, "amp") and hasattr(torch.amp, "GradScaler"):
        return torch.amp.GradScaler("cuda")
    return torch.cuda.amp.GradScaler()


def max_memory_mb(device: torch.device):
    if device.type != "cuda":
        return None
    return round(torch.cuda.max_memory_allocated(device) / 2 ** 20, 1)


def lower_priority(increment: int) -> None:
    """A multi-hour CPU run shares the machine: raise this process's niceness (children inherit it) by `increment`."""
    if increment > 0 and hasattr(os, "nice"):
        os.nice(increment)
