"""Our dataset format (DESIGN.md): wavs/<id>.wav, metadata.csv (id|raw|normalized), dataset.json; mels and batches.

dataset.json is the studio's (electron/core/dataset/dataset-format.ts). The trainer reads these fields:
  formatVersion: 1            sampleRate: int (must equal the mel config's, 22050)
  language: str               textFrontend: 'nvidia-english' | 'ipa-espeak'
  symbolSet: 'nvidia-tacotron2-english' | 'ipa-espeak-v1'     symbols: [str, ...] (ipa-espeak: must be ipa-espeak-v1's)
  train: [id, ...]            val: [id, ...]
An ipa-espeak dataset also has phonemes.csv (id|phonemes): the studio's espeak-ng IPA of the normalized text, which
the trainer maps to ids without running espeak (ipa.py).
Other fields (name, statistics, createdAt, createdBy) are allowed and ignored.
"""
from __future__ import annotations

import json
import os
import re
import wave
from dataclasses import dataclass
from typing import Dict, List, Optional, Sequence, Tuple

import numpy as np
import torch

from . import mel as melmod
from .config import ConfigError
from . import ipa
from .text import frontend_symbols, text_to_ids

ID_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$")
MEL = melmod.TACOTRON2


def read_wav(path: str, expected_rate: Optional[int] = None) -> np.ndarray:
    """Mono 16-bit PCM → float64 in [-1, 1) (NVIDIA divides by max_wav_value 32768)."""
    try:
        with wave.open(path, "rb") as w:
            channels, width, rate, n = w.getnchannels(), w.getsampwidth(), w.getframerate(), w.getnframes()
            data = w.readframes(n)
    except (OSError, EOFError, wave.Error) as e:
        raise ConfigError(f"cannot read {path}: {e}", "The dataset's wavs must be mono 16-bit PCM WAV files; rebuild the dataset in the studio.")
    if channels != 1 or width != 2:
        raise ConfigError(f"{path} is {channels}-channel {8 * width}-bit; the dataset needs mono 16-bit PCM.",
                          "Rebuild the dataset in the studio, which converts clips to mono 16-bit.")
    if expected_rate is not None and rate != expected_rate:
        raise ConfigError(f"{path} is {rate} Hz but dataset.json says {expected_rate} Hz.",
                          "Rebuild the dataset so every clip has the dataset's sample rate.")
    return np.frombuffer(data, dtype="<i2").astype(np.float64) / 32768.0


def compute_mel(audio: np.ndarray) -> torch.Tensor:
    """The shared mel definition (mel.py, torch.stft) computed in float64, returned as float32 [80, frames]."""
    x = torch.from_numpy(np.ascontiguousarray(audio, dtype=np.float64))
    if x.numel() < MEL.n_fft // 2 + 1:  # reflect padding needs more samples than the pad
        x = torch.nn.functional.pad(x, (0, MEL.n_fft // 2 + 1 - x.numel()))
    return melmod.log_mel_torch(x, MEL)[0].float()


@dataclass
class Utterance:
    id: str
    text: str
    ids: List[int]
    wav: str


@dataclass
class DatasetInfo:
    root: str
    sample_rate: int
    language: str
    train: List[Utterance]
    val: List[Utterance]
    unknown_symbols: Dict[str, int]  # symbol → count, dropped from the text
    text_frontend: str = "nvidia-english"
    symbols: Optional[List[str]] = None  # the symbol list ids index (the model's embedding rows)


def _wav_dir(root: str) -> str:
    return os.path.join(root, "wavs")


def read_metadata(path: str) -> Dict[str, str]:
    """id → text (normalized column, or raw when that is empty). Lists every problem at once."""
    try:
        with open(path, "r", encoding="utf-8-sig") as f:
            lines = f.read().splitlines()
    except OSError as e:
        raise ConfigError(f"cannot read {path}: {e.strerror}", "A dataset folder needs metadata.csv (id|raw text|normalized text).")
    out: Dict[str, str] = {}
    problems: List[str] = []
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        cols = line.split("|")
        if len(cols) != 3:
            problems.append(f"line {n}: {len(cols)} columns, expected 3 (id|raw text|normalized text)")
            continue
        uid, raw, norm = cols
        if not ID_PATTERN.match(uid):
            problems.append(f"line {n}: {uid[:40]!r} is not a usable id")
        elif uid in out:
            problems.append(f"line {n}: id {uid} appears twice")
        text = norm if norm.strip() else raw
        if not text.strip():
            problems.append(f"line {n}: {uid} has no text")
        out[uid] = text
    if problems:
        shown = "; ".join(problems[:5]) + (f"; and {len(problems) - 5} more" if len(problems) > 5 else "")
        raise ConfigError(f"{path} has {len(problems)} problem(s): {shown}", "Fix those lines (or rebuild the dataset in the studio).")
    if not out:
        raise ConfigError(f"{path} lists no utterances.", "Add one line per clip: id|raw text|normalized text.")
    return out


def read_phonemes(path: str) -> Dict[str, str]:
    """id → phoneme string from phonemes.csv (id|phonemes). Lists every problem at once."""
    try:
        with open(path, "r", encoding="utf-8-sig") as f:
            lines = f.read().splitlines()
    except OSError as e:
        raise ConfigError(f"cannot read {path}: {e.strerror}",
                          "An ipa-espeak dataset needs phonemes.csv (id|phonemes); rebuild the dataset in the studio, which writes it.")
    out: Dict[str, str] = {}
    problems: List[str] = []
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        uid, sep, phonemes = line.partition("|")
        if not sep or "|" in phonemes:
            problems.append(f"line {n}: expected 2 columns (id|phonemes)")
        elif uid in out:
            problems.append(f"line {n}: id {uid} appears twice")
        elif not phonemes.strip():
            problems.append(f"line {n}: {uid} has no phonemes")
        else:
            out[uid] = phonemes
    if problems:
        shown = "; ".join(problems[:5]) + (f"; and {len(problems) - 5} more" if len(problems) > 5 else "")
        raise ConfigError(f"{path} has {len(problems)} problem(s): {shown}", "Rebuild the dataset in the studio (it writes phonemes.csv).")
    return out


def load_dataset(root: str) -> DatasetInfo:
    """Reads and checks a dataset folder. Raises ConfigError with a hint on anything the trainer cannot use."""
    if not os.path.isdir(root):
        raise ConfigError(f"dataset folder {root} does not exist.", "Point 'dataset' in run.json at a dataset the studio built.")
    jpath = os.path.join(root, "dataset.json")
    try:
        with open(jpath, "r", encoding="utf-8") as f:
            meta = json.load(f)
    except FileNotFoundError:
        raise ConfigError(f"{jpath} is missing.", "Build or import the dataset in the studio: it writes dataset.json (sample rate, symbol set, train/val split).")
    except (OSError, ValueError) as e:
        raise ConfigError(f"{jpath} is not readable JSON: {e}", "Restore dataset.json or rebuild the dataset in the studio.")
    hint = "Rebuild the dataset in the studio, or fix dataset.json by hand (see resources/trainer/README.md)."
    if not isinstance(meta, dict):
        raise ConfigError(f"{jpath} must hold a JSON object.", hint)
    required = {"formatVersion": int, "sampleRate": int, "language": str, "textFrontend": str, "symbolSet": str, "train": list, "val": list}
    for key, kind in required.items():
        if key not in meta:
            raise ConfigError(f"{jpath} lacks '{key}'.", hint)
        if not isinstance(meta[key], kind) or isinstance(meta[key], bool):
            raise ConfigError(f"{jpath}: '{key}' must be {kind.__name__}, got {json.dumps(meta[key])[:60]}", hint)
    if meta["formatVersion"] != 1:
        raise ConfigError(f"{jpath} has formatVersion {meta['formatVersion']}; this trainer reads version 1.",
                          "Update Voicewright so the trainer and the studio agree on the dataset format.")
    if meta["sampleRate"] != MEL.sample_rate:
        raise ConfigError(f"the dataset is {meta['sampleRate']} Hz; Tacotron2's mel definition needs {MEL.sample_rate} Hz.",
                          f"Rebuild the dataset at {MEL.sample_rate} Hz in the studio (it resamples).")
    try:
        symbols = frontend_symbols(meta["textFrontend"], meta["symbolSet"])
    except ValueError as e:
        raise ConfigError(f"{jpath}: {e}.", hint)
    is_ipa = meta["textFrontend"] == ipa.TEXT_FRONTEND
    if is_ipa and "symbols" in meta and meta["symbols"] != symbols:
        raise ConfigError(f"{jpath} lists a symbol list for {ipa.NAME} that differs from this trainer's inventory "
                          f"({len(meta['symbols'])} symbols against {len(symbols)}).",
                          "Update Voicewright so the studio and the trainer share one inventory, then rebuild the dataset.")
    for key in ("train", "val"):
        bad = [x for x in meta[key] if not isinstance(x, str)]
        if bad:
            raise ConfigError(f"{jpath}: '{key}' must list id strings; found {json.dumps(bad[0])}.", hint)
    if not meta["train"]:
        raise ConfigError(f"{jpath}: the training list is empty.", "Add utterances to the dataset (or move some from 'val' to 'train').")
    overlap = sorted(set(meta["train"]) & set(meta["val"]))
    if overlap:
        raise ConfigError(f"{jpath}: {len(overlap)} id(s) are in both train and val, e.g. {overlap[0]}.", hint)
    texts = read_metadata(os.path.join(root, "metadata.csv"))
    missing_meta = [i for i in meta["train"] + meta["val"] if i not in texts]
    if missing_meta:
        raise ConfigError(f"{len(missing_meta)} id(s) in dataset.json are not in metadata.csv, e.g. {missing_meta[0]}.", hint)
    wav_dir = _wav_dir(root)
    missing_wav = [i for i in meta["train"] + meta["val"] if not os.path.isfile(os.path.join(wav_dir, i + ".wav"))]
    if missing_wav:
        raise ConfigError(f"{len(missing_wav)} clip(s) are missing from {wav_dir}, e.g. {missing_wav[0]}.wav.",
                          "Restore the clips or rebuild the dataset in the studio.")
    if is_ipa:
        ppath = os.path.join(root, "phonemes.csv")
        texts = read_phonemes(ppath)  # the model reads phonemes, not letters
        missing_ph = [i for i in meta["train"] + meta["val"] if i not in texts]
        if missing_ph:
            raise ConfigError(f"{len(missing_ph)} id(s) in dataset.json have no line in {ppath}, e.g. {missing_ph[0]}.",
                              "Rebuild the dataset in the studio (it phonemizes every utterance).")
    unknown: Dict[str, int] = {}

    def utt(uid: str) -> Utterance:
        ids, bad = ipa.phonemes_to_ids(texts[uid]) if is_ipa else text_to_ids(texts[uid])
        for s in bad:
            unknown[s] = unknown.get(s, 0) + 1
        if not ids:
            where = "phonemes.csv" if is_ipa else "metadata.csv"
            raise ConfigError(f"utterance {uid} has no usable text after cleaning: {texts[uid][:60]!r}",
                              f"Fix its line in {where} or drop it from the dataset.")
        path = os.path.join(wav_dir, uid + ".wav")
        try:
            with wave.open(path, "rb") as w:
                ok = (w.getnchannels(), w.getsampwidth(), w.getframerate()) == (1, 2, meta["sampleRate"])
                if w.getnframes() < 1:
                    raise ConfigError(f"{path} is empty.", "Re-record or drop that utterance.")
        except (OSError, EOFError, wave.Error) as e:
            raise ConfigError(f"cannot read {path}: {e}", "The dataset's wavs must be mono 16-bit PCM WAV files.")
        if not ok:
            read_wav(path, meta["sampleRate"])  # raises the precise error
        return Utterance(uid, texts[uid], ids, path)

    return DatasetInfo(root, meta["sampleRate"], meta["language"], [utt(i) for i in meta["train"]],
                       [utt(i) for i in meta["val"]], unknown, meta["textFrontend"], list(symbols))


class TextMelDataset(torch.utils.data.Dataset):
    """(text ids, mel [80, T]) per utterance; mels cached under cache_dir as .npy when one is given."""

    def __init__(self, utterances: Sequence[Utterance], sample_rate: int, cache_dir: Optional[str] = None):
        self.utts = list(utterances)
        self.rate = sample_rate
        self.cache_dir = cache_dir
        if cache_dir:
            os.makedirs(cache_dir, exist_ok=True)

    def __len__(self) -> int:
        return len(self.utts)

    def mel(self, u: Utterance) -> torch.Tensor:
        if self.cache_dir:
            path = os.path.join(self.cache_dir, u.id + ".npy")
            try:
                arr = np.load(path)
                if arr.ndim == 2 and arr.shape[0] == MEL.n_mels and arr.dtype == np.float32:
                    return torch.from_numpy(arr)
            except (OSError, ValueError):
                pass
        m = compute_mel(read_wav(u.wav, self.rate))
        if self.cache_dir:
            tmp = os.path.join(self.cache_dir, f".{u.id}.{os.getpid()}.tmp.npy")
            np.save(tmp, m.numpy())
            os.replace(tmp, path)
        return m

    def __getitem__(self, i: int) -> Tuple[torch.Tensor, torch.Tensor]:
        u = self.utts[i]
        return torch.tensor(u.ids, dtype=torch.long), self.mel(u)


class TextMelCollate:
    """NVIDIA's TextMelCollate: sorts by text length, zero-pads text and mels, pads frames to a multiple of r,
    gate target 1 from each utterance's last frame on. Returns (text, text_lengths, mel, gate, mel_lengths), and
    with return_order also each row's index into the given batch (eval uses it to name per-utterance results)."""

    def __init__(self, n_frames_per_step: int = 1, return_order: bool = False):
        self.r = n_frames_per_step
        self.return_order = return_order

    def __call__(self, batch):
        lengths = torch.tensor([len(t) for t, _ in batch], dtype=torch.long)
        input_lengths, order = torch.sort(lengths, dim=0, descending=True)
        max_in = int(input_lengths[0])
        text = torch.zeros(len(batch), max_in, dtype=torch.long)
        for i, j in enumerate(order.tolist()):
            t = batch[j][0]
            text[i, :t.size(0)] = t
        n_mels = batch[0][1].size(0)
        max_t = max(m.size(1) for _, m in batch)
        if max_t % self.r:
            max_t += self.r - max_t % self.r
        mel = torch.zeros(len(batch), n_mels, max_t)
        gate = torch.zeros(len(batch), max_t)
        out_lengths = torch.zeros(len(batch), dtype=torch.long)
        for i, j in enumerate(order.tolist()):
            m = batch[j][1]
            mel[i, :, :m.size(1)] = m
            gate[i, m.size(1) - 1:] = 1
            out_lengths[i] = m.size(1)
        if self.return_order:
            return text, input_lengths, mel, gate, out_lengths, order
        return text, input_lengths, mel, gate, out_lengths


def epoch_batches(n_items: int, batch_size: int, seed: int, epoch: int) -> List[List[int]]:
    """The batches of one epoch: a permutation fixed by (seed, epoch), so a resumed run sees the same order.
    Drops the last partial batch like NVIDIA does, unless the dataset is smaller than one batch."""
    perm = np.random.RandomState((seed * 1000003 + epoch) % (2 ** 32)).permutation(n_items).tolist()
    if n_items <= batch_size:
        return [perm]
    return [perm[i:i + batch_size] for i in range(0, n_items - batch_size + 1, batch_size)]
