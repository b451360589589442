"""Contrastive loss of "Looking Similar, Sounding Different" (Singh et al.), Eq. (1)-(3).

Eq. (1), for a batch of unit vectors z_x, z_y (rows i = 1..B) and temperature tau:

    l_i(x, y) = -log( exp(z_x^i . z_y^i / tau) / sum_{(x', y') in N_i} exp(x' . y' / tau) )

Two readings of the negative set N_i (``denominator``):

- ``"joint"`` (default): N_i = {(z_x^i, z_y^j) : j = 1..B}  U  {(z_x^j, z_y^i) : j != i}, every
  pair in the batch that involves sample i in either role (NT-Xent's set; the positive appears
  once): 2B - 1 terms,

      l_i(x, y) = -s_ii + log( sum_j exp(s_ij) + sum_{j != i} exp(s_ji) ),   s_ij = z_x^i . z_y^j / tau

  Hence l_i(x, y) = l_i(y, x).
- ``"one-way"``: N_i = {(z_x^i, z_y^j) : j = 1..B}, the anchor z_x^i against every z_y (InfoNCE,
  CLIP's one direction): B terms,

      l_i(x, y) = -s_ii + log( sum_j exp(s_ij) )

  Not symmetric: the first argument is the anchor.

Eq. (2): L = 1/2 sum_i [ l_i(v_p, a_s) + l_i(v_s, a_p) ]   (cross-modal, crossed views)
Eq. (3): L_v = sum_i l_i(v_p, v_s),  L_a = sum_i l_i(a_p, a_s)   (within-modal)

Total = L + lambda * (L_v + L_a), lambda in [0, 0.2]. ``reduction="mean"`` divides by B.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import torch

MAX_LAMBDA = 0.2
DENOMINATORS = ("joint", "one-way")
Denominator = Literal["joint", "one-way"]


def nt_xent_terms(
    x: torch.Tensor, y: torch.Tensor, tau: torch.Tensor | float, denominator: Denominator = "joint"
) -> torch.Tensor:
    """Per-sample l_i(x, y) of Eq. (1); x, y: (B, D) unit vectors. Returns (B,)."""
    if x.shape != y.shape or x.dim() != 2:
        raise ValueError(f"expected two (B, D) tensors of one shape, got {tuple(x.shape)} and {tuple(y.shape)}")
    if denominator not in DENOMINATORS:
        raise ValueError(f"denominator must be one of {DENOMINATORS}, got {denominator!r}")
    s = (x @ y.t()) / tau  # s[i, j] = z_x^i . z_y^j / tau
    if denominator == "one-way":
        return torch.logsumexp(s, dim=1) - s.diagonal()
    b = s.shape[0]
    eye = torch.eye(b, dtype=torch.bool, device=s.device)
    # Row i of s: pairs (x^i, y^j) for all j. Column i: pairs (x^j, y^i); drop j == i (already counted).
    col = s.t().masked_fill(eye, float("-inf"))
    denom = torch.logsumexp(torch.cat([s, col], dim=1), dim=1)
    return denom - s.diagonal()


@dataclass(frozen=True)
class LossParts:
    total: torch.Tensor
    cross: torch.Tensor
    video: torch.Tensor
    audio: torch.Tensor


def av_contrastive_loss(
    v_p: torch.Tensor,
    v_s: torch.Tensor,
    a_p: torch.Tensor,
    a_s: torch.Tensor,
    tau: torch.Tensor | float,
    within_modal_weight: float = 0.0,
    reduction: Literal["sum", "mean"] = "sum",
    denominator: Denominator = "joint",
) -> LossParts:
    """Eq. (2) + lambda * Eq. (3) on L2-normalised embeddings of the two views."""
    if not 0.0 <= within_modal_weight <= MAX_LAMBDA:
        raise ValueError(f"within_modal_weight (lambda) must lie in [0, {MAX_LAMBDA}], got {within_modal_weight}")
    if reduction not in ("sum", "mean"):
        raise ValueError(f"reduction must be 'sum' or 'mean', got {reduction!r}")
    # Similarities in float32 even under autocast: exp(s / tau) overflows easily in half precision.
    v_p, v_s, a_p, a_s = (t.float() for t in (v_p, v_s, a_p, a_s))
    red = torch.sum if reduction == "sum" else torch.mean

    def term(x: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
        return red(nt_xent_terms(x, y, tau, denominator))

    cross = 0.5 * (term(v_p, a_s) + term(v_s, a_p))
    if within_modal_weight > 0:
        lv, la = term(v_p, v_s), term(a_p, a_s)
    else:
        lv = la = torch.zeros((), device=cross.device)
    return LossParts(total=cross + within_modal_weight * (lv + la), cross=cross, video=lv, audio=la)
