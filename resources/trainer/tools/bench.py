"""Training speed through the real CLI: steps/s, items/s and the data loader's share of step time, each as a ratio
against a baseline measured in the same run.

Usage (from the repository root):
  /usr/bin/python3 resources/trainer/tools/bench.py [--steps 40] [--nvidia-steps 8] [--seconds 1.5] [--skip-nvidia]
On the CPU: tiny at batch 8 (baseline: 1 thread, cached mels) against 2 threads and against uncached mels, then
the full NVIDIA config at batch 4 and 8 (1 and 2 threads). On a CUDA GPU also the full config at batch 32 and 64, fp32 against AMP,
with peak GPU memory. The dataset is ../shared/data/speech/ljspeech-32 cut to --seconds in a temp folder. Each line
ends with the 1-minute load average: on a shared machine other processes move the numbers more than threads do."""
import argparse
import json
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "tests"))
import conftest  # noqa: E402


def replicate(ds: str, dest: str, copies: int) -> str:
    """The dataset with every training clip `copies` times (new ids), for batches larger than the 32 shared clips."""
    import shutil

    shutil.copytree(ds, dest)
    meta = json.load(open(os.path.join(dest, "dataset.json")))
    rows = dict(l.split("|", 1) for l in open(os.path.join(dest, "metadata.csv")).read().splitlines() if l)
    extra = []
    for uid in meta["train"]:
        for k in range(1, copies):
            shutil.copy(os.path.join(dest, "wavs", uid + ".wav"), os.path.join(dest, "wavs", f"{uid}-{k}.wav"))
            extra.append(f"{uid}-{k}")
            rows[f"{uid}-{k}"] = rows[uid]
    meta["train"] += extra
    json.dump(meta, open(os.path.join(dest, "dataset.json"), "w"))
    open(os.path.join(dest, "metadata.csv"), "w").write("".join(f"{k}|{v}\n" for k, v in rows.items()))
    return dest


def measure(tmp: str, ds: str, name: str, steps: int, warmup: int, **cfg) -> dict:
    run_dir = os.path.join(tmp, name)
    full = dict({"dataset": ds, "run_dir": run_dir, "model": "tiny", "batch_size": 8, "steps": steps,
                 "eval_interval": 10 ** 6, "checkpoint_interval": 10 ** 6, "threads": 1, "device": "cpu"}, **cfg)
    path = os.path.join(tmp, name + ".json")
    with open(path, "w") as f:
        json.dump(full, f)
    env = dict(conftest.trainer_env(), OMP_NUM_THREADS=str(full["threads"]))
    p = subprocess.run(conftest.trainer_cmd(path), cwd=conftest.TRAINER, env=env, capture_output=True, text=True)
    events = [json.loads(l) for l in p.stdout.splitlines()]
    timed = [e for e in events if e["event"] == "step"][warmup:]
    if p.returncode or not timed:
        sys.exit(f"{name}: trainer failed ({p.returncode}): {p.stdout[-2000:]}{p.stderr[-2000:]}")
    total = sum(e["step_s"] + e["data_s"] for e in timed)
    started = next(e for e in events if e["event"] == "started")
    return {"name": name, "steps_s": len(timed) / total, "items_s": len(timed) * full["batch_size"] / total,
            "data_share": sum(e["data_s"] for e in timed) / total, "params": started["params"],
            "device": started["device"], "threads": started["threads"], "torch": started["torch_version"],
            "gpu_mb": max((e.get("gpu_memory_mb") or 0) for e in timed) or None, "steps": len(timed),
            "load": os.getloadavg()[0]}


def show(r: dict, base: dict = None) -> None:
    ratio = f"  x{r['steps_s'] / base['steps_s']:.2f} vs {base['name']}" if base else "  (baseline)"
    mem = f", peak GPU memory {r['gpu_mb']:.0f} MiB" if r["gpu_mb"] else ""
    print(f"{r['name']:<34} {r['steps_s']:7.3f} steps/s {r['items_s']:8.1f} items/s  data loader "
          f"{100 * r['data_share']:4.1f}% of step time{mem}, load {r['load']:.1f}{ratio}", flush=True)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--steps", type=int, default=40, help="tiny-config steps per measurement (5 dropped as warm-up)")
    ap.add_argument("--nvidia-steps", type=int, default=8, help="full-config steps on the CPU (2 dropped)")
    ap.add_argument("--seconds", type=float, default=1.5, help="clip length")
    ap.add_argument("--skip-nvidia", action="store_true")
    a = ap.parse_args()
    import torch

    with tempfile.TemporaryDirectory() as tmp:
        ds = conftest.make_dataset(os.path.join(tmp, "ds"), n_train=24, n_val=2, seconds=a.seconds)
        print(f"torch {torch.__version__}, {os.cpu_count()} CPU(s), load average "
              f"{', '.join(f'{x:.2f}' for x in os.getloadavg())}, {a.seconds}s clips, 24 training utterances")
        base = measure(tmp, ds, "tiny b8 1 thread cached", a.steps, 5)
        show(base)
        show(measure(tmp, ds, "tiny b8 2 threads cached", a.steps, 5, threads=2), base)
        show(measure(tmp, ds, "tiny b8 1 thread uncached mels", a.steps, 5, cache_mels=False), base)
        if not a.skip_nvidia:
            nv = measure(tmp, ds, "nvidia b4 1 thread", a.nvidia_steps, 2, model="nvidia", batch_size=4)
            show(nv, base)
            nv8 = measure(tmp, ds, "nvidia b8 1 thread", a.nvidia_steps, 2, model="nvidia", batch_size=8)
            show(nv8, nv)
            show(measure(tmp, ds, "nvidia b8 2 threads", a.nvidia_steps, 2, model="nvidia", batch_size=8, threads=2), nv8)
        if torch.cuda.is_available():
            ds = replicate(ds, os.path.join(tmp, "ds-x4"), 4)  # 96 utterances: batch 64 is a real batch
            for batch in (32, 64):
                fp32 = measure(tmp, ds, f"nvidia b{batch} cuda fp32", 30, 5, model="nvidia", batch_size=batch,
                               device="cuda", amp=False)
                show(fp32)
                show(measure(tmp, ds, f"nvidia b{batch} cuda amp", 30, 5, model="nvidia", batch_size=batch,
                             device="cuda", amp=True), fp32)
        else:
            print("no CUDA GPU: the full config's GPU speed and memory at batch 32/64 with AMP are not measured here")


if __name__ == "__main__":
    main()
