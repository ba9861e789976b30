// Finds Python interpreters that can run the trainer and checks each: torch present? which version? CUDA? which GPUs?
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import type { Interpreter } from '../../shared/domains/training';

/** Printed by the interpreter under test: one JSON line, whatever is missing reported as null. */
const PROBE = `
import json, sys
out = {"python": sys.version.split()[0], "torch": None, "cuda": False, "gpus": [], "error": None}
try:
    import torch
    out["torch"] = torch.__version__
    if torch.cuda.is_available():
        out["cuda"] = True
        for i in range(torch.cuda.device_count()):
            p = torch.cuda.get_device_properties(i)
            out["gpus"].append({"name": p.name, "memoryGb": round(p.total_memory / 2**30, 1), "capability": f"{p.major}.{p.minor}"})
    import numpy
except Exception as e:
    out["error"] = f"{type(e).__name__}: {e}"
print(json.dumps(out))
`;

interface ProbeOutput { python: string; torch: string | null; cuda: boolean; gpus: Interpreter['gpus']; error: string | null }

/** Candidates in order of preference; duplicates removed. */
export function candidatePythons(extra?: string): { path: string; source: string }[] {
  const out: { path: string; source: string }[] = [];
  const add = (path: string | undefined, source: string): void => {
    if (path && !out.some((c) => c.path === path)) out.push({ path, source });
  };
  add(extra, 'chosen');
  add(process.env.VOICEWRIGHT_PYTHON, 'VOICEWRIGHT_PYTHON');
  // Debian/Ubuntu's own python (where python3-torch lives), before whatever a version manager puts first on PATH.
  if (process.platform !== 'win32') add(existsSync('/usr/bin/python3') ? '/usr/bin/python3' : undefined, 'system');
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    for (const name of process.platform === 'win32' ? ['python.exe', 'python3.exe'] : ['python3', 'python']) {
      const p = join(dir, name);
      if (dir && existsSync(p)) add(p, 'PATH');
    }
  }
  return out;
}

function run(path: string, timeoutMs: number): Promise<{ stdout: string; error: string | null }> {
  return new Promise((resolve) => {
    execFile(path, ['-c', PROBE], { timeout: timeoutMs, windowsHide: true }, (err, stdout, stderr) => {
      if (err && !stdout) resolve({ stdout: '', error: `${err.message.split('\n')[0]}${stderr ? `: ${stderr.trim().split('\n').pop()}` : ''}` });
      else resolve({ stdout, error: null });
    });
  });
}

export async function probePython(path: string, source: string, timeoutMs = 30_000): Promise<Interpreter> {
  const base = { path, source, pythonVersion: null, torchVersion: null, cuda: false, gpus: [] };
  const { stdout, error } = await run(path, timeoutMs);
  if (error) return { ...base, ok: false, problem: `It could not be run (${error}).` };
  let parsed: ProbeOutput;
  try {
    parsed = JSON.parse(stdout.trim().split('\n').pop() ?? '') as ProbeOutput;
  } catch {
    return { ...base, ok: false, problem: 'It ran but did not answer the check; is it a Python 3 interpreter?' };
  }
  const info = { ...base, pythonVersion: parsed.python, torchVersion: parsed.torch, cuda: parsed.cuda, gpus: parsed.gpus };
  if (!parsed.torch) {
    return { ...info, ok: false, problem: `PyTorch is not installed for it (${parsed.error ?? 'import torch failed'}). Install it (pip install torch numpy, or on Debian/Ubuntu apt install python3-torch python3-numpy), or choose another Python.` };
  }
  if (parsed.error) return { ...info, ok: false, problem: `${parsed.error}. Install numpy for it (pip install numpy).` };
  const major = Number(parsed.python.split('.')[0]);
  const minor = Number(parsed.python.split('.')[1]);
  if (major < 3 || (major === 3 && minor < 8)) return { ...info, ok: false, problem: `Python ${parsed.python} is too old: the trainer needs 3.8 or newer.` };
  return { ...info, ok: true, problem: null };
}

/** Every candidate, checked in parallel; those that can train first. */
export async function findInterpreters(extra?: string): Promise<Interpreter[]> {
  const found = await Promise.all(candidatePythons(extra).map((c) => probePython(c.path, c.source)));
  return [...found.filter((f) => f.ok), ...found.filter((f) => !f.ok)];
}
