"""Vocoder data: (mel, audio) segments aligned frame by frame, ground-truth or GTA (teacher-forced Tacotron2) mels."""
from __future__ import annotations

import hashlib
import math
import os
import zlib
from typing import Callable, Dict, List, Optional, Sequence, Tuple

import numpy as np
import torch

from . import checkpoint as ckpt
from . import mel as melmod
from .config import ConfigError
from .data import MEL, TextMelDataset, Utterance, read_wav
from .protocol import log

HOP = MEL.hop
LOG_SILENCE = math.log(1e-5)  # the mel's floor: what padding frames hold
# jik876's loss mel: their mel_spectrogram (uncentred, sqrt(+1e-9)) with fmax_for_loss=None, i.e. the full band.
LOSS_MEL = melmod.MelConfig(padding="hifigan", fmax=MEL.sample_rate / 2)


def loss_mel(audio: torch.Tensor) -> torch.Tensor:
    """[B, samples] → [B, 80, samples / 256], differentiable (jik876's mel for the L1 loss)."""
    return melmod.log_mel_torch(audio, LOSS_MEL)


def aligned(mel: torch.Tensor, audio: np.ndarray) -> Tuple[torch.Tensor, torch.Tensor]:
    """Audio cut or zero-padded to frames × 256 samples: frame k of the (centred) mel ↔ samples [256k, 256k+256)."""
    n = mel.size(1) * HOP
    a = np.zeros(n, dtype=np.float32)
    m = min(n, len(audio))
    a[:m] = audio[:m]
    return mel, torch.from_numpy(a)


class SegmentDataset(torch.utils.data.Dataset):
    """Random `segment_frames`-frame windows of (mel [80, F], audio [F × 256]). The window of item i in epoch e is
    drawn from an RNG seeded by (seed, e, i), so a resumed run (and any number of loader workers) picks the same."""

    def __init__(self, utts: Sequence[Utterance], rate: int, mel_of: Callable[[Utterance], torch.Tensor],
                 segment_frames: int, seed: int):
        self.utts = list(utts)
        self.rate = rate
        self.mel_of = mel_of
        self.frames = segment_frames
        self.seed = seed
        self.epoch = 0  # set before each epoch's loader is created (workers get a copy then)

    def __len__(self) -> int:
        return len(self.utts)

    def full(self, i: int) -> Tuple[torch.Tensor, torch.Tensor]:
        u = self.utts[i]
        return aligned(self.mel_of(u), read_wav(u.wav, self.rate).astype(np.float32))

    def __getitem__(self, i: int) -> Tuple[torch.Tensor, torch.Tensor]:
        mel, audio = self.full(i)
        F, T = self.frames, mel.size(1)
        if T >= F:
            rng = np.random.RandomState((self.seed * 1000003 + self.epoch * 7919 + i * 104729 + 17) % (2 ** 32))
            s = int(rng.randint(0, T - F + 1))
            return mel[:, s:s + F].contiguous(), audio[s * HOP:(s + F) * HOP].contiguous()
        # shorter than a segment: silence after it (jik876 pads the mel with 0 = loud; the floor is silence)
        m = torch.full((mel.size(0), F), LOG_SILENCE)
        m[:, :T] = mel
        a = torch.zeros(F * HOP)
        a[:audio.numel()] = audio
        return m, a


def ground_truth_mels(run_dir: str, rate: int, cache: bool) -> Callable[[Utterance], torch.Tensor]:
    """The Tacotron2 trainer's mels (same definition, same cache layout under run_dir/mel-cache)."""
    ds = TextMelDataset([], rate, os.path.join(run_dir, "mel-cache", f"tacotron2-{MEL.sample_rate}") if cache else None)
    return ds.mel


def _file_digest(path: str) -> str:
    h = hashlib.sha1()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()[:12]


def load_tacotron2(path: str, device: torch.device, symbols: Optional[List[str]] = None):
    """A checkpoint written by the `train` command → Tacotron2 in eval mode. Raises ConfigError if it is not one, or
    if it was trained on another symbol set than `symbols` (the dataset's: its ids would index the wrong embeddings)."""
    from .model import Tacotron2
    from . import ipa
    from .text import SYMBOLS

    hint = "Set gta.tacotron2_checkpoint to a ckpt-<step>.pt from a Tacotron2 run's checkpoints folder."
    if not os.path.isfile(path):
        raise ConfigError(f"gta.tacotron2_checkpoint {path} does not exist.", hint)
    try:
        state = ckpt.load_file(path)
    except Exception as e:  # truncated, foreign or wrong version
        raise ConfigError(f"gta.tacotron2_checkpoint {path} does not load: {type(e).__name__}: {e}", hint)
    if state.get("kind", "tacotron2") != "tacotron2" or "model_config" not in state:
        raise ConfigError(f"gta.tacotron2_checkpoint {path} is a {state.get('kind')} checkpoint, not a Tacotron2 one.", hint)
    if list(state.get("symbols", SYMBOLS)) not in (list(SYMBOLS), ipa.SYMBOLS):
        raise ConfigError(f"{path} was trained with another symbol set than this trainer's.", "Use a checkpoint of this Voicewright version.")
    if symbols is not None and list(state.get("symbols", SYMBOLS)) != list(symbols):
        names = {len(SYMBOLS): "NVIDIA English", len(ipa.SYMBOLS): ipa.NAME}
        theirs = len(state.get("symbols", SYMBOLS))
        raise ConfigError(f"{path} was trained on the {names.get(theirs, theirs)} symbols but the dataset uses {names.get(len(symbols), len(symbols))}.",
                          "Use a Tacotron2 checkpoint trained on this dataset (or one with the same text frontend).")
    saved_mel = state.get("mel")
    if saved_mel and any(saved_mel.get(k) != getattr(MEL, k) for k in saved_mel):
        raise ConfigError(f"{path} uses another mel definition ({saved_mel}).", "GTA mels must match the vocoder's input mel.")
    model = Tacotron2(state["model_config"]).to(device)
    model.load_state_dict(state["model"])
    model.eval()
    return model, state


def gta_mels(path: str, utts: Sequence[Utterance], run_dir: str, rate: int, device: torch.device, seed: int,
             gt_mel: Callable[[Utterance], torch.Tensor], should_stop: Callable[[], bool] = lambda: False,
             symbols: Optional[List[str]] = None) -> Tuple[Optional[Callable[[Utterance], torch.Tensor]], Dict]:
    """Teacher-forced Tacotron2 mels (postnet output) for every utterance, computed once into
    run_dir/gta-cache/<step>-<checkpoint digest>/<id>.npy. Returns (mel_of, info); mel_of is None if stopped."""
    if not os.path.isfile(path):
        raise ConfigError(f"gta.tacotron2_checkpoint {path} does not exist.",
                          "Set it to a ckpt-<step>.pt from a Tacotron2 run's checkpoints folder.")
    digest = _file_digest(path)  # a new checkpoint (even at the same path) gets a new cache folder
    step = None
    base = os.path.basename(path)
    step_tag = base[5:13] if base.startswith("ckpt-") and base[5:13].isdigit() else "x"
    cache_dir = os.path.join(run_dir, "gta-cache", f"{step_tag}-{digest}")
    os.makedirs(cache_dir, exist_ok=True)

    def cached(u: Utterance) -> str:
        return os.path.join(cache_dir, u.id + ".npy")

    todo: List[Utterance] = [u for u in utts if not os.path.isfile(cached(u))]
    if todo:
        model, state = load_tacotron2(path, device, symbols)
        step = int(state.get("step", 0))
        r = model.n_frames_per_step
        log(f"gta: computing {len(todo)} teacher-forced mels with {path} (r={r}) into {cache_dir}")
        devices = [device.index or 0] if device.type == "cuda" else []
        with torch.no_grad(), torch.random.fork_rng(devices=devices):
            for u in todo:
                if should_stop():
                    return None, {}
                mel = gt_mel(u)
                T = mel.size(1)
                pad = (-T) % r  # the decoder takes whole steps of r frames: pad like TextMelCollate, trim after
                m = torch.nn.functional.pad(mel, (0, pad))[None].to(device)
                # Prenet dropout stays on (NVIDIA's design, also at inference): a fixed seed per utterance makes
                # the GTA mel of an utterance the same whatever the order or the set it is computed in.
                torch.manual_seed((seed * 1000003 + zlib.crc32(u.id.encode())) % (2 ** 31))
                text = torch.tensor(u.ids, dtype=torch.long, device=device)[None]
                out = model(text, torch.tensor([len(u.ids)], device=device), m, torch.tensor([T], device=device))
                gta = out[1][0, :, :T].float().cpu()
                if gta.size(1) != T or not bool(torch.isfinite(gta).all()):
                    raise RuntimeError(f"GTA mel of {u.id}: {gta.size(1)} frames (expected {T}) or non-finite values")
                tmp = os.path.join(cache_dir, f".{u.id}.{os.getpid()}.tmp.npy")
                np.save(tmp, gta.numpy())
                os.replace(tmp, cached(u))

    def mel_of(u: Utterance) -> torch.Tensor:
        return torch.from_numpy(np.load(cached(u)))

    return mel_of, {"tacotron2_checkpoint": path, "cache_dir": cache_dir, "computed": len(todo),
                    "cached": len(utts) - len(todo), "tacotron2_step": step}
