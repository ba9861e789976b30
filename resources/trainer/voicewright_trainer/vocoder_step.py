"""One HiFi-GAN training iteration as jik876's train.py does it (D on detached G(x), then G against the updated D),
with the NaN/Inf guard and the AMP GradScaler."""
from __future__ import annotations

import itertools
import math
from typing import Any, Dict, List

import torch
from torch.nn import functional as F

from . import hifigan as H
from .vocoder_data import loss_mel


def _grad_norm(params: List[torch.Tensor]) -> float:
    grads = [p.grad.detach().float().norm() for p in params if p.grad is not None]
    return float(torch.norm(torch.stack(grads))) if grads else 0.0


class GanStep:
    """A part (D or G) whose loss or gradient is not finite makes no update; if both fail the step changes nothing
    at all (the spectral-norm power-iteration buffers are restored too). AMP: float16 autocast for the networks,
    the mel loss in float32; one GradScaler for both optimizers, updated once per iteration."""

    def __init__(self, generator, mpd, msd, optim_g, optim_d, scaler, device: torch.device):
        self.generator, self.mpd, self.msd = generator, mpd, msd
        self.optim_g, self.optim_d = optim_g, optim_d
        self.scaler = scaler
        self.device = device
        self.d_params = list(itertools.chain(msd.parameters(), mpd.parameters()))
        self._scaler_stepped = False

    def _backward_and_step(self, loss, optimizer, params) -> float:
        """Backward, grad norm, update unless the norm is non-finite. Returns the norm (NaN/Inf = not applied).
        With AMP an overflow is the GradScaler's business: it skips the update and lowers the scale."""
        if self.scaler is not None:
            self.scaler.scale(loss).backward()
            self.scaler.unscale_(optimizer)
            norm = _grad_norm(params)
            self.scaler.step(optimizer)
            self._scaler_stepped = True
            return norm
        loss.backward()
        norm = _grad_norm(params)
        if math.isfinite(norm):
            optimizer.step()
        return norm

    def __call__(self, x: torch.Tensor, y: torch.Tensor, inject_nan: bool = False) -> Dict[str, Any]:
        """mel x [B, 80, F], audio y [B, F × 256] → losses, grad norms and the parts whose update was skipped."""
        dev, amp, inject = self.device.type, self.scaler is not None, inject_nan
        buffers = [(b, b.detach().clone()) for m in (self.generator, self.mpd, self.msd) for b in m.buffers()]
        self._scaler_stepped = False
        y = y.unsqueeze(1)
        with torch.autocast(device_type=dev, enabled=amp):
            y_g_hat = self.generator(x)
        with torch.autocast(device_type=dev, enabled=False):
            y_mel = loss_mel(y.squeeze(1))
            y_g_hat_mel = loss_mel(y_g_hat.float().squeeze(1))

        self.optim_d.zero_grad(set_to_none=True)
        with torch.autocast(device_type=dev, enabled=amp):
            y_df_r, y_df_g, _, _ = self.mpd(y, y_g_hat.detach())
            y_ds_r, y_ds_g, _, _ = self.msd(y, y_g_hat.detach())
        loss_disc = H.discriminator_loss(y_df_r, y_df_g) + H.discriminator_loss(y_ds_r, y_ds_g)
        if inject:
            loss_disc = loss_disc * float("nan")
        d_norm = float("nan")
        if math.isfinite(float(loss_disc)):
            d_norm = self._backward_and_step(loss_disc, self.optim_d, self.d_params)
        self.optim_d.zero_grad(set_to_none=True)

        self.optim_g.zero_grad(set_to_none=True)
        for p in self.d_params:  # D's weight gradients are not needed in G's backward
            p.requires_grad_(False)
        try:
            with torch.autocast(device_type=dev, enabled=amp):
                _, y_df_g, fmap_f_r, fmap_f_g = self.mpd(y, y_g_hat)
                _, y_ds_g, fmap_s_r, fmap_s_g = self.msd(y, y_g_hat)
            loss_fm = H.feature_loss(fmap_f_r, fmap_f_g) + H.feature_loss(fmap_s_r, fmap_s_g)
            loss_gen = H.generator_loss(y_df_g) + H.generator_loss(y_ds_g)
            loss_mel_l1 = F.l1_loss(y_mel, y_g_hat_mel)
            total = loss_gen + loss_fm + loss_mel_l1 * H.MEL_LOSS_WEIGHT
            if inject:
                total = total * float("nan")
            g_norm = float("nan")
            if math.isfinite(float(total)):
                g_norm = self._backward_and_step(total, self.optim_g, list(self.generator.parameters()))
        finally:
            for p in self.d_params:
                p.requires_grad_(True)
        self.optim_g.zero_grad(set_to_none=True)
        if self._scaler_stepped:  # update() needs at least one scaled step this iteration
            self.scaler.update()
        losses = {"gen": float(loss_gen), "disc": float(loss_disc), "mel": float(loss_mel_l1), "fm": float(loss_fm),
                  "total": float(total)}
        bad_d = not (math.isfinite(losses["disc"]) and (amp or math.isfinite(d_norm)))
        bad_g = not (math.isfinite(losses["total"]) and (amp or math.isfinite(g_norm)))
        if bad_d and bad_g:
            with torch.no_grad():
                for b, saved in buffers:
                    b.copy_(saved)
        return {"losses": losses, "grad_norm": g_norm, "grad_norm_disc": d_norm, "skipped_parts":
                [n for n, bad in (("discriminator", bad_d), ("generator", bad_g)) if bad]}
