"""Loss options the first long CPU run needed: guided attention per decoder step, an L1 mel term, a lower CPU priority."""
import os
import subprocess
import sys

import pytest
import torch

from voicewright_trainer.config import ConfigError, validate
from voicewright_trainer.losses import tacotron2_loss


def _outputs(T=12, N=30, r=1, seed=0):
    g = torch.Generator().manual_seed(seed)
    mel_t = torch.randn(1, 80, T * r, generator=g)
    mel_out = mel_t + 0.5 * torch.randn(1, 80, T * r, generator=g)
    gate_out = torch.zeros(1, T)
    # A flat attention: every step spreads over all N symbols, far from the diagonal.
    align = torch.full((1, T, N), 1.0 / N)
    gate_t = torch.zeros(1, T * r)
    gate_t[0, -1] = 1
    return (mel_out, mel_out.clone(), gate_out, align), mel_t, gate_t, torch.tensor([N]), torch.tensor([T * r])


def test_guided_attention_per_step_is_n_times_the_cell_mean():
    out, mel, gate, tl, ml = _outputs(N=30)
    cells = tacotron2_loss(out, mel, gate, tl, ml, 1, 5.0, 1.0, 0.4, "cells")["guided_attention"]
    steps = tacotron2_loss(out, mel, gate, tl, ml, 1, 5.0, 1.0, 0.4, "steps")["guided_attention"]
    # Summed over the 30 symbols instead of averaged: exactly 30x, so a long text no longer dilutes the term.
    assert float(steps) == pytest.approx(30 * float(cells), rel=1e-5)
    assert float(steps) > 0.3  # a flat attention is penalised by a sizeable amount, not ~1/N of it


def test_mel_l1_term_is_added_to_the_total_only_when_asked():
    out, mel, gate, tl, ml = _outputs()
    plain = tacotron2_loss(out, mel, gate, tl, ml, 1, 5.0, 0.0, 0.4)
    with_l1 = tacotron2_loss(out, mel, gate, tl, ml, 1, 5.0, 0.0, 0.4, "cells", 2.0)
    assert "mel_l1" not in plain
    expected_l1 = 2 * float((out[0] - mel).abs().mean())
    assert float(with_l1["mel_l1"]) == pytest.approx(expected_l1, rel=1e-5)
    assert float(with_l1["total"]) == pytest.approx(float(plain["total"]) + 2.0 * expected_l1, rel=1e-5)


@pytest.mark.parametrize("raw,needle", [
    ({"guided_attention": {"normalize": "symbols"}}, "guided_attention.normalize"),
    ({"mel_l1": -1}, "'mel_l1' must be at least 0"),
    ({"nice": 20}, "'nice' must be at most 19"),
])
def test_new_options_are_validated(raw, needle):
    with pytest.raises(ConfigError) as e:
        validate(dict({"dataset": "d", "run_dir": "r"}, **raw), "/base")
    assert needle in e.value.message
    ok = validate({"dataset": "d", "run_dir": "r"}, "/base")
    assert ok["guided_attention"]["normalize"] == "cells" and ok["mel_l1"] == 0.0 and ok["nice"] == 0


def test_lower_priority_raises_the_process_niceness():
    code = "import os; from voicewright_trainer.devices import lower_priority; b = os.nice(0); lower_priority(5); print(os.nice(0) - b)"
    here = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    r = subprocess.run([sys.executable, "-c", code], cwd=here, capture_output=True, text=True, check=True)
    # Already at 19 the kernel caps it; otherwise it rose by exactly 5.
    assert int(r.stdout) == min(5, 19 - os.nice(0))
