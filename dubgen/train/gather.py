"""The global batch under DDP: every process's embeddings, gathered with gradients.

Each process computes the loss on the concatenation (rank order) of all processes' views, so
the negatives grow with the number of processes. ``torch.distributed.nn.functional.all_gather``
sums, in its backward, the gradients every process's loss sends to a slice; as every process
computes the same loss L, process r's embeddings receive W * dL/dz_r, and DDP's mean over the W
processes makes the parameter gradient exactly dL/dtheta: the single-process gradient of the
concatenated batch (tests/test_train_ddp.py checks loss and gradients).
"""

from __future__ import annotations

import torch


def gather_with_grad(x: torch.Tensor) -> torch.Tensor:
    """(n, ...) on each process -> (world * n, ...) in rank order; differentiable."""
    from torch.distributed.nn.functional import all_gather

    return torch.cat(all_gather(x.contiguous()), dim=0)


def split_views(zv: torch.Tensor, za: torch.Tensor, b: int, world: int = 1) -> tuple[torch.Tensor, ...]:
    """(v_p, v_s, a_p, a_s) from the model's (2b, D) outputs; with world > 1, of the global batch.

    One collective for the four: (4, b, D) per process -> (W, 4, b, D) -> (4, W * b, D).
    """
    local = torch.stack([zv[:b], zv[b:], za[:b], za[b:]])
    if world > 1:
        w, n, d = world, local.shape[1], local.shape[2]
        local = gather_with_grad(local.unsqueeze(0)).transpose(0, 1).reshape(4, w * n, d)
    return tuple(local.unbind(0))
