"""What every trainer does with its run folder: hold it alone (a lock), and check a checkpoint found there fits this run."""
from __future__ import annotations

import os
from typing import Any, Callable, Dict, Iterable

from .config import ConfigError


def lock_run_dir(run_dir: str):
    """One trainer per run folder (POSIX flock, held while the returned file stays open; no-op without fcntl)."""
    f = open(os.path.join(run_dir, ".lock"), "a+")
    try:
        import fcntl
    except ImportError:
        return f
    try:
        fcntl.flock(f.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        f.close()
        raise ConfigError(f"another trainer is already running in {run_dir}.",
                          "Stop it first (SIGTERM saves a checkpoint) or use a different run_dir.")
    return f


def check_resume(state: Dict[str, Any], model_config: Dict[str, Any], cfg: Dict[str, Any], resumable: Iterable[str],
                 warn: Callable[..., Any], what: str = "run") -> Dict[str, Any]:
    """Refuses a checkpoint of a different model; warns (config_changed) about settings that make the resume inexact.
    Returns the checkpoint's config."""
    if state["model_config"] != model_config:
        diff = sorted(k for k in set(model_config) | set(state["model_config"]) if model_config.get(k) != state["model_config"].get(k))
        raise ConfigError(f"run folder {cfg['run_dir']} holds a {what} with a different model ({', '.join(diff)} differ).",
                          "Use a new run_dir for a different model, or restore the run's original model settings.")
    old = state["config"]
    keep = set(resumable)
    changed = sorted(k for k in cfg if k not in keep and old.get(k) != cfg[k])
    if changed:
        warn("warning", code="config_changed", message=f"resuming with changed settings: {', '.join(changed)}",
             hint="The run continues with the new values; it will not match an uninterrupted run exactly.")
    return old
