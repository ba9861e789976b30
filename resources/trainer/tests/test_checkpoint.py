"""Checkpoint files: atomic save, newest-complete lookup, refusal of NaN weights, keep-last-K."""
import os

import pytest
import torch

from voicewright_trainer import checkpoint as ckpt


def _payload(value=1.0):
    return {"model": {"w": torch.full((3,), value)}, "optimizer": {}, "rng": ckpt.rng_state()}


def test_save_load_prune_and_ignore_broken(tmp_path):
    d = str(tmp_path)
    for s in (1, 2, 3, 4):
        ckpt.save(d, s, _payload(s))
    assert ckpt.load_newest(d)["step"] == 4
    ckpt.prune(d, 2)
    assert [s for s, _ in ckpt.list_checkpoints(d)] == [4, 3]
    (tmp_path / ".ckpt-00000005.pt.tmp-123").write_bytes(b"PK\x03\x04 partial")
    (tmp_path / "ckpt-00000006.pt").write_bytes(open(ckpt.checkpoint_path(d, 4), "rb").read()[:100])
    torch.save({"not": "ours"}, str(tmp_path / "ckpt-00000007.pt"))
    skipped = []
    got = ckpt.load_newest(d, on_skip=lambda p, why: skipped.append(os.path.basename(p)))
    assert got["step"] == 4 and float(got["model"]["w"][0]) == 4.0
    assert skipped == ["ckpt-00000007.pt", "ckpt-00000006.pt"]
    assert ckpt.remove_stale_temp_files(d) == [".ckpt-00000005.pt.tmp-123"]


def test_refuses_nan_weights_and_leaves_no_temp(tmp_path):
    with pytest.raises(ckpt.NonFiniteWeights):
        ckpt.save(str(tmp_path), 1, _payload(float("nan")))
    assert os.listdir(tmp_path) == []


def test_rng_state_round_trip():
    import random

    import numpy as np

    state = ckpt.rng_state()
    a = (random.random(), float(np.random.rand()), float(torch.rand(1)))
    ckpt.set_rng_state(state)
    assert a == (random.random(), float(np.random.rand()), float(torch.rand(1)))


def test_best_is_kept_beside_the_last_k_and_its_pointer_is_atomic(tmp_path):
    d = str(tmp_path)
    for s in (1, 2, 3):
        ckpt.save(d, s, _payload(s))
    ckpt.write_best(d, 2, ckpt.checkpoint_path(d, 2), 0.25)
    for s in (4, 5, 6):
        ckpt.save(d, s, _payload(s))
        ckpt.prune(d, 2, protect=ckpt.checkpoint_path(d, s))
    assert [s for s, _ in ckpt.list_checkpoints(d)] == [6, 5, 2]  # last K=2 plus the best
    best = ckpt.read_best(d)
    assert (best["step"], best["file"], best["val_loss"]) == (2, "ckpt-00000002.pt", 0.25)
    assert best["path"] == ckpt.checkpoint_path(d, 2)
    assert sorted(os.listdir(d)) == ["best.json", "ckpt-00000002.pt", "ckpt-00000005.pt", "ckpt-00000006.pt"]
    ckpt.write_best(d, 6, ckpt.checkpoint_path(d, 6), 0.2)  # a new best frees the old one for rotation
    ckpt.prune(d, 2)
    assert [s for s, _ in ckpt.list_checkpoints(d)] == [6, 5]
    (tmp_path / "best.json.tmp-99").write_text("{")  # a crash mid-write leaves the old pointer valid
    assert ckpt.read_best(d)["step"] == 6 and ckpt.remove_stale_temp_files(d) == ["best.json.tmp-99"]
    os.remove(ckpt.checkpoint_path(d, 6))
    assert ckpt.read_best(d) is None  # points at nothing: ignored
