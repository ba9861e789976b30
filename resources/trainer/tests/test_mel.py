"""The trainer's mel (data pipeline: WAV reader + compute_mel) against the committed vectors TypeScript is checked on."""
import base64
import json
import os

import numpy as np
import pytest
import torch

from conftest import REPO
from voicewright_trainer import mel as melmod
from voicewright_trainer.data import compute_mel, read_wav

FIXTURES = os.path.join(REPO, "electron", "core", "audio", "fixtures")


def test_mel_matches_committed_vectors():
    path = os.path.join(FIXTURES, "mel-vectors.json")
    if not os.path.isfile(path):
        pytest.skip(f"{path} missing")
    cases = json.load(open(path))["cases"]
    assert len(cases) >= 6
    for c in cases:
        expected = np.frombuffer(base64.b64decode(c["mel"]), dtype="<f4").reshape(c["nMels"], c["frames"])
        x = read_wav(os.path.join(FIXTURES, c["file"]), 22050)[c["offset"]:c["offset"] + c["length"]]
        if c["config"] == "tacotron2":
            got = compute_mel(x).numpy()  # exactly what training uses
        else:
            got = melmod.log_mel_torch(torch.from_numpy(x), melmod.HIFIGAN)[0].numpy()
        assert got.shape == expected.shape, c
        assert float(np.abs(got - expected).max()) < 1e-4, (c["file"], c["config"])
