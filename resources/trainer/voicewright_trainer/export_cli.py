"""The `export` command: a Tacotron2 checkpoint (+ HiFi-GAN generators) → a voice package folder (see README)."""
from __future__ import annotations

import os
import re
import time

from .config import ConfigError

_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")


def add_arguments(parser) -> None:
    parser.add_argument("--checkpoint", required=True,
                        help="Tacotron2 checkpoint: ours (ckpt-*.pt), NVIDIA's tacotron2_statedict.pt, a bare state_dict, "
                             "or random:PRESET[:SEED] (benchmarks)")
    parser.add_argument("--vocoder", action="append", default=[], metavar="NAME=PATH",
                        help="HiFi-GAN generator to include (ours or jik876's g_XXXXXXXX, or random:PRESET); repeatable")
    parser.add_argument("--out", required=True, help="voice package folder to create")
    parser.add_argument("--name", required=True, help="the voice's display name")
    parser.add_argument("--language", default="en-US", help="BCP 47 tag (default en-US)")
    parser.add_argument("--license", default="unspecified", help="license of the voice (e.g. CC-BY-4.0)")
    parser.add_argument("--dataset-hash", default=None, help="override the dataset hash (default: computed from the run's dataset)")
    parser.add_argument("--no-griffin-lim", action="store_true", help="leave Griffin-Lim out of the vocoder list")
    parser.add_argument("--overwrite", action="store_true", help="replace --out if it exists (atomically)")
    parser.add_argument("--threads", type=int, default=1, help="torch CPU threads")
    parser.add_argument("--int8", action="store_true",
                        help="also write int8 graphs (decoder step, and a NAME-int8 twin of each HiFi-GAN vocoder): about half the CPU time")


def _vocoder_args(values):
    out = []
    for v in values:
        name, sep, path = v.partition("=")
        if not sep or not path:
            raise ConfigError(f"--vocoder {v!r} must be NAME=PATH", "For example: --vocoder hifigan-v1=runs/v1/g_02500000")
        if not _NAME.match(name) or name == "griffin-lim":
            raise ConfigError(f"--vocoder name {name!r} is not usable",
                              "Use letters, digits, '_', '.', '-' (it becomes part of a file name); 'griffin-lim' is built in.")
        out.append((name, path))
    return out


def run(args, emitter) -> int:
    import torch

    from . import export as E
    from .export_onnx_load import load_hifigan, load_tacotron2

    if args.threads < 1:
        raise ConfigError("--threads must be at least 1", "Pass --threads 1 (or the number of CPU cores).")
    torch.set_num_threads(args.threads)
    vocs = _vocoder_args(args.vocoder)
    if not args.name.strip():
        raise ConfigError("--name must not be empty", "Pass --name with the voice's display name.")
    if not re.match(r"^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$", args.language):
        raise ConfigError(f"--language {args.language!r} is not a BCP 47 tag", "For example: en-US, de-DE, fr.")
    out = os.path.abspath(args.out)
    if os.path.exists(out) and not args.overwrite:
        raise ConfigError(f"{out} already exists", "Choose a new --out folder, or pass --overwrite to replace it.")
    t0 = time.time()
    # Bad input (a checkpoint that does not load) is one error event and nothing else, as for `train`.
    model, info = load_tacotron2(args.checkpoint)
    specs = []
    for name, path in vocs:
        gen, vinfo = load_hifigan(path)
        specs.append(E.VocoderSpec(name=name, module=gen, kind="hifigan", config=vinfo["config"], hop=256,
                                   source=vinfo["source"], step=vinfo["step"]))
    emitter.emit("started", command="export", checkpoint=args.checkpoint, out=out, torch_version=torch.__version__,
                 checkpoint_kind=info["kind"], step=info["step"], model_config=info["model_config"],
                 vocoders=[n for n, _ in vocs], pid=os.getpid())
    src = args.checkpoint
    prov = {"checkpoint": os.path.abspath(src) if os.path.isfile(src) else src,
            "checkpointSha256": E.sha256_file(src) if os.path.isfile(src) else None,
            "checkpointKind": info["kind"], "run": info["run_dir"], "step": info["step"],
            "dataset": info["dataset"], "datasetHash": args.dataset_hash or E.dataset_hash(info["dataset"]),
            "license": args.license}

    def progress(stage: str, current: int, total: int) -> None:
        # The protocol has no progress event yet; `step` carries {stage, current, total} for export.
        emitter.emit("step", stage=stage, current=current, total=total, elapsed_s=round(time.time() - t0, 3))

    doc = E.export_voice(model, info["model_config"], out, args.name.strip(), args.language, specs, prov,
                         symbols=info["symbols"], overwrite=args.overwrite, griffin_lim=not args.no_griffin_lim,
                         int8=args.int8, progress=progress)
    files = sorted(os.path.relpath(os.path.join(r, f), out) for r, _, fs in os.walk(out) for f in fs if f.endswith((".onnx", ".json")))
    sizes = {f: os.path.getsize(os.path.join(out, f)) for f in files if f.endswith(".onnx")}
    emitter.emit("finished", reason="completed", out=out, voice_json=os.path.join(out, "voice.json"), files=sizes,
                 vocoders=[v["name"] for v in doc["vocoders"]], seconds=round(time.time() - t0, 3))
    return 0
