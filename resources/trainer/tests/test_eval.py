"""Eval pieces: Griffin-Lim from a real clip's mel, the mel inversion, WAV output, the free-running step cap."""
import os
import wave

import numpy as np
import torch

from conftest import make_dataset
from voicewright_trainer import griffin_lim as gl
from voicewright_trainer.data import compute_mel, read_wav
from voicewright_trainer.evaluation import sample_step_cap


def _clip(tmp_path):
    """1.5 s of real speech (skips with a reason when the shared clips are absent)."""
    ds = make_dataset(str(tmp_path / "ds"), n_train=1, n_val=0, seconds=1.5)
    (name,) = os.listdir(os.path.join(ds, "wavs"))
    return read_wav(os.path.join(ds, "wavs", name))


def _mel_error(audio, target):
    m = compute_mel(np.asarray(audio, dtype=np.float64))
    n = min(m.size(1), target.size(1))
    return float((m[:, :n] - target[:, :n]).abs().mean())


def test_griffin_lim_recovers_the_mel_of_real_speech(tmp_path):
    x = _clip(tmp_path)
    target = compute_mel(x)
    mag = gl.mel_to_magnitude(target)
    fb, _ = gl._basis(gl.TACOTRON2)
    lin = torch.exp(target.double())
    assert float((fb @ mag - lin).norm() / lin.norm()) < 0.03  # the inversion lands back on the mel
    assert float(mag.min()) >= 0
    random_phase = _mel_error(gl.griffin_lim(mag, n_iter=0).numpy(), target)
    sixty = _mel_error(gl.griffin_lim(mag, n_iter=60).numpy(), target)
    assert sixty < 0.5 * random_phase and sixty < 0.25, (random_phase, sixty)
    audio = gl.mel_to_audio(target, n_iter=10)
    assert audio.dtype == np.float32 and np.abs(audio).max() <= 0.99 + 1e-6
    assert len(audio) == (target.size(1) - 1) * 256
    path = gl.write_wav(str(tmp_path / "a.wav"), audio, 22050)
    with wave.open(path) as w:
        assert (w.getnchannels(), w.getsampwidth(), w.getframerate(), w.getnframes()) == (1, 2, 22050, len(audio))
    assert not [n for n in os.listdir(tmp_path) if ".tmp" in n]


def test_free_running_step_cap_follows_the_text():
    assert sample_step_cap(10, 1, 1000) == 140
    assert sample_step_cap(10, 2, 1000) == 70
    assert sample_step_cap(500, 1, 1000) == 1000
    assert sample_step_cap(0, 1, 1000) == 40
