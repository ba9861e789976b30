"""IPA voices: the inventory agrees with the studio's ids, ipa-espeak datasets load from phonemes.csv, train and export."""
import json
import os
import shutil
import subprocess
import sys

import pytest

from conftest import REPO, TRAINER, make_dataset, of, parse_events, run_trainer, trainer_env, write_run
from voicewright_trainer import ipa
from voicewright_trainer.config import ConfigError
from voicewright_trainer.data import load_dataset
from voicewright_trainer.text import SYMBOLS as ENGLISH, voice_text

VECTORS = os.path.join(REPO, "electron", "core", "text", "fixtures", "ipa-vectors.json")


def _vectors():
    with open(VECTORS, encoding="utf-8") as f:
        return json.load(f)


def test_ids_equal_the_studios_for_the_same_phoneme_strings():
    v = _vectors()
    assert v["symbolSet"] == ipa.NAME and v["symbols"] == len(ipa.SYMBOLS)
    assert len(v["cases"]) >= 20
    for case in v["cases"]:
        assert ipa.phonemes_to_ids(case["phonemes"]) == (case["ids"], case["unknown"]), case["name"]


def test_inventory_has_the_pad_first_and_stress_and_length_as_symbols_of_their_own():
    assert ipa.SYMBOLS[0] == "_" and len(set(ipa.SYMBOLS)) == len(ipa.SYMBOLS)
    assert all(len(s) == 1 for s in ipa.SYMBOLS)
    ids, unknown = ipa.phonemes_to_ids("ɡɾˈøːsə")
    assert unknown == [] and [ipa.SYMBOLS[i] for i in ids] == ["ɡ", "ɾ", "ˈ", "ø", "ː", "s", "ə"]
    assert ipa.ids_to_phonemes([0] + ids + [0]) == "ɡɾˈøːsə"
    assert ipa.espeak_voice("de-DE") == "de" and ipa.espeak_voice("en-GB") == "en-gb" and ipa.espeak_voice("fr-FR") == "fr-fr"


def make_ipa_dataset(dest: str, language: str = "de-DE") -> str:
    """The shared LJSpeech cut (conftest) relabelled as an ipa-espeak dataset, phonemes taken from the studio's vectors
    (the trainer never runs espeak; which sentence goes with which clip does not matter for a few steps)."""
    make_dataset(dest)
    meta = json.load(open(os.path.join(dest, "dataset.json")))
    phon = [c["phonemes"] for c in _vectors()["cases"] if c.get("language") and not c["unknown"]]
    ids = meta["train"] + meta["val"]
    with open(os.path.join(dest, "phonemes.csv"), "w", encoding="utf-8") as f:
        f.write("".join(f"{uid}|{phon[i % len(phon)][:60].strip()}\n" for i, uid in enumerate(ids)))
    meta.update(language=language, textFrontend="ipa-espeak", symbolSet="ipa-espeak-v1", symbols=ipa.SYMBOLS)
    json.dump(meta, open(os.path.join(dest, "dataset.json"), "w"), ensure_ascii=False)
    return dest


@pytest.fixture(scope="module")
def ipa_dataset(tmp_path_factory) -> str:
    return make_ipa_dataset(str(tmp_path_factory.mktemp("ipa-dataset")))


def test_an_ipa_dataset_is_read_from_phonemes_csv(ipa_dataset):
    info = load_dataset(ipa_dataset)
    assert info.text_frontend == "ipa-espeak" and info.symbols == ipa.SYMBOLS and info.unknown_symbols == {}
    lines = dict(l.split("|") for l in open(os.path.join(ipa_dataset, "phonemes.csv"), encoding="utf-8").read().splitlines())
    for u in info.train + info.val:
        assert u.text == lines[u.id] and u.ids == ipa.phonemes_to_ids(lines[u.id])[0]
    assert max(i for u in info.train for i in u.ids) >= len(ENGLISH) or any(ipa.SYMBOLS[i] == "ˈ" for u in info.train for i in u.ids)


def _broken(tmp_path, src, edit):
    d = str(tmp_path / "broken")
    shutil.copytree(src, d)
    meta = json.load(open(os.path.join(d, "dataset.json"), encoding="utf-8"))
    edit(d, meta)
    json.dump(meta, open(os.path.join(d, "dataset.json"), "w"))
    return d


@pytest.mark.parametrize("edit,needle", [
    (lambda d, m: os.remove(os.path.join(d, "phonemes.csv")), "phonemes.csv"),
    (lambda d, m: open(os.path.join(d, "phonemes.csv"), "w").write(f"{m['train'][0]}|ab\n"), "have no line in"),
    (lambda d, m: open(os.path.join(d, "phonemes.csv"), "a").write("x|a|b\n"), "2 columns"),
    (lambda d, m: m.update(symbols=m["symbols"][:-1]), "differs from this trainer's inventory"),
    (lambda d, m: m.update(symbolSet="ipa-espeak-v2"), "'ipa-espeak-v2' does not belong"),
    (lambda d, m: m.update(textFrontend="arpabet"), "'arpabet' is unknown"),
])
def test_a_broken_ipa_dataset_says_what_to_fix(tmp_path, ipa_dataset, edit, needle):
    with pytest.raises(ConfigError) as e:
        load_dataset(_broken(tmp_path, ipa_dataset, edit))
    assert needle in e.value.message and e.value.hint


def test_unknown_phoneme_symbols_are_dropped_and_counted(tmp_path, ipa_dataset):
    d = _broken(tmp_path, ipa_dataset, lambda d, m: open(os.path.join(d, "phonemes.csv"), "a").write(""))
    rows = open(os.path.join(d, "phonemes.csv"), encoding="utf-8").read().splitlines()
    rows[0] = rows[0] + " €€/"
    open(os.path.join(d, "phonemes.csv"), "w", encoding="utf-8").write("\n".join(rows) + "\n")
    assert load_dataset(d).unknown_symbols == {"€": 2, "/": 1}


def test_voice_text_names_the_frontend_the_symbols_belong_to():
    t = voice_text(ipa.SYMBOLS, "de-DE")
    assert t == {"frontend": "ipa-espeak", "symbolSet": "ipa-espeak-v1", "padId": 0, "symbols": ipa.SYMBOLS,
                 "language": "de-DE", "espeakVoice": "de"}
    assert voice_text(ENGLISH, "de-DE")["frontend"] == "nvidia-english"


def test_an_ipa_dataset_trains_on_the_cpu_and_exports_an_ipa_voice(tmp_path, ipa_dataset):
    code, ev, err = run_trainer(write_run(tmp_path, ipa_dataset, steps=3, checkpoint_interval=3), timeout=300)
    assert code == 0, err
    assert of(ev, "finished")[-1]["reason"] == "completed" and not of(ev, "error")
    ckpt_path = of(ev, "checkpoint")[-1]["path"]
    out = tmp_path / "voice"
    p = subprocess.run([sys.executable, "-m", "voicewright_trainer", "export", "--checkpoint", ckpt_path, "--out", str(out),
                        "--name", "Tiny IPA", "--language", "de-DE", "--no-griffin-lim"],
                       cwd=TRAINER, env=trainer_env(), capture_output=True, text=True, timeout=300)
    assert p.returncode == 0, p.stderr
    assert parse_events(p.stdout)[-1]["event"] == "finished"
    text = json.loads((out / "voice.json").read_text(encoding="utf-8"))["text"]
    assert text["frontend"] == "ipa-espeak" and text["espeakVoice"] == "de" and text["symbols"] == ipa.SYMBOLS


def test_gta_mels_need_a_tacotron2_trained_on_the_datasets_symbols(tmp_path):
    import torch

    from voicewright_trainer import checkpoint as ckpt
    from voicewright_trainer.config import MODEL_PRESETS
    from voicewright_trainer.data import MEL
    from voicewright_trainer.model import Tacotron2
    from voicewright_trainer.vocoder_data import load_tacotron2

    mc = dict(MODEL_PRESETS["tiny"], n_symbols=len(ipa.SYMBOLS))
    path = ckpt.save(str(tmp_path / "checkpoints"), 2, {
        "model": Tacotron2(mc).state_dict(), "optimizer": {}, "model_config": mc, "symbols": ipa.SYMBOLS, "config": {},
        "rng": ckpt.rng_state(), "epoch": 0, "batch_in_epoch": 0,
        "mel": {k: getattr(MEL, k) for k in ("sample_rate", "n_fft", "hop", "win", "n_mels", "fmin", "fmax", "padding")}})
    model, _ = load_tacotron2(path, torch.device("cpu"), ipa.SYMBOLS)
    assert model.embedding.num_embeddings == len(ipa.SYMBOLS)
    with pytest.raises(ConfigError) as e:
        load_tacotron2(path, torch.device("cpu"), ENGLISH)
    assert "trained on the ipa-espeak-v1 symbols but the dataset uses NVIDIA English" in e.value.message and e.value.hint
