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
    """(n_r, ...) on process r -> (sum n_r, ...) in rank order; differentiable.

    Batches may differ in size between processes (a broken file drops a sample): each is padded to
    the largest for the collective and trimmed after it."""
    import torch.distributed as dist
    from torch.distributed.nn.functional import all_gather

    n = torch.tensor([x.shape[0]], device=x.device)
    sizes = [torch.zeros_like(n) for _ in range(dist.get_world_size())]
    dist.all_gather(sizes, n)
    sizes_i = [int(s) for s in sizes]
    most = max(sizes_i)
    if most > x.shape[0]:
        x = torch.cat([x, x.new_zeros((most - x.shape[0], *x.shape[1:]))])
    parts = all_gather(x.contiguous())
    return torch.cat([p[:k] for p, k in zip(parts, sizes_i)], dim=0)


def split_views(zv: torch.Tensor, za: torch.Tensor, b: int, world: int = 1) -> tuple[torch.Tensor, ...]:
    """(v_p, v_s, a_p, a_s) from the model's (2b, D) outputs; with world > 1, of the global batch.

    One collective for the four: (b, 4, D) per process -> (sum of b, 4, D).
    """
    local = torch.stack([zv[:b], zv[b:], za[:b], za[b:]], dim=1)  # (b, 4, D)
    if world > 1:
        local = gather_with_grad(local)  # (sum b_r, 4, D)
    return tuple(local.unbind(1))
