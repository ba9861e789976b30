"""Steps per second of the trainer on this machine, through the real CLI.

Usage (from the repository root):
  /usr/bin/python3 resources/trainer/tools/bench.py [--model tiny|nvidia] [--batch 8] [--steps 40] [--seconds 1.5] [--threads 1]
Builds a dataset from ../shared/data/speech/ljspeech-32 (clips cut to --seconds) in a temp folder, trains, and
prints steps/s (first 5 steps dropped as warm-up) and the data loader's share of step time."""
import argparse
import json
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "tests"))
import conftest  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--model", default="tiny")
    ap.add_argument("--batch", type=int, default=8)
    ap.add_argument("--steps", type=int, default=40)
    ap.add_argument("--seconds", type=float, default=1.5)
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--device", default="auto")
    a = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        ds = conftest.make_dataset(os.path.join(tmp, "ds"), n_train=24, n_val=2, seconds=a.seconds)
        cfg = {"dataset": ds, "run_dir": os.path.join(tmp, "run"), "model": a.model, "batch_size": a.batch,
               "steps": a.steps, "eval_interval": 10 ** 6, "checkpoint_interval": 10 ** 6, "threads": a.threads,
               "device": a.device}
        path = os.path.join(tmp, "run.json")
        json.dump(cfg, open(path, "w"))
        p = subprocess.run(conftest.trainer_cmd(path), cwd=conftest.TRAINER, env=conftest.trainer_env(),
                           capture_output=True, text=True)
        events = [json.loads(l) for l in p.stdout.splitlines()]
        steps = [e for e in events if e["event"] == "step"][5:]
        if p.returncode or not steps:
            sys.exit(f"trainer failed ({p.returncode}): {p.stdout[-2000:]}{p.stderr[-2000:]}")
        total = sum(e["step_s"] + e["data_s"] for e in steps)
        data = sum(e["data_s"] for e in steps)
        started = next(e for e in events if e["event"] == "started")
        for w in (e for e in events if e["event"] == "warning"):
            print("warning:", w["message"], file=sys.stderr)
        print(f"{a.model} ({started['params']:,} params) batch {a.batch}, {a.seconds}s clips, {started['device']}, "
              f"{started['threads']} thread(s), torch {started['torch_version']}: "
              f"{len(steps) / total:.2f} steps/s, {len(steps) * a.batch / total:.1f} items/s, "
              f"data loader {100 * data / total:.1f}% of step time")


if __name__ == "__main__":
    main()
