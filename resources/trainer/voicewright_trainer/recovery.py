"""NaN/Inf recovery policy: skip a bad step; after N in a row roll back with a lowered lr; after M rollbacks stop."""
from __future__ import annotations

from typing import Any, Dict, Optional


class NanRecovery:
    """Counts consecutive non-finite steps and rollbacks. `lr_scale` and `rollbacks` travel in checkpoints, so a
    resumed run keeps its lowered lr; both reset when the user changes `lr` (a new lr is their decision)."""

    def __init__(self, cfg: Dict[str, Any]):
        nr = cfg["nan_recovery"]
        self.rollback_after = nr["rollback_after"]
        self.lr_factor = nr["lr_factor"]
        self.max_rollbacks = nr["max_rollbacks"]
        self.inject_at = cfg["debug"]["inject_nan_at_step"]
        self.consecutive = 0
        self.rollbacks = 0
        self.lr_scale = 1.0
        self._injected = set()

    def inject(self, step: int) -> bool:
        """Test hook: poison this step's loss? Each step once, so replaying it after a rollback goes through, as a
        lower lr would make it."""
        at = self.inject_at
        if at is None or step in self._injected:
            return False
        hit = at[0] <= step <= at[1] if isinstance(at, list) else step == at
        if hit:
            self._injected.add(step)
        return hit

    def record(self, bad: bool) -> Optional[str]:
        """After a step: None (carry on), 'rollback' or 'diverged'."""
        if not bad:
            self.consecutive = 0
            return None
        self.consecutive += 1
        if self.consecutive < self.rollback_after:
            return None
        return "diverged" if self.rollbacks >= self.max_rollbacks else "rollback"

    def rolled_back(self) -> float:
        """Book a rollback; returns the new lr scale."""
        self.rollbacks += 1
        self.lr_scale *= self.lr_factor
        self.consecutive = 0
        return self.lr_scale

    def state(self) -> Dict[str, Any]:
        return {"lr_scale": self.lr_scale, "rollbacks": self.rollbacks}

    def load(self, state: Optional[Dict[str, Any]], lr_changed: bool) -> None:
        if state and not lr_changed:
            self.lr_scale = float(state.get("lr_scale", 1.0))
            self.rollbacks = int(state.get("rollbacks", 0))
