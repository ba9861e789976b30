"""python -m voicewright_trainer train --config run.json

Exit codes: 0 finished (completed or terminated by SIGTERM), 1 failure during training, 2 bad input
(run.json or dataset). Every outcome is also an event on stdout."""
from __future__ import annotations

import argparse
import sys
import traceback

from .protocol import Emitter


def main(argv=None) -> int:
    em = Emitter()
    parser = argparse.ArgumentParser(prog="python -m voicewright_trainer", description="Voicewright's Tacotron2 trainer.")
    sub = parser.add_subparsers(dest="command")
    p_train = sub.add_parser("train", help="train (or resume) a Tacotron2 run described by run.json")
    p_train.add_argument("--config", required=True, help="path of run.json")
    try:
        args = parser.parse_args(argv)
    except SystemExit as e:
        if e.code:
            em.emit("error", message="bad command line", hint="Usage: python -m voicewright_trainer train --config run.json")
            return 2
        return 0
    if args.command != "train":
        em.emit("error", message="no command given", hint="Usage: python -m voicewright_trainer train --config run.json")
        return 2

    from .config import ConfigError, load

    try:
        cfg = load(args.config)
        from .train import Trainer

        return Trainer(cfg, em).run()
    except ConfigError as e:
        em.emit("error", message=e.message, hint=e.hint)
        return 2
    except KeyboardInterrupt:
        em.emit("error", message="interrupted before training started", hint="Start the run again; it resumes.")
        return 1
    except Exception as e:  # noqa: BLE001 — every failure must reach the studio as an event
        traceback.print_exc(file=sys.stderr)
        em.emit("error", message=f"{type(e).__name__}: {e}", hint="See the run's log (stderr) for the traceback.")
        return 1
    finally:
        em.close()


if __name__ == "__main__":
    sys.exit(main())
