"""Griffin-Lim in torch: a Tacotron2 log-mel back to audio without a neural vocoder (eval samples), and a WAV writer."""
from __future__ import annotations

import math
import os
import wave
from typing import Optional

import numpy as np
import torch

from .mel import TACOTRON2, MelConfig, mel_filterbank

_INVERSE_CACHE = {}


def _basis(cfg: MelConfig):
    """(filterbank [n_mels, F], its pseudo-inverse [F, n_mels]) in float64, computed once per config."""
    if cfg not in _INVERSE_CACHE:
        fb = torch.from_numpy(mel_filterbank(cfg))
        _INVERSE_CACHE[cfg] = (fb, torch.linalg.pinv(fb))
    return _INVERSE_CACHE[cfg]


def mel_to_magnitude(log_mel: torch.Tensor, cfg: MelConfig = TACOTRON2, nnls_iters: int = 10) -> torch.Tensor:
    """Natural-log mel [n_mels, T] → linear STFT magnitude [n_fft/2+1, T], the mel transform inverted.

    The pseudo-inverse alone goes negative between filter centres; clamping it and then running a few
    multiplicative non-negative least-squares updates (Lee & Seung) keeps every bin >= 0 and pulls the result
    back onto the mel values (librosa's mel_to_stft solves the same problem with a full NNLS)."""
    fb, inv = _basis(cfg)
    # An untrained or unstable model can emit NaN or huge values: keep them to the mel's floor and a loud ceiling.
    lm = torch.nan_to_num(log_mel.detach().to("cpu", torch.float64), nan=math.log(1e-5))
    m = torch.exp(lm.clamp(math.log(1e-5), 12.0))
    mag = (inv @ m).clamp(min=1e-10)
    numer = fb.T @ m
    for _ in range(nnls_iters):
        mag = mag * numer / (fb.T @ (fb @ mag)).clamp(min=1e-12)
    return mag


def griffin_lim(magnitude: torch.Tensor, cfg: MelConfig = TACOTRON2, n_iter: int = 60, momentum: float = 0.99,
                seed: int = 0, power: float = 1.0) -> torch.Tensor:
    """Linear magnitude [F, T] → audio [(T-1)*hop] (float32, CPU). Fast Griffin-Lim (Perraudin et al. 2013, as
    torchaudio) with centred, reflect-padded frames like the mel definition. `power` > 1 sharpens the spectrum
    before phase recovery (the usual trick for less buzzy Griffin-Lim)."""
    spec = magnitude.to(torch.float32) ** power
    window = torch.hann_window(cfg.win, dtype=torch.float32)
    length = (spec.size(1) - 1) * cfg.hop
    kw = dict(n_fft=cfg.n_fft, hop_length=cfg.hop, win_length=cfg.win, window=window, center=True)
    g = torch.Generator().manual_seed(seed)  # own generator: eval audio must not move the training RNG
    phase = torch.rand(spec.shape, generator=g) * (2 * np.pi)
    angles = torch.polar(torch.ones_like(spec), phase)
    prev = torch.zeros_like(angles)
    for _ in range(n_iter):
        audio = torch.istft(spec * angles, length=length, **kw)
        rebuilt = torch.stft(audio, pad_mode="reflect", return_complex=True, **kw)
        angles = rebuilt - prev * (momentum / (1 + momentum))
        angles = angles / (angles.abs() + 1e-16)
        prev = rebuilt
    return torch.istft(spec * angles, length=length, **kw)


def mel_to_audio(log_mel: torch.Tensor, cfg: MelConfig = TACOTRON2, n_iter: int = 60, seed: int = 0) -> np.ndarray:
    """Log-mel [n_mels, T] → float32 audio in [-1, 1] (peak-limited to 0.99 so the 16-bit file never clips)."""
    audio = griffin_lim(mel_to_magnitude(log_mel, cfg), cfg, n_iter=n_iter, seed=seed).numpy()
    peak = float(np.abs(audio).max()) if audio.size else 0.0
    if peak > 0.99:
        audio = audio * (0.99 / peak)
    return audio.astype(np.float32)


def write_wav(path: str, audio: np.ndarray, sample_rate: int, tmp_suffix: Optional[str] = None) -> str:
    """Mono 16-bit PCM, written to a temp file and renamed into place."""
    pcm = (np.clip(audio, -1.0, 1.0) * 32767.0).round().astype("<i2")
    tmp = path + (tmp_suffix or f".tmp-{os.getpid()}")
    with wave.open(tmp, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(sample_rate)
        w.writeframes(pcm.tobytes())
    os.replace(tmp, path)
    return path
