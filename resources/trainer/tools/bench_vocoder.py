"""HiFi-GAN speed on this machine: generator inference (seconds of audio per second) for V1/V2/V3 at 1 and 2 CPU
threads, and `train-vocoder` steps/s (real CLI) for the tiny and v2 presets, with ratios against baselines measured
in the same run (V1, 1 thread, tiny).

Usage (from the repository root):
  /usr/bin/python3 resources/trainer/tools/bench_vocoder.py [--seconds 1.0] [--reps 2] [--train-steps 8] [--batch 2]
  [--segment 8192] [--threads 1,2] [--skip-train]"""
import argparse
import json
import os
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "tests"))
import conftest  # noqa: E402  (puts the trainer package on sys.path)

import torch  # noqa: E402

from voicewright_trainer import hifigan as H  # noqa: E402
from voicewright_trainer.vocoder_config import MODEL_PRESETS  # noqa: E402


def inference_speed(name: str, threads: int, frames: int, reps: int) -> float:
    """Seconds of 22.05 kHz audio generated per wall-clock second (weight norm removed, as for synthesis)."""
    torch.set_num_threads(threads)
    torch.manual_seed(0)
    g = H.Generator(MODEL_PRESETS[name]).eval()
    g.remove_weight_norm()
    mel = torch.randn(1, 80, frames)
    with torch.inference_mode():
        g(mel[:, :, :8])  # warm-up (allocator, kernels)
        t = time.perf_counter()
        for _ in range(reps):
            g(mel)
        dt = time.perf_counter() - t
    return reps * frames * 256 / 22050 / dt


def train_speed(model: str, batch: int, segment: int, steps: int, threads: int, tmp: str) -> dict:
    ds = os.path.join(tmp, "ds")
    if not os.path.isdir(ds):
        conftest.make_dataset(ds, n_train=8, n_val=1, seconds=1.0)
    cfg = {"dataset": ds, "run_dir": os.path.join(tmp, f"run-{model}"), "model": model, "batch_size": batch,
           "segment_size": segment, "steps": steps, "eval_interval": 10 ** 6, "checkpoint_interval": 10 ** 6,
           "threads": threads, "device": "cpu"}
    path = os.path.join(tmp, f"run-{model}.json")
    json.dump(cfg, open(path, "w"))
    cmd = [sys.executable, "-m", "voicewright_trainer", "train-vocoder", "--config", path]
    p = subprocess.run(cmd, cwd=conftest.TRAINER, env=conftest.trainer_env(), capture_output=True, text=True)
    events = [json.loads(l) for l in p.stdout.splitlines()]
    timed = [e for e in events if e["event"] == "step"][3:]  # first 3 steps: warm-up
    if p.returncode or not timed:
        sys.exit(f"train-vocoder failed ({p.returncode}): {p.stdout[-2000:]}{p.stderr[-2000:]}")
    total = sum(e["step_s"] + e["data_s"] for e in timed)
    started = events[0]
    return {"steps_per_s": len(timed) / total, "data_share": sum(e["data_s"] for e in timed) / total,
            "params": started["params"], "threads": started["threads"]}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--seconds", type=float, default=1.0, help="audio per generator call")
    ap.add_argument("--reps", type=int, default=2)
    ap.add_argument("--threads", default="1,2")
    ap.add_argument("--train-steps", type=int, default=8)
    ap.add_argument("--batch", type=int, default=2)
    ap.add_argument("--segment", type=int, default=8192)
    ap.add_argument("--skip-train", action="store_true")
    a = ap.parse_args()
    threads = [int(t) for t in a.threads.split(",")]
    frames = max(8, int(a.seconds * 22050 / 256))
    print(f"torch {torch.__version__}, {os.cpu_count()} CPU(s), load average {os.getloadavg()[0]:.2f}; "
          f"generator inference on {frames} frames ({frames * 256 / 22050:.2f} s of audio), {a.reps} reps")
    speed = {}
    for name in ("v1", "v2", "v3"):
        for t in threads:
            speed[name, t] = inference_speed(name, t, frames, a.reps)
            print(f"  {name} ({H.count_parameters(H.Generator(MODEL_PRESETS[name])):,} params) {t} thread(s): "
                  f"{speed[name, t]:.2f} s audio/s ({1 / speed[name, t]:.3f} real-time factor)")
    t0 = threads[0]
    for name in ("v2", "v3"):
        print(f"  {name} vs v1 at {t0} thread(s): {speed[name, t0] / speed['v1', t0]:.2f}x")
    for t in threads[1:]:
        for name in ("v1", "v2", "v3"):
            print(f"  {name} {t} threads vs {t0}: {speed[name, t] / speed[name, t0]:.2f}x")
    if a.skip_train:
        return
    print(f"train-vocoder (real CLI, CPU, {threads[0]} thread(s)), batch {a.batch}, segment {a.segment}, "
          f"{a.train_steps} steps (first 3 dropped):")
    with tempfile.TemporaryDirectory() as tmp:
        res = {m: train_speed(m, a.batch, a.segment, a.train_steps, threads[0], tmp) for m in ("tiny", "v2")}
    for m, r in res.items():
        p = r["params"]
        print(f"  {m} (G {p['generator']:,} + MPD {p['mpd']:,} + MSD {p['msd']:,} params): {r['steps_per_s']:.3f} steps/s, "
              f"{r['steps_per_s'] * a.batch * a.segment / 22050:.2f} s audio/s trained, data loader {100 * r['data_share']:.1f}%")
    print(f"  tiny vs v2: {res['tiny']['steps_per_s'] / res['v2']['steps_per_s']:.1f}x")


if __name__ == "__main__":
    main()
