"""The `train` command: a Tacotron2 run described by run.json (see README)."""
from __future__ import annotations


def add_arguments(parser) -> None:
    parser.add_argument("--config", required=True, help="path of run.json")


def run(args, emitter) -> int:
    from .config import load
    from .train import Trainer

    return Trainer(load(args.config), emitter).run()
