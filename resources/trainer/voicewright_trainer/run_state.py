"""The trainer's persistent state: checkpoint payload, resume, best-by-validation pointer, rollback after NaNs."""
from __future__ import annotations

import os
from typing import Any, Dict, Optional

import torch

from . import checkpoint as ckpt
from .run_folder import check_resume
from .data import MEL

# Settings that may change between a run's sessions (the rest must match the checkpoint's).
RESUMABLE_CHANGES = {"steps", "eval_interval", "checkpoint_interval", "keep_checkpoints", "log_interval", "threads",
                     "num_workers", "device", "debug", "cache_mels", "dataset", "run_dir", "amp", "warm_start",
                     "eval_samples", "nan_recovery", "nice"}


def lr_at(cfg: Dict[str, Any], step: int) -> float:
    s = cfg["lr_schedule"]
    if s["kind"] == "exponential" and step > s["start_step"]:
        return max(s["min_lr"], cfg["lr"] * 0.5 ** ((step - s["start_step"]) / s["half_life"]))
    return cfg["lr"]


class RunState:
    """Mixed into Trainer: everything that is saved, loaded, or rolled back."""

    def lr_now(self) -> float:
        return lr_at(self.cfg, self.step) * self.recovery.lr_scale

    # ---- save ----------------------------------------------------------------------------------------------
    def _payload(self) -> Dict[str, Any]:
        return {
            "model": self.net.state_dict(),
            "optimizer": self.optimizer.state_dict(),
            "scaler": self.scaler.state_dict() if self.scaler is not None else None,
            "scheduler": {"kind": self.cfg["lr_schedule"]["kind"], "lr": self.lr_now()},
            "recovery": self.recovery.state(),
            "rng": ckpt.rng_state(),
            "epoch": self.epoch,
            "batch_in_epoch": self.batch_in_epoch,
            "best_val": self.best_val,
            "best_step": self.best_step,
            "world_size": self.dist.world,
            "config": self.cfg,
            "model_config": self.mc,
            "symbols": list(self.symbols),
            "mel": {k: getattr(MEL, k) for k in ("sample_rate", "n_fft", "hop", "win", "n_mels", "fmin", "fmax", "padding")},
            "torch_version": torch.__version__,
        }

    def save_checkpoint(self) -> Optional[str]:
        """Rank 0 writes; keeps the last K plus the best (best.json). Weights with NaN/Inf are never written."""
        if not self.dist.is_main:
            return None
        try:
            path = ckpt.save(self.ckpt_dir, self.step, self._payload(), self.cfg["debug"]["checkpoint_write_delay_s"])
        except ckpt.NonFiniteWeights as e:
            self.em.emit("warning", code="checkpoint_refused", step=self.step, message=str(e),
                         hint="The previous checkpoint is kept. Lower the learning rate if this repeats.")
            return None
        self.last_saved_step = self.step
        if self.best_step == self.step and self.best_val is not None:
            ckpt.write_best(self.ckpt_dir, self.step, path, self.best_val)
        ckpt.prune(self.ckpt_dir, self.cfg["keep_checkpoints"], protect=path)
        self.em.emit("checkpoint", step=self.step, path=path, best=self.best_step == self.step)
        return path

    # ---- load ----------------------------------------------------------------------------------------------
    def _skipped(self, path: str, why: str) -> None:
        # Set it aside (kept for inspection) so it neither shadows newer resumes nor takes a keep-last-K slot.
        moved = path + ".unreadable"
        try:
            os.replace(path, moved)
        except OSError:
            moved = path
        self.em.emit("warning", code="checkpoint_unreadable", path=moved, message=f"skipping unreadable checkpoint: {why}",
                     hint="It was probably cut short by a crash or a full disk; the next older checkpoint is used.")

    def _newest(self) -> Optional[Dict[str, Any]]:
        return ckpt.load_newest(self.ckpt_dir, on_skip=self._skipped if self.dist.is_main else None)

    def _resume(self) -> Optional[Dict[str, Any]]:
        """The newest complete checkpoint, checked against this run's model and settings (not yet applied)."""
        state = self._newest()
        if state is None:
            return None
        old = check_resume(state, self.mc, self.cfg, RESUMABLE_CHANGES, self.em.emit)
        self.net.load_state_dict(state["model"])
        self.recovery.load(state.get("recovery"), lr_changed=old.get("lr") != self.cfg["lr"])
        self.best_val, self.best_step = state.get("best_val"), state.get("best_step")
        return state

    def _restore_training_state(self, state: Dict[str, Any]) -> None:
        """Optimizer, AMP scaler, RNG and data position from a checkpoint (the model is loaded already)."""
        self.optimizer.load_state_dict(state["optimizer"])
        if self.scaler is not None and state.get("scaler"):
            self.scaler.load_state_dict(state["scaler"])
        ckpt.set_rng_state(state["rng"])
        self.step = int(state["step"])
        self.epoch = int(state["epoch"])
        self.batch_in_epoch = int(state["batch_in_epoch"])
        self.last_saved_step = self.step

    # ---- rollback ------------------------------------------------------------------------------------------
    def _roll_back(self) -> None:
        """Back to the newest good checkpoint (or the step-0 weights when there is none) with a lowered lr.
        Every rank does the same from the same file, so DDP replicas stay identical."""
        from_step = self.step
        lr_scale = self.recovery.rolled_back()
        state = self._newest()
        if state is not None:
            self.net.load_state_dict(state["model"])
            self._restore_training_state(state)
        else:
            self._fresh_model_state(quiet=True)
            self.optimizer.state.clear()
            if self.scaler is not None:
                from .devices import grad_scaler

                self.scaler = grad_scaler(True)
            self.step, self.epoch, self.batch_in_epoch, self.last_saved_step = 0, 0, 0, None
        self.em.emit("warning", code="rolled_back", step=from_step, from_step=from_step, to_step=self.step, lr=self.lr_now(),
                     lr_scale=lr_scale, rollback=self.recovery.rollbacks, max_rollbacks=self.recovery.max_rollbacks,
                     checkpoint=state["path"] if state else None,
                     message=f"{self.recovery.rollback_after} steps in a row were NaN/Inf: rolled back from step "
                             f"{from_step} to step {self.step} with the learning rate lowered to {self.lr_now():.3g}",
                     hint="Training goes on. If this repeats, lower lr or grad_clip in run.json, raise n_frames_per_step, "
                          "or check the dataset for silent or clipped clips.")
