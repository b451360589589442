"""The local executor's worker processes: one BLAS thread budget per worker, not one per core."""

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
