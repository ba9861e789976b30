"""The JSON-lines protocol (DESIGN.md): one object per line on stdout, flushed at once; also appended to
<run_dir>/events.jsonl so a studio that re-attaches later can read the whole history. Logs go to stderr."""
from __future__ import annotations

import json
import math
import os
import sys
import time
from typing import Any, Optional, TextIO

EVENTS = ("started", "step", "eval", "checkpoint", "warning", "error", "finished")


def _clean(v: Any) -> Any:
    """JSON has no NaN/Infinity: non-finite floats become the strings 'NaN', 'Infinity', '-Infinity'."""
    if isinstance(v, float) and not math.isfinite(v):
        return "NaN" if v != v else ("Infinity" if v > 0 else "-Infinity")
    if isinstance(v, dict):
        return {str(k): _clean(x) for k, x in v.items()}
    if isinstance(v, (list, tuple)):
        return [_clean(x) for x in v]
    return v


class Emitter:
    def __init__(self, out: Optional[TextIO] = None):
        self.out = out or sys.stdout
        self.log_file: Optional[TextIO] = None

    def attach_run_dir(self, run_dir: str) -> None:
        os.makedirs(run_dir, exist_ok=True)
        self.log_file = open(os.path.join(run_dir, "events.jsonl"), "a", encoding="utf-8")

    def emit(self, event: str, **fields: Any) -> dict:
        assert event in EVENTS, event
        obj = {"event": event, "time": round(time.time(), 3)}
        obj.update(_clean(fields))
        line = json.dumps(obj, allow_nan=False, separators=(",", ":"))
        self.out.write(line + "\n")
        self.out.flush()
        if self.log_file:
            self.log_file.write(line + "\n")
            self.log_file.flush()
        return obj

    def close(self) -> None:
        if self.log_file:
            self.log_file.close()
            self.log_file = None


def log(*parts: Any) -> None:
    print(*parts, file=sys.stderr, flush=True)
