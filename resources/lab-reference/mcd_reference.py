#!/usr/bin/env python3
"""Reference MCD with DTW in numpy, written apart from the TypeScript one to cross-check it.

Same definition (ESPnet's): frames of n_fft every hop (no padding), Hamming window, periodogram + eps, the one-sided
cepstrum of the log magnitude, warped to the mel scale by the all-pass constant alpha, c0 left out, exact DTW on the
Euclidean distance of c1..cD, MCD = mean over the path of (10 / ln 10) * sqrt(2 * sum dc^2).

The warping is done differently from SPTK's freqt recursion (which the studio uses): the log-magnitude spectrum is
evaluated on a uniform grid of warped frequencies beta, at omega(beta) = beta - 2 atan(alpha sin beta / (1 + alpha cos
beta)), and the mel-cepstrum is its cosine transform over beta: c~(m) = (2 - [m = 0]) / pi * integral_0^pi
log|X(omega(beta))| cos(m beta) d beta (trapezoid rule; the integrand is smooth and periodic).

usage: mcd_reference.py REF.wav TEST.wav [REF.wav TEST.wav ...] [--order 34] [--alpha 0.455]
prints one JSON object per pair: {"mcd": dB, "frames_ref": n, "frames_test": m, "path": length}
"""
import argparse
import json
import sys
import wave

import numpy as np

N_FFT = 1024
HOP = 256
EPS = 1e-6
GRID = 4096


def read_wav(path):
    with wave.open(path, "rb") as w:
        if w.getsampwidth() != 2:
            sys.exit(f"{path}: only 16-bit PCM WAV is read here (got {8 * w.getsampwidth()}-bit)")
        data = np.frombuffer(w.readframes(w.getnframes()), dtype="<i2").astype(np.float64) / 32768.0
        ch = w.getnchannels()
        return (data.reshape(-1, ch).mean(axis=1) if ch > 1 else data), w.getframerate()


def mel_cepstra(x, order, alpha):
    frames = 0 if len(x) < N_FFT else (len(x) - N_FFT) // HOP + 1
    n = np.arange(N_FFT)
    win = 0.54 - 0.46 * np.cos(2 * np.pi * n / (N_FFT - 1))
    idx = np.arange(N_FFT)[None, :] + HOP * np.arange(frames)[:, None]
    spec = np.fft.rfft(x[idx] * win, axis=1)
    log_mag = 0.5 * np.log(np.abs(spec) ** 2 + EPS)  # [frames, N/2+1] at omega_k = 2 pi k / N
    # The log spectrum between bins: its trigonometric interpolation, a cosine series in the plain cepstrum.
    half = N_FFT // 2
    d = np.fft.irfft(2 * log_mag, n=N_FFT, axis=1)[:, : half + 1]
    c = d.copy()
    c[:, 0] /= 2
    c[:, half] /= 2
    beta = np.linspace(0, np.pi, GRID + 1)
    omega = beta - 2 * np.arctan(alpha * np.sin(beta) / (1 + alpha * np.cos(beta)))
    warped = c @ np.cos(np.outer(np.arange(half + 1), omega))  # log|X(omega(beta))|, [frames, GRID+1]
    weights = np.full(GRID + 1, np.pi / GRID)
    weights[[0, -1]] /= 2
    basis = np.cos(np.outer(beta, np.arange(order + 1))) * weights[:, None]
    mc = warped @ basis / np.pi
    mc[:, 1:] *= 2
    return mc


def dtw_path(a, b):
    cost = np.sqrt(((a[:, None, :] - b[None, :, :]) ** 2).sum(axis=2))
    n, m = cost.shape
    acc = np.full((n, m), np.inf)
    acc[0, :] = np.cumsum(cost[0, :])
    for i in range(1, n):
        prev = acc[i - 1]
        # best of diagonal and vertical, then the horizontal run along the row (a cumulative scan)
        row = cost[i] + np.minimum(np.concatenate(([np.inf], prev[:-1])), prev)
        for j in range(1, m):
            row[j] = min(row[j], row[j - 1] + cost[i, j])
        acc[i] = row
    i, j = n - 1, m - 1
    path = [(i, j)]
    while i > 0 or j > 0:
        if i == 0:
            j -= 1
        elif j == 0:
            i -= 1
        else:
            diag, up, left = acc[i - 1, j - 1], acc[i - 1, j], acc[i, j - 1]
            if diag <= up and diag <= left:
                i, j = i - 1, j - 1
            elif up <= left:
                i -= 1
            else:
                j -= 1
        path.append((i, j))
    return path[::-1], cost


def mcd(ref, test, order, alpha):
    r = mel_cepstra(ref, order, alpha)[:, 1:]
    t = mel_cepstra(test, order, alpha)[:, 1:]
    path, cost = dtw_path(t, r)
    k = 10 / np.log(10) * np.sqrt(2)
    value = float(np.mean([k * cost[i, j] for i, j in path]))
    return {"mcd": value, "frames_ref": int(len(r)), "frames_test": int(len(t)), "path": len(path)}


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("wavs", nargs="+")
    ap.add_argument("--order", type=int, default=34)
    ap.add_argument("--alpha", type=float, default=0.455)
    args = ap.parse_args()
    if len(args.wavs) % 2:
        sys.exit("give the WAVs in pairs: REF TEST [REF TEST ...]")
    for ref_path, test_path in zip(args.wavs[::2], args.wavs[1::2]):
        ref, fs_ref = read_wav(ref_path)
        test, fs_test = read_wav(test_path)
        if fs_ref != fs_test:
            sys.exit(f"{ref_path} is {fs_ref} Hz and {test_path} is {fs_test} Hz; MCD compares signals at one rate")
        print(json.dumps({"ref": ref_path, "test": test_path, "sample_rate": fs_ref, **mcd(ref, test, args.order, args.alpha)}), flush=True)


if __name__ == "__main__":
    main()
