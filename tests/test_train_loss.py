import math

import pytest
import torch
import torch.nn.functional as F

from dubgen.train.loss import av_contrastive_loss, nt_xent_terms


def slow_l(x, y, i, tau):
    """Eq. (1) written out: N_i = {(x_i, y_j)}_j  U  {(x_j, y_i)}_{j != i}."""
    b = x.shape[0]
    pairs = [(x[i], y[j]) for j in range(b)] + [(x[j], y[i]) for j in range(b) if j != i]
    denom = sum(math.exp(float(p @ q) / tau) for p, q in pairs)
    return -math.log(math.exp(float(x[i] @ y[i]) / tau) / denom)


def slow_total(vp, vs, ap, as_, tau, lam):
    b = vp.shape[0]
    cross = 0.5 * sum(slow_l(vp, as_, i, tau) + slow_l(vs, ap, i, tau) for i in range(b))
    lv = sum(slow_l(vp, vs, i, tau) for i in range(b))
    la = sum(slow_l(ap, as_, i, tau) for i in range(b))
    return cross + lam * (lv + la)


def unit(*shape, seed=0):
    g = torch.Generator().manual_seed(seed)
    return F.normalize(torch.randn(*shape, generator=g, dtype=torch.float64), dim=-1)


@pytest.mark.parametrize("b,tau,lam", [(2, 0.1, 0.0), (5, 0.07, 0.1), (8, 0.5, 0.2), (3, 1.0, 0.05)])
def test_matches_direct_slow_implementation(b, tau, lam):
    vp, vs, ap, as_ = (unit(b, 16, seed=s) for s in range(4))
    fast = av_contrastive_loss(vp, vs, ap, as_, tau, lam).total.item()
    assert fast == pytest.approx(slow_total(vp, vs, ap, as_, tau, lam), rel=1e-5)


def test_per_sample_terms_match_and_are_symmetric():
    x, y = unit(6, 8, seed=1), unit(6, 8, seed=2)
    terms = nt_xent_terms(x, y, 0.2)
    assert torch.allclose(terms, torch.tensor([slow_l(x, y, i, 0.2) for i in range(6)], dtype=terms.dtype), atol=1e-5)
    assert torch.allclose(terms, nt_xent_terms(y, x, 0.2), atol=1e-6)  # l_i(x, y) == l_i(y, x)


def test_swapping_primary_and_secondary_views_leaves_loss_unchanged():
    vp, vs, ap, as_ = (unit(7, 12, seed=s) for s in range(4))
    a = av_contrastive_loss(vp, vs, ap, as_, 0.1, 0.2).total
    b = av_contrastive_loss(vs, vp, as_, ap, 0.1, 0.2).total
    assert torch.allclose(a, b)


def test_limits():
    b = 6
    same = F.normalize(torch.ones(b, 4, dtype=torch.float64), dim=-1)
    # all embeddings identical: every pair scores the same -> l_i = log |N_i| = log(2B - 1)
    parts = av_contrastive_loss(same, same, same, same, 0.1, 0.0, reduction="mean")
    assert parts.total.item() == pytest.approx(math.log(2 * b - 1))
    # perfectly separated positives, tau -> 0: the loss vanishes
    eye = torch.eye(b, dtype=torch.float64)
    assert av_contrastive_loss(eye, eye, eye, eye, 0.01, 0.2).total.item() < 1e-20
    # ... and it grows as tau grows
    assert av_contrastive_loss(eye, eye, eye, eye, 1.0, 0.0).total.item() > 1.0


def test_lambda_zero_is_cross_only_and_reduction_mean_divides_by_batch():
    vp, vs, ap, as_ = (unit(5, 8, seed=s) for s in range(4))
    p0 = av_contrastive_loss(vp, vs, ap, as_, 0.1, 0.0)
    assert p0.total.item() == pytest.approx(p0.cross.item())
    p1 = av_contrastive_loss(vp, vs, ap, as_, 0.1, 0.2)
    assert p1.total.item() == pytest.approx(p1.cross.item() + 0.2 * (p1.video.item() + p1.audio.item()))
    pm = av_contrastive_loss(vp, vs, ap, as_, 0.1, 0.2, reduction="mean")
    assert pm.total.item() == pytest.approx(p1.total.item() / 5)


@pytest.mark.parametrize("lam", [-0.01, 0.21, 1.0])
def test_lambda_outside_range_is_refused(lam):
    x = unit(3, 4)
    with pytest.raises(ValueError, match="lambda"):
        av_contrastive_loss(x, x, x, x, 0.1, lam)


def test_learnable_temperature_gets_a_gradient():
    log_tau = torch.tensor(math.log(0.1), requires_grad=True)
    vp, vs, ap, as_ = (unit(4, 8, seed=s).float() for s in range(4))
    av_contrastive_loss(vp, vs, ap, as_, log_tau.exp(), 0.1).total.backward()
    assert log_tau.grad is not None and log_tau.grad.abs() > 0
