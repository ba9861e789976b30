"""`train-vocoder`: the HiFi-GAN training loop (jik876's) behind the JSON-lines protocol. Resumable, SIGTERM-safe,
NaN-safe, AMP on CUDA."""
from __future__ import annotations

import itertools
import os
import signal
import time
import wave
from typing import Any, Dict, Optional

import numpy as np
import torch
from torch.nn import functional as F

from . import checkpoint as ckpt
from . import hifigan as H
from .config import ConfigError
from .data import MEL, epoch_batches, load_dataset
from .protocol import Emitter, log
from .vocoder_config import MODEL_PRESETS, model_config
from .vocoder_data import HOP, SegmentDataset, ground_truth_mels, gta_mels, loss_mel
from .vocoder_step import GanStep
from .devices import lower_priority, pick_device
from .run_folder import check_resume, lock_run_dir

KIND = "hifigan"  # our checkpoints carry it beside checkpoint.py's format tag, to tell them from Tacotron2 ones
RESUMABLE_CHANGES = {"steps", "eval_interval", "checkpoint_interval", "keep_checkpoints", "log_interval", "threads",
                     "num_workers", "device", "debug", "cache_mels", "dataset", "run_dir", "val_samples", "init", "amp", "nice"}


def write_wav(path: str, audio: np.ndarray, rate: int) -> None:
    pcm = (np.clip(audio, -1.0, 1.0 - 1 / 32768) * 32768).astype("<i2")
    tmp = path + f".tmp-{os.getpid()}"
    with wave.open(tmp, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes(pcm.tobytes())
    os.replace(tmp, path)


class VocoderTrainer:
    def __init__(self, cfg: Dict[str, Any], emitter: Emitter):
        self.cfg = cfg
        self.em = emitter
        self.stop_reason: Optional[str] = None

    def _on_signal(self, signum, frame):
        if self.stop_reason is None:
            log(f"signal {signum}: finishing the current step, then saving a checkpoint")
        self.stop_reason = "terminated"

    def run(self) -> int:
        prev = {s: signal.getsignal(s) for s in (signal.SIGTERM, signal.SIGINT)}
        for s in prev:
            signal.signal(s, self._on_signal)
        try:
            if not self.setup():
                self.em.emit("finished", reason="terminated", step=self.step, checkpoint=None)
                return 0
            return self._loop()
        finally:
            for s, h in prev.items():
                signal.signal(s, h)

    # ---- setup ---------------------------------------------------------------------------------------------
    def setup(self) -> bool:
        """Everything up to the first step. False if a SIGTERM came while the GTA mels were being computed."""
        cfg = self.cfg
        torch.set_num_threads(cfg["threads"])
        lower_priority(cfg["nice"])
        self.device = pick_device(cfg["device"])
        info = load_dataset(cfg["dataset"])
        self.rate = info.sample_rate
        self.mc = model_config(cfg)
        os.makedirs(cfg["run_dir"], exist_ok=True)
        self._lock = lock_run_dir(cfg["run_dir"])
        self.em.attach_run_dir(cfg["run_dir"])
        self.ckpt_dir = os.path.join(cfg["run_dir"], "checkpoints")
        os.makedirs(self.ckpt_dir, exist_ok=True)
        for name in ckpt.remove_stale_temp_files(self.ckpt_dir):
            self.em.emit("warning", code="partial_checkpoint_removed", path=os.path.join(self.ckpt_dir, name),
                         message="removed a checkpoint that was cut short by a crash", hint="Nothing to do.")
        torch.manual_seed(cfg["seed"])
        np.random.seed(cfg["seed"])
        self.generator, self.mpd, self.msd = (m.to(self.device) for m in H.build(self.mc))
        self.d_params = list(itertools.chain(self.msd.parameters(), self.mpd.parameters()))
        betas = (cfg["adam_b1"], cfg["adam_b2"])
        self.optim_g = torch.optim.AdamW(self.generator.parameters(), cfg["lr"], betas=betas)
        self.optim_d = torch.optim.AdamW(self.d_params, cfg["lr"], betas=betas)
        if cfg["amp"] is True and self.device.type != "cuda":
            raise ConfigError(f"\"amp\": true needs a CUDA GPU; this run is on {self.device}.",
                              "Set \"amp\": \"auto\" (mixed precision wherever a GPU is used) or false.")
        self.amp = cfg["amp"] in ("auto", True) and self.device.type == "cuda"
        self.scaler = None
        if self.amp:  # torch >= 2.3 deprecates torch.cuda.amp.GradScaler; 1.13 has only that one
            amp_mod = getattr(torch, "amp", None)
            self.scaler = amp_mod.GradScaler("cuda") if hasattr(amp_mod, "GradScaler") else torch.cuda.amp.GradScaler()
        self.step, self.epoch, self.batch_in_epoch, self.best_val, self.last_saved_step = 0, 0, 0, None, None
        self.initialized_from: Dict[str, str] = {}
        self.gan_step = GanStep(self.generator, self.mpd, self.msd, self.optim_g, self.optim_d, self.scaler, self.device)
        self.state = self._resume()
        if self.state is None:
            self._init_from_files()

        gt = ground_truth_mels(cfg["run_dir"], self.rate, cfg["cache_mels"])
        mel_of, self.gta_info = gt, None
        if cfg["gta"]:
            mel_of, self.gta_info = gta_mels(cfg["gta"]["tacotron2_checkpoint"], info.train + info.val, cfg["run_dir"],
                                             self.rate, self.device, cfg["seed"], gt, lambda: self.stop_reason is not None,
                                             symbols=info.symbols)
            if mel_of is None:
                return False
        frames = cfg["segment_size"] // HOP
        self.train_set = SegmentDataset(info.train, self.rate, mel_of, frames, cfg["seed"])
        self.val_set = SegmentDataset(info.val, self.rate, mel_of, frames, cfg["seed"])
        if len(self.train_set) < cfg["batch_size"]:
            self.em.emit("warning", code="small_dataset", message=f"{len(self.train_set)} training utterances, fewer than batch_size {cfg['batch_size']}",
                         hint="Each step uses the whole training set; add recordings or lower batch_size.")
        if not len(self.val_set):
            self.em.emit("warning", code="no_validation", message="dataset.json lists no validation utterances; evals are skipped",
                         hint="Rebuild the dataset with a validation share (the studio's default is 5%).")
        return True

    def _init_from_files(self) -> None:
        """A fresh run may start from a jik876 generator (g_…) and discriminator (do_…) file, or our checkpoints."""
        init = self.cfg["init"]
        hint = "Set init.generator to the g_… file of the preset it was trained with (or pick that preset in 'model')."
        if init["generator"]:
            try:
                obj, _ = H.read_torch_file(init["generator"])
                H.load_generator_state(self.generator, obj, MODEL_PRESETS)
            except (OSError, H.CheckpointMismatch) as e:
                raise ConfigError(f"init.generator {init['generator']}: {e}", hint)
            except Exception as e:  # not a torch file, or one the weights-only unpickler refuses
                raise ConfigError(f"init.generator {init['generator']} does not load: {type(e).__name__}: {e}", hint)
            self.initialized_from["generator"] = init["generator"]
        if init["discriminator"]:
            try:
                obj, unsafe = H.read_torch_file(init["discriminator"], allow_unsafe_on_1x=True)
                H.load_discriminator_state(self.mpd, self.msd, obj)
            except (OSError, H.CheckpointMismatch) as e:
                raise ConfigError(f"init.discriminator {init['discriminator']}: {e}",
                                  "Use the do_… file written beside the generator, or leave init.discriminator null.")
            if unsafe:
                self.em.emit("warning", code="unsafe_load", path=init["discriminator"],
                             message="PyTorch 1.x could only read this file with the full unpickler",
                             hint="Only use discriminator files from sources you trust; PyTorch 2.x reads them safely.")
            self.initialized_from["discriminator"] = init["discriminator"]

    # ---- checkpoints ---------------------------------------------------------------------------------------
    def save_checkpoint(self) -> Optional[str]:
        payload = {
            "kind": KIND,
            "model": {"generator": self.generator.state_dict(), "mpd": self.mpd.state_dict(), "msd": self.msd.state_dict()},
            "optimizer": {"g": self.optim_g.state_dict(), "d": self.optim_d.state_dict()},
            "scaler": self.scaler.state_dict() if self.scaler else None,
            "rng": ckpt.rng_state(),
            "epoch": self.epoch, "batch_in_epoch": self.batch_in_epoch, "best_val": self.best_val,
            "config": self.cfg, "model_config": self.mc, "lr": self.lr_at(self.epoch),
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
        if state.get("kind") != KIND:
            raise ConfigError(f"run folder {self.cfg['run_dir']} holds a Tacotron2 run, not a vocoder run.",
                              "Use a new run_dir for the vocoder.")
        check_resume(state, self.mc, self.cfg, RESUMABLE_CHANGES, self.em.emit, what="vocoder run")
        for name in ("generator", "mpd", "msd"):
            getattr(self, name).load_state_dict(state["model"][name])
        self.optim_g.load_state_dict(state["optimizer"]["g"])
        self.optim_d.load_state_dict(state["optimizer"]["d"])
        if self.scaler is not None and state.get("scaler"):
            self.scaler.load_state_dict(state["scaler"])
        ckpt.set_rng_state(state["rng"])
        self.step, self.epoch = int(state["step"]), int(state["epoch"])
        self.batch_in_epoch, self.best_val = int(state["batch_in_epoch"]), state.get("best_val")
        self.last_saved_step = self.step
        return state

    # ---- one step ------------------------------------------------------------------------------------------
    def lr_at(self, epoch: int) -> float:
        return self.cfg["lr"] * self.cfg["lr_decay"] ** epoch  # jik876: ExponentialLR stepped once per epoch

    def train_step(self, x: torch.Tensor, y: torch.Tensor) -> Dict[str, Any]:
        return self.gan_step(x, y, inject_nan=self.cfg["debug"]["inject_nan_at_step"] == self.step)

    # ---- eval ----------------------------------------------------------------------------------------------
    def evaluate(self) -> None:
        """Mel L1 (jik876's full-band loss mel) of whole val utterances; the first val_samples written as WAV."""
        if not len(self.val_set):
            return
        out_dir = os.path.join(self.cfg["run_dir"], "samples", f"{self.step:08d}")
        os.makedirs(out_dir, exist_ok=True)
        self.generator.eval()
        total, samples = 0.0, []
        with torch.no_grad():
            for i in range(len(self.val_set)):
                mel, audio = self.val_set.full(i)
                y_g_hat = self.generator(mel[None].to(self.device)).float()[0, 0]
                y = audio.to(self.device)
                total += float(F.l1_loss(loss_mel(y[None]), loss_mel(y_g_hat[None])))
                if i < self.cfg["val_samples"]:
                    path = os.path.join(out_dir, self.val_set.utts[i].id + ".wav")
                    write_wav(path, y_g_hat.cpu().numpy(), self.rate)
                    samples.append(path)
        self.generator.train()
        val = {"mel": total / len(self.val_set)}
        is_best = self.best_val is None or val["mel"] < self.best_val
        if is_best:
            self.best_val = val["mel"]
        self.em.emit("eval", step=self.step, val_losses=val, samples=samples, best=is_best, items=len(self.val_set))

    # ---- main loop -----------------------------------------------------------------------------------------
    def _loop(self) -> int:
        cfg, em, dbg = self.cfg, self.em, self.cfg["debug"]
        em.emit("started", torch_version=torch.__version__, device=str(self.device), threads=torch.get_num_threads(),
                params={"generator": H.count_parameters(self.generator), "mpd": H.count_parameters(self.mpd),
                        "msd": H.count_parameters(self.msd)},
                model=cfg["model"], model_config=self.mc, amp=self.amp, segment_size=cfg["segment_size"],
                mels="gta" if self.gta_info else "ground_truth", gta=self.gta_info,
                initialized_from=self.initialized_from or None, train_items=len(self.train_set), val_items=len(self.val_set),
                step=self.step, target_steps=cfg["steps"], resumed_from=self.state["path"] if self.state else None,
                run_dir=cfg["run_dir"], pid=os.getpid())
        consecutive_bad = 0
        self.generator.train()
        self.mpd.train()
        self.msd.train()
        while self.step < cfg["steps"] and self.stop_reason is None:
            seg_epoch = 0 if dbg["overfit_batch"] else self.epoch  # overfit: the very same segments every step
            batches = epoch_batches(len(self.train_set), cfg["batch_size"], cfg["seed"], seg_epoch)
            if dbg["overfit_batch"]:
                batches = batches[:1]
            if self.batch_in_epoch >= len(batches):
                self.epoch += 1
                self.batch_in_epoch = 0
                continue
            self.train_set.epoch = seg_epoch
            loader = torch.utils.data.DataLoader(self.train_set, batch_sampler=batches[self.batch_in_epoch:],
                                                 num_workers=cfg["num_workers"], pin_memory=self.device.type == "cuda",
                                                 generator=torch.Generator().manual_seed(cfg["seed"] * 7919 + self.epoch))
            t_data = time.perf_counter()
            for x, y in loader:
                data_s = time.perf_counter() - t_data
                t0 = time.perf_counter()
                self.step += 1
                self.batch_in_epoch += 1
                lr = self.lr_at(self.epoch)
                for opt in (self.optim_g, self.optim_d):
                    for g in opt.param_groups:
                        g["lr"] = lr
                r = self.train_step(x.to(self.device, non_blocking=True), y.to(self.device, non_blocking=True))
                if self.device.type == "cuda":
                    torch.cuda.synchronize(self.device)
                step_s = time.perf_counter() - t0
                skipped = bool(r["skipped_parts"])
                if skipped:
                    consecutive_bad += 1
                    em.emit("warning", code="nan_skipped", step=self.step, losses=r["losses"], grad_norm=r["grad_norm"],
                            grad_norm_disc=r["grad_norm_disc"], parts=r["skipped_parts"],
                            message=f"step {self.step}: a NaN/Inf loss or gradient; the {' and '.join(r['skipped_parts'])} update was skipped",
                            hint="Occasional ones are harmless. If they repeat, lower lr, and check the dataset for silent or clipped clips.")
                    if consecutive_bad >= 20:
                        em.emit("error", message=f"{consecutive_bad} steps in a row had NaN/Inf losses; the run stopped.",
                                hint="Resume with a lower lr (the last checkpoint holds finite weights).")
                        em.emit("finished", reason="diverged", step=self.step, checkpoint=None)
                        return 1
                else:
                    consecutive_bad = 0
                if dbg["step_delay_s"]:
                    time.sleep(dbg["step_delay_s"])
                if self.step % cfg["log_interval"] == 0 or self.step == 1:
                    extra = {"amp_scale": float(self.scaler.get_scale())} if self.scaler else {}
                    em.emit("step", step=self.step, epoch=self.epoch, losses=r["losses"], lr=lr, grad_norm=r["grad_norm"],
                            grad_norm_disc=r["grad_norm_disc"], items_per_s=x.size(0) / max(step_s + data_s, 1e-9),
                            step_s=step_s, data_s=data_s, skipped=skipped, **extra)
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
        path = self.save_checkpoint() if self.last_saved_step != self.step else None
        if path is None:
            found = ckpt.list_checkpoints(self.ckpt_dir)
            path = found[0][1] if found else None
        em.emit("finished", reason=self.stop_reason or "completed", step=self.step, checkpoint=path)
        return 0
