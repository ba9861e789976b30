"""Tacotron2: NVIDIA's state_dict layout, shapes, forward/backward with r=1 and r=2, inference, losses."""
import torch

from voicewright_trainer.config import MODEL_PRESETS
from voicewright_trainer.losses import alignment_metrics, guided_attention_weights, tacotron2_loss
from voicewright_trainer.model import Tacotron2


def _bn(prefix, n):
    return {f"{prefix}.weight": [n], f"{prefix}.bias": [n], f"{prefix}.running_mean": [n], f"{prefix}.running_var": [n],
            f"{prefix}.num_batches_tracked": []}


def nvidia_expected():
    """NVIDIA/tacotron2's Tacotron2(hparams) state_dict with default hparams: every key and shape."""
    e = {"embedding.weight": [148, 512]}
    for i in range(3):
        e[f"encoder.convolutions.{i}.0.conv.weight"] = [512, 512, 5]
        e[f"encoder.convolutions.{i}.0.conv.bias"] = [512]
        e.update(_bn(f"encoder.convolutions.{i}.1", 512))
    for sfx in ("", "_reverse"):
        e[f"encoder.lstm.weight_ih_l0{sfx}"] = [1024, 512]
        e[f"encoder.lstm.weight_hh_l0{sfx}"] = [1024, 256]
        e[f"encoder.lstm.bias_ih_l0{sfx}"] = [1024]
        e[f"encoder.lstm.bias_hh_l0{sfx}"] = [1024]
    e["decoder.prenet.layers.0.linear_layer.weight"] = [256, 80]
    e["decoder.prenet.layers.1.linear_layer.weight"] = [256, 256]
    e.update({"decoder.attention_rnn.weight_ih": [4096, 768], "decoder.attention_rnn.weight_hh": [4096, 1024],
              "decoder.attention_rnn.bias_ih": [4096], "decoder.attention_rnn.bias_hh": [4096],
              "decoder.attention_layer.query_layer.linear_layer.weight": [128, 1024],
              "decoder.attention_layer.memory_layer.linear_layer.weight": [128, 512],
              "decoder.attention_layer.v.linear_layer.weight": [1, 128],
              "decoder.attention_layer.location_layer.location_conv.conv.weight": [32, 2, 31],
              "decoder.attention_layer.location_layer.location_dense.linear_layer.weight": [128, 32],
              "decoder.decoder_rnn.weight_ih": [4096, 1536], "decoder.decoder_rnn.weight_hh": [4096, 1024],
              "decoder.decoder_rnn.bias_ih": [4096], "decoder.decoder_rnn.bias_hh": [4096],
              "decoder.linear_projection.linear_layer.weight": [80, 1536], "decoder.linear_projection.linear_layer.bias": [80],
              "decoder.gate_layer.linear_layer.weight": [1, 1536], "decoder.gate_layer.linear_layer.bias": [1]})
    for i, (cin, cout) in enumerate([(80, 512), (512, 512), (512, 512), (512, 512), (512, 80)]):
        e[f"postnet.convolutions.{i}.0.conv.weight"] = [cout, cin, 5]
        e[f"postnet.convolutions.{i}.0.conv.bias"] = [cout]
        e.update(_bn(f"postnet.convolutions.{i}.1", cout))
    return e


def test_nvidia_preset_matches_nvidia_state_dict_layout():
    sd = Tacotron2(MODEL_PRESETS["nvidia"]).state_dict()
    expected = nvidia_expected()
    assert set(sd) == set(expected), (sorted(set(sd) - set(expected)), sorted(set(expected) - set(sd)))
    for k, shape in expected.items():
        assert list(sd[k].shape) == shape, k
    n = sum(v.numel() for k, v in sd.items() if "running" not in k and "num_batches" not in k)
    assert 28_000_000 < n < 28_400_000  # NVIDIA's Tacotron2: about 28.2M parameters


def _batch(r=1):
    torch.manual_seed(0)
    text = torch.randint(1, 148, (2, 9))
    tl = torch.tensor([9, 6])
    text[1, 6:] = 0
    T = 12
    mel = torch.randn(2, 80, T) - 5
    ml = torch.tensor([12, 9])
    mel[1, :, 9:] = 0
    gate = torch.zeros(2, T)
    gate[0, 11:] = 1
    gate[1, 8:] = 1
    return text, tl, mel, gate, ml


def test_tiny_forward_backward_r1_and_r2():
    for r in (1, 2, 3):
        c = dict(MODEL_PRESETS["tiny"], n_frames_per_step=r)
        m = Tacotron2(c)
        text, tl, mel, gate, ml = _batch(r)
        out = m(text, tl, mel, ml)
        assert out[0].shape == mel.shape and out[1].shape == mel.shape
        assert out[2].shape == (2, 12 // r) and out[3].shape == (2, 12 // r, 9)
        assert torch.allclose(out[3].sum(-1), torch.ones(2, 12 // r), atol=1e-5)  # attention rows sum to 1
        assert float(out[3][1, :, 6:].abs().max()) == 0.0  # padding never attended
        assert float(out[1][1, :, 9:].abs().max()) == 0.0  # mask_padding
        losses = tacotron2_loss(out, mel, gate, tl, ml, r, 5.0, 1.0, 0.4)
        losses["total"].backward()
        assert all(p.grad is not None for p in m.parameters())
        assert set(losses) == {"mel", "gate", "guided_attention", "total"}


def test_prenet_dropout_stays_on_in_eval_and_inference_runs():
    m = Tacotron2(MODEL_PRESETS["tiny"]).eval()
    x = torch.ones(1, 80)
    a, b = m.decoder.prenet(x), m.decoder.prenet(x)
    assert not torch.equal(a, b)
    mel, post, gate, align, stopped = m.inference(torch.randint(1, 148, (1, 7)))
    assert mel.shape[0] == 1 and mel.shape[1] == 80 and align.shape[2] == 7
    assert mel.shape[2] == gate.shape[1] <= MODEL_PRESETS["tiny"]["max_decoder_steps"]


def test_guided_attention_weights_and_metrics():
    w, valid = guided_attention_weights(torch.tensor([4]), torch.tensor([4]), 5, 6, 0.4)
    assert w.shape == (1, 5, 6)
    assert float(w[0, 0, 0]) == 0.0 and float(w[0, 0, 3]) > 0.2  # diagonal free, off-diagonal penalised
    assert float(w[0, 4].abs().sum()) == 0 and float(w[0, :, 4:].abs().sum()) == 0  # outside the utterance: 0
    diag = torch.eye(4).unsqueeze(0)
    m = alignment_metrics(diag, torch.tensor([4]), torch.tensor([4]), 1)
    assert m == {"focus_rate": 1.0, "coverage": 1.0, "diagonality": 1.0}
    flat = torch.full((1, 4, 4), 0.25)
    assert alignment_metrics(flat, torch.tensor([4]), torch.tensor([4]), 1)["focus_rate"] == 0.25


def test_amp_only_on_cuda_and_the_cpu_path_is_plain_fp32():
    import pytest

    from voicewright_trainer.config import ConfigError
    from voicewright_trainer.devices import amp_enabled, autocast, grad_scaler

    cpu = torch.device("cpu")
    assert amp_enabled("auto", cpu) is False and amp_enabled(False, cpu) is False
    with pytest.raises(ConfigError) as e:
        amp_enabled(True, cpu)
    assert "needs a CUDA GPU" in e.value.message
    assert amp_enabled("auto", torch.device("cuda")) is True and amp_enabled(False, torch.device("cuda")) is False
    assert grad_scaler(False) is None
    with autocast(cpu, False):
        assert (torch.ones(2, 2) @ torch.ones(2, 2)).dtype == torch.float32
