"""python -m voicewright_trainer <command> --config run.json

Commands: train (Tacotron2), train-vocoder (HiFi-GAN), export (a checkpoint → voice package).
Exit codes: 0 finished (completed or terminated by SIGTERM), 1 failure during the work, 2 bad input
(config or data). Every outcome is also an event on stdout."""
from __future__ import annotations

import argparse
import importlib
import sys
import traceback

from .protocol import Emitter

# command → (module, help). Each module has `run(args, emitter) -> int` and `add_arguments(parser)`.
COMMANDS = {
    "train": ("train_cli", "train (or resume) a Tacotron2 run described by run.json"),
    "train-vocoder": ("vocoder_cli", "train (or resume) a HiFi-GAN vocoder run described by run.json"),
    "export": ("export_cli", "export a checkpoint (and vocoders) to a voice package of ONNX files"),
}
USAGE = "Usage: python -m voicewright_trainer {" + ",".join(COMMANDS) + "} --config run.json"


def main(argv=None) -> int:
    em = Emitter()
    parser = argparse.ArgumentParser(prog="python -m voicewright_trainer", description="Voicewright's trainer.")
    sub = parser.add_subparsers(dest="command")
    modules = {}
    for name, (module, help_text) in COMMANDS.items():
        p = sub.add_parser(name, help=help_text)
        try:
            modules[name] = importlib.import_module(f".{module}", __package__)
        except ImportError:
            # A command whose module is missing stays listed but says so when used.
            p.add_argument("--config", required=False)
            continue
        modules[name].add_arguments(p)
    try:
        args = parser.parse_args(argv)
    except SystemExit as e:
        if e.code:
            em.emit("error", message="bad command line", hint=USAGE)
            em.close()
            return 2
        em.close()
        return 0
    if args.command not in COMMANDS:
        em.emit("error", message="no command given", hint=USAGE)
        em.close()
        return 2
    if args.command not in modules:
        em.emit("error", message=f"the {args.command} command is not available in this trainer", hint="Update Voicewright.")
        em.close()
        return 2

    from .config import ConfigError

    try:
        return modules[args.command].run(args, em)
    except ConfigError as e:
        em.emit("error", message=e.message, hint=e.hint)
        return 2
    except KeyboardInterrupt:
        em.emit("error", message="interrupted before the work started", hint="Start it again; a run resumes.")
        return 1
    except Exception as e:  # noqa: BLE001 — every failure must reach the studio as an event
        traceback.print_exc(file=sys.stderr)
        em.emit("error", message=f"{type(e).__name__}: {e}", hint="See the run's log (stderr) for the traceback.")
        return 1
    finally:
        em.close()


if __name__ == "__main__":
    sys.exit(main())
