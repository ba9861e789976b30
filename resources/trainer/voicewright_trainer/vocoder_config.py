"""run.json for `train-vocoder`: HiFi-GAN presets (jik876's V1/V2/V3) and the strict schema of a vocoder run."""
from __future__ import annotations

import json
import os
from typing import Any, Dict

from .config import ConfigError, check_device, check_number, merge_section, read_json

# Generator sizes exactly as jik876/hifi-gan config_v1.json, config_v2.json, config_v3.json. Their discriminators
# have fixed widths; "discriminator_divisor" (ours) divides those widths so the 'tiny' preset trains on a CPU
# (1 = jik876's MPD/MSD, and their parameter names in every case).
_V1 = {
    "resblock": "1",
    "upsample_rates": [8, 8, 2, 2],
    "upsample_kernel_sizes": [16, 16, 4, 4],
    "upsample_initial_channel": 512,
    "resblock_kernel_sizes": [3, 7, 11],
    "resblock_dilation_sizes": [[1, 3, 5], [1, 3, 5], [1, 3, 5]],
    "num_mels": 80,
    "mpd_periods": [2, 3, 5, 7, 11],
    "discriminator_divisor": 1,
}
MODEL_PRESETS: Dict[str, Dict[str, Any]] = {
    "v1": _V1,
    "v2": dict(_V1, upsample_initial_channel=128),
    "v3": dict(_V1, resblock="2", upsample_rates=[8, 8, 4], upsample_kernel_sizes=[16, 16, 8],
               upsample_initial_channel=256, resblock_kernel_sizes=[3, 5, 7],
               resblock_dilation_sizes=[[1, 2], [2, 6], [3, 12]]),
    # CPU tests: 32 channels, 8*8*4 = 256 = hop, one resblock per stage, discriminators 1/32 of jik876's width.
    "tiny": dict(_V1, upsample_rates=[8, 8, 4], upsample_kernel_sizes=[16, 16, 8], upsample_initial_channel=32,
                 resblock_kernel_sizes=[3], resblock_dilation_sizes=[[1, 3, 5]], discriminator_divisor=32),
}
HOP = 256  # the mel definition's hop (mel.py): the generator's upsampling product must equal it

# Everything a vocoder run.json may hold, with defaults (jik876's training values). None = required.
DEFAULTS: Dict[str, Any] = {
    "dataset": None,            # dataset folder (LJSpeech layout + dataset.json); relative to run.json
    "run_dir": None,            # checkpoints, mel caches, samples, events.jsonl; relative to run.json
    "model": "v1",              # preset: 'v1' | 'v2' | 'v3' | 'tiny'
    "model_overrides": {},      # any preset key, e.g. {"upsample_initial_channel": 256}
    "batch_size": 16,
    "segment_size": 8192,       # audio samples per training example (a multiple of 256)
    "lr": 2e-4,                 # AdamW for generator and discriminators, as jik876
    "adam_b1": 0.8,
    "adam_b2": 0.99,
    "lr_decay": 0.999,          # lr × lr_decay after every epoch (jik876's ExponentialLR)
    "steps": 2500000,           # jik876 trained V1 for 2.5M steps
    "eval_interval": 1000,
    "checkpoint_interval": 5000,
    "keep_checkpoints": 3,
    "log_interval": 1,
    "threads": 1,
    "nice": 0,                  # raise the process's CPU niceness by this much at start (19 = background)
    "seed": 1234,
    "device": "auto",
    "num_workers": 0,
    "cache_mels": True,         # ground-truth mels as .npy under run_dir/mel-cache/
    "amp": "auto",              # mixed precision: 'auto' = float16 on CUDA, off on the CPU; true (CUDA only) | false
    "val_samples": 2,           # val utterances written as WAV at every eval
    "gta": None,                # {"tacotron2_checkpoint": path}: fine-tune on teacher-forced Tacotron2 mels
    "init": {"generator": None, "discriminator": None},  # jik876 g_/do_ files (or our checkpoints) to start from
    "debug": {"inject_nan_at_step": None, "overfit_batch": False, "checkpoint_write_delay_s": 0.0, "step_delay_s": 0.0},
}

_HINT = "Fix run.json and start the run again; see the HiFi-GAN section of resources/trainer/README.md."
_LIST_KEYS = ("upsample_rates", "upsample_kernel_sizes", "resblock_kernel_sizes", "mpd_periods")


def _fail(message: str, hint: str = _HINT) -> None:
    raise ConfigError(message, hint)


def _num(cfg: Dict[str, Any], key: str, kind: type, lo=None, hi=None, where: str = "") -> None:
    check_number(cfg, key, kind, lo, hi, where, hint=_HINT)


def _pos_int_list(v: Any) -> bool:
    return isinstance(v, list) and len(v) > 0 and all(isinstance(x, int) and not isinstance(x, bool) and x > 0 for x in v)


def model_config(cfg: Dict[str, Any]) -> Dict[str, Any]:
    m = json.loads(json.dumps(MODEL_PRESETS[cfg["model"]]))  # deep copy
    m.update(cfg["model_overrides"])
    return m


def check_model(m: Dict[str, Any], where: str = "model_overrides") -> None:
    """The generator/discriminator settings must describe a buildable HiFi-GAN whose output is 256 samples per frame."""
    if m["resblock"] not in ("1", "2"):
        _fail(f"run.json: {where}.resblock must be \"1\" or \"2\", got {json.dumps(m['resblock'])}")
    for k in _LIST_KEYS:
        if not _pos_int_list(m[k]):
            _fail(f"run.json: {where}.{k} must be a non-empty list of positive integers, got {json.dumps(m[k])}")
    for k in ("upsample_initial_channel", "num_mels", "discriminator_divisor"):
        if isinstance(m[k], bool) or not isinstance(m[k], int) or m[k] < 1:
            _fail(f"run.json: {where}.{k} must be a positive integer, got {json.dumps(m[k])}")
    if m["num_mels"] != 80:
        _fail("run.json: num_mels must be 80 (the shared mel definition).")
    rates, kernels = m["upsample_rates"], m["upsample_kernel_sizes"]
    if len(rates) != len(kernels):
        _fail(f"run.json: upsample_rates ({len(rates)}) and upsample_kernel_sizes ({len(kernels)}) must have the same length.")
    prod = 1
    for u, k in zip(rates, kernels):
        prod *= u
        if k < u or (k - u) % 2:
            _fail(f"run.json: upsample kernel {k} for rate {u}: the kernel must be ≥ the rate and differ from it by an even number.",
                  "jik876 uses kernel = 2 × rate (16 for 8, 4 for 2).")
    if prod != HOP:
        _fail(f"run.json: the product of upsample_rates is {prod}; it must be {HOP}, the mel hop (one frame = {HOP} samples).")
    if m["upsample_initial_channel"] % (2 ** len(rates)):
        _fail(f"run.json: upsample_initial_channel {m['upsample_initial_channel']} must be divisible by 2^{len(rates)} (it halves per upsampling).")
    dil = m["resblock_dilation_sizes"]
    n_dil = 3 if m["resblock"] == "1" else 2
    if not isinstance(dil, list) or len(dil) != len(m["resblock_kernel_sizes"]) or not all(_pos_int_list(d) and len(d) == n_dil for d in dil):
        _fail(f"run.json: resblock_dilation_sizes must hold one list of {n_dil} positive integers per resblock kernel "
              f"(resblock \"{m['resblock']}\"), got {json.dumps(dil)}")
    if any(k % 2 == 0 for k in m["resblock_kernel_sizes"]):
        _fail("run.json: resblock_kernel_sizes must be odd (same-length convolutions).")
    if 1024 % m["discriminator_divisor"] or m["discriminator_divisor"] > 64:
        _fail("run.json: discriminator_divisor must be a power of two from 1 to 64.", "1 is jik876's full-size discriminators.")


def validate(raw: Any, base_dir: str = ".") -> Dict[str, Any]:
    """Fills defaults, checks every field, resolves paths against base_dir. Raises ConfigError."""
    if not isinstance(raw, dict):
        _fail("run.json must hold a JSON object.")
    unknown = sorted(set(raw) - set(DEFAULTS))
    if unknown:
        _fail(f"run.json: unknown key(s): {', '.join(unknown)}", f"Allowed keys for train-vocoder: {', '.join(sorted(DEFAULTS))}.")
    cfg = dict(DEFAULTS)
    cfg.update(raw)

    def path(v: Any, name: str) -> str:
        if not isinstance(v, str) or not v.strip():
            _fail(f"run.json: '{name}' must be a path string, got {json.dumps(v)}")
        return os.path.abspath(os.path.join(base_dir, os.path.expanduser(v)))

    for key in ("dataset", "run_dir"):
        if cfg[key] is None:
            _fail(f"run.json: '{key}' is required.", "Add \"dataset\" (the dataset folder) and \"run_dir\" (where the run lives).")
        cfg[key] = path(cfg[key], key)
    if cfg["model"] not in MODEL_PRESETS:
        _fail(f"run.json: 'model' must be one of {', '.join(repr(k) for k in MODEL_PRESETS)}, got {json.dumps(cfg['model'])}",
              "Use 'v1' for jik876's best quality, 'v2' or 'v3' for speed, 'tiny' for a quick CPU test.")
    if not isinstance(cfg["model_overrides"], dict):
        _fail("run.json: 'model_overrides' must be an object.")
    bad = sorted(set(cfg["model_overrides"]) - set(_V1))
    if bad:
        _fail(f"run.json: unknown model setting(s) in 'model_overrides': {', '.join(bad)}", f"Allowed: {', '.join(sorted(_V1))}.")
    check_model(model_config(cfg))
    _num(cfg, "batch_size", int, 1, 4096)
    _num(cfg, "segment_size", int, HOP, 2 ** 20)
    if cfg["segment_size"] % HOP:
        _fail(f"run.json: 'segment_size' must be a multiple of {HOP} (whole mel frames), got {cfg['segment_size']}",
              f"jik876 uses 8192 (32 frames); try {cfg['segment_size'] // HOP * HOP or HOP}.")
    _num(cfg, "lr", float, 0, 1)
    if cfg["lr"] <= 0:
        _fail("run.json: 'lr' must be greater than 0.", "jik876 uses 2e-4.")
    for key in ("adam_b1", "adam_b2"):
        _num(cfg, key, float, 0, 0.999999)
    _num(cfg, "lr_decay", float, 0.5, 1)
    _num(cfg, "steps", int, 0)
    for key in ("eval_interval", "checkpoint_interval", "keep_checkpoints", "log_interval", "threads"):
        _num(cfg, key, int, 1)
    _num(cfg, "nice", int, 0, 19)
    _num(cfg, "seed", int, 0, 2 ** 31 - 1)
    _num(cfg, "num_workers", int, 0, 64)
    _num(cfg, "val_samples", int, 0, 100)
    if not isinstance(cfg["cache_mels"], bool):
        _fail("run.json: 'cache_mels' must be true or false.")
    if cfg["amp"] not in ("auto", True, False):
        _fail(f"run.json: 'amp' must be \"auto\", true or false, got {json.dumps(cfg['amp'])}",
              "\"auto\" uses mixed precision on a CUDA GPU and full precision on the CPU.")
    check_device(cfg, _HINT)
    for key in ("init", "debug"):
        merge_section(cfg, key, DEFAULTS, _HINT)
    for k, v in cfg["init"].items():
        if v is not None:
            cfg["init"][k] = path(v, f"init.{k}")
    if cfg["gta"] is not None:
        g = cfg["gta"]
        if not isinstance(g, dict) or set(g) != {"tacotron2_checkpoint"}:
            _fail(f"run.json: 'gta' must be null or {{\"tacotron2_checkpoint\": path}}, got {json.dumps(g)}",
                  "Point it at a checkpoint of a `train` run (run_dir/checkpoints/ckpt-….pt).")
        cfg["gta"] = {"tacotron2_checkpoint": path(g["tacotron2_checkpoint"], "gta.tacotron2_checkpoint")}
    dbg = cfg["debug"]
    if dbg["inject_nan_at_step"] is not None:
        _num(dbg, "inject_nan_at_step", int, 1, where="debug.")
    if not isinstance(dbg["overfit_batch"], bool):
        _fail("run.json: debug.overfit_batch must be true or false.")
    _num(dbg, "checkpoint_write_delay_s", float, 0, 600, where="debug.")
    _num(dbg, "step_delay_s", float, 0, 600, where="debug.")
    return cfg


def load(path: str) -> Dict[str, Any]:
    return validate(read_json(path), os.path.dirname(os.path.abspath(path)))
