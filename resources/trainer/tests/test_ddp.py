"""DDP through torchrun: two CPU processes (gloo), events once, SIGTERM stops both, a single process resumes."""
import json
import os
import signal
import subprocess
import sys
import time

import torch

from conftest import TRAINER, of, parse_events, run_trainer, trainer_env, write_run
from voicewright_trainer import checkpoint as ckpt
from voicewright_trainer.distributed import Distributed


def torchrun_cmd(config: str, nproc: int = 2):
    # --redirects/--tee 1:2: rank 1's stderr goes to a log file. Any explicit mapping also avoids a bug of
    # torch 1.13's torchrun on Python 3.11, whose default "0" parses to None (IntFlag iteration changed).
    return [sys.executable, "-m", "torch.distributed.run", "--standalone", "--nproc_per_node", str(nproc),
            "--monitor_interval", "0.2", "--redirects", "1:2", "--tee", "1:2",
            "-m", "voicewright_trainer", "train", "--config", config]


def test_shard_and_sync_without_torchrun():
    one = Distributed({})
    assert not one.enabled and one.is_main and one.shard([[1], [2], [3]]) == [[1], [2], [3]]
    assert one.sync(torch.tensor([1.0, 2.0]), True)[1] is True
    r1 = Distributed({"WORLD_SIZE": "2", "RANK": "1", "LOCAL_RANK": "1"})
    assert r1.enabled and not r1.is_main
    assert r1.shard([[0], [1], [2], [3], [4]]) == [[1], [3]]  # global batch i*world + rank; the odd one dropped
    assert r1.shard([[0]]) == [[0]]  # fewer batches than ranks: repeated
    assert r1.device("cpu") == torch.device("cpu")


def test_torchrun_two_processes_sigterm_and_single_process_resume(tmp_path, dataset_dir):
    run_dir = str(tmp_path / "run")
    cfg = write_run(tmp_path, dataset_dir, run_dir=run_dir, steps=1000, eval_interval=3, device="cpu",
                    debug={"step_delay_s": 0.05, "inject_nan_at_step": 2})
    p = subprocess.Popen(torchrun_cmd(cfg), cwd=TRAINER, env=trainer_env(), stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, text=True)
    lines = []
    for line in p.stdout:
        lines.append(line)
        e = json.loads(line)
        if e["event"] == "step" and e["step"] >= 4:
            t_signal = time.time()
            p.send_signal(signal.SIGTERM)  # to torchrun, which passes it to both workers
            break
    out, err = p.communicate(timeout=60)
    stopped_in = time.time() - t_signal
    events = parse_events("".join(lines) + out)
    # torchrun's own exit status is 1 after a signal (SignalException); the workers exited by themselves, well
    # before its 30 s SIGKILL deadline.
    assert stopped_in < 20, (stopped_in, err[-3000:])
    kinds = [e["event"] for e in events]
    assert kinds.count("started") == 1 and kinds.count("finished") == 1, kinds
    st = events[0]
    assert st["world_size"] == 2 and st["device"] == "cpu"
    steps = [e["step"] for e in of(events, "step")]
    assert steps == list(range(1, len(steps) + 1))  # each step reported once, by rank 0
    assert [(w["code"], w["step"]) for w in of(events, "warning")] == [("nan_skipped", 2)]  # both ranks skipped it
    assert [e["step"] for e in of(events, "eval")] == [3] and len(of(events, "eval")[0]["samples"]) == 2
    fin = events[-1]
    assert fin["reason"] == "terminated" and fin["checkpoint"].endswith(f"ckpt-{fin['step']:08d}.pt")
    assert fin["step"] >= 4
    logged = [json.loads(l) for l in open(os.path.join(run_dir, "events.jsonl"))]
    assert logged == events
    saved = ckpt.load_file(fin["checkpoint"])
    assert saved["world_size"] == 2 and saved["batch_in_epoch"] % 2 == 0
    assert not any(k.startswith("module.") for k in saved["model"])  # the plain model's keys, not DDP's wrapper
    # One process picks the run up where the two left it.
    rc, again, err = run_trainer(write_run(tmp_path, dataset_dir, run_dir=run_dir, steps=fin["step"] + 2, device="cpu"))
    assert rc == 0, err
    assert again[0]["resumed_from"] == fin["checkpoint"] and again[0]["world_size"] == 1
    assert [e["step"] for e in of(again, "step")] == [fin["step"] + 1, fin["step"] + 2]
    assert again[-1]["reason"] == "completed"
