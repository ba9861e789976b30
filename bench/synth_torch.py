"""PyTorch eager baseline for bench/synth.bench-run.ts: the same random weights the trainer exports (random:PRESET:SEED),
the same symbol ids, a fixed decoder step count; times text → mel (Tacotron2.inference) and mel → audio (HiFi-GAN).

Usage: /usr/bin/python3 bench/synth_torch.py --ids FILE.json --steps N [--threads 2] [--model random:nvidia:1] [--vocoder random:v1]
Prints one JSON object: per-sentence seconds of the acoustic model and the vocoder, audio seconds."""
import argparse
import json
import os
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "resources", "trainer"))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--ids", required=True)
    ap.add_argument("--steps", type=int, required=True)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--model", default="random:nvidia:1")
    ap.add_argument("--vocoder", default="random:v1")
    a = ap.parse_args()
    import torch

    torch.set_num_threads(a.threads)
    from voicewright_trainer.export_onnx_load import load_hifigan, load_tacotron2

    model, _ = load_tacotron2(a.model)
    gen, _ = load_hifigan(a.vocoder)
    # Fixed step count: the gate can never fire, and the cap is the step count.
    model.decoder.gate_threshold = 2.0
    model.decoder.max_decoder_steps = a.steps
    sentences = json.load(open(a.ids))
    acoustic, vocoder, audio = [], [], 0.0
    with torch.no_grad():
        warm = torch.tensor([sentences[0][:20]], dtype=torch.long)
        model.decoder.max_decoder_steps = 5
        gen(model.inference(warm)[1])
        model.decoder.max_decoder_steps = a.steps
        for ids in sentences:
            x = torch.tensor([ids], dtype=torch.long)
            t0 = time.perf_counter()
            _, mel_post, _, _, _ = model.inference(x)
            t1 = time.perf_counter()
            wav = gen(mel_post)
            t2 = time.perf_counter()
            acoustic.append(t1 - t0)
            vocoder.append(t2 - t1)
            audio += wav.shape[-1] / 22050
    print(json.dumps({"torch": torch.__version__, "threads": torch.get_num_threads(), "steps": a.steps,
                      "acoustic_s": acoustic, "vocoder_s": vocoder, "audio_s": audio}))


if __name__ == "__main__":
    main()
