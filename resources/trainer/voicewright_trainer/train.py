"""`train`: the Tacotron2 training loop behind the JSON-lines protocol. Resumable, SIGTERM-safe, NaN-safe."""
from __future__ import annotations

import math
import os
import random
import signal
import time
from typing import Any, Dict, List, Optional

import numpy as np
import torch

from . import checkpoint as ckpt
from .config import ConfigError, model_config
from .data import MEL, TextMelCollate, TextMelDataset, epoch_batches, load_dataset
from .images import matrix_image, write_png_gray
from .losses import alignment_metrics, guided_attention_weight, tacotron2_loss
from .model import Tacotron2, count_parameters
from .protocol import Emitter, log
from .text import SYMBOLS

# Settings that may change between a run's sessions (the rest must match the checkpoint's).
RESUMABLE_CHANGES = {"steps", "eval_interval", "checkpoint_interval", "keep_checkpoints", "log_interval", "threads",
                     "num_workers", "device", "debug", "cache_mels", "dataset", "run_dir"}


def lr_at(cfg: Dict[str, Any], step: int) -> float:
    s = cfg["lr_schedule"]
    if s["kind"] == "exponential" and step > s["start_step"]:
        return max(s["min_lr"], cfg["lr"] * 0.5 ** ((step - s["start_step"]) / s["half_life"]))
    return cfg["lr"]


def pick_device(name: str) -> torch.device:
    if name == "auto":
        return torch.device("cuda" if torch.cuda.is_available() else "cpu")
    if name.startswith("cuda"):
        if not torch.cuda.is_available():
            raise ConfigError(f"device {name!r} was asked for but this PyTorch ({torch.__version__}) sees no CUDA GPU.",
                              "Set \"device\": \"auto\" or \"cpu\", or use a Python with a CUDA build of PyTorch.")
        idx = int(name[5:]) if ":" in name else 0
        if idx >= torch.cuda.device_count():
            raise ConfigError(f"device {name!r}: only {torch.cuda.device_count()} GPU(s) present.", "Pick an existing GPU index.")
    return torch.device(name)


class _Lock:
    """One trainer per run folder (POSIX flock; no-op where fcntl is missing)."""

    def __init__(self, path: str):
        self.f = open(path, "a+")
        try:
            import fcntl
        except ImportError:
            return
        try:
            fcntl.flock(self.f.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            self.f.close()
            raise ConfigError(f"another trainer is already running in {os.path.dirname(path)}.",
                              "Stop it first (SIGTERM saves a checkpoint) or use a different run_dir.")


def _to(batch, device):
    return [t.to(device, non_blocking=True) for t in batch]


def _losses_dict(losses: Dict[str, torch.Tensor]) -> Dict[str, float]:
    return {k: float(v.detach()) for k, v in losses.items()}


class Trainer:
    def __init__(self, cfg: Dict[str, Any], emitter: Emitter):
        self.cfg = cfg
        self.em = emitter
        self.stop_reason: Optional[str] = None

    # ---- signals -------------------------------------------------------------------------------------------
    def _on_signal(self, signum, frame):
        if self.stop_reason is None:
            log(f"signal {signum}: finishing the current step, then saving a checkpoint")
        self.stop_reason = "terminated"

    # ---- checkpoints ---------------------------------------------------------------------------------------
    def save_checkpoint(self) -> Optional[str]:
        payload = {
            "model": self.model.state_dict(),
            "optimizer": self.optimizer.state_dict(),
            "scheduler": {"kind": self.cfg["lr_schedule"]["kind"], "lr": lr_at(self.cfg, self.step)},
            "rng": ckpt.rng_state(),
            "epoch": self.epoch,
            "batch_in_epoch": self.batch_in_epoch,
            "best_val": self.best_val,
            "config": self.cfg,
            "model_config": self.mc,
            "symbols": list(SYMBOLS),
            "mel": {k: getattr(MEL, k) for k in ("sample_rate", "n_fft", "hop", "win", "n_mels", "fmin", "fmax", "padding")},
            "torch_version": torch.__version__,
        }
        try:
            path = ckpt.save(self.ckpt_dir, self.step, payload, self.cfg["debug"]["checkpoint_write_delay_s"])
        except ckpt.NonFiniteWeights as e:
            self.em.emit("warning", code="checkpoint_refused", step=self.step, message=str(e),
                         hint="The previous checkpoint is kept. Lower the learning rate if this repeats.")
            return None
        self.last_saved_step = self.step
        ckpt.prune(self.ckpt_dir, self.cfg["keep_checkpoints"], protect=path)
        self.em.emit("checkpoint", step=self.step, path=path)
        return path

    def _resume(self) -> Optional[Dict[str, Any]]:
        def skipped(path, why):
            # Set it aside (kept for inspection) so it neither shadows newer resumes nor takes a keep-last-K slot.
            moved = path + ".unreadable"
            try:
                os.replace(path, moved)
            except OSError:
                moved = path
            self.em.emit("warning", code="checkpoint_unreadable", path=moved, message=f"skipping unreadable checkpoint: {why}",
                         hint="It was probably cut short by a crash or a full disk; the next older checkpoint is used.")

        state = ckpt.load_newest(self.ckpt_dir, on_skip=skipped)
        if state is None:
            return None
        if state["model_config"] != self.mc:
            diff = sorted(k for k in set(self.mc) | set(state["model_config"]) if self.mc.get(k) != state["model_config"].get(k))
            raise ConfigError(f"run folder {self.cfg['run_dir']} holds a run with a different model ({', '.join(diff)} differ).",
                              "Use a new run_dir for a different model, or restore the run's original model settings.")
        old = state["config"]
        changed = sorted(k for k in self.cfg if k not in RESUMABLE_CHANGES and old.get(k) != self.cfg[k])
        if changed:
            self.em.emit("warning", code="config_changed", message=f"resuming with changed settings: {', '.join(changed)}",
                         hint="The run continues with the new values; it will not match an uninterrupted run exactly.")
        self.model.load_state_dict(state["model"])
        self.optimizer.load_state_dict(state["optimizer"])
        ckpt.set_rng_state(state["rng"])
        self.step = int(state["step"])
        self.epoch = int(state["epoch"])
        self.batch_in_epoch = int(state["batch_in_epoch"])
        self.best_val = state.get("best_val")
        self.last_saved_step = self.step
        return state

    # ---- eval ----------------------------------------------------------------------------------------------
    def evaluate(self) -> None:
        if not self.val_set:
            return
        devices = [self.device.index or 0] if self.device.type == "cuda" else []
        # Eval draws random numbers (prenet dropout stays on): fork the RNG so training is unaffected by when evals run.
        with torch.random.fork_rng(devices=devices):
            self.model.eval()
            sums: Dict[str, float] = {}
            metrics: Dict[str, float] = {}
            n = 0
            first = None
            with torch.no_grad():
                order = list(range(len(self.val_set)))
                for i in range(0, len(order), self.cfg["batch_size"]):
                    items = [self.val_set[j] for j in order[i:i + self.cfg["batch_size"]]]
                    text, tl, mel, gate, ml = _to(self.collate(items), self.device)
                    out = self.model(text, tl, mel, ml)
                    losses = tacotron2_loss(out, mel, gate, tl, ml, self.mc["n_frames_per_step"], self.cfg["gate_pos_weight"],
                                            1.0 if self.cfg["guided_attention"]["enabled"] else 0.0,
                                            self.cfg["guided_attention"]["sigma"])
                    b = len(items)
                    for k, v in losses.items():
                        sums[k] = sums.get(k, 0.0) + float(v) * b
                    for k, v in alignment_metrics(out[3], tl, ml, self.mc["n_frames_per_step"]).items():
                        metrics[k] = metrics.get(k, 0.0) + v * b
                    n += b
                    if first is None:
                        r = self.mc["n_frames_per_step"]
                        T = int((ml[0] + r - 1) // r)
                        first = (out[3][0, :T, :int(tl[0])].float().cpu().numpy(), out[1][0, :, :int(ml[0])].float().cpu().numpy())
            self.model.train()
        val = {k: v / n for k, v in sums.items()}
        metrics = {k: v / n for k, v in metrics.items()}
        eval_dir = os.path.join(self.cfg["run_dir"], "eval")
        os.makedirs(eval_dir, exist_ok=True)
        align_npy = os.path.join(eval_dir, f"alignment-{self.step:08d}.npy")
        np.save(align_npy, first[0])
        align_png = os.path.join(eval_dir, f"alignment-{self.step:08d}.png")
        write_png_gray(align_png, matrix_image(first[0].T, 0.0, 1.0))  # y: input symbol, x: decoder step
        mel_png = os.path.join(eval_dir, f"mel-{self.step:08d}.png")
        write_png_gray(mel_png, matrix_image(first[1], math.log(1e-5), None))
        is_best = self.best_val is None or val["total"] < self.best_val
        if is_best:
            self.best_val = val["total"]
        self.em.emit("eval", step=self.step, val_losses=val, alignment=metrics, alignment_image=align_png,
                     alignment_npy=align_npy, mel_image=mel_png, best=is_best, items=n)

    # ---- main loop -----------------------------------------------------------------------------------------
    def run(self) -> int:
        # Handlers first: a SIGTERM while the dataset loads still ends in a checkpoint and exit 0.
        prev = {s: signal.getsignal(s) for s in (signal.SIGTERM, signal.SIGINT)}
        for s in prev:
            signal.signal(s, self._on_signal)
        try:
            return self._setup_and_loop()
        finally:
            for s, h in prev.items():
                signal.signal(s, h)

    def _setup_and_loop(self) -> int:
        cfg = self.cfg
        torch.set_num_threads(cfg["threads"])
        self.device = pick_device(cfg["device"])
        info = load_dataset(cfg["dataset"])
        self.mc = model_config(cfg)
        os.makedirs(cfg["run_dir"], exist_ok=True)
        self._lock = _Lock(os.path.join(cfg["run_dir"], ".lock"))
        self.em.attach_run_dir(cfg["run_dir"])
        self.ckpt_dir = os.path.join(cfg["run_dir"], "checkpoints")
        os.makedirs(self.ckpt_dir, exist_ok=True)
        for name in ckpt.remove_stale_temp_files(self.ckpt_dir):
            self.em.emit("warning", code="partial_checkpoint_removed", path=os.path.join(self.ckpt_dir, name),
                         message="removed a checkpoint that was cut short by a crash", hint="Nothing to do.")
        if info.unknown_symbols:
            top = sorted(info.unknown_symbols.items(), key=lambda kv: -kv[1])[:10]
            self.em.emit("warning", code="unknown_symbols", symbols=dict(top),
                         message=f"{sum(info.unknown_symbols.values())} characters outside the symbol set were dropped",
                         hint="Normalize those characters in metadata.csv (the studio's text normalizer does this).")

        random.seed(cfg["seed"])
        np.random.seed(cfg["seed"])
        torch.manual_seed(cfg["seed"])
        self.model = Tacotron2(self.mc).to(self.device)
        self.optimizer = torch.optim.Adam(self.model.parameters(), lr=cfg["lr"], betas=(0.9, 0.999), eps=1e-6,
                                          weight_decay=cfg["weight_decay"])
        self.step, self.epoch, self.batch_in_epoch, self.best_val, self.last_saved_step = 0, 0, 0, None, None
        state = self._resume()

        cache = os.path.join(cfg["run_dir"], "mel-cache", f"tacotron2-{MEL.sample_rate}") if cfg["cache_mels"] else None
        self.train_set = TextMelDataset(info.train, info.sample_rate, cache)
        self.val_set = TextMelDataset(info.val, info.sample_rate, cache)
        self.collate = TextMelCollate(self.mc["n_frames_per_step"])
        if len(self.train_set) < cfg["batch_size"]:
            self.em.emit("warning", code="small_dataset", message=f"{len(self.train_set)} training utterances, fewer than batch_size {cfg['batch_size']}",
                         hint="Each step uses the whole training set; add recordings or lower batch_size.")
        if not self.val_set:
            self.em.emit("warning", code="no_validation", message="dataset.json lists no validation utterances; evals are skipped",
                         hint="Rebuild the dataset with a validation share (the studio's default is 5%).")

        return self._loop(state)

    def _loop(self, state) -> int:
        cfg, em = self.cfg, self.em
        em.emit("started", torch_version=torch.__version__, device=str(self.device), threads=torch.get_num_threads(),
                params=count_parameters(self.model), model=cfg["model"], model_config=self.mc,
                train_items=len(self.train_set), val_items=len(self.val_set), step=self.step, target_steps=cfg["steps"],
                resumed_from=state["path"] if state else None, run_dir=cfg["run_dir"], pid=os.getpid())
        dbg = cfg["debug"]
        r = self.mc["n_frames_per_step"]
        ga = cfg["guided_attention"]
        params = [p for p in self.model.parameters() if p.requires_grad]
        clip = cfg["grad_clip"] if cfg["grad_clip"] > 0 else float("inf")
        consecutive_bad = 0
        self.model.train()
        while self.step < cfg["steps"] and self.stop_reason is None:
            if dbg["overfit_batch"]:
                batches = [epoch_batches(len(self.train_set), cfg["batch_size"], cfg["seed"], 0)[0]]
            else:
                batches = epoch_batches(len(self.train_set), cfg["batch_size"], cfg["seed"], self.epoch)
            if self.batch_in_epoch >= len(batches):
                self.epoch += 1
                self.batch_in_epoch = 0
                continue
            loader = torch.utils.data.DataLoader(self.train_set, batch_sampler=batches[self.batch_in_epoch:],
                                                 collate_fn=self.collate, num_workers=cfg["num_workers"],
                                                 pin_memory=self.device.type == "cuda",
                                                 # its own generator: creating the iterator must not draw from the
                                                 # global RNG, or a resumed run would diverge from an uninterrupted one
                                                 generator=torch.Generator().manual_seed(cfg["seed"] * 7919 + self.epoch))
            t_data = time.perf_counter()
            for batch in loader:
                data_s = time.perf_counter() - t_data
                t0 = time.perf_counter()
                self.step += 1
                self.batch_in_epoch += 1
                lr = lr_at(cfg, self.step)
                for g in self.optimizer.param_groups:
                    g["lr"] = lr
                ga_w = guided_attention_weight(ga, self.step - 1)
                text, tl, mel, gate, ml = _to(batch, self.device)
                # BatchNorm statistics move in the forward pass; keep a copy so a skipped step changes nothing.
                buffers = [(b, b.detach().clone()) for b in self.model.buffers()]
                out = self.model(text, tl, mel, ml)
                losses = tacotron2_loss(out, mel, gate, tl, ml, r, cfg["gate_pos_weight"], ga_w, ga["sigma"])
                if dbg["inject_nan_at_step"] == self.step:
                    losses["total"] = losses["total"] * float("nan")
                self.optimizer.zero_grad(set_to_none=True)
                loss_values = _losses_dict(losses)
                grad_norm = float("nan")
                skipped = not math.isfinite(loss_values["total"])
                if not skipped:
                    losses["total"].backward()
                    grad_norm = float(torch.nn.utils.clip_grad_norm_(params, clip))
                    skipped = not math.isfinite(grad_norm)
                if skipped:
                    self.optimizer.zero_grad(set_to_none=True)
                    with torch.no_grad():
                        for b, saved in buffers:
                            b.copy_(saved)
                    consecutive_bad += 1
                    em.emit("warning", code="nan_skipped", step=self.step, losses=loss_values, grad_norm=grad_norm,
                            message=f"step {self.step}: the loss or gradient is NaN/Inf; the update was skipped",
                            hint="Occasional ones are harmless. If they repeat, lower lr or grad_clip, and check the dataset for silent or clipped clips.")
                    if consecutive_bad >= 20:
                        em.emit("error", message=f"{consecutive_bad} steps in a row had NaN/Inf losses; the run stopped.",
                                hint="Resume with a lower lr (the last checkpoint holds finite weights).")
                        em.emit("finished", reason="diverged", step=self.step, checkpoint=None)
                        return 1
                else:
                    consecutive_bad = 0
                    self.optimizer.step()
                if self.device.type == "cuda":
                    torch.cuda.synchronize(self.device)
                step_s = time.perf_counter() - t0
                if dbg["step_delay_s"]:
                    time.sleep(dbg["step_delay_s"])
                if self.step % cfg["log_interval"] == 0 or self.step == 1:
                    em.emit("step", step=self.step, epoch=self.epoch, losses=loss_values, ga_weight=ga_w, lr=lr,
                            grad_norm=grad_norm, items_per_s=text.size(0) / max(step_s + data_s, 1e-9),
                            step_s=step_s, data_s=data_s, skipped=skipped)
                if self.step % cfg["eval_interval"] == 0:
                    self.evaluate()
                if self.step % cfg["checkpoint_interval"] == 0:
                    self.save_checkpoint()
                if self.step >= cfg["steps"] or self.stop_reason is not None:
                    break
                t_data = time.perf_counter()
            if self.batch_in_epoch >= len(batches) and self.step < cfg["steps"] and self.stop_reason is None:
                self.epoch += 1
                self.batch_in_epoch = 0
        reason = self.stop_reason or "completed"
        path = None
        if self.last_saved_step != self.step:
            path = self.save_checkpoint()
        else:
            found = ckpt.list_checkpoints(self.ckpt_dir)
            path = found[0][1] if found else None
        em.emit("finished", reason=reason, step=self.step, checkpoint=path)
        return 0
