"""Voicewright's trainer: Tacotron2 and HiFi-GAN in PyTorch, driven by the studio over JSON lines."""
