"""Speaker embeddings of several backends fused at score level, shared clustering.

Each member's L2-normalised embedding is scaled by the square root of its weight and the
scaled embeddings are concatenated, so the cosine of two fused embeddings is the weighted mean
of the members' cosines (weights sum to 1). Two networks trained on different data err on
different pairs: on the bench's phrases (bench/speakers.py) CAM++ alone split a telephone
caller in the pipeline's separated speech and resemblyzer alone merged two callers; fused
2 : 1 every count was exact.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from pydantic import Field, field_validator

from ..runtime import Runtime
from .base import Check
from .speakers import SPEAKERS, ClusterOptions, ClusteringDiarizer

#: Calibrated on the fused scale, campplus 0.67 + resemblyzer 0.33 (bench/speakers.py on the
#: extract audio and on the pipeline's separated speech, 25 clips and concatenations): every
#: count exact for thresholds 0.62-0.70 with small speakers joining at 0.30-0.45.
THRESHOLD = 0.66
MERGE_SIMILARITY = 0.4
MEMBERS = {"campplus": 0.67, "resemblyzer": 0.33}


@SPEAKERS.register("fused")
class FusedSpeakers(ClusteringDiarizer):
    """Weighted score-level fusion of other embedding backends (each at its default options)."""

    backend = "fused"
    DEVICES = ("cpu", "cuda")

    class Options(ClusterOptions):
        members: dict[str, float] = Field(default_factory=lambda: dict(MEMBERS), min_length=1, description=(
            "embedding backend -> weight of its cosine in the fused similarity (weights are normalised)"))
        threshold: float = Field(THRESHOLD, gt=0.0, lt=1.0, description="cosine similarity to merge speakers (fused scale)")
        merge_similarity: float = Field(MERGE_SIMILARITY, gt=-1.0, lt=1.0, description=(
            "similarity at which a small cluster joins its nearest established one (fused scale)"))

        @field_validator("members")
        @classmethod
        def _members(cls, v: dict[str, float]) -> dict[str, float]:
            embedders = [n for n in SPEAKERS.names() if n not in ("fused", "pyannote")]
            unknown = [k for k in v if k not in embedders]
            if unknown:
                raise ValueError(f"unknown member {unknown[0]!r}; embedding backends: {', '.join(embedders)}")
            if any(w <= 0 for w in v.values()):
                raise ValueError(f"member weights must be > 0, got {v}")
            return v

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        o = self.options
        total = sum(o.members.values())
        self.weights = {k: w / total for k, w in o.members.items()}
        self.members = {k: SPEAKERS.build(k) for k in self.weights}  # unavailable members raise here

    def configure(self, runtime: Runtime) -> None:
        super().configure(runtime)
        for m in self.members.values():
            m.configure(runtime)

    def version(self) -> str:
        parts = ";".join(f"{k}@{w:.3f}:{m.version()}" for (k, w), m in zip(self.weights.items(), self.members.values()))
        return f"fused-1;{parts}"

    @classmethod
    def check(cls) -> Check:
        for name in MEMBERS:
            c = SPEAKERS.get(name).check()
            if not c.ok:
                return Check(cls.stage, cls.backend, False, f"member {name}: {c.detail}", c.fix)
        return Check(cls.stage, cls.backend, True, " + ".join(f"{k} {w:g}" for k, w in MEMBERS.items()))

    def embed(self, audio: np.ndarray, sr: int) -> np.ndarray:
        """Unit-norm concatenation of the members' embeddings, each scaled by sqrt(weight).

        Raises:
            NoSpeechError: a member cannot embed the signal.
        """
        return np.concatenate([np.sqrt(w) * np.asarray(m.embed(audio, sr), dtype=np.float32)
                               for w, m in zip(self.weights.values(), self.members.values())])
