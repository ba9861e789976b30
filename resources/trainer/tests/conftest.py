"""Shared fixtures: a tiny dataset cut from ../shared/data/speech/ljspeech-32 and a helper that runs the CLI."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import wave

import numpy as np
import pytest

TRAINER = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))  # resources/trainer
REPO = os.path.dirname(os.path.dirname(TRAINER))
sys.path.insert(0, TRAINER)

SHARED = os.path.join(os.path.dirname(REPO), "shared", "data", "speech", "ljspeech-32")
CLIP_SECONDS = 1.0
N_TRAIN, N_VAL = 6, 2


def _source_wav(uid: str) -> str:
    for p in (os.path.join(SHARED, "wavs", uid + ".wav"), os.path.join(SHARED, uid + ".wav")):
        if os.path.isfile(p):
            return p
    raise FileNotFoundError(uid)


def make_dataset(dest: str, n_train: int = N_TRAIN, n_val: int = N_VAL, seconds: float = CLIP_SECONDS) -> str:
    """Our dataset layout from the shared LJSpeech clips, each cut to `seconds` and its text to a matching share."""
    if not os.path.isfile(os.path.join(SHARED, "metadata.csv")):
        pytest.skip(f"shared speech data not found at {SHARED} (needs LJSpeech clips + metadata.csv)")
    rows = [l.split("|") for l in open(os.path.join(SHARED, "metadata.csv"), encoding="utf-8").read().splitlines() if l.strip()]
    os.makedirs(os.path.join(dest, "wavs"), exist_ok=True)
    lines, ids = [], []
    for uid, raw, norm in rows[: n_train + n_val]:
        with wave.open(_source_wav(uid)) as w:
            rate = w.getframerate()
            pcm = np.frombuffer(w.readframes(w.getnframes()), dtype="<i2")
        keep = min(len(pcm), int(seconds * rate))
        words = norm.split()
        n_words = max(2, int(round(len(words) * keep / len(pcm))))
        text = " ".join(words[:n_words])
        with wave.open(os.path.join(dest, "wavs", uid + ".wav"), "wb") as w:
            w.setnchannels(1)
            w.setsampwidth(2)
            w.setframerate(rate)
            w.writeframes(pcm[:keep].tobytes())
        lines.append(f"{uid}|{text}|{text}")
        ids.append(uid)
    with open(os.path.join(dest, "metadata.csv"), "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")
    meta = {"formatVersion": 1, "name": "test", "sampleRate": 22050, "language": "en-US", "textFrontend": "nvidia-english",
            "symbolSet": "nvidia-tacotron2-english", "train": ids[:n_train], "val": ids[n_train:],
            "statistics": {"utterances": len(ids), "seconds": len(ids) * seconds, "minSeconds": seconds, "maxSeconds": seconds,
                           "charsPerSecond": 15}, "createdAt": "2024-01-01T00:00:00Z", "createdBy": "tests"}
    with open(os.path.join(dest, "dataset.json"), "w", encoding="utf-8") as f:
        json.dump(meta, f)
    return dest


@pytest.fixture(scope="session")
def dataset_dir(tmp_path_factory) -> str:
    return make_dataset(str(tmp_path_factory.mktemp("dataset")))


def write_run(tmp_path, dataset: str, run_dir: str = None, **overrides) -> str:
    cfg = {"dataset": dataset, "run_dir": run_dir or str(tmp_path / "run"), "model": "tiny", "batch_size": 2, "lr": 2e-3,
           "steps": 6, "eval_interval": 1000, "checkpoint_interval": 1000, "keep_checkpoints": 3, "threads": 1, "seed": 7}
    cfg.update(overrides)
    path = tmp_path / f"run-{abs(hash(json.dumps(cfg, sort_keys=True))) % 10 ** 8}.json"
    path.write_text(json.dumps(cfg))
    return str(path)


def trainer_cmd(config: str):
    return [sys.executable, "-m", "voicewright_trainer", "train", "--config", config]


def trainer_env():
    env = dict(os.environ, PYTHONPATH=TRAINER + os.pathsep + os.environ.get("PYTHONPATH", ""))
    env.setdefault("OMP_NUM_THREADS", "1")
    return env


def run_trainer(config: str, timeout: float = 120):
    """Runs the CLI to the end; returns (exit code, events, stderr). Every stdout line must be one JSON object."""
    p = subprocess.run(trainer_cmd(config), cwd=TRAINER, env=trainer_env(), capture_output=True, text=True, timeout=timeout)
    return p.returncode, parse_events(p.stdout), p.stderr


def parse_events(stdout: str):
    events = []
    for line in stdout.splitlines():
        obj = json.loads(line)  # fails the test on anything that is not a JSON line
        assert isinstance(obj, dict) and "event" in obj, line
        events.append(obj)
    return events


def of(events, kind):
    return [e for e in events if e["event"] == kind]
