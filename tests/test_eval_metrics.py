import numpy as np
import pytest
import torch

from dubgen.eval.probe import average_precision, linear_probe
from dubgen.eval.retrieval import pair_cosines, ranks, retrieval


def _unit(x):
    return x / np.linalg.norm(x, axis=1, keepdims=True)


def test_perfect_and_known_rankings():
    z = np.eye(12, dtype=np.float32)
    r = retrieval(z, z)
    assert (r.r1, r.r5, r.r10, r.median_rank) == (1.0, 1.0, 1.0, 1.0)
    assert r.chance_r1 == pytest.approx(1 / 12)
    # gallery shifted by one: every true match is ranked second
    g = np.roll(z, 1, axis=0)
    q = _unit(0.5 * z + g)  # closest to the wrong item, second to its own
    assert list(ranks(q, z)) == [2] * 12
    rr = retrieval(q, z)
    assert rr.r1 == 0.0 and rr.r5 == 1.0 and rr.median_rank == 2.0


def test_ranks_and_recall_against_a_hand_computed_case():
    # With the identity as queries, similarity[i, j] = gallery[j, i]: each row below is written so
    # that its own item (the diagonal, 0.5) has exactly rank - 1 items scoring at least as high.
    want = [1, 1, 2, 5, 6, 10, 11, 12, 3, 7, 1, 4]
    n = len(want)
    sim = np.full((n, n), 0.1)
    np.fill_diagonal(sim, 0.5)
    for i, k in enumerate(want):
        others = [j for j in range(n) if j != i][: k - 1]
        sim[i, others] = 0.9
    sim[2, 0] = 0.5  # row 2 (rank 2): its one rival (item 0) ties with it, and ties count against
    q, g = np.eye(n), sim.T.copy()
    assert list(ranks(q, g)) == want
    r = retrieval(q, g)
    # by hand: rank 1 for 3 of 12; <= 5 for 1,1,2,5,3,1,4 (7); <= 10 adds 6,10,7 (10);
    # sorted ranks 1 1 1 2 3 4 5 6 7 10 11 12 -> median (4 + 5) / 2; sum 63 -> mean 5.25
    assert (r.r1, r.r5, r.r10) == (3 / 12, 7 / 12, 10 / 12)
    assert (r.median_rank, r.mean_rank, r.n) == (4.5, 5.25, 12)
    assert (r.chance_r1, r.chance_r10) == (1 / 12, 10 / 12)


def test_random_embeddings_are_near_chance():
    rng = np.random.default_rng(0)
    q, g = _unit(rng.standard_normal((400, 16))), _unit(rng.standard_normal((400, 16)))
    r = retrieval(q, g)
    assert r.r10 < 0.06 and 150 < r.median_rank < 250


def test_pair_cosines_gap():
    rng = np.random.default_rng(1)
    a = _unit(rng.standard_normal((50, 8)))
    b = _unit(a + 0.1 * rng.standard_normal((50, 8)))
    c = pair_cosines(a, b)
    assert c["matched_mean"] > 0.9 and abs(c["random_mean"]) < 0.2 and c["gap"] > 0.7


def test_average_precision_by_hand():
    # ranking: pos, neg, pos -> AP = (1/1 + 2/3) / 2
    assert average_precision(np.array([0.9, 0.5, 0.2]), np.array([1, 0, 1])) == pytest.approx((1 + 2 / 3) / 2)
    assert np.isnan(average_precision(np.array([0.1, 0.2]), np.array([0, 0])))


def test_linear_probe_separates_gaussian_classes():
    rng = np.random.default_rng(2)
    n, k = 120, 3
    y = np.arange(n) % k
    centres = rng.standard_normal((k, 10)) * 3
    x = (centres[y] + rng.standard_normal((n, 10))).astype(np.float32)
    noise = rng.standard_normal((n, 10)).astype(np.float32)
    ids = [f"c{i}" for i in range(n)]
    res = linear_probe({"good": x, "noise": noise}, ids, y, False, k)
    assert res["good_top1"] > 0.9 and res["noise_top1"] < 0.6
    ym = np.stack([(y == c) for c in range(k)], 1).astype(np.float32)
    resm = linear_probe({"good": x}, ids, ym, True, k)
    assert resm["good_mAP"] > 0.9
