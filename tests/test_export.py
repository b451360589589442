"""`dubgen export`: every format read back with its own library (lhotse, webdataset, datasets).

The output folder is built from the trainer's small real dataset (rendered, espeak-narrated clips
and their stand-in dubs): 3 clips x (es, ca) with segments and QC records written in."""

import io
import json
import shutil
from pathlib import Path

import numpy as np
import pytest
import soundfile as sf

from dubgen.cli import main
from dubgen.errors import DubgenError
from dubgen.export import export, pair_key
from dubgen.export.base import MARKER
from dubgen.manifest import DubSegment, read_pairs
from train_fixtures import shared_dataset

CLIPS = ("clip0000", "clip0001", "clip0002")
METRICS = {"wer": 0.25, "timing_error_ms": 101.5, "language_ok": True, "language_tag": "spa"}


def _qc(clip: str, lang: str):
    if (clip, lang) == ("clip0001", "ca"):
        return None  # never checked
    if (clip, lang) == ("clip0002", "es"):
        return {"pass": False, "reasons": ["wer 0.9 > max_wer 0.65"], "metrics": {**METRICS, "wer": 0.9}, "version": "t"}
    return {"pass": True, "reasons": [], "metrics": METRICS, "version": "t"}


@pytest.fixture(scope="module")
def out(tmp_path_factory):
    """A dub output folder: OUT/pairs.jsonl, videos, <clip>/source.wav, dubs; paths relative to OUT."""
    from dubgen.io import write_wav
    from dubgen.train.media import decode_audio

    data = shared_dataset()
    root = tmp_path_factory.mktemp("export") / "out"
    scenes = {json.loads(x)["clip_id"]: json.loads(x) for x in (data / "scenes.jsonl").read_text().splitlines()}
    lines = []
    for rec in read_pairs(data / "pairs.jsonl"):
        if rec.clip_id not in CLIPS:
            continue
        for rel in (rec.original_video, rec.dubbed_audio):
            (root / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(data / rel, root / rel)
        source = f"{rec.clip_id}/source.wav"
        if not (root / source).exists():
            write_wav(root / source, decode_audio(data / rec.original_video, 16000), 16000, subtype="PCM_16")
        src_text = scenes[rec.clip_id]["text"]
        text = rec.recipe.split("text: ", 1)[1]
        seg = DubSegment(id=0, speaker="S0", source_text=src_text, text=text, source_start=0.1, source_end=1.6,
                         slot_start=0.1, slot_end=1.7, dub_start=0.15, dub_end=1.65, tts_rate=160.0, stretch=1.0)
        lines.append(rec.model_copy(update={"source_audio": source, "segments": (seg,), "recipe": rec.language,
                                            "qc": _qc(rec.clip_id, rec.language)}).model_dump_json())
    (root / "pairs.jsonl").write_text("\n".join(lines) + "\n")
    return root


def _records(out):
    return {(r.clip_id, r.recipe): r for r in read_pairs(out / "pairs.jsonl")}


def test_pair_keys_are_safe_and_distinct():
    assert pair_key("clip0000", "es") == "clip0000__es"
    a, b = pair_key("a b", "x.y"), pair_key("a-b", "x-y")
    assert a != b and "." not in a and " " not in a


def test_lhotse_cuts_load_audio_with_supervisions_and_qc(out, tmp_path):
    from lhotse import CutSet

    dest = tmp_path / "lhotse" / "cuts.jsonl.gz"
    sel = export(out, "lhotse", dest)
    assert len(sel.pairs) == 6
    cuts = {c.id: c for c in CutSet.from_file(dest)}
    assert len(cuts) == 12  # a dub cut and an original cut per pair
    recs = _records(out)
    dub = cuts["clip0000__es-dub"]
    orig = cuts[dub.custom["partner"]]
    assert dub.custom["clip_id"] == orig.custom["clip_id"] == "clip0000"
    assert dub.custom["recipe"] == orig.custom["recipe"] == "es" and orig.custom["partner"] == dub.id
    assert (dub.custom["role"], orig.custom["role"]) == ("dub", "original")
    ref, sr = sf.read(out / recs[("clip0000", "es")].dubbed_audio, dtype="float32")
    audio = dub.load_audio()
    assert dub.sampling_rate == sr and audio.shape == (1, len(ref)) and np.allclose(audio[0], ref, atol=1e-6)
    src, _ = sf.read(out / "clip0000" / "source.wav", dtype="float32")
    assert np.allclose(orig.load_audio()[0], src, atol=1e-6)
    (sup,) = dub.supervisions
    seg = recs[("clip0000", "es")].segments[0]
    assert (sup.text, sup.language, sup.speaker) == (seg.text, "es", "S0")
    assert sup.start == pytest.approx(seg.dub_start) and sup.end == pytest.approx(seg.dub_end)
    (osup,) = orig.supervisions
    assert (osup.text, osup.language) == (seg.source_text, "en") and osup.start == pytest.approx(seg.source_start)
    assert dub.custom["qc_pass"] is True and dub.custom["qc_metrics"] == {"wer": 0.25, "timing_error_ms": 101.5,
                                                                         "language_ok": 1.0}
    assert cuts["clip0002__es-dub"].custom["qc_pass"] is False
    assert cuts["clip0001__ca-dub"].custom["qc_pass"] is None
    # same pairs, same bytes (gzip header without a time stamp)
    again = tmp_path / "again.jsonl.gz"
    export(out, "lhotse", again)
    assert again.read_bytes() == dest.read_bytes()
    assert sorted(p.name for p in dest.parent.iterdir()) == ["cuts.jsonl.gz"]  # no temporary files left
    plain = tmp_path / "plain.jsonl"
    export(out, "lhotse", plain)
    assert len(CutSet.from_file(plain)) == 12 and plain.read_text().count("\n") == 12
    with pytest.raises(DubgenError, match=r"\.jsonl or \.jsonl\.gz"):
        export(out, "lhotse", tmp_path / "cuts.txt")


def test_webdataset_shards_read_back(out, tmp_path):
    import webdataset as wds

    dest = tmp_path / "wds"
    assert main(["export", str(out), "--format", "webdataset", "--output", str(dest), "--shard-size", "4"]) == 0
    meta = json.loads((dest / MARKER).read_text())
    assert meta["shards"] == ["pairs-000000.tar", "pairs-000001.tar"] and meta["pattern"] == "pairs-{000000..000001}.tar"
    samples = list(wds.WebDataset(str(dest / meta["pattern"]), shardshuffle=False))
    assert len(samples) == 6
    recs = _records(out)
    for s in samples:
        info = json.loads(s["json"])
        rec = recs[(info["clip_id"], info["recipe"])]
        assert s["__key__"] == info["pair_id"] == pair_key(rec.clip_id, rec.recipe)
        assert s["dub.wav"] == (out / rec.dubbed_audio).read_bytes()
        assert s["orig.wav"] == (out / rec.source_audio).read_bytes()
        assert s["video.mp4"] == (out / rec.original_video).read_bytes()
        assert info["members"] == {"dub": "dub.wav", "orig": "orig.wav", "video": "video.mp4"}
        assert info["segments"][0]["text"] == rec.segments[0].text and info["qc_pass"] == (rec.qc or {}).get("pass")
        audio, sr = sf.read(io.BytesIO(s["dub.wav"]))
        assert sr == 16000 and len(audio) == 32000
    # the video by reference: a path in the record, no video member; same pairs -> same bytes
    ref = tmp_path / "ref"
    export(out, "webdataset", ref, shard_size=4, video="reference")
    first = next(iter(wds.WebDataset(str(ref / "pairs-000000.tar"), shardshuffle=False)))
    assert "video.mp4" not in first and Path(json.loads(first["json"])["original_video"]).is_file()
    again = tmp_path / "again"
    export(out, "webdataset", again, shard_size=4)
    assert all((again / n).read_bytes() == (dest / n).read_bytes() for n in meta["shards"])


def test_hf_dataset_reads_back_and_decodes_audio(out, tmp_path):
    import datasets

    dest = tmp_path / "hf"
    export(out, "hf", dest)
    d = datasets.load_from_disk(str(dest))
    assert len(d) == 6 and isinstance(d.features["dub_audio"], datasets.Audio)
    rows = {(r["clip_id"], r["recipe"]): r for r in d.select_columns(
        ["clip_id", "recipe", "language", "text", "source_text", "qc_pass", "qc_metrics", "qc_reasons", "segments"])}
    recs = _records(out)
    r = rows[("clip0002", "es")]
    assert r["language"] == "es" and r["text"] == recs[("clip0002", "es")].segments[0].text
    assert r["source_text"] == recs[("clip0002", "es")].segments[0].source_text
    assert r["qc_pass"] is False and r["qc_reasons"] == ["wer 0.9 > max_wer 0.65"] and r["qc_metrics"]["wer"] == 0.9
    assert rows[("clip0001", "ca")]["qc_pass"] is None and rows[("clip0001", "ca")]["qc_metrics"]["wer"] is None
    assert r["segments"][0]["dub_start"] == pytest.approx(0.15)
    i = d["pair_id"].index("clip0000__es")
    decoded = d[i]["dub_audio"].get_all_samples()
    ref, sr = sf.read(out / recs[("clip0000", "es")].dubbed_audio, dtype="float32")
    assert decoded.sample_rate == sr and np.allclose(decoded.data.numpy()[0], ref, atol=1e-4)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["hf"]  # the builder's cache went with the temporary folder
    export(out, "hf", tmp_path / "again")  # same pairs, same bytes
    assert all((tmp_path / "again" / f.name).read_bytes() == f.read_bytes() for f in dest.iterdir())


def test_strict_leaves_out_failed_and_unchecked_pairs(out, tmp_path, capsys):
    dest = tmp_path / "strict.jsonl"
    assert main(["export", str(out), "--output", str(dest), "--strict"]) == 0
    lines = [json.loads(x) for x in dest.read_text().splitlines()]
    assert len(lines) == 4 and ("clip0002", "es") not in {(x["clip_id"], x["recipe"]) for x in lines}
    assert "left out: 1 failed qc, 1 no qc" in capsys.readouterr().err
    # paths relative to the exported file
    assert all((dest.parent / x["dubbed_audio"]).resolve() == (out / x["dubbed_audio"].split("out/", 1)[-1]).resolve()
               for x in lines)


def test_outputs_are_refused_where_they_would_replace_something_else(out, tmp_path, capsys):
    keep = tmp_path / "mine"
    keep.mkdir()
    (keep / "notes.txt").write_text("keep me")
    with pytest.raises(DubgenError, match="not a dubgen export"):
        export(out, "webdataset", keep)
    assert (keep / "notes.txt").read_text() == "keep me"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mine"]  # no temporary folder left behind
    # an earlier export is replaced whole
    dest = tmp_path / "wds"
    export(out, "webdataset", dest, shard_size=2)
    export(out, "webdataset", dest, shard_size=6)
    assert sorted(p.name for p in dest.iterdir()) == [MARKER, "pairs-000000.tar"]
    assert main(["export", str(out), "--format", "hf", "--output", str(tmp_path / "x"), "--shard-size", "3"]) == 2
    assert "shard_size" in capsys.readouterr().err


def test_doctor_shows_each_format_and_its_library():
    from dubgen.doctor import run_checks

    lines = {c.backend: c for c in run_checks() if c.stage == "export"}
    assert set(lines) == {"jsonl", "lhotse", "webdataset", "hf"} and all(c.ok for c in lines.values())
    assert lines["hf"].detail.startswith("datasets ") and lines["lhotse"].detail.startswith("lhotse ")


def test_an_export_without_pairs_is_refused_except_an_empty_manifest(tmp_path):
    empty = tmp_path / "out"
    empty.mkdir()
    (empty / "pairs.jsonl").write_text("")
    for fmt in ("lhotse", "webdataset", "hf"):
        with pytest.raises(DubgenError, match="no pairs to export"):
            export(empty, fmt, tmp_path / f"x.{fmt}.jsonl")
    export(empty, "jsonl", tmp_path / "train.jsonl")
    assert (tmp_path / "train.jsonl").read_text() == ""
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out", "train.jsonl"]


def test_exported_folders_follow_the_umask(out, tmp_path):
    import os
    import stat

    old = os.umask(0o022)
    try:
        export(out, "webdataset", tmp_path / "wds", shard_size=6)
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "wds").stat().st_mode) == 0o755
