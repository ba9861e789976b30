"""Export to a voice package: ONNX files that pass onnx.checker, voice.json, parity data, the graphs' decode loop equal to
the model's own inference, the CLI on our checkpoints and NVIDIA's layout, bad input, whole-or-nothing writes."""
import json
import os
import subprocess
import sys
import time

import numpy as np
import onnx
import pytest
import torch
from torch import nn

from conftest import TRAINER, of, parse_events, trainer_env
from voicewright_trainer import checkpoint as ckpt
from voicewright_trainer import export as E
from voicewright_trainer import export_onnx_graphs as G
from voicewright_trainer import model as model_module
from voicewright_trainer.__main__ import main
from voicewright_trainer.config import MODEL_PRESETS
from voicewright_trainer.model import Tacotron2
from voicewright_trainer.text import SYMBOLS, text_to_ids


def tiny(seed=0, **overrides):
    torch.manual_seed(seed)
    c = dict(MODEL_PRESETS["tiny"], **overrides)
    return Tacotron2(c).eval(), c


class StandInVocoder(nn.Module):
    """Any mel → audio generator: weight-normed convs upsampling ×256, output [B, 1, T*256]."""

    def __init__(self):
        super().__init__()
        self.pre = nn.utils.weight_norm(nn.Conv1d(80, 16, 3, padding=1))
        self.up = nn.utils.weight_norm(nn.ConvTranspose1d(16, 1, 256, stride=256))

    def forward(self, mel):
        return torch.tanh(self.up(torch.relu(self.pre(mel))))


def _events(capsys):
    return parse_events(capsys.readouterr().out)


def test_tiny_export_writes_a_complete_package(tmp_path):
    from voicewright_trainer.export_onnx_load import load_hifigan

    model, c = tiny()
    gen, info = load_hifigan("random:tiny")
    vocs = [E.VocoderSpec("hifi", gen, config=info["config"]), E.VocoderSpec("standin", StandInVocoder())]
    out = tmp_path / "voices" / "anna"
    stages = []
    doc = E.export_voice(model, c, str(out), "Anna", "de-DE", vocs, {"datasetHash": None, "run": None, "step": 3, "license": "CC0-1.0"},
                         progress=lambda s, i, n: stages.append((s, i, n)))
    assert sorted(os.listdir(tmp_path / "voices")) == ["anna"]  # no temp folder left
    files = {"encoder.onnx", "decoder_iter.onnx", "postnet.onnx", "vocoder-hifi.onnx", "vocoder-standin.onnx", "voice.json", "parity"}
    assert set(os.listdir(out)) == files
    assert doc == json.loads((out / "voice.json").read_text())
    assert doc["formatVersion"] == 1 and doc["name"] == "Anna" and doc["language"] == "de-DE" and doc["sampleRate"] == 22050
    assert doc["text"]["symbols"] == SYMBOLS and doc["mel"]["logBase"] == "e" and doc["mel"]["clamp"] == 1e-5
    a = doc["acoustic"]
    assert a["reductionFactor"] == 1 and a["gateThreshold"] == 0.5 and a["maxDecoderStepsPerSymbol"] == 10
    assert [v["name"] for v in doc["vocoders"]] == ["hifi", "standin", "griffin-lim"]
    assert doc["provenance"]["step"] == 3 and doc["provenance"]["opset"] == E.OPSET and doc["provenance"]["created"].endswith("Z")
    assert stages[-1] == ("done", 7, 7)
    decls = [(g["file"], g) for g in a["graphs"].values()] + [(v["file"], v) for v in doc["vocoders"] if v["file"]]
    for file, decl in decls:
        onnx.checker.check_model(onnx.load(str(out / file)))
        E.check_onnx(str(out / file), decl)  # names in order, element types, ranks, dynamic dims
    inputs = [t["name"] for t in a["graphs"]["decoderIter"]["inputs"]]
    assert inputs == G.DECODER_INPUTS and inputs[-2:] == ["prenet_dropout_mask_0", "prenet_dropout_mask_1"]
    # No weight-norm leftovers in the vocoders' graphs.
    for file in ("vocoder-hifi.onnx", "vocoder-standin.onnx"):
        assert not any("weight_g" in i.name or "weight_v" in i.name for i in onnx.load(str(out / file)).graph.initializer)
    manifest = json.loads((out / "parity" / "manifest.json").read_text())
    assert [c["graph"] for c in manifest["cases"]] == ["encoder", "decoderIter", "postnet", "vocoder", "vocoder"]
    for case in manifest["cases"] + [manifest["decode"]]:
        for f in list(case["inputs"].values()) + list(case["outputs"].values()):
            assert np.load(out / "parity" / f).size > 0
    assert np.load(out / "parity" / "decode.mel.npy").shape == (2, 80, manifest["decode"]["steps"])


class _RecordingF:
    """torch.nn.functional with a dropout that records its masks (the model's own code path, masks made visible)."""

    def __init__(self):
        self.masks = []

    def __getattr__(self, name):
        return getattr(torch.nn.functional, name)

    def dropout(self, x, p=0.5, training=True, inplace=False):
        if not training or p == 0:
            return x
        mask = torch.bernoulli(torch.full_like(x, 1 - p)) / (1 - p)
        self.masks.append(mask)
        return x * mask


@pytest.mark.parametrize("r", [1, 2])
def test_decode_loop_over_the_graphs_equals_the_models_inference(monkeypatch, r):
    model, c = tiny(seed=r, n_frames_per_step=r, max_decoder_steps=25)
    with torch.no_grad():  # a trained-looking gate: stop after ~20 steps so both stop paths are exercised
        model.decoder.gate_layer.linear_layer.bias.fill_(-3.0)
    rec = _RecordingF()
    monkeypatch.setattr(model_module, "F", rec)
    ids = torch.tensor([text_to_ids("The graphs are the model.")[0]])
    torch.manual_seed(5)
    mel, mel_post, gate, align, stopped = model.inference(ids)
    monkeypatch.undo()
    m0 = torch.stack(rec.masks[0::2])  # [steps, 1, prenet_dim]: layer 0 then layer 1, every step
    m1 = torch.stack(rec.masks[1::2])
    got = G.greedy_decode(G.EncoderGraph(model), G.DecoderIterGraph(model), G.PostnetGraph(model), c, ids,
                          torch.tensor([ids.size(1)]), m0, m1, gate_threshold=c["gate_threshold"])
    assert got["mel"].shape == mel.shape == (1, 80, m0.size(0) * r)
    for name, want in (("mel", mel), ("mel_postnet", mel_post), ("gate", gate), ("alignments", align)):
        assert float((got[name] - want).abs().max()) < 1e-5, name


def test_a_sentence_decodes_the_same_alone_and_in_a_padded_batch():
    model, c = tiny(seed=2)
    texts = ["A short one.", "A rather longer sentence, padded by nothing."]
    ids = [text_to_ids(t)[0] for t in texts]
    lens = torch.tensor([len(i) for i in ids])
    seq = torch.zeros(2, int(lens.max()), dtype=torch.long)
    for b, i in enumerate(ids):
        seq[b, : len(i)] = torch.tensor(i)
    m0, m1 = G.prenet_masks(torch.Generator().manual_seed(3), 15, 2, c["prenet_dim"])
    graphs = (G.EncoderGraph(model), G.DecoderIterGraph(model), G.PostnetGraph(model), c)
    batch = G.greedy_decode(*graphs, seq, lens, m0, m1)
    for b in range(2):
        n = int(lens[b])
        alone = G.greedy_decode(*graphs, seq[b:b + 1, :n], lens[b:b + 1], m0[:, b:b + 1], m1[:, b:b + 1])
        assert float((alone["mel_postnet"][0] - batch["mel_postnet"][b]).abs().max()) < 1e-5
        assert float((alone["alignments"][0] - batch["alignments"][b, :, :n]).abs().max()) < 1e-6
        assert float(batch["alignments"][b, :, n:].abs().sum()) == 0.0  # padding never attended


def test_weight_norm_is_folded_into_plain_weights_with_the_same_output():
    from voicewright_trainer.hifigan import Generator
    from voicewright_trainer.vocoder_config import MODEL_PRESETS as VOC

    mel = torch.randn(1, 80, 6)
    for gen in (StandInVocoder(), Generator(VOC["tiny"])):
        gen.eval()
        plain = G.remove_weight_norm(gen)
        assert G.has_weight_norm(gen) and not G.has_weight_norm(plain)
        with torch.no_grad():
            assert float((plain(mel) - gen(mel)).abs().max()) < 1e-6
        assert G.VocoderGraph(plain)(mel).shape == (1, 6 * 256)


def test_cli_exports_a_training_checkpoint_with_events(tmp_path):
    model, c = tiny()
    data = tmp_path / "dataset"
    (data / "wavs").mkdir(parents=True)
    (data / "metadata.csv").write_text("a|x|x\n")
    (data / "wavs" / "a.wav").write_bytes(b"\0" * 44)
    path = ckpt.save(str(tmp_path / "run" / "checkpoints"), 1200, {
        "model": model.state_dict(), "model_config": c, "symbols": SYMBOLS,
        "config": {"run_dir": str(tmp_path / "run"), "dataset": str(data)}})
    out = tmp_path / "voice"
    p = subprocess.run([sys.executable, "-m", "voicewright_trainer", "export", "--checkpoint", path, "--out", str(out),
                        "--name", "Run voice", "--license", "CC-BY-4.0"],
                       cwd=TRAINER, env=trainer_env(), capture_output=True, text=True, timeout=120)
    assert p.returncode == 0, p.stderr
    ev = parse_events(p.stdout)
    assert [e["event"] for e in ev][0] == "started" and ev[-1]["event"] == "finished" and ev[-1]["reason"] == "completed"
    assert {e["event"] for e in ev} == {"started", "step", "finished"}
    steps = of(ev, "step")
    assert steps[0]["stage"] == "exporting encoder.onnx" and steps[-1]["current"] == steps[-1]["total"]
    assert set(ev[-1]["files"]) == {"encoder.onnx", "decoder_iter.onnx", "postnet.onnx"}
    prov = json.loads((out / "voice.json").read_text())["provenance"]
    assert prov["step"] == 1200 and prov["run"] == str(tmp_path / "run") and prov["license"] == "CC-BY-4.0"
    assert prov["datasetHash"].startswith("sha256:") and prov["checkpointSha256"] == E.sha256_file(path)


def test_cli_exports_nvidia_layout_with_sizes_from_the_weights(tmp_path, capsys):
    model, c = tiny(seed=4, n_frames_per_step=2, decoder_rnn_dim=48)
    path = str(tmp_path / "tacotron2_statedict.pt")
    torch.save({"state_dict": {"module." + k: v for k, v in model.state_dict().items()}, "iteration": 77,
                "optimizer": {}, "learning_rate": 1e-3}, path)
    # A jik876 generator file: {'generator': state_dict} in cp_hifigan/ with the config.json it was trained with.
    from voicewright_trainer.hifigan import Generator
    from voicewright_trainer.vocoder_config import MODEL_PRESETS as VOC

    h = dict(VOC["tiny"], upsample_initial_channel=16, batch_size=16, segment_size=8192)  # + jik876's training keys
    (tmp_path / "cp_hifigan").mkdir()
    (tmp_path / "cp_hifigan" / "config.json").write_text(json.dumps(h))
    torch.save({"generator": Generator(h).state_dict()}, tmp_path / "cp_hifigan" / "g_00000010")
    out = tmp_path / "nv"
    assert main(["export", "--checkpoint", path, "--out", str(out), "--name", "NV", "--no-griffin-lim",
                 "--vocoder", f"jik={tmp_path / 'cp_hifigan' / 'g_00000010'}"]) == 0
    assert _events(capsys)[-1]["event"] == "finished"
    doc = json.loads((out / "voice.json").read_text())
    assert doc["acoustic"]["reductionFactor"] == 2 and doc["acoustic"]["dims"]["decoderRnnDim"] == 48
    assert doc["acoustic"]["graphs"]["decoderIter"]["inputs"][0]["shape"] == ["batch", 160]
    assert [(v["name"], v["kind"], v["file"]) for v in doc["vocoders"]] == [("jik", "hifigan", "vocoder-jik.onnx")]
    assert doc["vocoders"][0]["config"]["upsample_initial_channel"] == 16
    assert doc["provenance"]["step"] == 77 and doc["provenance"]["checkpointKind"] == "nvidia"
    manifest = json.loads((out / "parity" / "manifest.json").read_text())
    assert np.load(out / "parity" / "decode.mel.npy").shape == (2, 80, 2 * manifest["decode"]["steps"])


def test_bad_input_is_exit_2_with_one_error_and_nothing_changed(tmp_path, capsys):
    out = tmp_path / "voice"
    out.mkdir()
    (out / "keep.txt").write_text("mine")
    bad = tmp_path / "bad.pt"
    bad.write_bytes(b"not a checkpoint")
    cases = [
        (["--checkpoint", "random:tiny", "--out", str(out)], "already exists"),
        (["--checkpoint", str(bad), "--out", str(tmp_path / "v2")], "not a readable PyTorch checkpoint"),
        (["--checkpoint", str(tmp_path / "missing.pt"), "--out", str(tmp_path / "v3")], "checkpoint not found"),
        (["--checkpoint", "random:tiny", "--vocoder", "nopath", "--out", str(tmp_path / "v4")], "must be NAME=PATH"),
        (["--checkpoint", "random:huge", "--out", str(tmp_path / "v5")], "unknown Tacotron2 preset"),
        (["--checkpoint", "random:tiny", "--language", "en_US!", "--out", str(tmp_path / "v6")], "not a BCP 47 tag"),
    ]
    for args, message in cases:
        assert main(["export", "--name", "X"] + args) == 2, args
        ev = _events(capsys)
        assert [e["event"] for e in ev] == ["error"], (args, ev)
        assert message in ev[0]["message"] and ev[0]["hint"], (args, ev)
    assert os.listdir(out) == ["keep.txt"] and sorted(os.listdir(tmp_path)) == ["bad.pt", "voice"]


def test_overwrite_replaces_whole_and_a_failed_export_leaves_nothing(tmp_path, monkeypatch, capsys):
    out = tmp_path / "voice"
    out.mkdir()
    (out / "old.txt").write_text("old")
    assert main(["export", "--checkpoint", "random:tiny", "--out", str(out), "--name", "X", "--overwrite"]) == 0
    assert "old.txt" not in os.listdir(out) and (out / "voice.json").is_file()
    assert sorted(os.listdir(tmp_path)) == ["voice"]

    def broken(*a, **k):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(E, "write_parity", broken)
    before = sorted(os.listdir(out))
    assert main(["export", "--checkpoint", "random:tiny", "--out", str(out), "--name", "X", "--overwrite"]) == 1
    assert "No space left" in of(_events(capsys), "error")[0]["message"]
    assert sorted(os.listdir(out)) == before and sorted(os.listdir(tmp_path)) == ["voice"]  # old package intact, no temp
    assert main(["export", "--checkpoint", "random:tiny", "--out", str(tmp_path / "new"), "--name", "X"]) == 1
    assert sorted(os.listdir(tmp_path)) == ["voice"]


def test_nvidia_size_exports_in_seconds(tmp_path):
    """The full-size model (28.2M parameters) exports and checks out; its time is printed for the README."""
    torch.manual_seed(0)
    c = dict(MODEL_PRESETS["nvidia"])
    model = Tacotron2(c).eval()
    t = time.time()
    doc = E.export_voice(model, c, str(tmp_path / "nv"), "NV", griffin_lim=False)
    seconds = time.time() - t
    print(f"NVIDIA-size Tacotron2 export (3 graphs + checks + parity): {seconds:.1f} s")
    assert doc["acoustic"]["dims"]["decoderRnnDim"] == 1024
    assert os.path.getsize(tmp_path / "nv" / "decoder_iter.onnx") > 60_000_000


def test_a_bare_generator_file_gets_its_size_from_the_presets_or_says_what_is_missing(tmp_path):
    from voicewright_trainer.config import ConfigError
    from voicewright_trainer.export_onnx_load import load_hifigan
    from voicewright_trainer.hifigan import Generator
    from voicewright_trainer.vocoder_config import MODEL_PRESETS as VOC

    torch.save({"generator": Generator(VOC["tiny"]).state_dict()}, tmp_path / "g_tiny")
    gen, info = load_hifigan(str(tmp_path / "g_tiny"))
    assert info["config"] == VOC["tiny"] and G.has_weight_norm(gen)
    torch.save({"generator": Generator(dict(VOC["tiny"], upsample_initial_channel=64)).state_dict()}, tmp_path / "g_odd")
    with pytest.raises(ConfigError, match="cannot tell the HiFi-GAN size") as e:
        load_hifigan(str(tmp_path / "g_odd"))
    assert "config.json" in e.value.hint


def test_a_vocoder_runs_checkpoint_exports_as_a_vocoder_and_is_refused_as_the_acoustic_model(tmp_path, capsys):
    from voicewright_trainer.export_onnx_load import load_hifigan
    from voicewright_trainer.hifigan import Generator
    from voicewright_trainer.vocoder_config import MODEL_PRESETS as VOC

    h = dict(VOC["tiny"], upsample_initial_channel=64)
    path = ckpt.save(str(tmp_path / "voc" / "checkpoints"), 500, {
        "kind": "hifigan", "model": {"generator": Generator(h).state_dict(), "mpd": {}, "msd": {}}, "model_config": h})
    gen, info = load_hifigan(path)
    assert info["config"] == h and info["step"] == 500
    assert main(["export", "--checkpoint", path, "--out", str(tmp_path / "v"), "--name", "X"]) == 2
    assert "is a hifigan checkpoint" in _events(capsys)[0]["message"]
