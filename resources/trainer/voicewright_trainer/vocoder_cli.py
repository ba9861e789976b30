"""The `train-vocoder` command: a HiFi-GAN run described by run.json (see README, "HiFi-GAN vocoder")."""
from __future__ import annotations


def add_arguments(parser) -> None:
    parser.add_argument("--config", required=True, help="path of the vocoder's run.json")


def run(args, emitter) -> int:
    from .vocoder_config import load
    from .vocoder_train import VocoderTrainer

    return VocoderTrainer(load(args.config), emitter).run()
