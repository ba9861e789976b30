"""Writes the mel test vectors both the trainer and TypeScript are checked against.

Usage: /usr/bin/python3 resources/trainer/tools/make_mel_vectors.py  (from the repository root)
Inputs are committed clips in electron/core/audio/fixtures; output is fixtures/mel-vectors.json.
"""
import base64
import json
import os
import sys
import wave

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))
from voicewright_trainer.mel import HIFIGAN, TACOTRON2, log_mel_numpy, log_mel_torch  # noqa: E402

FIXTURES = os.path.join("electron", "core", "audio", "fixtures")


def read_wav(name: str) -> np.ndarray:
    with wave.open(os.path.join(FIXTURES, name)) as w:
        assert w.getsampwidth() == 2 and w.getnchannels() == 1 and w.getframerate() == 22050
        return np.frombuffer(w.readframes(w.getnframes()), dtype="<i2").astype(np.float64) / 32768.0


def b64(a: np.ndarray) -> str:
    return base64.b64encode(np.ascontiguousarray(a, dtype="<f4").tobytes()).decode()


def main() -> None:
    cases = [
        ("LJ001-0001.wav", 22050, 22050),  # speech, one second from the middle
        ("LJ001-0002.wav", 0, 11025),  # the start of another clip: onset and reflect padding
        ("LJ001-0002.wav", 30000, 600),  # shorter than one FFT window (torch needs at least n_fft/2 + 1 samples)
    ]
    out = {"generator": "resources/trainer/tools/make_mel_vectors.py", "cases": []}
    for file, offset, length in cases:
        x = read_wav(file)[offset:offset + length]
        for name, cfg in (("tacotron2", TACOTRON2), ("hifigan", HIFIGAN)):
            ref = log_mel_numpy(x, cfg)
            try:
                import torch

                t = log_mel_torch(torch.from_numpy(x), cfg)[0].numpy()
                diff = float(np.abs(t - ref).max())
                assert diff < 1e-6, f"torch and numpy disagree by {diff}"
            except ImportError:
                print("torch not installed: vectors from the numpy reference only", file=sys.stderr)
            out["cases"].append({"file": file, "offset": offset, "length": length, "config": name,
                                 "nMels": int(ref.shape[0]), "frames": int(ref.shape[1]), "mel": b64(ref)})
            print(f"{file}[{offset}:{offset + length}] {name}: {ref.shape}", file=sys.stderr)
    with open(os.path.join(FIXTURES, "mel-vectors.json"), "w") as f:
        json.dump(out, f)


if __name__ == "__main__":
    main()
