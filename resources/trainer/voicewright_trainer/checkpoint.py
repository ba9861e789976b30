"""Checkpoints: atomic writes, newest-complete lookup, keep-last-K plus the best by validation loss.

A checkpoint is written to a temp file in the same folder, flushed, fsynced and renamed over its final name
(os.replace), then the folder is fsynced. A crash at any moment leaves either the old set of checkpoints or the
old set plus one complete new one; stray temp files are ignored and cleaned up. The content uses only tensors,
numbers, strings, lists and dicts, so torch.load(weights_only=True) reads it on PyTorch 2.x."""
from __future__ import annotations

import json
import os
import random
import re
import time
from typing import Any, Dict, List, Optional, Tuple

import numpy as np
import torch

FORMAT = "voicewright-tacotron2-checkpoint"
VERSION = 1
# PyTorch 2.x's weights_only loader reads everything we store (tensors, numbers, strings, lists, dicts).
_SAFE_LOAD = int(torch.__version__.split(".")[0]) >= 2
_NAME = re.compile(r"^ckpt-(\d{8})\.pt$")
BEST = "best.json"  # {"step", "file" (name inside the checkpoints folder), "val_loss"}: the best-by-validation pointer


class NonFiniteWeights(Exception):
    pass


def checkpoint_path(directory: str, step: int) -> str:
    return os.path.join(directory, f"ckpt-{step:08d}.pt")


def list_checkpoints(directory: str) -> List[Tuple[int, str]]:
    """(step, path) of final-named checkpoint files, newest first."""
    if not os.path.isdir(directory):
        return []
    out = []
    for name in os.listdir(directory):
        m = _NAME.match(name)
        if m:
            out.append((int(m.group(1)), os.path.join(directory, name)))
    return sorted(out, reverse=True)


def remove_stale_temp_files(directory: str) -> List[str]:
    removed = []
    if os.path.isdir(directory):
        for name in os.listdir(directory):
            if (name.startswith(".ckpt-") and ".tmp" in name) or name.startswith(BEST + ".tmp"):
                try:
                    os.remove(os.path.join(directory, name))
                    removed.append(name)
                except OSError:
                    pass
    return removed


def rng_state() -> Dict[str, Any]:
    py = random.getstate()
    np_state = np.random.get_state()
    state = {
        "python": [py[0], list(py[1]), py[2]],
        "numpy": [np_state[0], torch.from_numpy(np_state[1].astype(np.int64)), int(np_state[2]), int(np_state[3]), float(np_state[4])],
        "torch": torch.get_rng_state(),
    }
    if torch.cuda.is_available():
        state["cuda"] = torch.cuda.get_rng_state_all()
    return state


def set_rng_state(state: Dict[str, Any]) -> None:
    py = state["python"]
    random.setstate((py[0], tuple(py[1]), py[2]))
    n = state["numpy"]
    np.random.set_state((n[0], n[1].numpy().astype(np.uint32), n[2], n[3], n[4]))
    torch.set_rng_state(state["torch"])
    if "cuda" in state and torch.cuda.is_available() and len(state["cuda"]) == torch.cuda.device_count():
        torch.cuda.set_rng_state_all(state["cuda"])


def _all_finite(obj) -> bool:
    if torch.is_tensor(obj):
        return not obj.is_floating_point() or bool(torch.isfinite(obj).all())
    if isinstance(obj, dict):
        return all(_all_finite(v) for v in obj.values())
    if isinstance(obj, (list, tuple)):
        return all(_all_finite(v) for v in obj)
    return True


def _fsync_dir(directory: str) -> None:
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:  # Windows cannot open folders; NTFS renames are durable enough there
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def save(directory: str, step: int, payload: Dict[str, Any], write_delay_s: float = 0.0) -> str:
    """Atomically writes ckpt-<step>.pt. Refuses (NonFiniteWeights) if the model or optimizer holds NaN/Inf."""
    if not _all_finite(payload["model"]) or not _all_finite(payload.get("optimizer", {})):
        raise NonFiniteWeights(f"refusing to checkpoint step {step}: the weights hold NaN or Inf")
    os.makedirs(directory, exist_ok=True)
    final = checkpoint_path(directory, step)
    tmp = os.path.join(directory, f".ckpt-{step:08d}.pt.tmp-{os.getpid()}")
    data = dict(payload, format=FORMAT, version=VERSION, step=step, complete=True)
    try:
        with open(tmp, "wb") as f:
            torch.save(data, f)
            f.flush()
            if write_delay_s:
                time.sleep(write_delay_s)  # tests: a window for kill -9 mid-write
            os.fsync(f.fileno())
        os.replace(tmp, final)
    except BaseException:
        try:
            os.remove(tmp)
        except OSError:
            pass
        raise
    _fsync_dir(directory)
    return final


def load_file(path: str) -> Dict[str, Any]:
    """Loads one checkpoint onto the CPU; raises ValueError if it is not a complete Voicewright checkpoint."""
    if _SAFE_LOAD:
        data = torch.load(path, map_location="cpu", weights_only=True)
    else:  # 1.x: its weights_only unpickler rejects plain floats; our own run folder's files are trusted there
        data = torch.load(path, map_location="cpu")
    if not isinstance(data, dict) or data.get("format") != FORMAT or data.get("complete") is not True:
        raise ValueError(f"{path} is not a complete Voicewright checkpoint")
    if data.get("version") != VERSION:
        raise ValueError(f"{path} has checkpoint version {data.get('version')}; this trainer reads {VERSION}")
    return data


def load_newest(directory: str, on_skip=None) -> Optional[Dict[str, Any]]:
    """The newest checkpoint that loads completely; unreadable or truncated ones are reported via on_skip(path, why)."""
    for _, path in list_checkpoints(directory):
        try:
            data = load_file(path)
            data["path"] = path
            return data
        except Exception as e:  # truncated zip, bad pickle, wrong format: try the next older one
            if on_skip:
                on_skip(path, f"{type(e).__name__}: {e}")
    return None


def prune(directory: str, keep: int, protect=()) -> List[str]:
    """Deletes all but the newest `keep` checkpoints, never one in `protect` (a path or paths) nor the one that
    best.json points at."""
    keep_paths = {protect} if isinstance(protect, str) else set(p for p in protect if p)
    best = read_best(directory)
    if best:
        keep_paths.add(best["path"])
    removed = []
    for _, path in list_checkpoints(directory)[keep:]:
        if path not in keep_paths:
            try:
                os.remove(path)
                removed.append(path)
            except OSError:
                pass
    return removed


def write_best(directory: str, step: int, path: str, val_loss: float) -> str:
    """Points best.json at a checkpoint (temp file + fsync + rename, like the checkpoints)."""
    final = os.path.join(directory, BEST)
    tmp = final + f".tmp-{os.getpid()}"
    with open(tmp, "w", encoding="utf-8") as f:
        json.dump({"step": int(step), "file": os.path.basename(path), "val_loss": float(val_loss)}, f)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, final)
    _fsync_dir(directory)
    return final


def read_best(directory: str) -> Optional[Dict[str, Any]]:
    """best.json with an absolute `path` added, or None when it is absent, unreadable or its checkpoint is gone."""
    try:
        with open(os.path.join(directory, BEST), "r", encoding="utf-8") as f:
            best = json.load(f)
        path = os.path.join(directory, os.path.basename(best["file"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None
    if not os.path.isfile(path):
        return None
    return dict(best, path=path)
