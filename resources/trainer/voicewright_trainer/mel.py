"""The one mel definition (DESIGN.md): NVIDIA Tacotron2's log-mel, and HiFi-GAN's uncentred variant.

The TypeScript implementation (electron/core/audio/mel.ts) is checked against vectors this module writes.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class MelConfig:
    sample_rate: int = 22050
    n_fft: int = 1024
    hop: int = 256
    win: int = 1024
    n_mels: int = 80
    fmin: float = 0.0
    fmax: float = 8000.0
    padding: str = "center"  # "center" (Tacotron2) or "hifigan"


TACOTRON2 = MelConfig()
HIFIGAN = MelConfig(padding="hifigan")

_F_SP = 200.0 / 3
_MIN_LOG_HZ = 1000.0
_MIN_LOG_MEL = _MIN_LOG_HZ / _F_SP
_LOGSTEP = math.log(6.4) / 27.0


def hz_to_mel(hz: np.ndarray) -> np.ndarray:
    hz = np.asarray(hz, dtype=np.float64)
    return np.where(hz < _MIN_LOG_HZ, hz / _F_SP, _MIN_LOG_MEL + np.log(np.maximum(hz, 1e-10) / _MIN_LOG_HZ) / _LOGSTEP)


def mel_to_hz(mel: np.ndarray) -> np.ndarray:
    mel = np.asarray(mel, dtype=np.float64)
    return np.where(mel < _MIN_LOG_MEL, mel * _F_SP, _MIN_LOG_HZ * np.exp(_LOGSTEP * (mel - _MIN_LOG_MEL)))


def mel_filterbank(cfg: MelConfig) -> np.ndarray:
    """Slaney-normalised triangular filters, [n_mels, n_fft/2+1], as librosa.filters.mel(norm='slaney')."""
    fft_freqs = np.linspace(0, cfg.sample_rate / 2, 1 + cfg.n_fft // 2)
    mel_f = mel_to_hz(np.linspace(hz_to_mel(cfg.fmin), hz_to_mel(cfg.fmax), cfg.n_mels + 2))
    fdiff = np.diff(mel_f)
    ramps = mel_f[:, None] - fft_freqs[None, :]
    lower = -ramps[:-2] / fdiff[:-1, None]
    upper = ramps[2:] / fdiff[1:, None]
    weights = np.maximum(0.0, np.minimum(lower, upper))
    weights *= (2.0 / (mel_f[2:] - mel_f[:-2]))[:, None]
    return weights


def hann(win: int, n_fft: int) -> np.ndarray:
    w = np.zeros(n_fft)
    off = (n_fft - win) // 2
    w[off:off + win] = 0.5 - 0.5 * np.cos(2 * np.pi * np.arange(win) / win)
    return w


def log_mel_numpy(signal: np.ndarray, cfg: MelConfig = TACOTRON2) -> np.ndarray:
    """Reference implementation in float64 numpy: [n_mels, frames]."""
    x = np.asarray(signal, dtype=np.float64)
    pad = cfg.n_fft // 2 if cfg.padding == "center" else (cfg.n_fft - cfg.hop) // 2
    x = np.pad(x, (pad, pad), mode="reflect")
    frames = 1 + (len(x) - cfg.n_fft) // cfg.hop
    idx = np.arange(cfg.n_fft)[None, :] + cfg.hop * np.arange(frames)[:, None]
    spec = np.fft.rfft(x[idx] * hann(cfg.win, cfg.n_fft)[None, :], axis=1)
    eps = 1e-9 if cfg.padding == "hifigan" else 0.0
    mag = np.sqrt(spec.real ** 2 + spec.imag ** 2 + eps)
    mel = mel_filterbank(cfg) @ mag.T
    return np.log(np.maximum(mel, 1e-5))


def log_mel_torch(signal, cfg: MelConfig = TACOTRON2):
    """The trainer's implementation (torch.stft), batched: [B, T] float tensor → [B, n_mels, frames]."""
    import torch

    x = signal if signal.dim() == 2 else signal.unsqueeze(0)
    pad = cfg.n_fft // 2 if cfg.padding == "center" else (cfg.n_fft - cfg.hop) // 2
    x = torch.nn.functional.pad(x.unsqueeze(1), (pad, pad), mode="reflect").squeeze(1)
    window = torch.hann_window(cfg.win, dtype=x.dtype, device=x.device)
    spec = torch.stft(x, cfg.n_fft, hop_length=cfg.hop, win_length=cfg.win, window=window,
                      center=False, return_complex=True)
    eps = 1e-9 if cfg.padding == "hifigan" else 0.0
    mag = torch.sqrt(spec.real ** 2 + spec.imag ** 2 + eps)
    basis = torch.from_numpy(mel_filterbank(cfg)).to(dtype=x.dtype, device=x.device)
    return torch.log(torch.clamp(torch.matmul(basis, mag), min=1e-5))
