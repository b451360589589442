"""Thread pools of the processes that run stages: one BLAS thread, OpenMP within the worker's share of the cores."""

from __future__ import annotations

import multiprocessing as mp
import os
from concurrent.futures import ProcessPoolExecutor

from dubgen.executors import local


def _blas_threads() -> list[int]:
    from threadpoolctl import threadpool_info

    return [i["num_threads"] for i in threadpool_info() if i["user_api"] == "blas"]


def test_a_pool_worker_limits_blas_to_its_share_of_the_cores():
    ctx = mp.get_context("spawn")
    events = ctx.Queue()
    with ProcessPoolExecutor(1, mp_context=ctx, initializer=local._init_worker,
                             initargs=("cpu", 1, events, os.getpid())) as pool:
        threads = pool.submit(_blas_threads).result(timeout=120)
    events.close()
    assert threads and set(threads) == {1}


def _blas_threads_before_and_after_resources() -> tuple[list[int], list[int]]:
    from dubgen.resources import Resources

    before = _blas_threads()
    Resources()
    return before, _blas_threads()


def test_any_process_running_stages_computes_with_one_blas_thread():
    """In-process runs too (OpenBLAS's sums depend on its thread count, so a batch would differ
    with the number of workers): building Resources limits numpy's BLAS to one thread."""
    with ProcessPoolExecutor(1, mp_context=mp.get_context("spawn")) as pool:
        before, after = pool.submit(_blas_threads_before_and_after_resources).result(timeout=120)
    assert after and set(after) == {1}
    assert (os.cpu_count() or 1) == 1 or max(before) > 1  # the limit is Resources' doing
