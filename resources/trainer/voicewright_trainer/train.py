"""`train`: the Tacotron2 training loop behind the JSON-lines protocol. Resumable, SIGTERM-safe, NaN-safe, DDP, AMP."""
from __future__ import annotations

import math
import os
import random
import signal
import time
from typing import Any, Dict, Optional

import numpy as np
import torch

from . import checkpoint as ckpt
from .config import model_config
from .data import MEL, TextMelCollate, TextMelDataset, epoch_batches, load_dataset
from .devices import amp_enabled, autocast, grad_scaler, lower_priority, max_memory_mb, pick_device
from .distributed import Distributed
from .evaluation import evaluate
from .losses import guided_attention_weight, tacotron2_loss
from .model import Tacotron2, count_parameters
from .protocol import Emitter, log
from .recovery import NanRecovery
from .run_state import RunState
from .warm_start import warm_start
from .run_folder import lock_run_dir


def _to(batch, device):
    return [t.to(device, non_blocking=True) for t in batch]


class Trainer(RunState):
    def __init__(self, cfg: Dict[str, Any], emitter: Emitter):
        self.cfg = cfg
        self.em = emitter
        self.stop_reason: Optional[str] = None
        self.stop_agreed = False  # under DDP: the stop decision all ranks took together
        self.dist = Distributed()
        if not self.dist.is_main:
            # Only rank 0 speaks the protocol; the others' events would be duplicates.
            emitter.out = open(os.devnull, "w")

    # ---- signals -------------------------------------------------------------------------------------------
    def _on_signal(self, signum, frame):
        if self.stop_reason is None:
            log(f"signal {signum}: finishing the current step, then saving a checkpoint")
        self.stop_reason = "terminated"

    def _stopping(self) -> bool:
        # Under DDP a rank may only act on the agreed flag, or it would leave the others waiting in a collective.
        return self.stop_agreed if self.dist.enabled else self.stop_reason is not None

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
            self.dist.close()

    # ---- setup ---------------------------------------------------------------------------------------------
    def _fresh_model_state(self, quiet: bool = False) -> None:
        """Step-0 weights: seeded init (NVIDIA's), then the warm start if one is configured."""
        cfg = self.cfg
        random.seed(cfg["seed"])
        np.random.seed(cfg["seed"])
        torch.manual_seed(cfg["seed"])
        fresh = Tacotron2(self.mc)
        if cfg["warm_start"]:
            self.warm = warm_start(fresh, cfg["warm_start"])
            if not quiet:
                self._report_warm_start(self.warm)
        self.net.load_state_dict(fresh.state_dict())

    def _report_warm_start(self, w: Dict[str, Any]) -> None:
        log(f"warm start from {w['checkpoint']} ({w['layout']} layout): {w['loaded']} tensors loaded")
        if w["dropped"] or w["missing"]:
            names = [d["name"] for d in w["dropped"]]
            self.em.emit("warning", code="warm_start_layers_dropped", checkpoint=w["checkpoint"], layers=names,
                         shapes=w["dropped"], missing=w["missing"], ignored=w["ignored"],
                         message=f"warm start: {len(names)} layer(s) differ in shape and start fresh: {', '.join(names) or '-'}"
                                 + (f"; {len(w['missing'])} not in the checkpoint" if w["missing"] else ""),
                         hint="Expected when the symbol set changes (the text embedding). Anything else means the "
                              "checkpoint has other model sizes: match model_overrides to it.")

    def _setup_and_loop(self) -> int:
        cfg, dist = self.cfg, self.dist
        torch.set_num_threads(cfg["threads"])
        lower_priority(cfg["nice"])
        self.device = dist.device(cfg["device"]) or pick_device(cfg["device"])
        self.amp = amp_enabled(cfg["amp"], self.device)
        info = load_dataset(cfg["dataset"])
        # The embedding has one row per symbol of the dataset's frontend (148 NVIDIA English, or the IPA inventory).
        self.mc = dict(model_config(cfg), n_symbols=len(info.symbols))
        self.symbols = list(info.symbols)
        os.makedirs(cfg["run_dir"], exist_ok=True)
        self.ckpt_dir = os.path.join(cfg["run_dir"], "checkpoints")
        if dist.is_main:
            self._lock = lock_run_dir(cfg["run_dir"])
            self.em.attach_run_dir(cfg["run_dir"])
            os.makedirs(self.ckpt_dir, exist_ok=True)
            for name in ckpt.remove_stale_temp_files(self.ckpt_dir):
                self.em.emit("warning", code="partial_checkpoint_removed", path=os.path.join(self.ckpt_dir, name),
                             message="removed a checkpoint that was cut short by a crash", hint="Nothing to do.")
        if info.unknown_symbols:
            top = sorted(info.unknown_symbols.items(), key=lambda kv: -kv[1])[:10]
            self.em.emit("warning", code="unknown_symbols", symbols=dict(top),
                         message=f"{sum(info.unknown_symbols.values())} characters outside the symbol set were dropped",
                         hint="Normalize those characters in metadata.csv (the studio's text normalizer does this).")
        dist.init(self.device)

        self.net = Tacotron2(self.mc)
        self.warm = None
        self.recovery = NanRecovery(cfg)
        self.step, self.epoch, self.batch_in_epoch, self.last_saved_step = 0, 0, 0, None
        self.best_val, self.best_step = None, None
        if dist.is_main:  # rank 0 sets unreadable checkpoints aside before the others look
            state = self._resume()
            dist.barrier()
        else:
            dist.barrier()
            state = self._resume()
        if state is None:
            self._fresh_model_state()
        self.net.to(self.device)
        self.optimizer = torch.optim.Adam(self.net.parameters(), lr=cfg["lr"], betas=(0.9, 0.999), eps=1e-6,
                                          weight_decay=cfg["weight_decay"])
        self.scaler = grad_scaler(self.amp)
        if state is not None:
            self._restore_training_state(state)
        self.model = dist.wrap(self.net, self.device)

        cache = os.path.join(cfg["run_dir"], "mel-cache", f"tacotron2-{MEL.sample_rate}") if cfg["cache_mels"] else None
        self.train_set = TextMelDataset(info.train, info.sample_rate, cache)
        self.val_set = TextMelDataset(info.val, info.sample_rate, cache)
        self.collate = TextMelCollate(self.mc["n_frames_per_step"])
        self.collate_eval = TextMelCollate(self.mc["n_frames_per_step"], return_order=True)
        if len(self.train_set) < cfg["batch_size"]:
            self.em.emit("warning", code="small_dataset", message=f"{len(self.train_set)} training utterances, fewer than batch_size {cfg['batch_size']}",
                         hint="Each step uses the whole training set; add recordings or lower batch_size.")
        if not self.val_set:
            self.em.emit("warning", code="no_validation", message="dataset.json lists no validation utterances; evals are skipped",
                         hint="Rebuild the dataset with a validation share (the studio's default is 5%).")
        return self._loop(state)

    # ---- eval ----------------------------------------------------------------------------------------------
    def _evaluate(self) -> None:
        if not self.val_set or not self.dist.is_main:
            return
        fields = evaluate(self)
        val = fields["val_losses"]["total"]
        is_best = math.isfinite(val) and (self.best_val is None or val < self.best_val)
        if is_best:
            self.best_val, self.best_step = val, self.step
        self.em.emit("eval", best=is_best, best_val=self.best_val, best_step=self.best_step, **fields)
        if is_best:  # the best must exist as a file, whatever checkpoint_interval says
            if self.last_saved_step != self.step:
                self.save_checkpoint()
            else:
                ckpt.write_best(self.ckpt_dir, self.step, ckpt.checkpoint_path(self.ckpt_dir, self.step), val)

    # ---- one optimizer step --------------------------------------------------------------------------------
    def _train_step(self, batch, lr: float, ga_w: float):
        """Returns (loss values, grad norm, skipped, bad). bad = non-finite (counts toward a rollback); an AMP
        overflow is skipped (GradScaler lowers its scale) but is not bad unless the scale is already <= 1."""
        cfg, r, ga = self.cfg, self.mc["n_frames_per_step"], self.cfg["guided_attention"]
        for g in self.optimizer.param_groups:
            g["lr"] = lr
        text, tl, mel, gate, ml = _to(batch, self.device)
        # BatchNorm statistics move in the forward pass; keep a copy so a skipped step changes nothing.
        buffers = [(b, b.detach().clone()) for b in self.net.buffers()]
        with autocast(self.device, self.amp):
            out = self.model(text, tl, mel, ml)
            losses = tacotron2_loss(out, mel, gate, tl, ml, r, cfg["gate_pos_weight"], ga_w, ga["sigma"], ga["normalize"], cfg["mel_l1"])
        if self.recovery.inject(self.step):
            losses["total"] = losses["total"] * float("nan")
        self.optimizer.zero_grad(set_to_none=True)
        keys = list(losses)
        values, stop = self.dist.sync(torch.stack([losses[k].detach().float() for k in keys]), self.stop_reason is not None)
        self.stop_agreed = self.stop_agreed or stop
        loss_values = dict(zip(keys, values.tolist()))
        grad_norm = float("nan")
        bad = not math.isfinite(loss_values["total"])
        overflow = False
        if not bad:
            if self.scaler is not None:
                self.scaler.scale(losses["total"]).backward()
                self.scaler.unscale_(self.optimizer)
            else:
                losses["total"].backward()
            grad_norm = float(torch.nn.utils.clip_grad_norm_(self.params, self.clip))
            if not math.isfinite(grad_norm):
                overflow = self.scaler is not None
                bad = not overflow or self.scaler.get_scale() <= 1.0
        skipped = bad or overflow
        if skipped:
            self.optimizer.zero_grad(set_to_none=True)
            with torch.no_grad():
                for b, saved in buffers:
                    b.copy_(saved)
            if overflow:
                self.scaler.update()  # found an inf: halves the scale
        elif self.scaler is not None:
            self.scaler.step(self.optimizer)
            self.scaler.update()
        else:
            self.optimizer.step()
        return loss_values, grad_norm, skipped, bad, text.size(0)

    # ---- main loop -----------------------------------------------------------------------------------------
    def _loop(self, state) -> int:
        cfg, em, dist = self.cfg, self.em, self.dist
        em.emit("started", torch_version=torch.__version__, device=str(self.device), threads=torch.get_num_threads(),
                params=count_parameters(self.net), model=cfg["model"], model_config=self.mc,
                train_items=len(self.train_set), val_items=len(self.val_set), step=self.step, target_steps=cfg["steps"],
                resumed_from=state["path"] if state else None, run_dir=cfg["run_dir"], pid=os.getpid(),
                world_size=dist.world, amp=self.amp,
                warm_start={k: self.warm[k] for k in ("checkpoint", "layout", "loaded")} if self.warm else None)
        dbg = cfg["debug"]
        ga = cfg["guided_attention"]
        self.params = [p for p in self.net.parameters() if p.requires_grad]
        self.clip = cfg["grad_clip"] if cfg["grad_clip"] > 0 else float("inf")
        self.model.train()
        while self.step < cfg["steps"] and not self._stopping():
            if dbg["overfit_batch"]:
                batches = [epoch_batches(len(self.train_set), cfg["batch_size"], cfg["seed"], 0)[0]]
            else:
                batches = epoch_batches(len(self.train_set), cfg["batch_size"], cfg["seed"], self.epoch)
            mine = dist.shard(batches)
            start = self.batch_in_epoch // dist.world  # batch_in_epoch counts global batches, whatever the world
            if start >= len(mine):
                self.epoch += 1
                self.batch_in_epoch = 0
                continue
            loader = torch.utils.data.DataLoader(self.train_set, batch_sampler=mine[start:],
                                                 collate_fn=self.collate, num_workers=cfg["num_workers"],
                                                 pin_memory=self.device.type == "cuda",
                                                 # its own generator: creating the iterator must not draw from the
                                                 # global RNG, or a resumed run would diverge from an uninterrupted one
                                                 generator=torch.Generator().manual_seed(cfg["seed"] * 7919 + self.epoch))
            t_data = time.perf_counter()
            rolled_back = False
            for batch in loader:
                data_s = time.perf_counter() - t_data
                t0 = time.perf_counter()
                self.step += 1
                self.batch_in_epoch += dist.world
                lr = self.lr_now()
                ga_w = guided_attention_weight(ga, self.step - 1)
                loss_values, grad_norm, skipped, bad, n_items = self._train_step(batch, lr, ga_w)
                if bad:
                    em.emit("warning", code="nan_skipped", step=self.step, losses=loss_values, grad_norm=grad_norm,
                            message=f"step {self.step}: the loss or gradient is NaN/Inf; the update was skipped",
                            hint="Occasional ones are harmless. If they repeat, lower lr or grad_clip, and check the dataset for silent or clipped clips.")
                action = self.recovery.record(bad)
                if action == "diverged":
                    nr = cfg["nan_recovery"]
                    em.emit("error", message=f"{self.recovery.consecutive} steps in a row had NaN/Inf losses after "
                                             f"{self.recovery.rollbacks} rollback(s) with a lowered lr; the run stopped.",
                            hint="Resume with a lower lr or grad_clip (a changed lr starts the rollback count anew), "
                                 f"or raise nan_recovery.max_rollbacks (now {nr['max_rollbacks']}); the last "
                                 "checkpoint holds finite weights.")
                    em.emit("finished", reason="diverged", step=self.step, checkpoint=None)
                    return 1
                if self.device.type == "cuda":
                    torch.cuda.synchronize(self.device)
                step_s = time.perf_counter() - t0
                if dbg["step_delay_s"]:
                    time.sleep(dbg["step_delay_s"])
                if self.step % cfg["log_interval"] == 0 or self.step == 1:
                    extra = {"amp_scale": self.scaler.get_scale()} if self.scaler is not None else {}
                    if self.device.type == "cuda":
                        extra["gpu_memory_mb"] = max_memory_mb(self.device)
                    em.emit("step", step=self.step, epoch=self.epoch, losses=loss_values, ga_weight=ga_w, lr=lr,
                            grad_norm=grad_norm, items_per_s=n_items * dist.world / max(step_s + data_s, 1e-9),
                            step_s=step_s, data_s=data_s, skipped=skipped, **extra)
                if action == "rollback":
                    self._roll_back()
                    rolled_back = True
                    break
                if self.step % cfg["eval_interval"] == 0:
                    self._evaluate()
                if self.step % cfg["checkpoint_interval"] == 0 and self.last_saved_step != self.step:
                    self.save_checkpoint()
                if self.step >= cfg["steps"] or self._stopping():
                    break
                t_data = time.perf_counter()
            if (not rolled_back and self.batch_in_epoch >= len(mine) * dist.world and self.step < cfg["steps"]
                    and not self._stopping()):
                self.epoch += 1
                self.batch_in_epoch = 0
        if self.stop_agreed and self.stop_reason is None:
            self.stop_reason = "terminated"  # another rank got the signal
        reason = self.stop_reason or "completed"
        path = None
        if self.last_saved_step != self.step:
            path = self.save_checkpoint()
        else:
            found = ckpt.list_checkpoints(self.ckpt_dir)
            path = found[0][1] if found else None
        em.emit("finished", reason=reason, step=self.step, checkpoint=path)
        return 0
