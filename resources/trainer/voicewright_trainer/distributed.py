"""Several processes through torchrun (DDP): process group, rank-sharded batches, one all-reduce per step."""
from __future__ import annotations

import os
from datetime import timedelta
from typing import List, Optional, Tuple

import torch
import torch.distributed as dist

from .config import ConfigError


class Distributed:
    """World of one (a plain run) unless torchrun set RANK / WORLD_SIZE / LOCAL_RANK."""

    def __init__(self, env=None):
        env = os.environ if env is None else env
        self.world = int(env.get("WORLD_SIZE", "1") or 1)
        self.rank = int(env.get("RANK", "0") or 0)
        self.local_rank = int(env.get("LOCAL_RANK", "0") or 0)
        self.enabled = self.world > 1
        self.is_main = self.rank == 0
        self.backend: Optional[str] = None

    def device(self, name: str) -> Optional[torch.device]:
        """Under torchrun each process takes GPU LOCAL_RANK, or the CPU; None = not distributed, caller decides."""
        if not self.enabled:
            return None
        if name.startswith("cuda:"):
            raise ConfigError(f"device {name!r} cannot be used under torchrun: each process takes GPU LOCAL_RANK.",
                              "Set \"device\": \"auto\" (or \"cuda\") and choose GPUs with CUDA_VISIBLE_DEVICES.")
        if name == "cpu" or not torch.cuda.is_available():
            if name == "cuda":
                raise ConfigError("device 'cuda' was asked for but this PyTorch sees no CUDA GPU.",
                                  "Set \"device\": \"auto\" or \"cpu\".")
            return torch.device("cpu")
        if self.local_rank >= torch.cuda.device_count():
            raise ConfigError(f"torchrun started {self.world} processes on this machine but only "
                              f"{torch.cuda.device_count()} GPU(s) are visible.", "Set --nproc_per_node to the number of GPUs.")
        return torch.device("cuda", self.local_rank)

    def init(self, device: torch.device) -> None:
        if not self.enabled or dist.is_initialized():
            return
        self.backend = "nccl" if device.type == "cuda" else "gloo"
        if device.type == "cuda":
            torch.cuda.set_device(device)
        # init_method env:// reads MASTER_ADDR / MASTER_PORT that torchrun sets.
        dist.init_process_group(self.backend, rank=self.rank, world_size=self.world, timeout=timedelta(minutes=30))

    def wrap(self, model: torch.nn.Module, device: torch.device) -> torch.nn.Module:
        if not self.enabled:
            return model
        from torch.nn.parallel import DistributedDataParallel

        ids = [device.index] if device.type == "cuda" else None
        return DistributedDataParallel(model, device_ids=ids, output_device=ids[0] if ids else None)

    def shard(self, batches: List[List[int]]) -> List[List[int]]:
        """This rank's batches of an epoch: step i takes global batch i*world + rank (the role of
        DistributedSampler, over our seeded epoch order so a run resumes mid-epoch). Too few batches are
        repeated so every rank gets one."""
        if not self.enabled:
            return batches
        while len(batches) < self.world:
            batches = batches + batches
        steps = len(batches) // self.world
        return [batches[i * self.world + self.rank] for i in range(steps)]

    def sync(self, values: torch.Tensor, stop: bool) -> Tuple[torch.Tensor, bool]:
        """Mean of `values` over ranks, and whether any rank was asked to stop: every rank takes the same
        decision (skip a NaN step, stop after this step) or the collectives would hang."""
        if not self.enabled:
            return values, stop
        v = torch.cat([values.detach().float().reshape(-1), values.new_tensor([1.0 if stop else 0.0]).float()])
        dist.all_reduce(v)
        v = v / self.world
        return v[:-1], bool(v[-1] > 0)

    def barrier(self) -> None:
        if self.enabled and dist.is_initialized():
            dist.barrier()

    def close(self) -> None:
        if self.enabled and dist.is_initialized():
            dist.destroy_process_group()
