"""Warm start: NVIDIA's tacotron2_statedict.pt layout, a changed symbol set, ignore_layers, refusal of foreign files."""
import os

import pytest
import torch

from conftest import of, run_trainer, write_run
from voicewright_trainer import checkpoint as ckpt
from voicewright_trainer import warm_start as ws
from voicewright_trainer.config import MODEL_PRESETS, ConfigError
from voicewright_trainer.model import Tacotron2


def nvidia_file(path, model, prefix=""):
    """Exactly what NVIDIA/tacotron2 train.py save_checkpoint writes (an Adam state included); prefix 'module.'
    is what a DataParallel-wrapped model's state_dict carries."""
    opt = torch.optim.Adam(model.parameters(), lr=1e-3, weight_decay=1e-6)
    for p in model.parameters():
        p.grad = torch.randn_like(p) * 1e-3
    opt.step()
    torch.save({"iteration": 12345, "state_dict": {prefix + k: v for k, v in model.state_dict().items()},
                "optimizer": opt.state_dict(), "learning_rate": 1e-3}, path)
    return path


def test_nvidia_statedict_layout_loads_into_the_nvidia_preset(tmp_path):
    torch.manual_seed(1)
    src = Tacotron2(MODEL_PRESETS["nvidia"])
    path = nvidia_file(str(tmp_path / "tacotron2_statedict.pt"), src)
    dst = Tacotron2(MODEL_PRESETS["nvidia"])
    report = ws.warm_start(dst, {"checkpoint": path, "ignore_layers": []})
    assert report["layout"] == "nvidia" and report["dropped"] == [] and report["missing"] == []
    assert report["loaded"] == len(src.state_dict())
    for k, v in src.state_dict().items():
        assert torch.equal(v, dst.state_dict()[k]), k


def test_our_checkpoint_and_bare_state_dict_load_and_foreign_files_are_refused(tmp_path):
    torch.manual_seed(2)
    src = Tacotron2(MODEL_PRESETS["tiny"])
    ours = ckpt.save(str(tmp_path), 5, {"model": src.state_dict(), "optimizer": {}, "best_val": 1.5})
    torch.save(src.state_dict(), str(tmp_path / "bare.pt"))
    for path, layout in ((ours, "voicewright"), (str(tmp_path / "bare.pt"), "state_dict")):
        dst = Tacotron2(MODEL_PRESETS["tiny"])
        assert ws.warm_start(dst, {"checkpoint": path})["layout"] == layout
        assert all(torch.equal(v, dst.state_dict()[k]) for k, v in src.state_dict().items())

    class Payload:  # a pickle that would run code on load
        def __reduce__(self):
            return (os.system, ("echo should-not-run",))

    torch.save({"state_dict": src.state_dict(), "x": Payload()}, str(tmp_path / "evil.pt"))
    torch.save({"generator": {"conv_pre.weight": torch.ones(3)}}, str(tmp_path / "hifigan.pt"))
    (tmp_path / "junk.pt").write_bytes(b"not a torch file")
    for name, needle in (("evil.pt", "not something a weights file holds"), ("hifigan.pt", "holds no Tacotron2 weights"),
                         ("junk.pt", "cannot read"), ("missing.pt", "does not exist")):
        with pytest.raises(ConfigError) as e:
            ws.warm_start(Tacotron2(MODEL_PRESETS["tiny"]), {"checkpoint": str(tmp_path / name)})
        assert needle in e.value.message and e.value.hint, name
    with pytest.raises(ConfigError) as e:  # right layout, other sizes: a few bias vectors fit, the rest does not
        ws.apply(Tacotron2(MODEL_PRESETS["tiny"]), Tacotron2(MODEL_PRESETS["nvidia"]).state_dict(), [])
    assert "tensors fit the checkpoint" in e.value.message and "'nvidia' preset" in e.value.hint


def test_changed_symbol_set_drops_the_embedding_through_the_cli(tmp_path, dataset_dir):
    """A DataParallel ('module.') NVIDIA-layout file from a model with 160 symbols: the embedding is dropped and
    reported, ignore_layers keeps the gate layer fresh, everything else is the checkpoint's; no optimizer state."""
    torch.manual_seed(3)
    src = Tacotron2(dict(MODEL_PRESETS["tiny"], n_symbols=160))
    path = nvidia_file(str(tmp_path / "other-language.pt"), src, prefix="module.")
    cfg = write_run(tmp_path, dataset_dir, steps=0,
                    warm_start={"checkpoint": path, "ignore_layers": ["decoder.gate_layer"]})
    rc, events, err = run_trainer(cfg)
    assert rc == 0, err
    warns = of(events, "warning")
    assert [w["code"] for w in warns] == ["warm_start_layers_dropped"]
    assert warns[0]["layers"] == ["embedding.weight"] and warns[0]["hint"]
    assert warns[0]["shapes"] == [{"name": "embedding.weight", "checkpoint_shape": [160, 32], "model_shape": [148, 32]}]
    assert warns[0]["ignored"] == ["decoder.gate_layer.linear_layer.bias", "decoder.gate_layer.linear_layer.weight"]
    st = of(events, "started")[0]
    assert st["warm_start"]["layout"] == "nvidia+module" and st["warm_start"]["loaded"] == len(src.state_dict()) - 3
    saved = ckpt.load_file(events[-1]["checkpoint"])
    assert saved["step"] == 0 and saved["optimizer"]["state"] == {}
    torch.manual_seed(7)  # the run's seed: what a fresh init gives
    fresh = Tacotron2(MODEL_PRESETS["tiny"]).state_dict()
    for k, v in saved["model"].items():
        if k == "embedding.weight" or k.startswith("decoder.gate_layer."):
            assert torch.equal(v, fresh[k]), k
        else:
            assert torch.equal(v, src.state_dict()[k]), k
    # Resuming that run ignores warm_start (the checkpoint has everything) and says nothing about it.
    rc, events, err = run_trainer(write_run(tmp_path, dataset_dir, steps=1, warm_start={"checkpoint": path}))
    assert rc == 0, err
    assert of(events, "warning") == [] and of(events, "started")[0]["warm_start"] is None
