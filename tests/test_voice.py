"""Voice matching on real speech: F0 lands on the target, lengths hold, failures are declared."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest
import soundfile as sf

from dubgen.errors import RecipeError
from dubgen.stages.voice import TIE, VOICE, VoiceProfile, measure_profile

DATA = Path(__file__).resolve().parent / "data"
TEXT = "Y así que, mis compatriotas americanos, no preguntéis qué puede hacer vuestro país por vosotros"


def _load(name: str) -> tuple[np.ndarray, int]:
    x, sr = sf.read(str(DATA / name), dtype="float32")
    return x, sr


@pytest.fixture(scope="module")
def espeak(tmp_path_factory) -> dict[str, tuple[np.ndarray, int]]:
    if shutil.which("espeak-ng") is None:
        pytest.skip("espeak-ng not installed")
    out = {}
    for voice in ("es+m3", "es+f3"):
        wav = tmp_path_factory.mktemp("tts") / f"{voice}.wav"
        subprocess.run(["espeak-ng", "-v", voice, "-w", str(wav), TEXT], check=True, capture_output=True)
        x, sr = sf.read(str(wav), dtype="float32")
        out[voice] = (x, sr)
    return out


@pytest.fixture(scope="module")
def targets() -> dict[str, VoiceProfile]:
    male, sr = _load("voice_male_grid.flac")
    female, sr2 = _load("voice_female_lj.flac")
    return {"male": measure_profile(male, sr), "female": measure_profile(female, sr2)}


def test_profiles_of_real_voices(targets, espeak) -> None:
    male, female = targets["male"], targets["female"]
    assert 85 < male.f0_median < 115  # GRID male speaker, ~97 Hz
    assert 150 < female.f0_median < 200  # LJ Speech reader, ~170 Hz
    assert male.formant < female.formant
    assert male.voiced_s > 0.5 and 0 < male.f0_range < 24
    m3 = measure_profile(*espeak["es+m3"])
    f3 = measure_profile(*espeak["es+f3"])
    assert m3.f0_median < f3.f0_median


@pytest.mark.parametrize("backend", ["praat", "world"])
@pytest.mark.parametrize("tts,target", [("es+m3", "female"), ("es+f3", "male"), ("es+m3", "male")])
def test_convert_moves_f0_to_target(backend, tts, target, espeak, targets) -> None:
    if backend == "world":
        pytest.importorskip("pyworld")
    conv = VOICE.build(backend, pitch_range_factor=1.0, max_formant_shift=1.25)
    audio, sr = espeak[tts]
    src, tgt = conv.profile(audio, sr), targets[target]
    out = conv.convert(audio, sr, src, tgt)
    assert out.shape == audio.shape and out.dtype == np.float32
    got = conv.profile(out, sr)
    semitones = abs(12 * np.log2(got.f0_median / tgt.f0_median))
    assert semitones < 1.5, (got.f0_median, tgt.f0_median)
    if tts == "es+f3" and target == "male":
        assert got.formant < src.formant  # formants moved down (ratio clamped at 1/1.25)


def test_plan_clamps_and_records(targets) -> None:
    conv = VOICE.build("praat", pitch_range_factor=1.0, max_formant_shift=1.1)
    plan = conv.plan(VoiceProfile(200.0, 6.0, 1500.0, 3.0), targets["male"])
    assert plan.formant_ratio == pytest.approx(1 / 1.1)
    assert any("clamped" in n for n in plan.notes)
    assert plan.pitch_median == pytest.approx(targets["male"].f0_median)


def test_unmeasurable_target_is_identity_and_declared(espeak, caplog) -> None:
    audio, sr = espeak["es+m3"]
    conv = VOICE.build("praat", pitch_range_factor=1.0, max_formant_shift=1.25)
    silent = measure_profile(np.zeros(16000, dtype=np.float32), 16000)
    assert silent == VoiceProfile(None, None, None, 0.0)
    plan = conv.plan(conv.profile(audio, sr), silent)
    assert plan.identity and "unchanged" in plan.notes[0]
    with caplog.at_level("WARNING"):
        out = conv.convert(audio, sr, conv.profile(audio, sr), silent)
    np.testing.assert_array_equal(out, audio)
    assert "skipped" in caplog.text


def test_none_backend_passes_through_but_measures(espeak) -> None:
    audio, sr = espeak["es+f3"]
    conv = VOICE.build("none")
    prof = conv.profile(audio, sr)
    assert prof.f0_median is not None
    np.testing.assert_array_equal(conv.convert(audio, sr, prof, VoiceProfile(100.0, 5.0, 1200.0, 2.0)), audio)
    assert conv.plan(prof, prof).identity


def test_silence_and_bad_kwargs() -> None:
    conv = VOICE.build("praat", pitch_range_factor=1.0, max_formant_shift=1.25)
    z = np.zeros(8000, dtype=np.float32)
    out = conv.convert(z, 16000, VoiceProfile(120.0, 5.0, 1300.0, 1.0), VoiceProfile(200.0, 6.0, 1500.0, 1.0))
    assert out.shape == z.shape and not np.any(out)
    with pytest.raises(ValueError):
        VOICE.build("praat", pitch_range_factor=1.0, max_formant_shift=0.9)
    with pytest.raises(RecipeError, match="praat"):
        VOICE.build("nope")


def test_checks_and_versions() -> None:
    for name in ("praat", "world", "none"):
        cls = VOICE.get(name)
        assert cls.check().backend == name
    assert VOICE.build("praat").version() != VOICE.build("none").version()


# --------------------------------------------------------------------------- strength chosen by similarity


@pytest.fixture(scope="module")
def embed():
    """The speaker embedding of the bundled recipes (what QC reports similarity with)."""
    from dubgen.config import load_recipe
    from dubgen.stages.speakers import SPEAKERS

    cfg = load_recipe(Path(__file__).resolve().parents[1] / "recipes" / "es.yaml").speakers
    return SPEAKERS.build(cfg.backend, **cfg.kwargs()).embed


def test_conversion_that_hurts_is_not_applied(espeak, embed) -> None:
    """Speaker = the TTS voice itself, but its measured profile says wider pitch range and
    10 % higher formants: converting only moves away from the speaker, so the choice keeps the
    TTS voice and says why."""
    from dubgen.manifest import VoiceConversion
    from dubgen.stages.voice import similarity_to

    audio, sr = espeak["es+m3"]
    conv = VOICE.build("praat")
    src = conv.profile(audio, sr)
    other = VoiceProfile(src.f0_median * 2 ** (0.5 / 12), src.f0_range * 2, src.formant * 1.1, src.voiced_s)
    choice = conv.choose(audio, sr, src, other, similarity_to(embed, audio, sr))
    assert set(choice.candidates) == {0.0, 0.5, 1.0}
    assert choice.candidates[1.0] < choice.candidates[0.0] - 0.03  # full conversion hurts
    assert choice.strength == 0.0 and choice.plan.identity
    assert choice.similarity == choice.similarity_tts == choice.candidates[0.0]
    np.testing.assert_array_equal(conv.convert(audio, sr, src, other, choice.strength), audio)
    rec = VoiceConversion.model_validate(choice.record("praat"))
    assert not rec.applied and rec.strength == 0.0 and rec.similarity == rec.similarity_tts
    assert any("TTS voice kept" in n for n in rec.notes)


def test_f0_floor_moves_a_far_tts_voice_whatever_the_similarity(espeak, embed) -> None:
    """A speaker 12 st above the TTS voice: every conversion lowers similarity to the TTS voice
    itself, but the dub's F0 median still ends within f0_tolerance_st (1 st) of the speaker's,
    and the record says what that cost."""
    from dubgen.stages.voice import similarity_to

    audio, sr = espeak["es+m3"]
    conv = VOICE.build("praat")
    src = conv.profile(audio, sr)
    far = VoiceProfile(src.f0_median * 2.0, src.f0_range, src.formant, src.voiced_s)
    choice = conv.choose(audio, sr, src, far, similarity_to(embed, audio, sr))
    assert choice.strength == 0.0 and not choice.plan.identity
    assert abs(12 * np.log2(choice.plan.pitch_median / far.f0_median)) == pytest.approx(1.0)
    assert choice.similarity < choice.similarity_tts
    assert any("F0 floor cost similarity" in n for n in choice.notes)
    out = conv.convert(audio, sr, src, far, choice.strength)
    assert abs(12 * np.log2(conv.profile(out, sr).f0_median / far.f0_median)) < 1.5
    off = VOICE.build("praat", f0_tolerance_st=None).choose(audio, sr, src, far, similarity_to(embed, audio, sr))
    assert off.plan.identity and off.similarity == off.similarity_tts  # without the floor: TTS kept


def test_a_tts_voice_within_the_f0_gate_is_kept_when_the_floor_costs_similarity(espeak, embed) -> None:
    """A speaker 1.5 st above the TTS voice, whose voice the TTS voice itself matches best:
    moving F0 to the 1-st floor only costs similarity, and QC gates 2 st, so the TTS voice is
    kept as it is (converted audio = TTS audio); with a gate of 1.5 st it would fail QC, so
    the floor holds and the record says what it cost."""
    from dubgen.manifest import VoiceConversion
    from dubgen.stages.voice import F0_LIMIT_MARGIN_ST, similarity_to

    audio, sr = espeak["es+m3"]
    conv = VOICE.build("praat")
    src = conv.profile(audio, sr)
    near = VoiceProfile(src.f0_median * 2.0 ** (1.5 / 12), src.f0_range, src.formant, src.voiced_s)
    similarity = similarity_to(embed, audio, sr)
    kept = conv.choose(audio, sr, src, near, similarity, f0_limit_st=2.0)
    assert kept.plan.identity and kept.strength == 0.0
    assert kept.similarity == kept.similarity_tts > kept.candidates[0.0] + TIE
    rec = VoiceConversion.model_validate(kept.record("praat"))
    assert not rec.applied and any("F0 floor cost similarity" in n and "within QC's 2 st" in n for n in rec.notes), rec.notes
    assert not any("moved to the floor" in n for n in rec.notes)
    floored = conv.choose(audio, sr, src, near, similarity, f0_limit_st=1.5 + F0_LIMIT_MARGIN_ST / 2)
    assert not floored.plan.identity and floored.similarity < floored.similarity_tts
    assert any("F0 floor cost similarity" in n for n in floored.notes)
    assert not conv.choose(audio, sr, src, near, similarity).plan.identity  # no gate given: the floor holds


def test_conversion_that_helps_is_applied_and_never_below_tts(espeak, targets, embed) -> None:
    from dubgen.dsp import resample
    from dubgen.stages.voice import similarity_to

    male, sr_m = _load("voice_male_grid.flac")
    audio, sr = espeak["es+f3"]  # a female TTS voice for a male speaker
    male = resample(male, sr_m, sr)
    conv = VOICE.build("praat")
    src = conv.profile(audio, sr)
    choice = conv.choose(audio, sr, src, targets["male"], similarity_to(embed, male, sr))
    assert choice.strength > 0.0 and not choice.plan.identity
    assert choice.similarity >= max(choice.candidates.values()) - TIE
    # a gain beyond measurement noise (fused embedding: +0.014, monotonic over 0 / 0.5 / 1)
    assert choice.similarity > choice.similarity_tts + 2 * TIE
    assert choice.plan.pitch_median < src.f0_median  # moved toward the man's F0


def test_a_conversion_harder_to_understand_is_not_chosen(espeak, targets, embed) -> None:
    """The female TTS voice moved toward a man is most similar at full strength; if back-ASR
    hears that output far worse than the TTS voice (more than max_cer_cost), the next most
    similar strength within the bound is chosen and the record gives the CERs and the reason."""
    from dubgen.dsp import resample
    from dubgen.manifest import VoiceConversion
    from dubgen.stages.voice import similarity_to

    male, sr_m = _load("voice_male_grid.flac")
    audio, sr = espeak["es+f3"]
    conv = VOICE.build("praat")
    src, similarity = conv.profile(audio, sr), similarity_to(embed, resample(male, sr_m, sr), sr)
    free = conv.choose(audio, sr, src, targets["male"], similarity)
    assert free.strength == 1.0 and free.cer_tts is None and free.cer == {}  # nothing heard
    full = conv.convert(audio, sr, src, targets["male"], 1.0)
    heard: list[float] = []

    def hearing(y: np.ndarray) -> float:  # the full conversion is heard badly, the rest well
        heard.append(0.40 if np.array_equal(y, full) else 0.10)
        return heard[-1]

    choice = conv.choose(audio, sr, src, targets["male"], similarity, "", hearing)
    assert len(heard) == 4  # the TTS voice and each strength (0 moves F0 to the floor)
    assert choice.cer_tts == 0.10 and choice.cer == {0.0: 0.10, 0.5: 0.10, 1.0: 0.40}
    assert choice.strength == 0.5 and choice.candidates[0.5] > choice.candidates[0.0] + TIE
    rec = VoiceConversion.model_validate(choice.record("praat"))
    assert rec.cer == {"0": 0.1, "0.5": 0.1, "1": 0.4} and rec.cer_tts == 0.1
    assert any("strength 1 cost intelligibility" in n for n in rec.notes), rec.notes
    unguarded = VOICE.build("praat", max_cer_cost=None)
    assert unguarded.choose(audio, sr, src, targets["male"], similarity, "", hearing).strength == 1.0


def test_partial_strength_interpolates_the_plan(targets) -> None:
    conv = VOICE.build("praat", max_formant_shift=1.1, f0_tolerance_st=None)
    src = VoiceProfile(200.0, 6.0, 1500.0, 3.0)
    full, half = conv.plan(src, targets["male"]), conv.plan(src, targets["male"], 0.5)
    assert half.strength == 0.5 and half.formant_ratio == pytest.approx(full.formant_ratio ** 0.5)
    assert half.pitch_median == pytest.approx(np.sqrt(200.0 * full.pitch_median))  # halfway in semitones
    assert conv.plan(src, targets["male"], 0.0).identity
    # with the default F0 floor (1 st) the 11 st gap leaves half and none 1 st above the man
    floor = VOICE.build("praat")
    for s in (0.0, 0.5):
        p = floor.plan(src, targets["male"], s)
        assert 12 * np.log2(p.pitch_median / targets["male"].f0_median) == pytest.approx(1.0)
    with pytest.raises(ValueError, match="strength"):
        conv.plan(src, targets["male"], 1.5)


def test_skipped_conversion_is_recorded_with_its_reason(espeak, embed) -> None:
    """Unmeasurable speaker F0, a speaker too short to embed, and the 'none' backend each keep
    the TTS voice, and the manifest record says so and why."""
    from dubgen.manifest import SpeakerInfo, VoiceConversion
    from dubgen.stages.voice import similarity_to

    audio, sr = espeak["es+m3"]
    conv = VOICE.build("praat")
    src = conv.profile(audio, sr)
    silent = VoiceProfile(None, None, None, 0.0)
    cases = {
        "target F0 unmeasurable": conv.choose(audio, sr, src, silent, similarity_to(embed, audio, sr)),
        "similarity unmeasurable (too short)": conv.choose(audio, sr, src, src, None, "too short"),
        "conversion disabled by the recipe": VOICE.build("none").choose(audio, sr, src, src, similarity_to(embed, audio, sr)),
    }
    for reason, choice in cases.items():
        info = SpeakerInfo(id="S0", seconds=3.0, conversion=VoiceConversion.model_validate(choice.record("praat")))
        again = SpeakerInfo.model_validate_json(info.model_dump_json())  # survives the manifest line
        assert not again.conversion.applied and again.conversion.strength == 0.0
        assert any(reason in n for n in again.conversion.notes), again.conversion.notes


def test_one_default_per_option() -> None:
    """The recipe block and the backend agree: unset options take the backend's own default."""
    from dubgen.config import parse_recipe, stage_block

    conv = VOICE.build("praat", **stage_block("voice").kwargs())
    assert conv.max_formant_shift == VOICE.get("praat").Options().max_formant_shift == 1.1
    assert conv.strengths == (0.0, 0.5, 1.0) and conv.f0_tolerance_st == 1.0
    block = stage_block("voice", {"max_formant_shift": 1.05, "strengths": [1, 0.5, 0.5]})
    assert VOICE.build("praat", **block.kwargs()).max_formant_shift == 1.05
    assert VOICE.build("praat", **block.kwargs()).strengths == (0.5, 1.0)
    with pytest.raises(RecipeError, match="max_formant_shift"):
        parse_recipe({"name": "x", "language": "es", "voice": {"max_formant_shift": 2.0}})
    with pytest.raises(RecipeError, match="strengths"):
        parse_recipe({"name": "x", "language": "es", "voice": {"strengths": [0.5, 1.5]}})


def test_coqui_records_a_skipped_timbre_step(tmp_path) -> None:
    """Without speaker embeddings OpenVoice's timbre step cannot run: the plan (and so the
    manifest) says so instead of reporting a 'coqui' conversion that only moved F0."""
    from dubgen.manifest import VoiceConversion
    from dubgen.stages.voice import VoiceChoice

    conv = VOICE.build("coqui", model=str(tmp_path))  # planning loads no model
    plan = conv.plan(VoiceProfile(200.0, 6.0, 1500.0, 3.0), VoiceProfile(110.0, 5.0, 1300.0, 0.3))
    assert plan.formant_ratio == 1.0 and plan.pitch_median == 110.0
    rec = VoiceConversion.model_validate(VoiceChoice(plan, 0.50, 0.55, {0.0: 0.50, 1.0: 0.55}).record("coqui"))
    assert rec.applied and rec.backend == "coqui"
    assert any("OpenVoice timbre skipped" in n and "F0 only" in n for n in rec.notes), rec.notes


@pytest.mark.slow
def test_manifest_records_the_conversion_of_every_speaker(dubbed_grid) -> None:
    from dubgen.manifest import read_pairs

    out, result = dubbed_grid
    assert result.ok, result.failures
    for p in read_pairs(out / "pairs.jsonl"):
        stage = next(s for s in p.stages if s.name == "voice")
        assert p.speakers
        for info in p.speakers:
            c = info.conversion
            assert c is not None and c.backend == stage.backend == "praat"
            assert set(c.candidates) == set(c.cer) == {"0", "0.5", "1"}
            # every strength heard by back-ASR; one costing more than max_cer_cost (0.05) over the
            # better of the TTS voice and strength 0 is not a candidate
            assert 0.0 <= c.cer_tts <= 1.0 and all(0.0 <= v <= 1.0 for v in c.cer.values())
            limit = min(c.cer_tts, c.cer["0"]) + 0.05 + 1e-3
            heard_ok = {k: v for k, v in c.candidates.items() if k == "0" or c.cer[k] <= limit}
            assert c.strength == 0 or c.cer[f"{c.strength:g}"] <= limit
            best = max(v for v in heard_ok.values() if v is not None)
            assert c.similarity >= best - TIE  # the most similar such strength (a gain below TIE is noise)
            assert c.similarity >= c.similarity_tts or any("F0 floor" in n for n in c.notes)
            assert c.applied or c.strength == 0
            if c.applied:
                assert c.pitch_median and c.formant_ratio and c.pitch_range_factor
            else:
                assert c.notes and c.pitch_median is None
