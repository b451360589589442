"""``--format hf``: a Hugging Face ``datasets`` folder (``save_to_disk``), one row per pair.

Columns: ``pair_id``, ``clip_id``, ``recipe``, ``language``, ``source_language``, ``dub_audio``
and ``original_audio`` (``Audio`` features holding the files' bytes: the folder is
self-contained), ``original_video`` (absolute path), ``duration``, ``source_text`` and ``text``
(the phrases joined), ``segments`` (per phrase: speaker, source and dub text and times),
``qc_pass`` (None = never checked), ``qc_reasons``, ``qc_metrics`` (the numeric QC figures; the
union of the pairs' keys, None where a pair lacks one) and ``qc`` (the full QC record as JSON).
Read back with ``datasets.load_from_disk(PATH)``.
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Any, Iterator

from .base import EXPORTERS, ExportPair, Exporter, atomic_dir, need, qc_fields

SEGMENT_FIELDS = {"id": "int32", "speaker": "string", "source_text": "string", "text": "string",
                  "source_start": "float64", "source_end": "float64", "dub_start": "float64", "dub_end": "float64"}


def features(ds: Any, metric_keys: list[str]) -> Any:
    f = {
        "pair_id": ds.Value("string"), "clip_id": ds.Value("string"), "recipe": ds.Value("string"),
        "language": ds.Value("string"), "source_language": ds.Value("string"),
        "dub_audio": ds.Audio(), "original_audio": ds.Audio(), "original_video": ds.Value("string"),
        "duration": ds.Value("float64"), "source_text": ds.Value("string"), "text": ds.Value("string"),
        "segments": ds.List({k: ds.Value(v) for k, v in SEGMENT_FIELDS.items()}),
        "qc_pass": ds.Value("bool"), "qc_reasons": ds.List(ds.Value("string")), "qc": ds.Value("string"),
    }
    if metric_keys:
        f["qc_metrics"] = {k: ds.Value("float64") for k in metric_keys}
    return ds.Features(f)


def rows(pairs: list[ExportPair], metric_keys: tuple[str, ...]) -> Iterator[dict[str, Any]]:
    for p in pairs:
        rec = p.record
        source_text, text = p.texts()
        qc = qc_fields(rec)
        row = {
            "pair_id": p.key, "clip_id": rec.clip_id, "recipe": rec.recipe, "language": rec.language,
            "source_language": rec.source_language,
            "dub_audio": {"bytes": p.file("dubbed_audio").read_bytes(), "path": p.file("dubbed_audio").name},
            "original_audio": {"bytes": p.file("source_audio").read_bytes(), "path": p.file("source_audio").name},
            "original_video": str(p.path("original_video")), "duration": rec.duration,
            "source_text": source_text, "text": text,
            "segments": [{k: getattr(s, k) for k in SEGMENT_FIELDS} for s in rec.segments],
            "qc_pass": qc["qc_pass"], "qc_reasons": qc["qc_reasons"],
            "qc": json.dumps(rec.qc, sort_keys=True) if rec.qc is not None else None,
        }
        if metric_keys:
            row["qc_metrics"] = {k: qc["qc_metrics"].get(k) for k in metric_keys}
        yield row


@EXPORTERS.register("hf")
class HFExporter(Exporter):
    name = "hf"
    library = "datasets"

    def write(self, pairs: list[ExportPair], output: Path) -> None:
        ds = need(self.library, self.name)
        keys = sorted({k for p in pairs for k in qc_fields(p.record)["qc_metrics"]})
        meta = {"format": self.name, "pairs": len(pairs)}
        with atomic_dir(output, meta) as tmp:
            # the builder's cache goes beside the output and is removed with it, not to ~/.cache
            with tempfile.TemporaryDirectory(dir=tmp.parent, prefix=f".{Path(output).name}.", suffix=".cache") as cache:
                data = ds.Dataset.from_generator(
                    rows, features=features(ds, keys), cache_dir=cache, gen_kwargs={"pairs": pairs, "metric_keys": tuple(keys)}
                )
                data.save_to_disk(str(tmp))
