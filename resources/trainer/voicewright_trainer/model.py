"""Tacotron2 as NVIDIA/tacotron2 model.py builds it: same modules, same parameter names (state_dict keys), same
initialisation, so NVIDIA's tacotron2_statedict.pt loads into the 'nvidia' preset. Additions: sizes from a config
dict and a reduction factor r (n_frames_per_step) that also works for r > 1."""
from __future__ import annotations

import math
from typing import Any, Dict, Optional, Tuple

import torch
from torch import nn
from torch.nn import functional as F


class LinearNorm(nn.Module):
    def __init__(self, in_dim: int, out_dim: int, bias: bool = True, w_init_gain: str = "linear"):
        super().__init__()
        self.linear_layer = nn.Linear(in_dim, out_dim, bias=bias)
        nn.init.xavier_uniform_(self.linear_layer.weight, gain=nn.init.calculate_gain(w_init_gain))

    def forward(self, x):
        return self.linear_layer(x)


class ConvNorm(nn.Module):
    def __init__(self, in_channels: int, out_channels: int, kernel_size: int = 1, stride: int = 1,
                 padding: Optional[int] = None, dilation: int = 1, bias: bool = True, w_init_gain: str = "linear"):
        super().__init__()
        if padding is None:
            assert kernel_size % 2 == 1
            padding = int(dilation * (kernel_size - 1) / 2)
        self.conv = nn.Conv1d(in_channels, out_channels, kernel_size=kernel_size, stride=stride,
                              padding=padding, dilation=dilation, bias=bias)
        nn.init.xavier_uniform_(self.conv.weight, gain=nn.init.calculate_gain(w_init_gain))

    def forward(self, x):
        return self.conv(x)


class LocationLayer(nn.Module):
    def __init__(self, n_filters: int, kernel_size: int, attention_dim: int):
        super().__init__()
        self.location_conv = ConvNorm(2, n_filters, kernel_size=kernel_size, padding=(kernel_size - 1) // 2, bias=False)
        self.location_dense = LinearNorm(n_filters, attention_dim, bias=False, w_init_gain="tanh")

    def forward(self, attention_weights_cat):
        return self.location_dense(self.location_conv(attention_weights_cat).transpose(1, 2))


class Attention(nn.Module):
    """Location-sensitive attention (Chorowski et al.), NVIDIA's version."""

    def __init__(self, attention_rnn_dim: int, embedding_dim: int, attention_dim: int,
                 attention_location_n_filters: int, attention_location_kernel_size: int):
        super().__init__()
        self.query_layer = LinearNorm(attention_rnn_dim, attention_dim, bias=False, w_init_gain="tanh")
        self.memory_layer = LinearNorm(embedding_dim, attention_dim, bias=False, w_init_gain="tanh")
        self.v = LinearNorm(attention_dim, 1, bias=False)
        self.location_layer = LocationLayer(attention_location_n_filters, attention_location_kernel_size, attention_dim)
        self.score_mask_value = -float("inf")

    def get_alignment_energies(self, query, processed_memory, attention_weights_cat):
        processed_query = self.query_layer(query.unsqueeze(1))
        processed_attention_weights = self.location_layer(attention_weights_cat)
        energies = self.v(torch.tanh(processed_query + processed_attention_weights + processed_memory))
        return energies.squeeze(-1)

    def forward(self, attention_hidden_state, memory, processed_memory, attention_weights_cat, mask):
        alignment = self.get_alignment_energies(attention_hidden_state, processed_memory, attention_weights_cat)
        if mask is not None:
            alignment = alignment.masked_fill(mask, self.score_mask_value)
        attention_weights = F.softmax(alignment, dim=1)
        attention_context = torch.bmm(attention_weights.unsqueeze(1), memory).squeeze(1)
        return attention_context, attention_weights


class Prenet(nn.Module):
    """Two ReLU layers with dropout 0.5 that stays on at inference (Tacotron2 paper; NVIDIA does the same)."""

    def __init__(self, in_dim: int, sizes):
        super().__init__()
        in_sizes = [in_dim] + list(sizes[:-1])
        self.layers = nn.ModuleList([LinearNorm(i, o, bias=False) for i, o in zip(in_sizes, sizes)])

    def forward(self, x):
        for linear in self.layers:
            x = F.dropout(F.relu(linear(x)), p=0.5, training=True)
        return x


class Postnet(nn.Module):
    def __init__(self, c: Dict[str, Any]):
        super().__init__()
        n_mel, dim, k, n = c["n_mel_channels"], c["postnet_embedding_dim"], c["postnet_kernel_size"], c["postnet_n_convolutions"]
        pad = (k - 1) // 2
        self.convolutions = nn.ModuleList()
        self.convolutions.append(nn.Sequential(
            ConvNorm(n_mel, dim, kernel_size=k, stride=1, padding=pad, dilation=1, w_init_gain="tanh"), nn.BatchNorm1d(dim)))
        for _ in range(1, n - 1):
            self.convolutions.append(nn.Sequential(
                ConvNorm(dim, dim, kernel_size=k, stride=1, padding=pad, dilation=1, w_init_gain="tanh"), nn.BatchNorm1d(dim)))
        self.convolutions.append(nn.Sequential(
            ConvNorm(dim, n_mel, kernel_size=k, stride=1, padding=pad, dilation=1, w_init_gain="linear"), nn.BatchNorm1d(n_mel)))

    def forward(self, x):
        for i in range(len(self.convolutions) - 1):
            x = F.dropout(torch.tanh(self.convolutions[i](x)), 0.5, self.training)
        return F.dropout(self.convolutions[-1](x), 0.5, self.training)


class Encoder(nn.Module):
    def __init__(self, c: Dict[str, Any]):
        super().__init__()
        dim, k = c["encoder_embedding_dim"], c["encoder_kernel_size"]
        self.convolutions = nn.ModuleList([
            nn.Sequential(ConvNorm(dim, dim, kernel_size=k, stride=1, padding=(k - 1) // 2, dilation=1, w_init_gain="relu"),
                          nn.BatchNorm1d(dim))
            for _ in range(c["encoder_n_convolutions"])])
        self.lstm = nn.LSTM(dim, dim // 2, 1, batch_first=True, bidirectional=True)

    def forward(self, x, input_lengths):
        for conv in self.convolutions:
            x = F.dropout(F.relu(conv(x)), 0.5, self.training)
        x = x.transpose(1, 2)
        # pack_padded_sequence wants lengths on the CPU (both torch 1.13 and 2.x).
        x = nn.utils.rnn.pack_padded_sequence(x, input_lengths.cpu(), batch_first=True)
        self.lstm.flatten_parameters()
        outputs, _ = self.lstm(x)
        outputs, _ = nn.utils.rnn.pad_packed_sequence(outputs, batch_first=True)
        return outputs

    def inference(self, x):
        for conv in self.convolutions:
            x = F.dropout(F.relu(conv(x)), 0.5, self.training)
        x = x.transpose(1, 2)
        self.lstm.flatten_parameters()
        outputs, _ = self.lstm(x)
        return outputs


def get_mask_from_lengths(lengths, max_len: Optional[int] = None):
    """True where the position is inside the sequence."""
    max_len = int(lengths.max()) if max_len is None else max_len
    ids = torch.arange(0, max_len, device=lengths.device)
    return ids.unsqueeze(0) < lengths.unsqueeze(1)


class Decoder(nn.Module):
    def __init__(self, c: Dict[str, Any]):
        super().__init__()
        self.n_mel_channels = c["n_mel_channels"]
        self.n_frames_per_step = c["n_frames_per_step"]
        self.encoder_embedding_dim = c["encoder_embedding_dim"]
        self.attention_rnn_dim = c["attention_rnn_dim"]
        self.decoder_rnn_dim = c["decoder_rnn_dim"]
        self.prenet_dim = c["prenet_dim"]
        self.max_decoder_steps = c["max_decoder_steps"]
        self.gate_threshold = c["gate_threshold"]
        self.p_attention_dropout = c["p_attention_dropout"]
        self.p_decoder_dropout = c["p_decoder_dropout"]
        r = self.n_frames_per_step
        self.prenet = Prenet(self.n_mel_channels * r, [self.prenet_dim, self.prenet_dim])
        self.attention_rnn = nn.LSTMCell(self.prenet_dim + self.encoder_embedding_dim, self.attention_rnn_dim)
        self.attention_layer = Attention(self.attention_rnn_dim, self.encoder_embedding_dim, c["attention_dim"],
                                         c["attention_location_n_filters"], c["attention_location_kernel_size"])
        self.decoder_rnn = nn.LSTMCell(self.attention_rnn_dim + self.encoder_embedding_dim, self.decoder_rnn_dim, 1)
        self.linear_projection = LinearNorm(self.decoder_rnn_dim + self.encoder_embedding_dim, self.n_mel_channels * r)
        self.gate_layer = LinearNorm(self.decoder_rnn_dim + self.encoder_embedding_dim, 1, bias=True, w_init_gain="sigmoid")

    def get_go_frame(self, memory):
        return memory.new_zeros(memory.size(0), self.n_mel_channels * self.n_frames_per_step)

    def initialize_decoder_states(self, memory, mask):
        B, T = memory.size(0), memory.size(1)
        self.attention_hidden = memory.new_zeros(B, self.attention_rnn_dim)
        self.attention_cell = memory.new_zeros(B, self.attention_rnn_dim)
        self.decoder_hidden = memory.new_zeros(B, self.decoder_rnn_dim)
        self.decoder_cell = memory.new_zeros(B, self.decoder_rnn_dim)
        self.attention_weights = memory.new_zeros(B, T)
        self.attention_weights_cum = memory.new_zeros(B, T)
        self.attention_context = memory.new_zeros(B, self.encoder_embedding_dim)
        self.memory = memory
        self.processed_memory = self.attention_layer.memory_layer(memory)
        self.mask = mask

    def parse_decoder_inputs(self, decoder_inputs):
        """[B, n_mel, T] → [T/r, B, n_mel*r]."""
        decoder_inputs = decoder_inputs.transpose(1, 2)
        decoder_inputs = decoder_inputs.reshape(decoder_inputs.size(0), decoder_inputs.size(1) // self.n_frames_per_step, -1)
        return decoder_inputs.transpose(0, 1)

    def parse_decoder_outputs(self, mel_outputs, gate_outputs, alignments):
        alignments = torch.stack(alignments).transpose(0, 1)               # [B, T/r, T_in]
        gate_outputs = torch.stack(gate_outputs).transpose(0, 1).contiguous()  # [B, T/r]
        mel_outputs = torch.stack(mel_outputs).transpose(0, 1).contiguous()    # [B, T/r, n_mel*r]
        mel_outputs = mel_outputs.view(mel_outputs.size(0), -1, self.n_mel_channels).transpose(1, 2)  # [B, n_mel, T]
        return mel_outputs, gate_outputs, alignments

    def decode(self, decoder_input):
        cell_input = torch.cat((decoder_input, self.attention_context), -1)
        self.attention_hidden, self.attention_cell = self.attention_rnn(cell_input, (self.attention_hidden, self.attention_cell))
        self.attention_hidden = F.dropout(self.attention_hidden, self.p_attention_dropout, self.training)
        attention_weights_cat = torch.cat((self.attention_weights.unsqueeze(1), self.attention_weights_cum.unsqueeze(1)), dim=1)
        self.attention_context, self.attention_weights = self.attention_layer(
            self.attention_hidden, self.memory, self.processed_memory, attention_weights_cat, self.mask)
        self.attention_weights_cum = self.attention_weights_cum + self.attention_weights
        decoder_input = torch.cat((self.attention_hidden, self.attention_context), -1)
        self.decoder_hidden, self.decoder_cell = self.decoder_rnn(decoder_input, (self.decoder_hidden, self.decoder_cell))
        self.decoder_hidden = F.dropout(self.decoder_hidden, self.p_decoder_dropout, self.training)
        hidden_context = torch.cat((self.decoder_hidden, self.attention_context), dim=1)
        return self.linear_projection(hidden_context), self.gate_layer(hidden_context), self.attention_weights

    def forward(self, memory, decoder_inputs, memory_lengths):
        """Teacher forcing. decoder_inputs [B, n_mel, T] with T a multiple of r."""
        go = self.get_go_frame(memory).unsqueeze(0)
        decoder_inputs = torch.cat((go, self.parse_decoder_inputs(decoder_inputs)), dim=0)
        decoder_inputs = self.prenet(decoder_inputs)
        self.initialize_decoder_states(memory, mask=~get_mask_from_lengths(memory_lengths, memory.size(1)))
        mel_outputs, gate_outputs, alignments = [], [], []
        while len(mel_outputs) < decoder_inputs.size(0) - 1:
            mel_output, gate_output, attention_weights = self.decode(decoder_inputs[len(mel_outputs)])
            mel_outputs.append(mel_output)
            gate_outputs.append(gate_output.squeeze(1))
            alignments.append(attention_weights)
        return self.parse_decoder_outputs(mel_outputs, gate_outputs, alignments)

    def inference(self, memory):
        """Free running until the gate fires or max_decoder_steps. Returns (mel, gate, alignments, stopped)."""
        decoder_input = self.get_go_frame(memory)
        self.initialize_decoder_states(memory, mask=None)
        mel_outputs, gate_outputs, alignments = [], [], []
        stopped = False
        while True:
            mel_output, gate_output, alignment = self.decode(self.prenet(decoder_input))
            mel_outputs.append(mel_output)
            gate_outputs.append(gate_output.squeeze(1))
            alignments.append(alignment)
            if bool((torch.sigmoid(gate_output) > self.gate_threshold).all()):
                stopped = True
                break
            if len(mel_outputs) >= self.max_decoder_steps:
                break
            decoder_input = mel_output
        mel, gate, align = self.parse_decoder_outputs(mel_outputs, gate_outputs, alignments)
        return mel, gate, align, stopped


class Tacotron2(nn.Module):
    def __init__(self, c: Dict[str, Any]):
        super().__init__()
        self.config = dict(c)
        self.mask_padding = c["mask_padding"]
        self.n_mel_channels = c["n_mel_channels"]
        self.n_frames_per_step = c["n_frames_per_step"]
        self.embedding = nn.Embedding(c["n_symbols"], c["symbols_embedding_dim"])
        std = math.sqrt(2.0 / (c["n_symbols"] + c["symbols_embedding_dim"]))
        val = math.sqrt(3.0) * std
        self.embedding.weight.data.uniform_(-val, val)
        if c["symbols_embedding_dim"] != c["encoder_embedding_dim"]:
            raise ValueError("symbols_embedding_dim must equal encoder_embedding_dim (NVIDIA's encoder convolves the embeddings directly)")
        self.encoder = Encoder(c)
        self.decoder = Decoder(c)
        self.postnet = Postnet(c)

    def forward(self, text, text_lengths, mels, mel_lengths) -> Tuple[torch.Tensor, ...]:
        """Teacher-forced: (mel [B,80,T], mel_postnet [B,80,T], gate [B,T/r], alignments [B,T/r,T_in])."""
        embedded = self.embedding(text).transpose(1, 2)
        memory = self.encoder(embedded, text_lengths)
        mel_outputs, gate_outputs, alignments = self.decoder(memory, mels, memory_lengths=text_lengths)
        mel_outputs_postnet = mel_outputs + self.postnet(mel_outputs)
        if self.mask_padding:
            r = self.n_frames_per_step
            frame_mask = ~get_mask_from_lengths(mel_lengths, mel_outputs.size(2))
            mel_outputs = mel_outputs.masked_fill(frame_mask.unsqueeze(1), 0.0)
            mel_outputs_postnet = mel_outputs_postnet.masked_fill(frame_mask.unsqueeze(1), 0.0)
            step_mask = ~get_mask_from_lengths((mel_lengths + r - 1) // r, gate_outputs.size(1))
            gate_outputs = gate_outputs.masked_fill(step_mask, 1e3)
        return mel_outputs, mel_outputs_postnet, gate_outputs, alignments

    @torch.no_grad()
    def inference(self, text):
        """text [1, T_in] → (mel, mel_postnet, gate, alignments, stopped)."""
        embedded = self.embedding(text).transpose(1, 2)
        memory = self.encoder.inference(embedded)
        mel, gate, align, stopped = self.decoder.inference(memory)
        return mel, mel + self.postnet(mel), gate, align, stopped


def count_parameters(model: nn.Module) -> int:
    return sum(p.numel() for p in model.parameters())
