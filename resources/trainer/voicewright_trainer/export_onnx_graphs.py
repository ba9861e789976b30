"""The graphs of a voice package as PyTorch modules (NVIDIA DeepLearningExamples' split) and their I/O contract.

Each wrapper reuses the trained Tacotron2's own submodules, so its forward *is* what the ONNX file computes; the
greedy decode loop below runs them the way the synthesis engine runs the ONNX files."""
from __future__ import annotations

import copy
from typing import Any, Dict, List, Optional, Sequence

import torch
from torch import nn
from torch.nn import functional as F

from .model import Tacotron2

# Input/output names, mirroring NVIDIA's tensorrt/export_tacotron2_onnx.py; the two prenet masks are ours.
ENCODER_INPUTS = ["sequences", "sequence_lengths"]
ENCODER_OUTPUTS = ["memory", "processed_memory"]
DECODER_STATE = ["attention_hidden", "attention_cell", "decoder_hidden", "decoder_cell",
                 "attention_weights", "attention_weights_cum", "attention_context"]
DECODER_INPUTS = ["decoder_input"] + DECODER_STATE + ["memory", "processed_memory", "mask",
                                                      "prenet_dropout_mask_0", "prenet_dropout_mask_1"]
DECODER_OUTPUTS = ["decoder_output", "gate_prediction"] + ["out_" + s for s in DECODER_STATE]
POSTNET_INPUTS = ["mel_outputs"]
POSTNET_OUTPUTS = ["mel_outputs_postnet"]
VOCODER_INPUTS = ["mel"]
VOCODER_OUTPUTS = ["audio"]

PRENET_DROPOUT = 0.5  # NVIDIA keeps it on at inference; the masks hold 0 or 1/(1-p) = 2


def _sequence_keep(lengths: torch.Tensor, t: int, dtype: torch.dtype) -> torch.Tensor:
    """[B, 1, T]: 1 inside each sequence, 0 on padding."""
    return (torch.arange(t, device=lengths.device).unsqueeze(0) < lengths.unsqueeze(1)).unsqueeze(1).to(dtype)


class EncoderGraph(nn.Module):
    """sequences [B,T] int64, sequence_lengths [B] int64 → memory [B,T,E], processed_memory [B,T,A].

    Unlike NVIDIA's export, padding is zeroed before every convolution, so a sentence's memory does not depend on the
    batch it is decoded in (alone, it equals the model's own inference exactly)."""

    def __init__(self, model: Tacotron2):
        super().__init__()
        self.embedding = model.embedding
        self.convolutions = model.encoder.convolutions
        self.lstm = model.encoder.lstm
        self.memory_layer = model.decoder.attention_layer.memory_layer

    def forward(self, sequences, sequence_lengths):
        keep = _sequence_keep(sequence_lengths, sequences.size(1), torch.float32)
        x = self.embedding(sequences).transpose(1, 2) * keep
        for conv in self.convolutions:
            x = F.relu(conv(x)) * keep
        x = x.transpose(1, 2)
        # ONNX's LSTM takes per-item lengths in any order, so no sort is traced (the example batch is sorted); the
        # zero initial states are built from the input's batch size, or the trace would bake in the example's.
        packed = nn.utils.rnn.pack_padded_sequence(x, sequence_lengths.cpu(), batch_first=True, enforce_sorted=torch.jit.is_tracing())
        h0 = x.new_zeros(2, x.size(0), self.lstm.hidden_size)
        memory, _ = self.lstm(packed, (h0, h0))
        memory, _ = nn.utils.rnn.pad_packed_sequence(memory, batch_first=True, total_length=sequences.size(1))
        return memory, self.memory_layer(memory)


class DecoderIterGraph(nn.Module):
    """One decoder step (NVIDIA's DecoderIter) with the prenet's dropout masks as inputs, so the engine owns the seed.

    mask is bool [B,T], True on padding (never attended). decoder_input/decoder_output are [B, 80*r]: r frames of
    80 mels one after the other; the output is the next step's input."""

    def __init__(self, model: Tacotron2):
        super().__init__()
        d = model.decoder
        self.prenet_layers = d.prenet.layers
        self.attention_rnn = d.attention_rnn
        self.attention_layer = d.attention_layer
        self.decoder_rnn = d.decoder_rnn
        self.linear_projection = d.linear_projection
        self.gate_layer = d.gate_layer

    def forward(self, decoder_input, attention_hidden, attention_cell, decoder_hidden, decoder_cell, attention_weights,
                attention_weights_cum, attention_context, memory, processed_memory, mask,
                prenet_dropout_mask_0, prenet_dropout_mask_1):
        x = F.relu(self.prenet_layers[0](decoder_input)) * prenet_dropout_mask_0
        x = F.relu(self.prenet_layers[1](x)) * prenet_dropout_mask_1
        attention_hidden, attention_cell = self.attention_rnn(
            torch.cat((x, attention_context), -1), (attention_hidden, attention_cell))
        weights_cat = torch.cat((attention_weights.unsqueeze(1), attention_weights_cum.unsqueeze(1)), dim=1)
        attention_context, attention_weights = self.attention_layer(
            attention_hidden, memory, processed_memory, weights_cat, mask)
        attention_weights_cum = attention_weights_cum + attention_weights
        decoder_hidden, decoder_cell = self.decoder_rnn(
            torch.cat((attention_hidden, attention_context), -1), (decoder_hidden, decoder_cell))
        hidden_context = torch.cat((decoder_hidden, attention_context), dim=1)
        return (self.linear_projection(hidden_context), self.gate_layer(hidden_context), attention_hidden,
                attention_cell, decoder_hidden, decoder_cell, attention_weights, attention_weights_cum, attention_context)


class PostnetGraph(nn.Module):
    """mel_outputs [B,80,T] → mel_outputs_postnet [B,80,T] (the residual included, as NVIDIA's export)."""

    def __init__(self, model: Tacotron2):
        super().__init__()
        self.postnet = model.postnet

    def forward(self, mel_outputs):
        return mel_outputs + self.postnet(mel_outputs)


class VocoderGraph(nn.Module):
    """Any generator mel [B,80,T] → audio [B,1,T*hop] or [B,T*hop]; the graph always returns [B, T*hop]."""

    def __init__(self, generator: nn.Module):
        super().__init__()
        self.generator = generator

    def forward(self, mel):
        audio = self.generator(mel)
        return audio.reshape(audio.size(0), -1)


def remove_weight_norm(module: nn.Module) -> nn.Module:
    """A copy without weight norm (folded into plain weights): both the hook API and torch 2.x parametrizations."""
    for m in module.modules():  # the derived weight is a non-leaf tensor that deepcopy refuses; forward recomputes it
        for hook in getattr(m, "_forward_pre_hooks", {}).values():
            if type(hook).__name__ == "WeightNorm" and torch.is_tensor(getattr(m, hook.name, None)):
                setattr(m, hook.name, getattr(m, hook.name).detach())
    module = copy.deepcopy(module)
    own = getattr(module, "remove_weight_norm", None)
    if callable(own):  # jik876's generators know their own layers
        try:
            own()
        except (ValueError, AttributeError):
            pass
    for m in module.modules():
        for hook in list(getattr(m, "_forward_pre_hooks", {}).values()):
            if type(hook).__name__ == "WeightNorm":
                nn.utils.remove_weight_norm(m, hook.name)
        if hasattr(m, "parametrizations"):
            from torch.nn.utils import parametrize

            for name in list(m.parametrizations.keys()):
                parametrize.remove_parametrizations(m, name, leave_parametrized=True)
    return module


def has_weight_norm(module: nn.Module) -> bool:
    for m in module.modules():
        if any(type(h).__name__ == "WeightNorm" for h in getattr(m, "_forward_pre_hooks", {}).values()):
            return True
        if hasattr(m, "parametrizations") and len(m.parametrizations):
            return True
    return False


def dims(model_config: Dict[str, Any]) -> Dict[str, int]:
    c = model_config
    return {"nMels": c["n_mel_channels"], "reductionFactor": c["n_frames_per_step"],
            "encoderEmbeddingDim": c["encoder_embedding_dim"], "attentionDim": c["attention_dim"],
            "attentionRnnDim": c["attention_rnn_dim"], "decoderRnnDim": c["decoder_rnn_dim"], "prenetDim": c["prenet_dim"]}


def _t(name: str, dtype: str, shape: Sequence) -> Dict[str, Any]:
    return {"name": name, "type": dtype, "shape": list(shape)}


def graph_io(model_config: Dict[str, Any]) -> Dict[str, Dict[str, List[Dict[str, Any]]]]:
    """What voice.json declares for each acoustic graph: names, element types and shapes ('batch', 'symbols' and
    'frames' are dynamic)."""
    d = dims(model_config)
    e, a, n = d["encoderEmbeddingDim"], d["attentionDim"], d["nMels"]
    frame = n * d["reductionFactor"]
    state = {"attention_hidden": d["attentionRnnDim"], "attention_cell": d["attentionRnnDim"],
             "decoder_hidden": d["decoderRnnDim"], "decoder_cell": d["decoderRnnDim"], "attention_weights": "symbols",
             "attention_weights_cum": "symbols", "attention_context": e}
    dec_in = [_t("decoder_input", "float32", ["batch", frame])]
    dec_in += [_t(k, "float32", ["batch", v]) for k, v in state.items()]
    dec_in += [_t("memory", "float32", ["batch", "symbols", e]), _t("processed_memory", "float32", ["batch", "symbols", a]),
               _t("mask", "bool", ["batch", "symbols"]),
               _t("prenet_dropout_mask_0", "float32", ["batch", d["prenetDim"]]),
               _t("prenet_dropout_mask_1", "float32", ["batch", d["prenetDim"]])]
    dec_out = [_t("decoder_output", "float32", ["batch", frame]), _t("gate_prediction", "float32", ["batch", 1])]
    dec_out += [_t("out_" + k, "float32", ["batch", v]) for k, v in state.items()]
    return {
        "encoder": {"inputs": [_t("sequences", "int64", ["batch", "symbols"]), _t("sequence_lengths", "int64", ["batch"])],
                    "outputs": [_t("memory", "float32", ["batch", "symbols", e]),
                                _t("processed_memory", "float32", ["batch", "symbols", a])]},
        "decoderIter": {"inputs": dec_in, "outputs": dec_out},
        "postnet": {"inputs": [_t("mel_outputs", "float32", ["batch", n, "frames"])],
                    "outputs": [_t("mel_outputs_postnet", "float32", ["batch", n, "frames"])]},
    }


def vocoder_io(n_mels: int) -> Dict[str, List[Dict[str, Any]]]:
    return {"inputs": [_t("mel", "float32", ["batch", n_mels, "frames"])],
            "outputs": [_t("audio", "float32", ["batch", "samples"])]}


def dynamic_axes(io: Dict[str, List[Dict[str, Any]]]) -> Dict[str, Dict[int, str]]:
    """torch.onnx's dynamic_axes from the declaration: every named dim of every input and output."""
    out: Dict[str, Dict[int, str]] = {}
    for t in io["inputs"] + io["outputs"]:
        named = {i: s for i, s in enumerate(t["shape"]) if isinstance(s, str)}
        if named:
            out[t["name"]] = named
    return out


def initial_state(model_config: Dict[str, Any], memory: torch.Tensor) -> Dict[str, torch.Tensor]:
    """Zeros for every recurrent and attention state, and the go frame (NVIDIA's initialize_decoder_states)."""
    d = dims(model_config)
    b, t = memory.size(0), memory.size(1)
    z = memory.new_zeros
    return {"decoder_input": z(b, d["nMels"] * d["reductionFactor"]),
            "attention_hidden": z(b, d["attentionRnnDim"]), "attention_cell": z(b, d["attentionRnnDim"]),
            "decoder_hidden": z(b, d["decoderRnnDim"]), "decoder_cell": z(b, d["decoderRnnDim"]),
            "attention_weights": z(b, t), "attention_weights_cum": z(b, t), "attention_context": z(b, d["encoderEmbeddingDim"])}


def prenet_masks(generator: torch.Generator, steps: int, batch: int, prenet_dim: int):
    """Bernoulli(1-p)/(1-p) masks [steps, B, P] for both prenet layers: what the engine draws from its seed."""
    keep = 1.0 - PRENET_DROPOUT
    shape = (steps, batch, prenet_dim)
    m0 = torch.bernoulli(torch.full(shape, keep), generator=generator) / keep
    m1 = torch.bernoulli(torch.full(shape, keep), generator=generator) / keep
    return m0, m1


@torch.no_grad()
def greedy_decode(encoder: EncoderGraph, decoder_iter: DecoderIterGraph, postnet: PostnetGraph,
                  model_config: Dict[str, Any], sequences: torch.Tensor, sequence_lengths: torch.Tensor,
                  masks0: torch.Tensor, masks1: torch.Tensor, gate_threshold: Optional[float] = None) -> Dict[str, torch.Tensor]:
    """The engine's loop over the graphs: encoder once, decoder_iter per step (len(masks0) steps, or until every
    gate fires when gate_threshold is given), postnet on the whole mel. Returns mel [B,80,steps*r], mel_postnet,
    gate [B,steps] (logits), alignments [B,steps,T], memory, processed_memory."""
    memory, processed = encoder(sequences, sequence_lengths)
    mask = ~(torch.arange(sequences.size(1)).unsqueeze(0) < sequence_lengths.unsqueeze(1))
    state = initial_state(model_config, memory)
    frames, gates, aligns = [], [], []
    for step in range(masks0.size(0)):
        out = decoder_iter(state["decoder_input"], *(state[k] for k in DECODER_STATE), memory, processed, mask,
                           masks0[step], masks1[step])
        frames.append(out[0])
        gates.append(out[1].squeeze(1))
        aligns.append(out[6])
        state = dict(zip(DECODER_STATE, out[2:]), decoder_input=out[0])
        if gate_threshold is not None and bool((torch.sigmoid(out[1]) > gate_threshold).all()):
            break
    n_mels = model_config["n_mel_channels"]
    mel = torch.stack(frames, 1).reshape(sequences.size(0), -1, n_mels).transpose(1, 2)
    return {"mel": mel, "mel_postnet": postnet(mel), "gate": torch.stack(gates, 1), "alignments": torch.stack(aligns, 1),
            "memory": memory, "processed_memory": processed}
