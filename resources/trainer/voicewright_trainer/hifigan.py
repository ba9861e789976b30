"""HiFi-GAN as jik876/hifi-gan models.py builds it: generator (V1/V2/V3 via config), multi-period and multi-scale
discriminators and the losses, with jik876's parameter names, so their g_/do_ checkpoints load directly."""
from __future__ import annotations

import math
from typing import Any, Dict, List, Sequence, Tuple

import torch
from torch import nn
from torch.nn import AvgPool1d, Conv1d, Conv2d, ConvTranspose1d
from torch.nn import functional as F
from torch.nn.utils import remove_weight_norm, spectral_norm, weight_norm

LRELU_SLOPE = 0.1


def get_padding(kernel_size: int, dilation: int = 1) -> int:
    return int((kernel_size * dilation - dilation) / 2)


# jik876 calls init_weights (normal, std 0.01) after weight_norm, which only rewrites the derived `weight` tensor that
# the next forward recomputes from weight_g/weight_v: their models train from PyTorch's default init, and so do ours.


class ResBlock1(nn.Module):
    def __init__(self, channels: int, kernel_size: int = 3, dilation: Sequence[int] = (1, 3, 5)):
        super().__init__()
        self.convs1 = nn.ModuleList([
            weight_norm(Conv1d(channels, channels, kernel_size, 1, dilation=d, padding=get_padding(kernel_size, d)))
            for d in dilation])
        self.convs2 = nn.ModuleList([
            weight_norm(Conv1d(channels, channels, kernel_size, 1, dilation=1, padding=get_padding(kernel_size, 1)))
            for _ in dilation])

    def forward(self, x):
        for c1, c2 in zip(self.convs1, self.convs2):
            xt = c1(F.leaky_relu(x, LRELU_SLOPE))
            xt = c2(F.leaky_relu(xt, LRELU_SLOPE))
            x = xt + x
        return x

    def remove_weight_norm(self):
        for layer in list(self.convs1) + list(self.convs2):
            remove_weight_norm(layer)


class ResBlock2(nn.Module):
    def __init__(self, channels: int, kernel_size: int = 3, dilation: Sequence[int] = (1, 3)):
        super().__init__()
        self.convs = nn.ModuleList([
            weight_norm(Conv1d(channels, channels, kernel_size, 1, dilation=d, padding=get_padding(kernel_size, d)))
            for d in dilation])

    def forward(self, x):
        for c in self.convs:
            x = c(F.leaky_relu(x, LRELU_SLOPE)) + x
        return x

    def remove_weight_norm(self):
        for layer in self.convs:
            remove_weight_norm(layer)


class Generator(nn.Module):
    """mel [B, num_mels, T] → audio [B, 1, T × prod(upsample_rates)] in [-1, 1]."""

    def __init__(self, h: Dict[str, Any]):
        super().__init__()
        self.config = dict(h)
        self.num_kernels = len(h["resblock_kernel_sizes"])
        self.num_upsamples = len(h["upsample_rates"])
        ch0 = h["upsample_initial_channel"]
        self.conv_pre = weight_norm(Conv1d(h["num_mels"], ch0, 7, 1, padding=3))
        resblock = ResBlock1 if h["resblock"] == "1" else ResBlock2
        self.ups = nn.ModuleList([
            weight_norm(ConvTranspose1d(ch0 // (2 ** i), ch0 // (2 ** (i + 1)), k, u, padding=(k - u) // 2))
            for i, (u, k) in enumerate(zip(h["upsample_rates"], h["upsample_kernel_sizes"]))])
        self.resblocks = nn.ModuleList()
        for i in range(len(self.ups)):
            ch = ch0 // (2 ** (i + 1))
            for k, d in zip(h["resblock_kernel_sizes"], h["resblock_dilation_sizes"]):
                self.resblocks.append(resblock(ch, k, d))
        self.conv_post = weight_norm(Conv1d(ch, 1, 7, 1, padding=3))

    def forward(self, x):
        x = self.conv_pre(x)
        for i in range(self.num_upsamples):
            x = self.ups[i](F.leaky_relu(x, LRELU_SLOPE))
            xs = self.resblocks[i * self.num_kernels](x)
            for j in range(1, self.num_kernels):
                xs = xs + self.resblocks[i * self.num_kernels + j](x)
            x = xs / self.num_kernels
        x = F.leaky_relu(x)  # jik876: default slope 0.01 here
        return torch.tanh(self.conv_post(x))

    def remove_weight_norm(self):
        """For inference and export (jik876 does this before synthesis): plain `weight` tensors, same outputs."""
        for layer in self.ups:
            remove_weight_norm(layer)
        for block in self.resblocks:
            block.remove_weight_norm()
        remove_weight_norm(self.conv_pre)
        remove_weight_norm(self.conv_post)


def _widths(full: Sequence[int], divisor: int) -> List[int]:
    return [max(1, c // divisor) for c in full]


def _groups(g: int, cin: int, cout: int) -> int:
    return math.gcd(g, math.gcd(cin, cout))  # = g at jik876's widths


class DiscriminatorP(nn.Module):
    def __init__(self, period: int, kernel_size: int = 5, stride: int = 3, use_spectral_norm: bool = False, divisor: int = 1):
        super().__init__()
        self.period = period
        norm_f = spectral_norm if use_spectral_norm else weight_norm
        c = [1] + _widths([32, 128, 512, 1024, 1024], divisor)
        pad = (get_padding(5, 1), 0)
        self.convs = nn.ModuleList([norm_f(Conv2d(c[i], c[i + 1], (kernel_size, 1), (stride, 1), padding=pad)) for i in range(4)]
                                   + [norm_f(Conv2d(c[4], c[5], (kernel_size, 1), 1, padding=(2, 0)))])
        self.conv_post = norm_f(Conv2d(c[5], 1, (3, 1), 1, padding=(1, 0)))

    def forward(self, x):
        fmap = []
        b, ch, t = x.shape
        if t % self.period:
            n_pad = self.period - (t % self.period)
            x = F.pad(x, (0, n_pad), "reflect")
            t = t + n_pad
        x = x.view(b, ch, t // self.period, self.period)
        for layer in self.convs:
            x = F.leaky_relu(layer(x), LRELU_SLOPE)
            fmap.append(x)
        x = self.conv_post(x)
        fmap.append(x)
        return torch.flatten(x, 1, -1), fmap


class MultiPeriodDiscriminator(nn.Module):
    def __init__(self, periods: Sequence[int] = (2, 3, 5, 7, 11), divisor: int = 1):
        super().__init__()
        self.discriminators = nn.ModuleList([DiscriminatorP(p, divisor=divisor) for p in periods])

    def forward(self, y, y_hat):
        y_d_rs, y_d_gs, fmap_rs, fmap_gs = [], [], [], []
        for d in self.discriminators:
            y_d_r, fmap_r = d(y)
            y_d_g, fmap_g = d(y_hat)
            y_d_rs.append(y_d_r)
            fmap_rs.append(fmap_r)
            y_d_gs.append(y_d_g)
            fmap_gs.append(fmap_g)
        return y_d_rs, y_d_gs, fmap_rs, fmap_gs


class DiscriminatorS(nn.Module):
    def __init__(self, use_spectral_norm: bool = False, divisor: int = 1):
        super().__init__()
        norm_f = spectral_norm if use_spectral_norm else weight_norm
        c = [1] + _widths([128, 128, 256, 512, 1024, 1024, 1024], divisor)
        # (kernel, stride, groups, padding) per layer, jik876's
        spec = [(15, 1, 1, 7), (41, 2, 4, 20), (41, 2, 16, 20), (41, 4, 16, 20), (41, 4, 16, 20), (41, 1, 16, 20), (5, 1, 1, 2)]
        self.convs = nn.ModuleList([
            norm_f(Conv1d(c[i], c[i + 1], k, s, groups=_groups(g, c[i], c[i + 1]), padding=p))
            for i, (k, s, g, p) in enumerate(spec)])
        self.conv_post = norm_f(Conv1d(c[7], 1, 3, 1, padding=1))

    def forward(self, x):
        fmap = []
        for layer in self.convs:
            x = F.leaky_relu(layer(x), LRELU_SLOPE)
            fmap.append(x)
        x = self.conv_post(x)
        fmap.append(x)
        return torch.flatten(x, 1, -1), fmap


class MultiScaleDiscriminator(nn.Module):
    def __init__(self, divisor: int = 1):
        super().__init__()
        self.discriminators = nn.ModuleList([
            DiscriminatorS(use_spectral_norm=True, divisor=divisor),
            DiscriminatorS(divisor=divisor),
            DiscriminatorS(divisor=divisor),
        ])
        self.meanpools = nn.ModuleList([AvgPool1d(4, 2, padding=2), AvgPool1d(4, 2, padding=2)])

    def forward(self, y, y_hat):
        y_d_rs, y_d_gs, fmap_rs, fmap_gs = [], [], [], []
        for i, d in enumerate(self.discriminators):
            if i:
                y = self.meanpools[i - 1](y)
                y_hat = self.meanpools[i - 1](y_hat)
            y_d_r, fmap_r = d(y)
            y_d_g, fmap_g = d(y_hat)
            y_d_rs.append(y_d_r)
            fmap_rs.append(fmap_r)
            y_d_gs.append(y_d_g)
            fmap_gs.append(fmap_g)
        return y_d_rs, y_d_gs, fmap_rs, fmap_gs


def build(h: Dict[str, Any]) -> Tuple[Generator, MultiPeriodDiscriminator, MultiScaleDiscriminator]:
    return (Generator(h), MultiPeriodDiscriminator(h["mpd_periods"], h["discriminator_divisor"]),
            MultiScaleDiscriminator(h["discriminator_divisor"]))


# ---- losses (jik876); .float() so that fp16 outputs under AMP are reduced in fp32 --------------------------------
def feature_loss(fmap_r, fmap_g):
    loss = 0
    for dr, dg in zip(fmap_r, fmap_g):
        for rl, gl in zip(dr, dg):
            loss = loss + torch.mean(torch.abs(rl.float() - gl.float()))
    return loss * 2


def discriminator_loss(disc_real_outputs, disc_generated_outputs):
    """Least-squares GAN: real → 1, generated → 0."""
    loss = 0
    for dr, dg in zip(disc_real_outputs, disc_generated_outputs):
        loss = loss + torch.mean((1 - dr.float()) ** 2) + torch.mean(dg.float() ** 2)
    return loss


def generator_loss(disc_outputs):
    loss = 0
    for dg in disc_outputs:
        loss = loss + torch.mean((1 - dg.float()) ** 2)
    return loss


MEL_LOSS_WEIGHT = 45.0  # jik876: loss_mel = L1 × 45


def count_parameters(model: nn.Module) -> int:
    return sum(p.numel() for p in model.parameters())


# ---- importing jik876 checkpoints ------------------------------------------------------------------------------
class CheckpointMismatch(ValueError):
    """A state_dict does not fit the model: the message lists the missing, unexpected and mis-shaped keys."""


_SAFE_LOAD = int(torch.__version__.split(".")[0]) >= 2


def read_torch_file(path: str, allow_unsafe_on_1x: bool = False) -> Tuple[Any, bool]:
    """torch.load onto the CPU with the weights-only unpickler. PyTorch 1.x's rejects plain floats (jik876's do_
    files hold optimizer hyperparameters); with allow_unsafe_on_1x those fall back to a full load. → (obj, unsafe)."""
    try:
        return torch.load(path, map_location="cpu", weights_only=True), False
    except FileNotFoundError:
        raise
    except Exception:
        if _SAFE_LOAD or not allow_unsafe_on_1x:
            raise
    return torch.load(path, map_location="cpu"), True


def _is_state_dict(obj: Any) -> bool:
    return isinstance(obj, dict) and len(obj) > 0 and all(isinstance(k, str) and torch.is_tensor(v) for k, v in obj.items())


def _strip_module(sd: Dict[str, torch.Tensor]) -> Dict[str, torch.Tensor]:
    # DDP saves "module."-prefixed keys; jik876 saves generator.module, but other forks do not
    if sd and all(k.startswith("module.") for k in sd):
        return {k[len("module."):]: v for k, v in sd.items()}
    return dict(sd)


def extract_state(obj: Any, part: str) -> Dict[str, torch.Tensor]:
    """The `part` ('generator', 'mpd', 'msd') state_dict out of jik876's {'generator': sd} / do_ layout, one of our
    vocoder checkpoints ({'model': {'generator': sd, ...}}) or, for the generator, a bare state_dict."""
    if isinstance(obj, dict) and isinstance(obj.get(part), dict):
        return _strip_module(obj[part])
    if isinstance(obj, dict) and isinstance(obj.get("model"), dict) and isinstance(obj["model"].get(part), dict):
        return _strip_module(obj["model"][part])
    if part == "generator" and _is_state_dict(obj):
        return _strip_module(obj)
    keys = ", ".join(sorted(map(str, obj))[:8]) if isinstance(obj, dict) else type(obj).__name__
    raise CheckpointMismatch(f"holds no '{part}' state_dict (top level: {keys}).")


def convert_weight_norm(sd: Dict[str, torch.Tensor], want_weight_norm: bool, expected: Dict[str, torch.Tensor]) -> Dict[str, torch.Tensor]:
    """weight_g/weight_v ↔ weight, for the layers that carry weight norm in `expected` (dim 0, as torch's weight_norm)."""
    out = dict(sd)
    if want_weight_norm:
        for k in expected:
            if k.endswith(".weight_g"):
                base = k[:-len("_g")]
                if base in out and base + "_v" not in out:
                    w = out.pop(base)
                    out[base + "_v"] = w
                    out[base + "_g"] = torch.norm_except_dim(w, 2, 0)
    else:
        for k in list(out):
            if k.endswith(".weight_g") and k[:-2] + "_v" in out:
                base = k[:-len("_g")]
                g, v = out.pop(k), out.pop(base + "_v")
                out[base] = torch._weight_norm(v, g, 0)
    return out


def _mismatch(model: nn.Module, sd: Dict[str, torch.Tensor]) -> List[str]:
    expected = model.state_dict()
    missing = sorted(set(expected) - set(sd))
    unexpected = sorted(set(sd) - set(expected))
    shapes = sorted(f"{k} {list(sd[k].shape)} (model: {list(expected[k].shape)})"
                    for k in set(sd) & set(expected) if sd[k].shape != expected[k].shape)
    problems = []
    for what, keys in (("missing keys", missing), ("unexpected keys", unexpected), ("shape mismatches", shapes)):
        if keys:
            problems.append(f"{len(keys)} {what}: " + ", ".join(keys[:6]) + (", …" if len(keys) > 6 else ""))
    return problems


def guess_preset(sd: Dict[str, torch.Tensor], presets: Dict[str, Dict[str, Any]]) -> List[str]:
    """Presets whose generator this state_dict fits (either weight-norm layout)."""
    fits = []
    for name, h in presets.items():
        g = Generator(h)
        if not _mismatch(g, convert_weight_norm(sd, True, g.state_dict())):
            fits.append(name)
    return fits


def load_generator_state(gen: Generator, obj: Any, presets: Dict[str, Dict[str, Any]] = None) -> Dict[str, Any]:
    """Loads a jik876 generator checkpoint (or a bare/weight-norm-removed state_dict) into `gen`, keeping `gen`'s
    weight-norm layout. Raises CheckpointMismatch naming every problem (and the presets it would fit)."""
    sd = extract_state(obj, "generator")
    expected = gen.state_dict()
    want_wn = any(k.endswith(".weight_g") for k in expected)
    had_wn = any(k.endswith(".weight_g") for k in sd)
    sd = convert_weight_norm(sd, want_wn, expected)
    problems = _mismatch(gen, sd)
    if problems:
        msg = "the generator state_dict does not fit this generator: " + "; ".join(problems) + "."
        fits = guess_preset(sd, presets) if presets else []
        if fits:
            msg += f" It fits the preset(s) {', '.join(repr(f) for f in fits)}."
        raise CheckpointMismatch(msg)
    gen.load_state_dict(sd)
    return {"keys": len(sd), "weight_norm_in_file": had_wn, "converted": had_wn != want_wn}


def load_discriminator_state(mpd: nn.Module, msd: nn.Module, obj: Any) -> None:
    """jik876's do_ file ({'mpd': sd, 'msd': sd, 'optim_g': …}) or one of our vocoder checkpoints."""
    for part, model in (("mpd", mpd), ("msd", msd)):
        sd = extract_state(obj, part)
        problems = _mismatch(model, sd)
        if problems:
            raise CheckpointMismatch(f"the '{part}' state_dict does not fit this discriminator: " + "; ".join(problems) + ".")
        model.load_state_dict(sd)
