"""Eval: teacher-forced validation losses and alignment metrics, per-utterance outliers, and free-running samples
vocoded with Griffin-Lim (WAVs and alignment images under run_dir)."""
from __future__ import annotations

import math
import os
import time
from typing import Any, Dict, List

import numpy as np
import torch

from .data import MEL
from .griffin_lim import mel_to_audio, write_wav
from .images import matrix_image, write_png_gray
from .losses import alignment_metrics, tacotron2_loss

OUTLIERS = 3  # the worst validation utterances named in each eval event


def sample_step_cap(n_symbols: int, r: int, max_decoder_steps: int) -> int:
    """Decoder steps allowed for a free-running sentence: about twice a typical speaking rate (LJSpeech: ~6 frames
    per symbol), so a gate that never fires costs a bounded, text-sized amount of eval time."""
    return max(1, min(max_decoder_steps, math.ceil((10 * n_symbols + 40) / r)))


def _per_item(out, mel, tl, ml, r: int) -> List[Dict[str, float]]:
    """Each row's mel loss (the training definition, over its own frames) and its alignment metrics."""
    rows = []
    for b in range(mel.size(0)):
        n = int(ml[b])
        target = mel[b, :, :n]
        loss = float(((out[0][b, :, :n] - target) ** 2).mean() + ((out[1][b, :, :n] - target) ** 2).mean())
        m = alignment_metrics(out[3][b:b + 1], tl[b:b + 1], ml[b:b + 1], r)
        rows.append(dict(mel_loss=loss, **m))
    return rows


def _teacher_forced(tr) -> Dict[str, Any]:
    cfg, mc, net = tr.cfg, tr.mc, tr.net
    r = mc["n_frames_per_step"]
    sums: Dict[str, float] = {}
    metrics: Dict[str, float] = {}
    per_utt = []
    first = None
    n = 0
    for i in range(0, len(tr.val_set), cfg["batch_size"]):
        idx = list(range(i, min(i + cfg["batch_size"], len(tr.val_set))))
        text, tl, mel, gate, ml, order = tr.collate_eval([tr.val_set[j] for j in idx])
        text, tl, mel, gate, ml = (t.to(tr.device) for t in (text, tl, mel, gate, ml))
        out = net(text, tl, mel, ml)
        losses = tacotron2_loss(out, mel, gate, tl, ml, r, cfg["gate_pos_weight"],
                                1.0 if cfg["guided_attention"]["enabled"] else 0.0, cfg["guided_attention"]["sigma"],
                                cfg["guided_attention"]["normalize"], cfg["mel_l1"])
        b = len(idx)
        for k, v in losses.items():
            sums[k] = sums.get(k, 0.0) + float(v) * b
        for k, v in alignment_metrics(out[3], tl, ml, r).items():
            metrics[k] = metrics.get(k, 0.0) + v * b
        for row, j in zip(_per_item(out, mel, tl, ml, r), order.tolist()):
            per_utt.append(dict(id=tr.val_set.utts[idx[j]].id, **row))
        n += b
        if first is None:
            T = int((ml[0] + r - 1) // r)
            first = (out[3][0, :T, :int(tl[0])].float().cpu().numpy(), out[1][0, :, :int(ml[0])].float().cpu().numpy())
    worst = sorted(per_utt, key=lambda u: -u["mel_loss"])[:OUTLIERS]
    return {"val": {k: v / n for k, v in sums.items()}, "metrics": {k: v / n for k, v in metrics.items()},
            "first": first, "outliers": worst, "items": n}


def _samples(tr, out_dir: str) -> List[Dict[str, Any]]:
    """Free-running synthesis of the first `count` validation sentences (the same ones every eval, with the same
    dropout noise, so steps can be compared by ear), Griffin-Lim vocoded, as 16-bit WAVs."""
    es, mc, net = tr.cfg["eval_samples"], tr.mc, tr.net
    r = mc["n_frames_per_step"]
    utts = tr.val_set.utts[:es["count"]]
    if not utts:
        return []
    os.makedirs(out_dir, exist_ok=True)
    results = []
    saved_cap = net.decoder.max_decoder_steps
    try:
        for i, u in enumerate(utts):
            torch.manual_seed(tr.cfg["seed"] + i)
            net.decoder.max_decoder_steps = sample_step_cap(len(u.ids), r, saved_cap)
            text = torch.tensor([u.ids], dtype=torch.long, device=tr.device)
            _, post, _, align, stopped = net.inference(text)
            audio = mel_to_audio(post[0].float().cpu(), MEL, n_iter=es["griffin_lim_iters"], seed=tr.cfg["seed"] + i)
            wav = write_wav(os.path.join(out_dir, f"{u.id}.wav"), audio, MEL.sample_rate)
            a = align[0].float().cpu()
            png = os.path.join(out_dir, f"{u.id}-alignment.png")
            write_png_gray(png, matrix_image(a.numpy().T, 0.0, 1.0))
            m = alignment_metrics(align.float(), torch.tensor([len(u.ids)]), torch.tensor([a.size(0) * r]), r)
            results.append({"id": u.id, "text": u.text, "wav": wav, "seconds": round(len(audio) / MEL.sample_rate, 3),
                            "gate_stopped": bool(stopped), "decoder_steps": int(a.size(0)), "alignment_image": png,
                            "alignment": m})
    finally:
        net.decoder.max_decoder_steps = saved_cap
    return results


def evaluate(tr) -> Dict[str, Any]:
    """One eval at tr.step; returns the `eval` event's fields (without `best`, which the trainer decides)."""
    t0 = time.perf_counter()
    devices = [tr.device.index or 0] if tr.device.type == "cuda" else []
    # Eval draws random numbers (prenet dropout stays on): fork the RNG so training is unaffected by when evals run.
    with torch.random.fork_rng(devices=devices):
        tr.net.eval()
        try:
            with torch.no_grad():
                tf = _teacher_forced(tr)
                samples = _samples(tr, os.path.join(tr.cfg["run_dir"], "samples", f"{tr.step:08d}"))
        finally:
            tr.net.train()
    eval_dir = os.path.join(tr.cfg["run_dir"], "eval")
    os.makedirs(eval_dir, exist_ok=True)
    align_npy = os.path.join(eval_dir, f"alignment-{tr.step:08d}.npy")
    np.save(align_npy, tf["first"][0])
    align_png = os.path.join(eval_dir, f"alignment-{tr.step:08d}.png")
    write_png_gray(align_png, matrix_image(tf["first"][0].T, 0.0, 1.0))  # y: input symbol, x: decoder step
    mel_png = os.path.join(eval_dir, f"mel-{tr.step:08d}.png")
    write_png_gray(mel_png, matrix_image(tf["first"][1], math.log(1e-5), None))
    return {"step": tr.step, "val_losses": tf["val"], "alignment": tf["metrics"], "alignment_image": align_png,
            "alignment_npy": align_npy, "mel_image": mel_png, "items": tf["items"], "outliers": tf["outliers"],
            "samples": samples, "eval_s": round(time.perf_counter() - t0, 3)}
