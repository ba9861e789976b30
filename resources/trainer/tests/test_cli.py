"""The real trainer process over its JSON-lines protocol: training, eval, checkpoints, SIGTERM, resume, crashes, NaN."""
import json
import os
import signal
import subprocess
import time
import wave

import pytest
import torch

from conftest import TRAINER, of, parse_events, run_trainer, trainer_cmd, trainer_env, write_run
from voicewright_trainer import checkpoint as ckpt
from voicewright_trainer.config import ConfigError, validate


def losses_by_step(events):
    return {e["step"]: e["losses"] for e in of(events, "step")}


def test_train_protocol_order_and_overfit(tmp_path, dataset_dir):
    """(a) a real few-step run: JSON lines in order; the loss falls on one repeated batch."""
    cfg = write_run(tmp_path, dataset_dir, steps=30, lr=3e-3, eval_interval=15, checkpoint_interval=15,
                    debug={"overfit_batch": True})
    rc, events, err = run_trainer(cfg)
    assert rc == 0, err
    kinds = [e["event"] for e in events]
    assert kinds[0] == "started" and kinds[-1] == "finished"
    assert set(kinds) == {"started", "step", "eval", "checkpoint", "finished"}, kinds
    assert kinds.index("eval") == 16 and kinds[17] == "checkpoint"  # 15 steps, eval, checkpoint, ...
    st = events[0]
    assert st["torch_version"] == torch.__version__ and st["device"] == "cpu" and st["params"] > 100_000
    assert st["threads"] == 1 and st["resumed_from"] is None
    steps = of(events, "step")
    assert [e["step"] for e in steps] == list(range(1, 31))
    for e in steps:
        assert set(e["losses"]) == {"mel", "gate", "guided_attention", "total"}
        assert e["lr"] == 3e-3 and e["grad_norm"] > 0 and e["items_per_s"] > 0 and e["skipped"] is False
    first = sum(e["losses"]["total"] for e in steps[:5]) / 5
    last = sum(e["losses"]["total"] for e in steps[-5:]) / 5
    assert last < 0.5 * first, (first, last)
    ev = of(events, "eval")
    assert [e["step"] for e in ev] == [15, 30]
    for e in ev:
        assert set(e["val_losses"]) >= {"mel", "gate", "total"}
        assert 0 < e["alignment"]["focus_rate"] <= 1 and 0 < e["alignment"]["coverage"] <= 1
        with open(e["alignment_image"], "rb") as f:
            assert f.read(8) == b"\x89PNG\r\n\x1a\n"
        assert os.path.isfile(e["alignment_npy"]) and os.path.isfile(e["mel_image"])
        # Two fixed validation sentences, free-running, Griffin-Lim vocoded into 16-bit WAVs under samples/<step>/.
        assert [s["id"] for s in e["samples"]] == [u["id"] for u in ev[0]["samples"]] and len(e["samples"]) == 2
        for s in e["samples"]:
            assert os.path.dirname(s["wav"]).endswith(os.path.join("samples", f"{e['step']:08d}"))
            with wave.open(s["wav"]) as w:
                assert (w.getnchannels(), w.getsampwidth(), w.getframerate()) == (1, 2, 22050)
                assert abs(w.getnframes() / 22050 - s["seconds"]) < 0.01 and s["seconds"] > 0
            assert isinstance(s["gate_stopped"], bool) and s["text"] and 0 < s["alignment"]["focus_rate"] <= 1
            assert s["decoder_steps"] <= (10 * len(s["text"]) + 40)  # capped by the text length, not 400 steps
            assert open(s["alignment_image"], "rb").read(4) == b"\x89PNG"
        assert [o["id"] for o in e["outliers"]] and all(o["mel_loss"] > 0 for o in e["outliers"])
        assert isinstance(e["best"], bool) and e["best_val"] <= e["val_losses"]["total"]
    assert ev[0]["best"] is True
    assert [e["step"] for e in of(events, "checkpoint")] == [15, 30]
    assert events[-1]["reason"] == "completed" and events[-1]["checkpoint"].endswith("ckpt-00000030.pt")
    best = json.load(open(os.path.join(os.path.dirname(events[-1]["checkpoint"]), "best.json")))
    assert best["step"] == ev[-1]["best_step"] and best["val_loss"] == ev[-1]["best_val"]
    assert os.path.isfile(os.path.join(os.path.dirname(events[-1]["checkpoint"]), best["file"]))
    # The run folder keeps the same lines for a studio that re-attaches later.
    run_dir = st["run_dir"]
    logged = [json.loads(l) for l in open(os.path.join(run_dir, "events.jsonl"))]
    assert logged == events
    # Rerunning a finished run resumes and finishes at once.
    rc, again, _ = run_trainer(cfg)
    assert rc == 0 and [e["event"] for e in again] == ["started", "finished"]
    assert again[0]["step"] == 30 and again[0]["resumed_from"].endswith("ckpt-00000030.pt")


def test_resume_matches_uninterrupted(tmp_path, dataset_dir):
    """(c) 4 steps + resume to 9 equals 9 straight steps, across epoch boundaries, with evals at other times."""
    ref = write_run(tmp_path, dataset_dir, run_dir=str(tmp_path / "ref"), steps=9, eval_interval=2)
    rc, ref_events, err = run_trainer(ref)
    assert rc == 0, err
    part = write_run(tmp_path, dataset_dir, run_dir=str(tmp_path / "split"), steps=4, eval_interval=3)
    rc, e1, err = run_trainer(part)
    assert rc == 0, err
    # The second half also loads data in a worker process: that must not change a single number either.
    rest = write_run(tmp_path, dataset_dir, run_dir=str(tmp_path / "split"), steps=9, eval_interval=5, num_workers=1)
    rc, e2, err = run_trainer(rest)
    assert rc == 0, err
    assert e2[0]["step"] == 4 and e2[0]["resumed_from"].endswith("ckpt-00000004.pt")
    a = losses_by_step(ref_events)
    b = {**losses_by_step(e1), **losses_by_step(e2)}
    assert sorted(a) == sorted(b) == list(range(1, 10))
    for s in a:
        for k in a[s]:
            assert abs(a[s][k] - b[s][k]) <= 1e-5, (s, k, a[s][k], b[s][k])


def test_sigterm_saves_exits_zero_and_resumes_exactly(tmp_path, dataset_dir):
    """(b) SIGTERM mid-run: checkpoint at the current step, finished{terminated}, exit 0; the rerun continues there."""
    ref = write_run(tmp_path, dataset_dir, run_dir=str(tmp_path / "ref"), steps=10)
    rc, ref_events, err = run_trainer(ref)
    assert rc == 0, err
    cfg = write_run(tmp_path, dataset_dir, run_dir=str(tmp_path / "run"), steps=1000, debug={"step_delay_s": 0.05})
    p = subprocess.Popen(trainer_cmd(cfg), cwd=TRAINER, env=trainer_env(), stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, text=True)
    lines = []
    for line in p.stdout:
        lines.append(line)
        e = json.loads(line)
        if e["event"] == "step" and e["step"] >= 3:
            p.send_signal(signal.SIGTERM)
            break
    out, err = p.communicate(timeout=60)
    events = parse_events("".join(lines) + out)
    assert p.returncode == 0, err
    fin = events[-1]
    assert fin["event"] == "finished" and fin["reason"] == "terminated"
    stop = fin["step"]
    assert 3 <= stop < 10
    assert of(events, "checkpoint")[-1]["step"] == stop and os.path.isfile(fin["checkpoint"])
    cfg2 = write_run(tmp_path, dataset_dir, run_dir=str(tmp_path / "run"), steps=10)
    rc, e2, err = run_trainer(cfg2)
    assert rc == 0, err
    assert e2[0]["step"] == stop and of(e2, "step")[0]["step"] == stop + 1 and e2[-1]["step"] == 10
    a, b = losses_by_step(ref_events), {**losses_by_step(events), **losses_by_step(e2)}
    assert sorted(b) == list(range(1, 11))
    assert all(abs(a[s]["total"] - b[s]["total"]) <= 1e-5 for s in a)


def test_kill9_during_checkpoint_write_keeps_previous(tmp_path, dataset_dir):
    """(d) kill -9 while a checkpoint is being written; also a truncated checkpoint file. The previous one is used."""
    run_dir = tmp_path / "run"
    rc, _, err = run_trainer(write_run(tmp_path, dataset_dir, run_dir=str(run_dir), steps=2))
    assert rc == 0, err
    ckdir = run_dir / "checkpoints"
    cfg = write_run(tmp_path, dataset_dir, run_dir=str(run_dir), steps=100, checkpoint_interval=2,
                    debug={"checkpoint_write_delay_s": 60})
    p = subprocess.Popen(trainer_cmd(cfg), cwd=TRAINER, env=trainer_env(), stdout=subprocess.DEVNULL,
                         stderr=subprocess.DEVNULL)
    deadline = time.time() + 60
    while not any(n.startswith(".ckpt-00000004") for n in os.listdir(ckdir)):
        assert time.time() < deadline and p.poll() is None, "the trainer never started writing checkpoint 4"
        time.sleep(0.05)
    time.sleep(0.2)  # well inside the write
    p.kill()  # SIGKILL
    p.wait()
    names = sorted(os.listdir(ckdir))
    assert "ckpt-00000004.pt" not in names and any(n.endswith(f"tmp-{p.pid}") for n in names)
    assert ckpt.load_newest(str(ckdir))["step"] == 2
    # A complete-looking name with a cut-off body (what a dying disk might leave) must not be trusted either.
    good = (ckdir / "ckpt-00000002.pt").read_bytes()
    (ckdir / "ckpt-00000009.pt").write_bytes(good[: len(good) // 2])
    rc, events, err = run_trainer(write_run(tmp_path, dataset_dir, run_dir=str(run_dir), steps=3))
    assert rc == 0, err
    codes = [e["code"] for e in of(events, "warning")]
    assert "partial_checkpoint_removed" in codes and "checkpoint_unreadable" in codes
    st = of(events, "started")[0]
    assert st["step"] == 2 and st["resumed_from"].endswith("ckpt-00000002.pt")
    assert events[-1]["event"] == "finished" and events[-1]["step"] == 3
    names = sorted(os.listdir(ckdir))
    assert names == ["ckpt-00000002.pt", "ckpt-00000003.pt", "ckpt-00000009.pt.unreadable"]


@pytest.mark.parametrize("raw,needle", [
    ('{"dataset": "d", "run_dir": "r", "stepz": 5}', "unknown key(s): stepz"),
    ('{"run_dir": "r"}', "'dataset' is required"),
    ('{"dataset": "d", "run_dir": "r", "batch_size": "big"}', "'batch_size' must be an integer"),
    ('{"dataset": "d", "run_dir": "r", "model": "huge"}', "'model' must be one of"),
    ('{"dataset": "d", "run_dir": "r", "lr": 0}', "'lr' must be greater than 0"),
    ('{"dataset": "d", "run_dir": "r", "model_overrides": {"n_frames_per_step": 0}}', "n_frames_per_step"),
    ('{"dataset": "d", "run_dir": "r", "guided_attention": {"sigma": -1}}', "guided_attention.sigma"),
    ('{"dataset": "d", "run_dir": "r", "model_overrides": {"encoder_embedding_dim": 64}}', "must equal"),
    ('{"dataset": "d", "run_dir": "r", "debug": {"nan_at": 3}}', "unknown key(s) in 'debug'"),
    ('{"dataset": "d", "run_dir": "r",}', "not valid JSON"),
    ('{"dataset": "no-such-dataset", "run_dir": "r"}', "does not exist"),
    ('{"dataset": "d", "run_dir": "r", "amp": true}', "needs a CUDA GPU"),
])
def test_bad_config_is_an_error_event_and_exit_2(tmp_path, raw, needle):
    """(e) bad run.json: exactly one error event with message and hint, exit code 2, nothing else on stdout."""
    path = tmp_path / "run.json"
    path.write_text(raw)
    rc, events, err = run_trainer(str(path))
    assert rc == 2, err
    assert len(events) == 1 and events[0]["event"] == "error"
    assert needle in events[0]["message"] and events[0]["hint"]


def test_missing_config_file_and_bad_command_line(tmp_path):
    rc, events, _ = run_trainer(str(tmp_path / "nope.json"))
    assert rc == 2 and events[0]["event"] == "error" and "cannot read" in events[0]["message"]
    p = subprocess.run(trainer_cmd("x")[:3], cwd=TRAINER, env=trainer_env(), capture_output=True, text=True)
    assert p.returncode == 2 and parse_events(p.stdout)[0]["event"] == "error"


def test_nan_is_skipped_and_never_checkpointed(tmp_path, dataset_dir):
    """(f) NaN injected at step 3: a warning, no update at that step, training goes on, saved weights are finite."""
    cfg = write_run(tmp_path, dataset_dir, steps=5, checkpoint_interval=1, keep_checkpoints=10,
                    debug={"inject_nan_at_step": 3})
    rc, events, err = run_trainer(cfg)
    assert rc == 0, err
    warns = of(events, "warning")
    assert [(w["code"], w["step"]) for w in warns] == [("nan_skipped", 3)]
    assert warns[0]["losses"]["total"] == "NaN" and warns[0]["hint"]
    assert [e["step"] for e in of(events, "step")] == [1, 2, 3, 4, 5]
    assert of(events, "step")[2]["skipped"] is True
    assert events[-1]["event"] == "finished" and events[-1]["reason"] == "completed"
    ckdir = os.path.join(os.path.dirname(of(events, "checkpoint")[0]["path"]))
    states = {s: ckpt.load_file(p) for s, p in ckpt.list_checkpoints(ckdir)}
    assert sorted(states) == [1, 2, 3, 4, 5]
    for s, st in states.items():
        assert all(torch.isfinite(v).all() for v in st["model"].values() if v.is_floating_point()), s
    for k, v in states[2]["model"].items():
        assert torch.equal(v, states[3]["model"][k]), k  # the NaN step changed nothing
    assert any(not torch.equal(v, states[4]["model"][k]) for k, v in states[3]["model"].items())


@pytest.mark.parametrize("raw,needle", [
    ({"amp": "yes"}, "'amp' must be"),
    ({"warm_start": 5}, "'warm_start' must be an object"),
    ({"warm_start": {"checkpoint": "a.pt", "layers": []}}, "unknown key(s) in 'warm_start'"),
    ({"warm_start": {"checkpoint": "a.pt", "ignore_layers": "embedding"}}, "ignore_layers must be a list"),
    ({"nan_recovery": {"lr_factor": 2}}, "nan_recovery.lr_factor"),
    ({"nan_recovery": {"rollback_after": 0}}, "nan_recovery.rollback_after"),
    ({"eval_samples": {"count": -1}}, "eval_samples.count"),
    ({"debug": {"inject_nan_at_step": [5, 3]}}, "[first, last]"),
])
def test_new_settings_are_validated(raw, needle):
    with pytest.raises(ConfigError) as e:
        validate(dict({"dataset": "d", "run_dir": "r"}, **raw), "/base")
    assert needle in e.value.message and e.value.hint
    ok = validate({"dataset": "d", "run_dir": "r", "warm_start": {"checkpoint": "w/x.pt"}, "debug": {"inject_nan_at_step": [2, 4]}}, "/base")
    assert ok["warm_start"] == {"checkpoint": "/base/w/x.pt", "ignore_layers": []} and ok["amp"] == "auto"


def test_nan_streak_rolls_back_with_lower_lr_and_resumes_with_it(tmp_path, dataset_dir):
    """NaN at steps 3-4 (rollback_after 2): back to checkpoint 2, lr halved, steps 3-4 replayed exactly as the
    first time (same weights, RNG and batch), and the lowered lr survives a resume."""
    cfg = write_run(tmp_path, dataset_dir, steps=6, checkpoint_interval=2, nan_recovery={"rollback_after": 2},
                    debug={"inject_nan_at_step": [3, 4]})
    rc, events, err = run_trainer(cfg)
    assert rc == 0, err
    warns = of(events, "warning")
    assert [(w["code"], w.get("step")) for w in warns] == [("nan_skipped", 3), ("nan_skipped", 4), ("rolled_back", 4)]
    rb = warns[2]
    assert (rb["from_step"], rb["to_step"], rb["lr"], rb["rollback"]) == (4, 2, 1e-3, 1)
    assert rb["checkpoint"].endswith("ckpt-00000002.pt") and rb["hint"]
    steps = of(events, "step")
    assert [e["step"] for e in steps] == [1, 2, 3, 4, 3, 4, 5, 6]
    assert [e["lr"] for e in steps] == [2e-3] * 4 + [1e-3] * 4
    assert [e["skipped"] for e in steps] == [False, False, True, True, False, False, False, False]
    assert steps[4]["losses"]["mel"] == warns[0]["losses"]["mel"]  # replayed step 3 = first step 3, before the NaN
    assert events[-1]["reason"] == "completed"
    final = ckpt.load_file(events[-1]["checkpoint"])
    assert final["recovery"] == {"lr_scale": 0.5, "rollbacks": 1}
    rc, again, err = run_trainer(write_run(tmp_path, dataset_dir, steps=7, checkpoint_interval=2,
                                           nan_recovery={"rollback_after": 2}))
    assert rc == 0, err
    assert [(e["step"], e["lr"]) for e in of(again, "step")] == [(7, 1e-3)]


def test_nan_forever_rolls_back_to_the_start_then_diverges(tmp_path, dataset_dir):
    """No checkpoint yet: the rollback goes to the step-0 weights (re-created exactly); the next streak after
    max_rollbacks ends the run as diverged, exit 1, with no checkpoint of bad weights."""
    cfg = write_run(tmp_path, dataset_dir, steps=50, nan_recovery={"rollback_after": 2, "max_rollbacks": 1},
                    debug={"inject_nan_at_step": [1, 100]})
    rc, events, err = run_trainer(cfg)
    assert rc == 1, err
    warns = of(events, "warning")
    assert [w["code"] for w in warns] == ["nan_skipped", "nan_skipped", "rolled_back", "nan_skipped", "nan_skipped"]
    assert (warns[2]["to_step"], warns[2]["checkpoint"], warns[2]["lr"]) == (0, None, 1e-3)
    steps = of(events, "step")
    assert [e["step"] for e in steps] == [1, 2, 1, 2, 3]
    assert steps[2]["losses"]["mel"] == warns[0]["losses"]["mel"]
    err_ev, fin = events[-2], events[-1]
    assert err_ev["event"] == "error" and "rollback" in err_ev["message"] and "max_rollbacks" in err_ev["hint"]
    assert fin["event"] == "finished" and fin["reason"] == "diverged"
    assert ckpt.list_checkpoints(str(tmp_path / "run" / "checkpoints")) == []


def test_grad_scaler_code_path_runs_on_the_cpu(tmp_path, dataset_dir, monkeypatch):
    """The AMP branch of a step (scale, unscale, step, update, scaler state in the checkpoint) with a pass-through
    GradScaler, the only kind a CPU build has; real float16 runs need a GPU (README: Not verified)."""
    import io

    from voicewright_trainer import train
    from voicewright_trainer.protocol import Emitter

    monkeypatch.setattr(train, "grad_scaler", lambda enabled: torch.cuda.amp.GradScaler(enabled=False))
    out = io.StringIO()
    cfg = validate(json.load(open(write_run(tmp_path, dataset_dir, steps=3, debug={"inject_nan_at_step": 2}))))
    em = Emitter(out)
    try:
        assert train.Trainer(cfg, em).run() == 0
    finally:
        em.close()
    events = parse_events(out.getvalue())
    steps = of(events, "step")
    assert [(e["step"], e["skipped"], e["amp_scale"]) for e in steps] == [(1, False, 1.0), (2, True, 1.0), (3, False, 1.0)]
    assert ckpt.load_file(events[-1]["checkpoint"])["scaler"] == {}
