"""run.json: the one file that describes a training run. Validated strictly, with errors that say what to change."""
from __future__ import annotations

import json
import os
from typing import Any, Dict


class ConfigError(Exception):
    """Bad input (run.json, dataset). The CLI reports it as an `error` event and exits with code 2."""

    def __init__(self, message: str, hint: str):
        super().__init__(message)
        self.message = message
        self.hint = hint


# Tacotron2 sizes. 'nvidia' is NVIDIA/tacotron2 hparams.py; 'tiny' trains on a CPU in tests.
MODEL_PRESETS: Dict[str, Dict[str, Any]] = {
    "nvidia": {
        "n_symbols": 148, "symbols_embedding_dim": 512,
        "encoder_kernel_size": 5, "encoder_n_convolutions": 3, "encoder_embedding_dim": 512,
        "n_frames_per_step": 1, "decoder_rnn_dim": 1024, "prenet_dim": 256,
        "max_decoder_steps": 1000, "gate_threshold": 0.5,
        "p_attention_dropout": 0.1, "p_decoder_dropout": 0.1,
        "attention_rnn_dim": 1024, "attention_dim": 128,
        "attention_location_n_filters": 32, "attention_location_kernel_size": 31,
        "postnet_embedding_dim": 512, "postnet_kernel_size": 5, "postnet_n_convolutions": 5,
        "n_mel_channels": 80, "mask_padding": True,
    },
}
MODEL_PRESETS["tiny"] = dict(
    MODEL_PRESETS["nvidia"], symbols_embedding_dim=32, encoder_embedding_dim=32, decoder_rnn_dim=64,
    prenet_dim=32, attention_rnn_dim=64, attention_dim=32, attention_location_n_filters=8,
    attention_location_kernel_size=15, postnet_embedding_dim=32, max_decoder_steps=400,
)

_MODEL_INT_KEYS = {k for k, v in MODEL_PRESETS["nvidia"].items() if isinstance(v, int) and not isinstance(v, bool)}
_MODEL_FLOAT_KEYS = {"gate_threshold", "p_attention_dropout", "p_decoder_dropout"}

# Everything a run.json may hold, with defaults. None = required.
DEFAULTS: Dict[str, Any] = {
    "dataset": None,            # dataset folder (LJSpeech layout + dataset.json); relative to run.json
    "run_dir": None,            # where checkpoints, caches, images and events.jsonl go; relative to run.json
    "model": "nvidia",          # preset: 'tiny' | 'nvidia'
    "model_overrides": {},      # any preset key, e.g. {"n_frames_per_step": 2}
    "batch_size": 64,
    "lr": 1e-3,
    "lr_schedule": {"kind": "constant"},  # or {"kind": "exponential", "start_step": s, "half_life": n, "min_lr": m}
    "weight_decay": 1e-6,
    "grad_clip": 1.0,
    "steps": 100000,            # stop after this many optimizer steps (in total, counting resumed ones)
    "eval_interval": 1000,
    "checkpoint_interval": 1000,
    "keep_checkpoints": 3,      # the last K; the best by validation loss is kept besides (checkpoints/best.json)
    "log_interval": 1,          # emit a `step` event every N steps
    "threads": 1,               # torch CPU threads
    "seed": 1234,
    "device": "auto",           # 'auto' | 'cpu' | 'cuda' | 'cuda:N'
    "num_workers": 0,           # data loader worker processes
    "cache_mels": True,         # keep computed mels under run_dir/mel-cache
    "gate_pos_weight": 5.0,     # BCE positive weight for the stop gate (1 stop frame per utterance vs hundreds of go frames)
    # normalize: 'cells' (mean over every cell) or 'steps' (summed over symbols, mean over decoder steps: ~N times stronger)
    "guided_attention": {"enabled": True, "sigma": 0.4, "weight": 1.0, "half_life": 5000, "min_weight": 0.0, "normalize": "cells"},
    "mel_l1": 0.0,              # weight of an L1 term on both mel outputs, added to NVIDIA's MSE (0 = NVIDIA's loss)
    "nice": 0,                  # raise the trainer's own CPU niceness by this much at start (19 = run in the background)
    "amp": "auto",              # mixed precision (CUDA only): 'auto' = on with CUDA, off on the CPU; true | false
    "warm_start": None,         # {"checkpoint": path, "ignore_layers": [name or prefix, ...]}: weights for a new run
    # After rollback_after non-finite steps in a row: back to the last good checkpoint with lr x lr_factor;
    # after max_rollbacks rollbacks the run ends as diverged.
    "nan_recovery": {"rollback_after": 5, "lr_factor": 0.5, "max_rollbacks": 3},
    # Every eval: `count` validation sentences synthesised free-running, vocoded with Griffin-Lim.
    "eval_samples": {"count": 2, "griffin_lim_iters": 60},
    # inject_nan_at_step: a step or [first, last]; each step is injected once (not again after a rollback).
    "debug": {"inject_nan_at_step": None, "overfit_batch": False, "checkpoint_write_delay_s": 0.0, "step_delay_s": 0.0},
}

_HINT = "Fix run.json and start the run again; see resources/trainer/README.md for every field."


def _fail(message: str, hint: str = _HINT) -> None:
    raise ConfigError(message, hint)


def check_number(cfg: Dict[str, Any], key: str, kind: type, lo=None, hi=None, where: str = "", hint: str = _HINT) -> None:
    """cfg[key] is a finite int (kind int) or number within [lo, hi]; shared by every trainer's run.json."""
    v = cfg[key]
    name = where + key
    if isinstance(v, bool) or not isinstance(v, (int, float)) or (kind is int and not isinstance(v, int)):
        _fail(f"run.json: '{name}' must be {'an integer' if kind is int else 'a number'}, got {json.dumps(v)}", hint)
    if v != v or v in (float("inf"), float("-inf")):
        _fail(f"run.json: '{name}' must be finite, got {v}", hint)
    if lo is not None and v < lo:
        _fail(f"run.json: '{name}' must be at least {lo}, got {v}", hint)
    if hi is not None and v > hi:
        _fail(f"run.json: '{name}' must be at most {hi}, got {v}", hint)


_num = check_number


def check_device(cfg: Dict[str, Any], hint: str = _HINT) -> None:
    dev = cfg["device"]
    if not isinstance(dev, str) or not (dev in ("auto", "cpu", "cuda") or (dev.startswith("cuda:") and dev[5:].isdigit())):
        _fail(f"run.json: 'device' must be 'auto', 'cpu', 'cuda' or 'cuda:N', got {json.dumps(dev)}", hint)


def merge_section(cfg: Dict[str, Any], key: str, defaults: Dict[str, Any], hint: str = _HINT) -> None:
    """cfg[key] is an object whose keys are all in defaults[key]; missing ones are filled from there."""
    given = cfg[key]
    if not isinstance(given, dict):
        _fail(f"run.json: '{key}' must be an object, got {json.dumps(given)}", hint)
    unknown = sorted(set(given) - set(defaults[key]))
    if unknown:
        _fail(f"run.json: unknown key(s) in '{key}': {', '.join(unknown)}",
              f"Allowed in '{key}': {', '.join(sorted(defaults[key]))}.")
    cfg[key] = dict(defaults[key], **given)


def model_config(cfg: Dict[str, Any]) -> Dict[str, Any]:
    m = dict(MODEL_PRESETS[cfg["model"]])
    m.update(cfg["model_overrides"])
    return m


def validate(raw: Any, base_dir: str = ".") -> Dict[str, Any]:
    """Fills defaults, checks every field, resolves paths against base_dir. Raises ConfigError."""
    if not isinstance(raw, dict):
        _fail("run.json must hold a JSON object.")
    unknown = sorted(set(raw) - set(DEFAULTS))
    if unknown:
        _fail(f"run.json: unknown key(s): {', '.join(unknown)}", f"Allowed keys: {', '.join(sorted(DEFAULTS))}.")
    cfg = dict(DEFAULTS)
    cfg.update(raw)
    for key in ("dataset", "run_dir"):
        if cfg[key] is None:
            _fail(f"run.json: '{key}' is required.", "Add \"dataset\" (the dataset folder) and \"run_dir\" (where the run lives).")
        if not isinstance(cfg[key], str) or not cfg[key].strip():
            _fail(f"run.json: '{key}' must be a path string, got {json.dumps(cfg[key])}")
        cfg[key] = os.path.abspath(os.path.join(base_dir, os.path.expanduser(cfg[key])))
    if cfg["model"] not in MODEL_PRESETS:
        _fail(f"run.json: 'model' must be one of {', '.join(repr(k) for k in MODEL_PRESETS)}, got {json.dumps(cfg['model'])}",
              "Use 'tiny' for a quick CPU test or 'nvidia' for NVIDIA's full Tacotron2.")
    if not isinstance(cfg["model_overrides"], dict):
        _fail("run.json: 'model_overrides' must be an object.")
    for k, v in cfg["model_overrides"].items():
        if k not in MODEL_PRESETS["nvidia"]:
            _fail(f"run.json: unknown model setting '{k}' in 'model_overrides'.",
                  f"Allowed: {', '.join(sorted(MODEL_PRESETS['nvidia']))}.")
        if k in _MODEL_INT_KEYS and (isinstance(v, bool) or not isinstance(v, int) or v < 1):
            _fail(f"run.json: model_overrides.{k} must be a positive integer, got {json.dumps(v)}")
        if k in _MODEL_FLOAT_KEYS and (isinstance(v, bool) or not isinstance(v, (int, float)) or not 0 <= v <= 1):
            _fail(f"run.json: model_overrides.{k} must be a number from 0 to 1, got {json.dumps(v)}")
        if k == "mask_padding" and not isinstance(v, bool):
            _fail("run.json: model_overrides.mask_padding must be true or false.")
    m = model_config(cfg)
    if m["n_frames_per_step"] > 8:
        _fail("run.json: n_frames_per_step must be 1 to 8.", "NVIDIA uses 1; 2 or 3 helps attention form on small datasets.")
    if m["symbols_embedding_dim"] != m["encoder_embedding_dim"]:
        _fail("run.json: symbols_embedding_dim must equal encoder_embedding_dim.",
              "NVIDIA's encoder convolves the symbol embeddings directly; set both to the same size.")
    if m["n_symbols"] != 148:
        _fail("run.json: n_symbols comes from the dataset's symbol set (148 for NVIDIA English, the inventory's size for ipa-espeak).",
              "Leave n_symbols out of model_overrides.")
    if m["encoder_embedding_dim"] % 2:
        _fail("run.json: encoder_embedding_dim must be even (the BiLSTM splits it in two).")
    if m["attention_location_kernel_size"] % 2 == 0 or m["encoder_kernel_size"] % 2 == 0 or m["postnet_kernel_size"] % 2 == 0:
        _fail("run.json: convolution kernel sizes must be odd (NVIDIA pads (k-1)/2 on each side).")
    _num(cfg, "batch_size", int, 1, 4096)
    _num(cfg, "lr", float, 0, 1)
    if cfg["lr"] <= 0:
        _fail("run.json: 'lr' must be greater than 0.", "NVIDIA uses 1e-3.")
    _num(cfg, "weight_decay", float, 0, 1)
    _num(cfg, "grad_clip", float, 0)
    _num(cfg, "steps", int, 0)
    for key in ("eval_interval", "checkpoint_interval", "keep_checkpoints", "log_interval", "threads"):
        _num(cfg, key, int, 1)
    _num(cfg, "seed", int, 0, 2 ** 31 - 1)
    _num(cfg, "num_workers", int, 0, 64)
    _num(cfg, "gate_pos_weight", float, 0)
    if not isinstance(cfg["cache_mels"], bool):
        _fail("run.json: 'cache_mels' must be true or false.")
    check_device(cfg)
    for key in ("lr_schedule", "guided_attention", "nan_recovery", "eval_samples", "debug"):
        if key == "lr_schedule":
            if not isinstance(cfg[key], dict):
                _fail("run.json: 'lr_schedule' must be an object.")
            continue
        merge_section(cfg, key, DEFAULTS)
    sched = dict(cfg["lr_schedule"])
    kind = sched.get("kind", "constant")
    if kind == "constant":
        if set(sched) - {"kind"}:
            _fail("run.json: a constant lr_schedule takes no other keys.")
        cfg["lr_schedule"] = {"kind": "constant"}
    elif kind == "exponential":
        sched = dict({"kind": "exponential", "start_step": 0, "half_life": 10000, "min_lr": 1e-5}, **sched)
        if set(sched) - {"kind", "start_step", "half_life", "min_lr"}:
            _fail("run.json: lr_schedule 'exponential' takes start_step, half_life, min_lr.")
        _num(sched, "start_step", int, 0, where="lr_schedule.")
        _num(sched, "half_life", int, 1, where="lr_schedule.")
        _num(sched, "min_lr", float, 0, where="lr_schedule.")
        cfg["lr_schedule"] = sched
    else:
        _fail(f"run.json: lr_schedule.kind must be 'constant' or 'exponential', got {json.dumps(kind)}")
    ga = cfg["guided_attention"]
    if not isinstance(ga["enabled"], bool):
        _fail("run.json: guided_attention.enabled must be true or false.")
    _num(ga, "sigma", float, 1e-3, 10, where="guided_attention.")
    _num(ga, "weight", float, 0, where="guided_attention.")
    _num(ga, "half_life", int, 1, where="guided_attention.")
    _num(ga, "min_weight", float, 0, where="guided_attention.")
    if ga["normalize"] not in ("cells", "steps"):
        _fail(f"run.json: guided_attention.normalize must be \"cells\" or \"steps\", got {json.dumps(ga['normalize'])}",
              "\"steps\" sums over symbols and averages over decoder steps; \"cells\" is the plain mean.")
    _num(cfg, "mel_l1", float, 0, 100)
    _num(cfg, "nice", int, 0, 19)
    if cfg["amp"] not in ("auto", True, False):
        _fail(f"run.json: 'amp' must be \"auto\", true or false, got {json.dumps(cfg['amp'])}",
              "\"auto\" uses mixed precision on a CUDA GPU and full precision on the CPU.")
    nr = cfg["nan_recovery"]
    _num(nr, "rollback_after", int, 1, 1000, where="nan_recovery.")
    _num(nr, "lr_factor", float, 1e-3, 1, where="nan_recovery.")
    _num(nr, "max_rollbacks", int, 0, 100, where="nan_recovery.")
    es = cfg["eval_samples"]
    _num(es, "count", int, 0, 16, where="eval_samples.")
    _num(es, "griffin_lim_iters", int, 0, 1000, where="eval_samples.")
    cfg["warm_start"] = _warm_start(cfg["warm_start"], base_dir)
    dbg = cfg["debug"]
    inj = dbg["inject_nan_at_step"]
    if isinstance(inj, list):
        if len(inj) != 2 or any(isinstance(v, bool) or not isinstance(v, int) or v < 1 for v in inj) or inj[0] > inj[1]:
            _fail(f"run.json: debug.inject_nan_at_step must be a step or [first, last], got {json.dumps(inj)}")
    elif inj is not None:
        _num(dbg, "inject_nan_at_step", int, 1, where="debug.")
    if not isinstance(dbg["overfit_batch"], bool):
        _fail("run.json: debug.overfit_batch must be true or false.")
    _num(dbg, "checkpoint_write_delay_s", float, 0, 600, where="debug.")
    _num(dbg, "step_delay_s", float, 0, 600, where="debug.")
    return cfg


def _warm_start(ws: Any, base_dir: str) -> Any:
    if ws is None:
        return None
    hint = "Write \"warm_start\": {\"checkpoint\": \"path/to/tacotron2_statedict.pt\", \"ignore_layers\": [\"embedding.weight\"]}."
    if isinstance(ws, str):
        ws = {"checkpoint": ws}
    if not isinstance(ws, dict):
        _fail(f"run.json: 'warm_start' must be an object or null, got {json.dumps(ws)}", hint)
    unknown = sorted(set(ws) - {"checkpoint", "ignore_layers"})
    if unknown:
        _fail(f"run.json: unknown key(s) in 'warm_start': {', '.join(unknown)}", hint)
    path = ws.get("checkpoint")
    if not isinstance(path, str) or not path.strip():
        _fail("run.json: warm_start.checkpoint must be the path of a checkpoint file.", hint)
    layers = ws.get("ignore_layers", [])
    if not isinstance(layers, list) or not all(isinstance(x, str) and x for x in layers):
        _fail(f"run.json: warm_start.ignore_layers must be a list of layer names, got {json.dumps(layers)}", hint)
    return {"checkpoint": os.path.abspath(os.path.join(base_dir, os.path.expanduser(path))), "ignore_layers": layers}


def read_json(path: str) -> Any:
    """The parsed run.json, or a ConfigError that says why it cannot be read."""
    try:
        with open(path, "r", encoding="utf-8") as f:
            text = f.read()
    except OSError as e:
        raise ConfigError(f"cannot read {path}: {e.strerror}", "Pass --config with the path of an existing run.json.")
    try:
        return json.loads(text)
    except json.JSONDecodeError as e:
        raise ConfigError(f"{path} is not valid JSON: {e.msg} at line {e.lineno} column {e.colno}",
                          "Fix the JSON syntax (a trailing comma or a missing quote is the usual cause).")


def load(path: str) -> Dict[str, Any]:
    return validate(read_json(path), os.path.dirname(os.path.abspath(path)))
