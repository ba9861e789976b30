"""HiFi-GAN: jik876's shapes, sizes and key layouts, checkpoint import, and real `train-vocoder` runs (overfit,
SIGTERM + exact resume, GTA mels from a Tacotron2 checkpoint with r=2, NaN steps, bad configs)."""
import io
import json
import os
import signal
import subprocess
import sys
import wave

import numpy as np
import pytest
import torch

from conftest import TRAINER, of, parse_events, trainer_env
from voicewright_trainer import checkpoint as ckpt
from voicewright_trainer import hifigan as H
from voicewright_trainer.config import ConfigError
from voicewright_trainer.vocoder_config import MODEL_PRESETS, validate

# jik876/hifi-gan README / paper (Kong et al. 2020, table 1): generator sizes 13.92M, 0.92M, 1.46M.
PUBLISHED = {"v1": 13.92e6, "v2": 0.92e6, "v3": 1.46e6}
# What our modules hold with weight norm, as jik876's training checkpoints do (weight_g adds one per output row).
EXACT = {"v1": 13_936_130, "v2": 928_514, "v3": 1_464_322}


def vocoder_cmd(config):
    return [sys.executable, "-m", "voicewright_trainer", "train-vocoder", "--config", config]


def run_vocoder(config, timeout=120):
    p = subprocess.run(vocoder_cmd(config), cwd=TRAINER, env=trainer_env(), capture_output=True, text=True, timeout=timeout)
    return p.returncode, parse_events(p.stdout), p.stderr


def write_vrun(tmp_path, dataset, run_dir=None, **overrides):
    cfg = {"dataset": dataset, "run_dir": run_dir or str(tmp_path / "run"), "model": "tiny", "batch_size": 2,
           "segment_size": 2048, "lr": 2e-3, "steps": 6, "eval_interval": 1000, "checkpoint_interval": 1000, "seed": 7}
    cfg.update(overrides)
    path = tmp_path / f"vrun-{abs(hash(json.dumps(cfg, sort_keys=True))) % 10 ** 8}.json"
    path.write_text(json.dumps(cfg))
    return str(path)


def losses_by_step(events):
    return {e["step"]: e["losses"] for e in of(events, "step")}


# ---- architecture ------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("name", ["v1", "v2", "v3"])
def test_generator_shapes_and_sizes(name):
    torch.manual_seed(0)
    g = H.Generator(MODEL_PRESETS[name])
    n = H.count_parameters(g)
    assert n == EXACT[name] and abs(n - PUBLISHED[name]) / PUBLISHED[name] < 0.01, n
    mel = torch.randn(2, 80, 7)
    with torch.no_grad():
        y = g(mel)
        assert y.shape == (2, 1, 7 * 256) and float(y.abs().max()) <= 1.0
        g.remove_weight_norm()  # inference/export layout: plain weights, same output
        assert torch.allclose(g(mel), y, atol=1e-5)
    assert not any(k.endswith("weight_g") for k in g.state_dict())


def test_discriminators_have_jik876_names_and_sizes():
    mpd, msd = H.MultiPeriodDiscriminator(), H.MultiScaleDiscriminator()
    assert (H.count_parameters(mpd), H.count_parameters(msd)) == (41_105_770, 29_618_821)
    p, s = mpd.state_dict(), msd.state_dict()
    assert [d.period for d in mpd.discriminators] == [2, 3, 5, 7, 11]
    assert list(p["discriminators.0.convs.0.weight_v"].shape) == [32, 1, 5, 1]
    assert list(p["discriminators.4.convs.4.weight_g"].shape) == [1024, 1, 1, 1]
    assert list(p["discriminators.4.conv_post.weight_v"].shape) == [1, 1024, 3, 1]
    assert len(p) == 5 * 6 * 3
    # MSD: spectral norm on the first scale (weight_orig + power-iteration buffers), weight norm on the others
    assert list(s["discriminators.0.convs.0.weight_orig"].shape) == [128, 1, 15]
    assert list(s["discriminators.0.convs.0.weight_u"].shape) == [128]
    assert list(s["discriminators.1.convs.1.weight_v"].shape) == [128, 32, 41]  # groups=4
    assert list(s["discriminators.2.convs.5.weight_v"].shape) == [1024, 64, 41]  # groups=16
    assert "discriminators.2.conv_post.weight_g" in s and "meanpools.0.weight" not in s
    y = torch.randn(1, 1, 1024) * 0.1
    with torch.no_grad():
        rs, gs, frs, fgs = mpd(y, y.clone())
        assert len(rs) == 5 and [len(f) for f in frs] == [6] * 5
        rs2, gs2, frs2, fgs2 = msd(y, y)
        assert len(rs2) == 3 and [len(f) for f in frs2] == [8] * 3
    assert float(H.feature_loss(frs, fgs)) == 0.0
    assert float(H.discriminator_loss([torch.ones(3)], [torch.zeros(3)])) == 0.0
    assert float(H.generator_loss([torch.ones(3)])) == 0.0 and float(H.generator_loss([torch.zeros(2)])) == 1.0


# ---- jik876 checkpoint import ------------------------------------------------------------------------------------
def test_import_jik876_generator_layouts(tmp_path):
    torch.manual_seed(1)
    src = H.Generator(MODEL_PRESETS["v2"])
    sd = src.state_dict()
    # jik876's g_ file layout, key by key
    assert len(sd) == 3 + 4 * 3 + 12 * 6 * 3 + 3
    assert list(sd["ups.0.weight_g"].shape) == [128, 1, 1] and list(sd["ups.0.weight_v"].shape) == [128, 64, 16]
    assert list(sd["resblocks.11.convs2.2.weight_v"].shape) == [8, 8, 11] and list(sd["conv_post.weight_v"].shape) == [1, 8, 7]
    path = str(tmp_path / "g_02500000")
    torch.save({"generator": sd}, path)
    mel = torch.randn(1, 80, 5)
    with torch.no_grad():
        ref = src(mel)
        for obj in (H.read_torch_file(path)[0], sd):  # {'generator': sd} and a bare state_dict
            torch.manual_seed(2)
            dst = H.Generator(MODEL_PRESETS["v2"])
            info = H.load_generator_state(dst, obj)
            assert info["converted"] is False and torch.equal(dst(mel), ref)
        # weight norm removed in the file, kept in the model — and the other way round
        plain = H.Generator(MODEL_PRESETS["v2"])
        H.load_generator_state(plain, sd)
        plain.remove_weight_norm()
        dst = H.Generator(MODEL_PRESETS["v2"])
        assert H.load_generator_state(dst, {"generator": plain.state_dict()})["converted"] is True
        assert torch.allclose(dst(mel), ref, atol=1e-5)
        back = H.Generator(MODEL_PRESETS["v2"])
        back.remove_weight_norm()
        H.load_generator_state(back, sd)
        assert torch.allclose(back(mel), ref, atol=1e-5)
    bad = dict(sd)
    bad["conv_postt.bias"] = bad.pop("conv_post.bias")
    with pytest.raises(H.CheckpointMismatch) as e:
        H.load_generator_state(H.Generator(MODEL_PRESETS["v2"]), {"generator": bad})
    assert "1 missing keys: conv_post.bias" in str(e.value) and "1 unexpected keys: conv_postt.bias" in str(e.value)
    with pytest.raises(H.CheckpointMismatch) as e:
        H.load_generator_state(H.Generator(MODEL_PRESETS["v1"]), sd, MODEL_PRESETS)
    assert "shape mismatches: conv_post.weight_v [1, 8, 7] (model: [1, 32, 7])" in str(e.value)
    assert "It fits the preset(s) 'v2'." in str(e.value)
    with pytest.raises(H.CheckpointMismatch, match="holds no 'generator' state_dict"):
        H.load_generator_state(src, {"steps": 3})


def test_import_jik876_discriminators(tmp_path):
    h = MODEL_PRESETS["tiny"]
    _, mpd, msd = H.build(h)
    opt = torch.optim.AdamW(list(mpd.parameters()), 2e-4, betas=[0.8, 0.99])
    path = str(tmp_path / "do_00000010")
    torch.save({"mpd": mpd.state_dict(), "msd": msd.state_dict(), "optim_g": opt.state_dict(), "optim_d": opt.state_dict(),
                "steps": 10, "epoch": 1}, path)
    _, mpd2, msd2 = H.build(h)
    obj, _ = H.read_torch_file(path, allow_unsafe_on_1x=True)
    H.load_discriminator_state(mpd2, msd2, obj)
    for a, b in ((mpd, mpd2), (msd, msd2)):
        assert all(torch.equal(a.state_dict()[k], v) for k, v in b.state_dict().items())
    with pytest.raises(H.CheckpointMismatch, match="'mpd' state_dict does not fit"):
        H.load_discriminator_state(*H.build(MODEL_PRESETS["tiny"])[1:], {"mpd": {"x": torch.zeros(1)}, "msd": {}})


# ---- config ------------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("change,needle", [
    ({"segmentsize": 8192}, "unknown key(s): segmentsize"),
    ({"segment_size": 1000}, "multiple of 256"),
    ({"model": "v4"}, "'model' must be one of"),
    ({"model_overrides": {"upsample_rates": [8, 8, 2], "upsample_kernel_sizes": [16, 16, 4]}}, "product of upsample_rates is 128"),
    ({"model_overrides": {"resblock_dilation_sizes": [[1, 3]]}}, "resblock_dilation_sizes"),
    ({"gta": {"checkpoint": "x.pt"}}, "'gta' must be null or"),
    ({"debug": {"overfit": True}}, "unknown key(s) in 'debug': overfit"),
    ({"lr": 0}, "'lr' must be greater than 0"),
])
def test_config_errors(change, needle):
    with pytest.raises(ConfigError) as e:
        validate(dict({"dataset": "d", "run_dir": "r"}, **change))
    assert needle in e.value.message and e.value.hint


def test_cli_bad_config_exit_2(tmp_path, dataset_dir):
    rc, events, _ = run_vocoder(write_vrun(tmp_path, dataset_dir, segment_size=1000))
    assert rc == 2 and [e["event"] for e in events] == ["error"] and "segment_size" in events[0]["message"]


# ---- training runs -----------------------------------------------------------------------------------------------
def test_train_vocoder_protocol_and_overfit(tmp_path, dataset_dir):
    cfg = write_vrun(tmp_path, dataset_dir, steps=30, eval_interval=15, checkpoint_interval=15, debug={"overfit_batch": True})
    rc, events, err = run_vocoder(cfg)
    assert rc == 0, err
    kinds = [e["event"] for e in events]
    assert kinds[0] == "started" and kinds[-1] == "finished"
    assert set(kinds) == {"started", "step", "eval", "checkpoint", "finished"}, kinds
    assert kinds.index("eval") == 16 and kinds[17] == "checkpoint"
    st = events[0]
    assert st["device"] == "cpu" and st["amp"] is False and st["mels"] == "ground_truth" and st["resumed_from"] is None
    assert st["params"]["generator"] == 34_978 and st["segment_size"] == 2048
    steps = of(events, "step")
    assert [e["step"] for e in steps] == list(range(1, 31))
    for e in steps:
        assert set(e["losses"]) == {"gen", "disc", "mel", "fm", "total"} and e["skipped"] is False
        assert e["grad_norm"] > 0 and e["grad_norm_disc"] > 0 and e["items_per_s"] > 0
    first = sum(e["losses"]["mel"] for e in steps[:5]) / 5
    last = sum(e["losses"]["mel"] for e in steps[-5:]) / 5
    assert last < 0.75 * first, (first, last)
    ev = of(events, "eval")
    assert [e["step"] for e in ev] == [15, 30]
    for e in ev:
        assert e["val_losses"]["mel"] > 0 and e["items"] == 2 and len(e["samples"]) == 2
        for p in e["samples"]:
            assert os.path.dirname(p) == os.path.join(st["run_dir"], "samples", f"{e['step']:08d}")
            with wave.open(p) as w:  # 1 s clip → 87 centred frames × 256 samples
                assert (w.getnchannels(), w.getsampwidth(), w.getframerate(), w.getnframes()) == (1, 2, 22050, 87 * 256)
    assert [e["step"] for e in of(events, "checkpoint")] == [15, 30]
    assert events[-1]["reason"] == "completed" and events[-1]["checkpoint"].endswith("ckpt-00000030.pt")
    assert [json.loads(l) for l in open(os.path.join(st["run_dir"], "events.jsonl"))] == events
    saved = ckpt.load_file(events[-1]["checkpoint"])
    assert saved["kind"] == "hifigan" and set(saved["model"]) == {"generator", "mpd", "msd"} and saved["scaler"] is None
    # the generator part is jik876's layout: it loads as a g_ file would
    H.load_generator_state(H.Generator(MODEL_PRESETS["tiny"]), saved)
    rc, again, _ = run_vocoder(cfg)
    assert rc == 0 and [e["event"] for e in again] == ["started", "finished"] and again[0]["step"] == 30


def test_sigterm_and_resume_match_uninterrupted(tmp_path, dataset_dir):
    ref = write_vrun(tmp_path, dataset_dir, run_dir=str(tmp_path / "ref"), steps=8, eval_interval=3)
    rc, ref_events, err = run_vocoder(ref)
    assert rc == 0, err
    split = write_vrun(tmp_path, dataset_dir, run_dir=str(tmp_path / "split"), steps=8, debug={"step_delay_s": 0.4})
    p = subprocess.Popen(vocoder_cmd(split), cwd=TRAINER, env=trainer_env(), stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, text=True)
    lines = []
    for line in p.stdout:
        lines.append(line)
        if json.loads(line)["event"] == "step" and json.loads(line)["step"] == 3:
            p.send_signal(signal.SIGTERM)
    out, err = p.communicate(timeout=60)
    e1 = parse_events("".join(lines) + out)
    assert p.returncode == 0, err
    assert e1[-1]["event"] == "finished" and e1[-1]["reason"] == "terminated" and e1[-2]["event"] == "checkpoint"
    stopped = e1[-1]["step"]
    assert 3 <= stopped < 8
    # the rest in a loader worker process, evals at other steps: not a number may change
    rest = write_vrun(tmp_path, dataset_dir, run_dir=str(tmp_path / "split"), steps=8, num_workers=1, eval_interval=2)
    rc, e2, err = run_vocoder(rest)
    assert rc == 0, err
    assert e2[0]["step"] == stopped and e2[0]["resumed_from"].endswith(f"ckpt-{stopped:08d}.pt")
    a, b = losses_by_step(ref_events), {**losses_by_step(e1), **losses_by_step(e2)}
    assert sorted(a) == sorted(b) == list(range(1, 9))
    for s in a:
        for k in a[s]:
            assert abs(a[s][k] - b[s][k]) <= 1e-5 * max(1.0, abs(a[s][k])), (s, k, a[s][k], b[s][k])
    assert [e["lr"] for e in of(ref_events, "step")][3] == pytest.approx(2e-3 * 0.999)  # decayed after epoch 0 (3 batches)


def _tiny_tacotron2_checkpoint(directory, r):
    from voicewright_trainer.config import MODEL_PRESETS as T2
    from voicewright_trainer.data import MEL
    from voicewright_trainer.model import Tacotron2
    from voicewright_trainer.text import SYMBOLS

    torch.manual_seed(3)
    mc = dict(T2["tiny"], n_frames_per_step=r)
    payload = {"model": Tacotron2(mc).state_dict(), "optimizer": {}, "model_config": mc, "symbols": list(SYMBOLS),
               "config": {}, "rng": ckpt.rng_state(), "epoch": 0, "batch_in_epoch": 0,
               "mel": {k: getattr(MEL, k) for k in ("sample_rate", "n_fft", "hop", "win", "n_mels", "fmin", "fmax", "padding")}}
    return ckpt.save(str(directory), 2, payload)


def test_gta_mels_cached_and_trained_on(tmp_path, dataset_dir):
    t2 = _tiny_tacotron2_checkpoint(tmp_path / "t2" / "checkpoints", r=2)  # r=2: 87 frames pad to 88, trimmed back
    g_file = str(tmp_path / "g_tiny")
    torch.manual_seed(4)
    torch.save({"generator": H.Generator(MODEL_PRESETS["tiny"]).state_dict()}, g_file)
    run_dir = str(tmp_path / "gta")
    cfg = write_vrun(tmp_path, dataset_dir, run_dir=run_dir, steps=3, gta={"tacotron2_checkpoint": t2},
                     init={"generator": g_file}, debug={"inject_nan_at_step": 2})
    rc, events, err = run_vocoder(cfg)
    assert rc == 0, err
    st = events[0]
    assert st["mels"] == "gta" and st["gta"]["computed"] == 8 and st["gta"]["cached"] == 0 and st["gta"]["tacotron2_step"] == 2
    assert st["initialized_from"] == {"generator": g_file}
    cache = st["gta"]["cache_dir"]
    assert cache.startswith(os.path.join(run_dir, "gta-cache", "00000002-"))
    gt_dir = os.path.join(run_dir, "mel-cache", "tacotron2-22050")
    names = sorted(os.listdir(cache))
    assert len(names) == 8 and names == sorted(os.listdir(gt_dir))
    for n in names:
        gta, gt = np.load(os.path.join(cache, n)), np.load(os.path.join(gt_dir, n))
        assert gta.shape == gt.shape == (80, 87) and gta.dtype == np.float32 and np.isfinite(gta).all()
        assert not np.allclose(gta, gt)
    warn = of(events, "warning")
    assert [w["code"] for w in warn] == ["nan_skipped"] and warn[0]["step"] == 2 and warn[0]["parts"] == ["discriminator", "generator"]
    steps = of(events, "step")
    assert [s["skipped"] for s in steps] == [False, True, False] and np.isfinite(steps[2]["losses"]["total"])
    assert events[-1]["reason"] == "completed"
    rc, again, err = run_vocoder(write_vrun(tmp_path, dataset_dir, run_dir=run_dir, steps=4, gta={"tacotron2_checkpoint": t2}))
    assert rc == 0, err
    assert again[0]["gta"]["computed"] == 0 and again[0]["gta"]["cached"] == 8 and again[0]["initialized_from"] is None
    bad = write_vrun(tmp_path, dataset_dir, run_dir=str(tmp_path / "bad"), gta={"tacotron2_checkpoint": g_file})
    rc, events, _ = run_vocoder(bad)
    assert rc == 2 and [e["event"] for e in events] == ["error"] and "does not load" in events[0]["message"]


def test_nan_step_changes_nothing(tmp_path, dataset_dir):
    from voicewright_trainer.protocol import Emitter
    from voicewright_trainer.vocoder_train import VocoderTrainer

    cfg = validate({"dataset": dataset_dir, "run_dir": str(tmp_path / "run"), "model": "tiny", "batch_size": 2,
                    "segment_size": 2048, "debug": {"inject_nan_at_step": 1}})
    tr = VocoderTrainer(cfg, Emitter(io.StringIO()))
    assert tr.setup()
    x, y = torch.utils.data.default_collate([tr.train_set[0], tr.train_set[1]])

    def snapshot():
        s = {f"{n}.{k}": v.clone() for n in ("generator", "mpd", "msd") for k, v in getattr(tr, n).state_dict().items()}
        s.update({f"opt.{k}": json.dumps(str(o.state_dict())) for k, o in (("g", tr.optim_g), ("d", tr.optim_d))})
        return s

    before = snapshot()
    tr.step = 1
    r = tr.train_step(x, y)
    assert r["skipped_parts"] == ["discriminator", "generator"]
    after = snapshot()
    assert all((torch.equal(before[k], after[k]) if torch.is_tensor(before[k]) else before[k] == after[k]) for k in before)
    tr.step = 2
    assert tr.train_step(x, y)["skipped_parts"] == []
    assert not torch.equal(before["generator.conv_pre.bias"], tr.generator.state_dict()["conv_pre.bias"])
    assert not torch.equal(before["msd.discriminators.0.convs.0.weight_u"], tr.msd.state_dict()["discriminators.0.convs.0.weight_u"])
