"""The loss against loops written from Eq. (1)-(3) (per anchor, per term), for both denominators."""

import math

import pytest
import torch
import torch.nn.functional as F

from dubgen.train.loss import av_contrastive_loss, nt_xent_terms


def dot(p, q):
    return sum(float(a) * float(b) for a, b in zip(p, q))


def ref_l(x, y, i, tau, denominator):
    """l_i(x, y) = -log( exp(x_i.y_i / tau) / sum over N_i of exp(x'.y' / tau) ), N_i listed term by term.

    joint:   N_i = {(x_i, y_j) : j = 1..B} U {(x_j, y_i) : j != i}   (2B - 1 terms)
    one-way: N_i = {(x_i, y_j) : j = 1..B}                          (B terms)
    """
    b = len(x)
    terms = []
    for j in range(b):
        terms.append(math.exp(dot(x[i], y[j]) / tau))
    if denominator == "joint":
        for j in range(b):
            if j != i:
                terms.append(math.exp(dot(x[j], y[i]) / tau))
    assert len(terms) == (2 * b - 1 if denominator == "joint" else b)
    positive = math.exp(dot(x[i], y[i]) / tau)
    return -math.log(positive / sum(terms))


def ref_total(vp, vs, ap, as_, tau, lam, denominator):
    """1/2 sum_i [l_i(v_p, a_s) + l_i(v_s, a_p)] + lambda * (sum_i l_i(v_p, v_s) + sum_i l_i(a_p, a_s))."""
    cross = 0.0
    lv = 0.0
    la = 0.0
    for i in range(len(vp)):
        cross += 0.5 * (ref_l(vp, as_, i, tau, denominator) + ref_l(vs, ap, i, tau, denominator))
        lv += ref_l(vp, vs, i, tau, denominator)
        la += ref_l(ap, as_, i, tau, denominator)
    return cross + lam * (lv + la), cross, lv, la


def unit(*shape, seed=0):
    g = torch.Generator().manual_seed(seed)
    return F.normalize(torch.randn(*shape, generator=g, dtype=torch.float64), dim=-1)


@pytest.mark.parametrize("denominator", ["joint", "one-way"])
@pytest.mark.parametrize("b,tau,lam", [(2, 0.1, 0.0), (5, 0.07, 0.1), (8, 0.5, 0.2), (3, 1.0, 0.05)])
def test_matches_loops_written_from_the_equations(b, tau, lam, denominator):
    vp, vs, ap, as_ = (unit(b, 16, seed=s) for s in range(4))
    parts = av_contrastive_loss(vp, vs, ap, as_, tau, lam, denominator=denominator)
    total, cross, lv, la = ref_total(vp.tolist(), vs.tolist(), ap.tolist(), as_.tolist(), tau, lam, denominator)
    # the loss computes similarities in float32 (safe under autocast): float32 precision
    assert parts.total.item() == pytest.approx(total, rel=1e-6)
    assert parts.cross.item() == pytest.approx(cross, rel=1e-6)
    if lam > 0:
        assert parts.video.item() == pytest.approx(lv, rel=1e-6)
        assert parts.audio.item() == pytest.approx(la, rel=1e-6)
    mean = av_contrastive_loss(vp, vs, ap, as_, tau, lam, reduction="mean", denominator=denominator).total.item()
    assert mean == pytest.approx(total / b, rel=1e-6)


@pytest.mark.parametrize("denominator", ["joint", "one-way"])
def test_per_sample_terms(denominator):
    x, y = unit(6, 8, seed=1), unit(6, 8, seed=2)
    terms = nt_xent_terms(x, y, 0.2, denominator)
    ref = [ref_l(x.tolist(), y.tolist(), i, 0.2, denominator) for i in range(6)]
    assert terms.tolist() == pytest.approx(ref, rel=1e-9)
    swapped = nt_xent_terms(y, x, 0.2, denominator)
    if denominator == "joint":  # l_i(x, y) == l_i(y, x): the joint set holds both roles
        assert torch.allclose(terms, swapped, atol=1e-12)
    else:  # the anchor side matters
        assert not torch.allclose(terms, swapped, atol=1e-3)


def test_denominators_differ_and_joint_is_larger():
    """Same positives, the joint set adds B - 1 positive terms to each denominator."""
    vp, vs, ap, as_ = (unit(5, 8, seed=s) for s in range(4))
    joint = av_contrastive_loss(vp, vs, ap, as_, 0.1, 0.1, denominator="joint").total.item()
    one = av_contrastive_loss(vp, vs, ap, as_, 0.1, 0.1, denominator="one-way").total.item()
    assert joint > one


def test_limits():
    b = 6
    same = F.normalize(torch.ones(b, 4, dtype=torch.float64), dim=-1)
    # all embeddings identical: every pair scores the same -> l_i = log |N_i|
    parts = av_contrastive_loss(same, same, same, same, 0.1, 0.0, reduction="mean")
    assert parts.total.item() == pytest.approx(math.log(2 * b - 1))
    parts = av_contrastive_loss(same, same, same, same, 0.1, 0.0, reduction="mean", denominator="one-way")
    assert parts.total.item() == pytest.approx(math.log(b))
    # perfectly separated positives, tau -> 0: the loss vanishes
    eye = torch.eye(b, dtype=torch.float64)
    assert av_contrastive_loss(eye, eye, eye, eye, 0.01, 0.2).total.item() < 1e-20
    # ... and it grows as tau grows
    assert av_contrastive_loss(eye, eye, eye, eye, 1.0, 0.0).total.item() > 1.0


@pytest.mark.parametrize("lam", [-0.01, 0.21, 1.0])
def test_lambda_outside_range_is_refused(lam):
    x = unit(3, 4)
    with pytest.raises(ValueError, match="lambda"):
        av_contrastive_loss(x, x, x, x, 0.1, lam)


def test_unknown_denominator_is_refused():
    x = unit(3, 4)
    with pytest.raises(ValueError, match="denominator"):
        av_contrastive_loss(x, x, x, x, 0.1, 0.0, denominator="both")


def test_config_selects_the_denominator_and_defaults_to_joint():
    from dubgen.train.config import load_config

    assert load_config(None).loss.denominator == "joint"
    assert load_config(None, ["loss.denominator=one-way"]).loss.denominator == "one-way"


def test_learnable_temperature_gets_a_gradient():
    log_tau = torch.tensor(math.log(0.1), requires_grad=True)
    vp, vs, ap, as_ = (unit(4, 8, seed=s).float() for s in range(4))
    av_contrastive_loss(vp, vs, ap, as_, log_tau.exp(), 0.1).total.backward()
    assert log_tau.grad is not None and log_tau.grad.abs() > 0
