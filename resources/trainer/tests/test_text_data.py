"""Symbol set, cleaners, dataset.json validation, batching and gate targets."""
import json
import os
import shutil

import pytest
import torch

from conftest import make_dataset
from voicewright_trainer.config import ConfigError
from voicewright_trainer.data import TextMelCollate, TextMelDataset, epoch_batches, load_dataset
from voicewright_trainer.text import SYMBOLS, english_cleaners, ids_to_text, text_to_ids


def test_symbol_set_is_nvidias():
    assert len(SYMBOLS) == 148
    assert SYMBOLS[:3] == ["_", "-", "!"]
    assert SYMBOLS[2:12] == list("!'(),.:;? ")
    assert SYMBOLS[12] == "A" and SYMBOLS[37] == "Z" and SYMBOLS[38] == "a" and SYMBOLS[63] == "z"
    assert SYMBOLS[64] == "@AA" and SYMBOLS[-1] == "@ZH"


def test_cleaners_and_ids():
    assert english_cleaners("  Mr.  Smith\tSAID  Café! ") == " mister smith said cafe! "
    ids, unknown = text_to_ids("Hi, {HH AH0 L OW1} there.")
    assert ids_to_text(ids) == "hi, {HH AH0 L OW1} there."
    assert unknown == []
    ids, unknown = text_to_ids("a_b€ {XX}")
    assert ids_to_text(ids) == "ab "
    assert unknown == ["_", "€", "{XX}"]


def test_collate_pads_sorts_and_sets_gates():
    batch = [(torch.tensor([5, 6]), torch.ones(80, 5)), (torch.tensor([1, 2, 3]), torch.full((80, 3), 2.0))]
    text, tl, mel, gate, ml = TextMelCollate(2)(batch)
    assert tl.tolist() == [3, 2] and text.tolist() == [[1, 2, 3], [5, 6, 0]]
    assert mel.shape == (2, 80, 6)  # 5 frames padded up to a multiple of r=2
    assert ml.tolist() == [3, 5]
    assert gate.tolist() == [[0, 0, 1, 1, 1, 1], [0, 0, 0, 0, 1, 1]]
    assert float(mel[0, :, 3:].abs().sum()) == 0 and float(mel[1, :, :5].mean()) == 1.0
    *same, order = TextMelCollate(2, return_order=True)(batch)  # eval names its rows with this
    assert order.tolist() == [1, 0] and all(torch.equal(a, b) for a, b in zip(same, (text, tl, mel, gate, ml)))


def test_epoch_batches_deterministic_and_complete():
    a = epoch_batches(10, 3, seed=1, epoch=0)
    assert a == epoch_batches(10, 3, seed=1, epoch=0)
    assert a != epoch_batches(10, 3, seed=1, epoch=1)
    assert len(a) == 3 and all(len(b) == 3 for b in a) and len({i for b in a for i in b}) == 9
    assert sorted(epoch_batches(2, 8, 1, 0)[0]) == [0, 1]


def test_dataset_reads_and_caches_mels(dataset_dir, tmp_path):
    info = load_dataset(dataset_dir)
    assert len(info.train) == 6 and len(info.val) == 2 and info.sample_rate == 22050
    ds = TextMelDataset(info.train, info.sample_rate, str(tmp_path / "cache"))
    text, mel = ds[0]
    assert text.dtype == torch.long and mel.shape[0] == 80 and mel.dtype == torch.float32
    assert mel.shape[1] == 1 + int(22050 * 1.0) // 256  # centred frames of a 1 s clip
    assert os.path.isfile(tmp_path / "cache" / (info.train[0].id + ".npy"))
    assert torch.equal(ds[0][1], mel)  # from the cache, identical


def _broken(tmp_path, dataset_dir, edit):
    d = str(tmp_path / "broken")
    shutil.copytree(dataset_dir, d)
    meta = json.load(open(os.path.join(d, "dataset.json")))
    edit(d, meta)
    json.dump(meta, open(os.path.join(d, "dataset.json"), "w"))
    return d


@pytest.mark.parametrize("edit,needle", [
    (lambda d, m: m.update(sampleRate=44100), "44100 Hz"),
    (lambda d, m: m.pop("train"), "lacks 'train'"),
    (lambda d, m: m.update(formatVersion=2), "formatVersion 2"),
    (lambda d, m: m.update(textFrontend="ipa-espeak"), "does not belong to text frontend 'ipa-espeak'"),
    (lambda d, m: m.update(symbolSet="ipa-espeak-v1"), "does not belong to text frontend 'nvidia-english'"),
    (lambda d, m: m.update(train=[]), "training list is empty"),
    (lambda d, m: m.update(val=m["train"][:1]), "both train and val"),
    (lambda d, m: os.remove(os.path.join(d, "wavs", m["train"][0] + ".wav")), "missing from"),
    (lambda d, m: open(os.path.join(d, "metadata.csv"), "a").write("bad line|only two\n"), "2 columns"),
])
def test_dataset_errors_are_clear(tmp_path, dataset_dir, edit, needle):
    with pytest.raises(ConfigError) as e:
        load_dataset(_broken(tmp_path, dataset_dir, edit))
    assert needle in e.value.message and e.value.hint


def test_wrong_rate_wav_is_named(tmp_path, dataset_dir):
    import wave

    def edit(d, m):
        p = os.path.join(d, "wavs", m["val"][0] + ".wav")
        with wave.open(p, "wb") as w:
            w.setnchannels(1), w.setsampwidth(2), w.setframerate(16000), w.writeframes(b"\0\0" * 1600)

    with pytest.raises(ConfigError) as e:
        load_dataset(_broken(tmp_path, dataset_dir, edit))
    assert "16000 Hz" in e.value.message


def test_missing_shared_data_skips_clearly(tmp_path, monkeypatch):
    import conftest

    monkeypatch.setattr(conftest, "SHARED", str(tmp_path / "nowhere"))
    with pytest.raises(pytest.skip.Exception) as e:
        make_dataset(str(tmp_path / "x"))
    assert "shared speech data not found" in str(e.value)
