"""The align stage: CTC forced alignment with a tiny wav2vec2 the test builds, PocketSphinx on
the real JFK clip, and a recipe that aligns with PocketSphinx through ``dubgen dub``.

Random CTC weights place words arbitrarily: those tests check the plumbing (every word placed or
reported, monotonic, inside its phrase window, character times inside word times, clear errors).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pytest
import yaml

from dubgen.config import parse_recipe, stage_block
from dubgen.errors import BackendUnavailable
from dubgen.manifest import SourceSegment, Word
from dubgen.stages.align import ALIGN, align_transcript

from conftest import GRID, JFK

SPLIT = (0.3, 10.0, 0.6, 0.0)
# Whisper base's word times for JFK (faster-whisper, beam 5), as three phrases; "1961" has no letters.
JFK_PHRASES = [
    [("And", 0.0, 0.52), ("so", 0.52, 0.84), ("my", 0.84, 1.2), ("fellow", 1.2, 1.58), ("Americans,", 1.58, 2.1)],
    [("ask", 3.06, 3.72), ("not", 3.72, 4.22), ("what", 4.22, 5.24), ("your", 5.53, 5.75), ("country", 5.75, 6.23),
     ("can", 6.23, 6.61), ("do", 6.61, 6.83), ("for", 6.83, 7.07), ("you,", 7.07, 7.37)],
    [("ask", 7.81, 8.49), ("what", 8.49, 8.75), ("you", 8.75, 9.05), ("can", 9.05, 9.33), ("do", 9.33, 9.55),
     ("for", 9.55, 9.77), ("your", 9.77, 9.95), ("country", 9.95, 10.2), ("1961.", 10.2, 10.37)],
]


@pytest.fixture(scope="module")
def jfk16k() -> np.ndarray:
    from dubgen.media import decode_audio

    return decode_audio(JFK, 16000, 1).reshape(-1)


def _segments(phrases) -> list[SourceSegment]:
    return [SourceSegment(id=i, start=ph[0][1], end=ph[-1][2], text=" ".join(w for w, _, _ in ph),
                          words=tuple(Word(text=w, start=a, end=b, probability=0.9) for w, a, b in ph))
            for i, ph in enumerate(phrases)]


def _tiny_wav2vec2(folder: Path, vocab_size_override: int | None = None) -> Path:
    """A 1-layer Wav2Vec2ForCTC with random weights and its processor, saved in transformers' format."""
    torch = pytest.importorskip("torch")
    transformers = pytest.importorskip("transformers")
    folder.mkdir(parents=True, exist_ok=True)
    letters = list("abcdefghijklmnopqrstuvwxyz'")
    vocab = {"<pad>": 0, "<s>": 1, "</s>": 2, "<unk>": 3, "|": 4, **{c: 5 + i for i, c in enumerate(letters)}}
    (folder / "vocab.json").write_text(json.dumps(vocab), encoding="utf-8")
    tok = transformers.Wav2Vec2CTCTokenizer(str(folder / "vocab.json"), word_delimiter_token="|")
    fe = transformers.Wav2Vec2FeatureExtractor(feature_size=1, sampling_rate=16000, padding_value=0.0,
                                               do_normalize=True, return_attention_mask=False)
    transformers.Wav2Vec2Processor(feature_extractor=fe, tokenizer=tok).save_pretrained(str(folder))
    cfg = transformers.Wav2Vec2Config(
        vocab_size=vocab_size_override or len(vocab), hidden_size=16, num_hidden_layers=1, num_attention_heads=2,
        intermediate_size=32, conv_dim=(16, 16, 16), conv_kernel=(10, 8, 8), conv_stride=(5, 8, 8),
        num_conv_pos_embeddings=16, num_conv_pos_embedding_groups=2, pad_token_id=0,
    )
    torch.manual_seed(0)
    transformers.Wav2Vec2ForCTC(cfg).save_pretrained(str(folder))
    return folder


@pytest.fixture(scope="module")
def tiny_ctc(tmp_path_factory) -> Path:
    return _tiny_wav2vec2(tmp_path_factory.mktemp("w2v2") / "tiny")


def _words(segments):
    return [w for s in segments for w in s.words]


def test_ctc_places_every_word_inside_its_window(tiny_ctc, jfk16k):
    aligner = ALIGN.build("ctc", **stage_block("align", {"backend": "ctc", "model": str(tiny_ctc)}).kwargs())
    src = _segments(JFK_PHRASES)
    al = align_transcript(aligner, jfk16k, "en", src, SPLIT)

    words = _words(al.segments)
    assert [w.text for w in words] == [w.text for w in _words(src)], "no word lost, none added, order kept"
    assert all(a.end <= b.start + 1e-6 for a, b in zip(words, words[1:])), "monotonic, no overlap"
    # every word lies in its phrase's window (phrase ± pad_s, never past a neighbour)
    k = 0
    for i, seg in enumerate(src):
        lo = max(seg.start - 0.3, (src[i - 1].end + seg.start) / 2 if i else 0.0)
        hi = min(seg.end + 0.3, (seg.end + src[i + 1].start) / 2 if i + 1 < len(src) else 11.0)
        for w in words[k:k + len(seg.words)]:
            assert lo - 1e-3 <= w.start < w.end <= hi + 0.021, (w, lo, hi)
        k += len(seg.words)
    # "1961." has no character in the vocabulary: reported, with the reason, and marked
    unaligned = {u["index"]: u for u in al.unaligned}
    assert set(unaligned) == {i for i, w in enumerate(words) if not w.aligned} == {len(words) - 1}
    assert unaligned[len(words) - 1]["text"] == "1961." and "vocabulary" in unaligned[len(words) - 1]["reason"]
    assert not words[-1].chars
    for w in words[:-1]:  # aligned words carry their letters' times, inside the word
        letters = [c for c in w.text.lower() if c.isalpha() or c == "'"]
        assert [c.char for c in w.chars] == letters
        assert all(w.start - 1e-3 <= c.start < c.end <= w.end + 1e-3 for c in w.chars)
    # phrases are rebuilt from the aligned words
    assert all(s.start == s.words[0].start and s.end == s.words[-1].end for s in al.segments)
    # deterministic
    assert align_transcript(aligner, jfk16k, "en", src, SPLIT) == al


def test_ctc_aligns_accented_letters_as_their_base_letter(tiny_ctc, jfk16k):
    aligner = ALIGN.build("ctc", model=str(tiny_ctc))
    al = align_transcript(aligner, jfk16k, "es", _segments([[("¿Qué", 0.3, 0.8), ("pasó?", 0.8, 1.4)]]), SPLIT)
    words = _words(al.segments)
    assert not al.unaligned and [[c.char for c in w.chars] for w in words] == [list("qué"), list("pasó")]


def test_ctc_reports_a_window_too_short(tiny_ctc, jfk16k):
    aligner = ALIGN.build("ctc", model=str(tiny_ctc), pad_s=0.0)
    seg = _segments([[("internationalization", 1.0, 1.1), ("counterrevolutionaries", 1.1, 1.2)]])
    al = align_transcript(aligner, jfk16k, "en", seg, SPLIT)
    assert [u["index"] for u in al.unaligned] == [0, 1] and "too short" in al.unaligned[0]["reason"]
    assert [(w.start, w.end) for w in _words(al.segments)] == [(1.0, 1.1), (1.1, 1.2)], "recognizer times kept"


def test_ctc_wrong_path_and_mismatched_checkpoint(tmp_path, jfk16k):
    seg = _segments(JFK_PHRASES[:1])
    with pytest.raises(BackendUnavailable, match=r"align\.model.*does not exist"):
        align_transcript(ALIGN.build("ctc", model=str(tmp_path / "nope")), jfk16k, "en", seg, SPLIT)
    (tmp_path / "empty").mkdir()
    with pytest.raises(BackendUnavailable, match="is not a Wav2Vec2ForCTC model"):
        align_transcript(ALIGN.build("ctc", model=str(tmp_path / "empty")), jfk16k, "en", seg, SPLIT)
    bad = _tiny_wav2vec2(tmp_path / "mismatch", vocab_size_override=12)
    with pytest.raises(BackendUnavailable, match="checkpoint mismatch.*12 output classes"):
        align_transcript(ALIGN.build("ctc", model=str(bad)), jfk16k, "en", seg, SPLIT)


def test_align_options_are_checked_per_backend():
    with pytest.raises(Exception, match="model: Field required"):
        parse_recipe({"language": "es", "align": {"backend": "ctc"}}, "r.yaml")
    with pytest.raises(Exception, match="model: unknown field"):
        parse_recipe({"language": "es", "align": {"backend": "pocketsphinx", "model": "x"}}, "r.yaml")
    r = parse_recipe({"language": "es", "align": {"backend": "pocketsphinx", "pad_s": 0.7}}, "r.yaml")
    assert r.align.kwargs() == {"pad_s": 0.7} and parse_recipe({"language": "es"}, "r.yaml").align.backend == "asr-words"


def test_pocketsphinx_matches_whisper_on_jfk(jfk16k):
    pytest.importorskip("pocketsphinx")
    src = _segments(JFK_PHRASES)
    al = align_transcript(ALIGN.build("pocketsphinx"), jfk16k, "en", src, SPLIT)
    words, ref = _words(al.segments), _words(src)
    assert [w.text for w in words] == [w.text for w in ref]
    assert [u["text"] for u in al.unaligned] == ["1961."] and "dictionary" in al.unaligned[0]["reason"]
    aligned = [(w, r) for w, r in zip(words, ref) if w.aligned]
    starts = np.array([abs(w.start - r.start) for w, r in aligned])
    assert np.median(starts) <= 0.15, starts
    assert np.mean(starts <= 0.3) >= 0.8, starts
    # Whisper stretches "what" (4.22-5.24) over the second-long pause after "not"; the aligner
    # starts it after the pause, where the audio is loud again, so the phrase splits there.
    what = words[7]
    rms = lambda a, b: float(np.sqrt(np.mean(jfk16k[int(a * 16000):int(b * 16000)] ** 2)))  # noqa: E731
    assert what.start > 5.0 and rms(words[6].end, what.start) < 0.2 * rms(what.start, what.end)
    # and "Americans" ends where the pause after it begins, not at the end of its search window
    end = words[4].end
    assert rms(end - 0.15, end) > 2 * rms(end, end + 0.15)
    assert len(al.segments) == 4 and al.segments[2].words[0].text == "what"


def test_pocketsphinx_refuses_other_languages(jfk16k):
    pytest.importorskip("pocketsphinx")
    with pytest.raises(BackendUnavailable, match="English only.*'es'.*ctc"):
        align_transcript(ALIGN.build("pocketsphinx"), jfk16k, "es", _segments(JFK_PHRASES[:1]), SPLIT)


@pytest.mark.slow
def test_recipe_with_pocketsphinx_alignment_dubs(tmp_path):
    pytest.importorskip("pocketsphinx")
    from dubgen.cli import main
    from dubgen.manifest import read_pairs

    recipe = yaml.safe_load((Path(__file__).resolve().parents[1] / "recipes" / "es.yaml").read_text())
    recipe.update(name="es_ps", source_language="en", align={"backend": "pocketsphinx"}, qc={"enabled": False})
    path = tmp_path / "es_ps.yaml"
    path.write_text(yaml.safe_dump(recipe), encoding="utf-8")
    clip = tmp_path / "in" / GRID.name
    clip.parent.mkdir()
    shutil.copy(GRID, clip)
    out = tmp_path / "out"
    assert main(["dub", str(clip), "--out", str(out), "--recipe", str(path), "--quiet"]) == 0
    (pair,) = read_pairs(out / "pairs.jsonl")
    stages = {s.name: s for s in pair.stages}
    assert stages["align"].backend == "pocketsphinx" and "pocketsphinx" in stages["align"].version
    transcript = json.loads((out / pair.clip_id / "transcript.json").read_text())
    words = [w for s in transcript["segments"] for w in s["words"]]
    assert {u["index"] for u in transcript["unaligned"]} == {i for i, w in enumerate(words) if not w["aligned"]}
    assert sum(w["aligned"] for w in words) >= 0.7 * len(words), transcript["unaligned"]
    # the dub's phrases are the aligned phrases
    assert [(s.source_start, s.source_end) for s in pair.segments] == [
        (s["start"], s["end"]) for s in transcript["segments"]]
    # another recipe with the same source settings takes the alignment from the cache
    ca_tts = yaml.safe_load((Path(__file__).resolve().parents[1] / "recipes" / "ca.yaml").read_text())["tts"]
    recipe.update(name="ca_ps", language="ca", translate={"backend": "apertium"}, tts=ca_tts, qc={"enabled": False})
    (tmp_path / "ca_ps.yaml").write_text(yaml.safe_dump(recipe), encoding="utf-8")
    assert main(["dub", str(clip), "--out", str(out), "--recipe", str(tmp_path / "ca_ps.yaml"), "--quiet"]) == 0
    ca = [p for p in read_pairs(out / "pairs.jsonl") if p.recipe == "ca_ps"][0]
    assert {s.name: s.cached for s in ca.stages}["align"] is True


@pytest.mark.slow
def test_recipe_with_ctc_alignment_dubs_with_qc_and_two_workers(tmp_path, tiny_ctc):
    """The ctc backend through the public path: recipe -> `dubgen dub --workers 2` -> QC."""
    from dubgen.cli import main
    from dubgen.manifest import read_pairs

    recipe = yaml.safe_load((Path(__file__).resolve().parents[1] / "recipes" / "es.yaml").read_text())
    recipe.update(name="es_ctc", source_language="en", align={"backend": "ctc", "model": str(tiny_ctc)})
    path = tmp_path / "es_ctc.yaml"
    path.write_text(yaml.safe_dump(recipe), encoding="utf-8")
    clip = tmp_path / "in" / GRID.name
    clip.parent.mkdir()
    shutil.copy(GRID, clip)
    out = tmp_path / "out"
    main(["dub", str(clip), "--out", str(out), "--recipe", str(path), "--workers", "2", "--quiet"])
    (pair,) = read_pairs(out / "pairs.jsonl")  # QC may fail the pair (random weights): it must still exist
    assert pair.qc is not None and "pass" in pair.qc
    stages = {s.name: s for s in pair.stages}
    assert stages["align"].backend == "ctc" and str(tiny_ctc) in stages["align"].version
    transcript = json.loads((out / pair.clip_id / "transcript.json").read_text())
    words = [w for s in transcript["segments"] for w in s["words"]]
    assert words and all(a["end"] <= b["start"] + 1e-6 for a, b in zip(words, words[1:]))
    assert all(w["chars"] for w in words if w["aligned"]) and any(w["aligned"] for w in words)
    assert {u["index"] for u in transcript["unaligned"]} == {i for i, w in enumerate(words) if not w["aligned"]}
    assert len(pair.segments) == len(transcript["segments"])


def test_unaligned_words_take_the_gap_between_aligned_ones():
    from dubgen.stages.align import WordTiming, _phrase_words

    asr = [Word(text=t, start=a, end=b) for t, a, b in
           [("x1", 1.0, 1.2), ("one", 1.2, 1.5), ("x22", 1.5, 1.6), ("x4444", 1.6, 1.8), ("two", 1.8, 2.0), ("x3", 2.0, 2.3)]]
    placed = ["r", WordTiming(0.4, 0.6), "r", "r", WordTiming(1.0, 1.2), "r"]  # window starts at 0.7 s
    out = _phrase_words(asr, placed, offset=0.7, lo=0.7, hi=2.6)
    times = [(w.start, w.end) for w in out]
    assert times[1] == (1.1, 1.3) and times[4] == (1.7, 1.9)
    # between "one" and "two": 0.4 s shared 3:5 by character count
    assert times[2] == (1.3, 1.45) and times[3] == (1.45, 1.7)
    # at the ends: within the recognizer's times, not stretched to the window
    assert times[0] == (1.0, 1.1) and times[5] == (1.9, 2.3)
    assert [w.aligned for w in out] == [False, True, False, False, True, False]
