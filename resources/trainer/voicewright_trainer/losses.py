"""Tacotron2 losses (NVIDIA: mel MSE before and after the postnet + gate BCE), a positive weight for the stop
gate, guided attention (Tachibana et al. 2017) with a decaying weight, and alignment metrics."""
from __future__ import annotations

from typing import Dict

import torch
from torch.nn import functional as F

from .model import get_mask_from_lengths


def gate_targets_per_step(gate_target: torch.Tensor, r: int) -> torch.Tensor:
    """Frame gate targets [B, T] → one per decoder step [B, T/r]: the step holding an utterance's last frame is 1."""
    return gate_target[:, r - 1::r]


def guided_attention_weights(text_lengths, step_lengths, max_steps: int, max_text: int, sigma: float):
    """W[b, t, n] = 1 - exp(-(n/N - t/T)^2 / (2 sigma^2)) inside each utterance, 0 outside; plus the validity mask."""
    device = text_lengths.device
    t = torch.arange(max_steps, device=device, dtype=torch.float32).view(1, -1, 1)
    n = torch.arange(max_text, device=device, dtype=torch.float32).view(1, 1, -1)
    T = step_lengths.float().view(-1, 1, 1)
    N = text_lengths.float().view(-1, 1, 1)
    w = 1.0 - torch.exp(-((n / N - t / T) ** 2) / (2.0 * sigma ** 2))
    valid = get_mask_from_lengths(step_lengths, max_steps).unsqueeze(2) & get_mask_from_lengths(text_lengths, max_text).unsqueeze(1)
    return w * valid, valid


def guided_attention_weight(ga: Dict, step: int) -> float:
    """The guided attention loss weight at a step: halves every half_life steps, never below min_weight; 0 when off."""
    if not ga["enabled"]:
        return 0.0
    return max(float(ga["min_weight"]), float(ga["weight"]) * 0.5 ** (step / float(ga["half_life"])))


def tacotron2_loss(outputs, mel_target, gate_target, text_lengths, mel_lengths, r: int, gate_pos_weight: float,
                   ga_weight: float, ga_sigma: float, ga_normalize: str = "cells", mel_l1: float = 0.0) -> Dict[str, torch.Tensor]:
    """ga_normalize: 'cells' = mean over every valid (step, symbol) cell; 'steps' = summed over the symbols and
    averaged over decoder steps (each step's attention sums to 1, so the term does not shrink ~1/N with the text).
    mel_l1 > 0 adds that weight x L1 of both mel outputs (L1 keeps detail that MSE averages away)."""
    mel_out, mel_post, gate_out, align = outputs
    mel_loss = F.mse_loss(mel_out, mel_target) + F.mse_loss(mel_post, mel_target)
    gate_t = gate_targets_per_step(gate_target, r)
    pos_weight = torch.tensor(gate_pos_weight, dtype=gate_out.dtype, device=gate_out.device)
    gate_loss = F.binary_cross_entropy_with_logits(gate_out, gate_t, pos_weight=pos_weight)
    total = mel_loss + gate_loss
    out = {"mel": mel_loss, "gate": gate_loss}
    if mel_l1 > 0:
        l1 = F.l1_loss(mel_out, mel_target) + F.l1_loss(mel_post, mel_target)
        out["mel_l1"] = l1
        total = total + mel_l1 * l1
    if ga_weight > 0:
        steps = (mel_lengths + r - 1) // r
        w, valid = guided_attention_weights(text_lengths, steps, align.size(1), align.size(2), ga_sigma)
        if ga_normalize == "steps":
            ga_loss = (align.float() * w).sum() / valid.any(dim=2).sum().clamp(min=1)
        else:
            ga_loss = (align.float() * w).sum() / valid.sum().clamp(min=1)
        out["guided_attention"] = ga_loss
        total = total + ga_weight * ga_loss
    out["total"] = total
    return out


@torch.no_grad()
def alignment_metrics(align: torch.Tensor, text_lengths, mel_lengths, r: int) -> Dict[str, float]:
    """focus_rate: mean over valid decoder steps of the largest attention weight (1 = sharp).
    coverage: share of input symbols that are the argmax of at least one decoder step.
    diagonality: 1 - mean |argmax position/N - step/T| (1 = a straight diagonal)."""
    focus, coverage, diag = [], [], []
    for b in range(align.size(0)):
        T = int((mel_lengths[b] + r - 1) // r)
        N = int(text_lengths[b])
        a = align[b, :T, :N].float()
        mx, arg = a.max(dim=1)
        focus.append(float(mx.mean()))
        coverage.append(len(set(arg.tolist())) / N)
        ideal = torch.arange(T, dtype=torch.float32) / max(T - 1, 1)
        diag.append(1.0 - float((arg.float().cpu() / max(N - 1, 1) - ideal).abs().mean()))
    n = float(len(focus))
    return {"focus_rate": sum(focus) / n, "coverage": sum(coverage) / n, "diagonality": sum(diag) / n}
