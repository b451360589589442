"""Optional neural backends, each loaded through its real loading path from a tiny randomly
initialised model of the real class that the test builds and saves in tmp_path.

Random weights produce nonsense words; the tests check loading, types, timing structure,
language plumbing and determinism, not quality.
"""

from __future__ import annotations

import dataclasses
import io
import json
from pathlib import Path

import numpy as np
import pytest

from dubgen.config import parse_recipe, stage_block
from dubgen.errors import BackendUnavailable, RecipeError
from dubgen.stages.asr import ASR, Transcript
from dubgen.stages.translate import TRANSLATE
from dubgen.stages.tts import TTS

from conftest import JFK

SENTENCES = [
    "And so, my fellow Americans, ask not what your country can do for you.",
    "Ask what you can do for your country.",
    "Y así, mis compatriotas, no preguntéis qué puede hacer vuestro país por vosotros.",
    "Pregunta qué puedes hacer tú por tu país.",
    "The quick brown fox jumps over the lazy dog.",
]


# --------------------------------------------------------------------------- openai-whisper


def _tiny_whisper(path: Path) -> Path:
    """A 1-layer multilingual Whisper with random weights, saved in openai-whisper's checkpoint format.

    The output layer is steered to one text token so that decoding yields words and the
    word-timestamp (cross-attention DTW) path runs; everything else stays random.
    """
    torch = pytest.importorskip("torch")
    whisper = pytest.importorskip("whisper")
    from whisper.model import ModelDimensions, Whisper

    torch.manual_seed(0)
    # n_audio_ctx 1500 / n_mels 80 are fixed by the 30 s log-mel front end; n_vocab 51865 = multilingual.
    dims = ModelDimensions(n_mels=80, n_audio_ctx=1500, n_audio_state=16, n_audio_head=2, n_audio_layer=1,
                           n_vocab=51865, n_text_ctx=448, n_text_state=16, n_text_head=2, n_text_layer=1)
    model = Whisper(dims)
    tok = whisper.tokenizer.get_tokenizer(True).encode(" the")[0]
    with torch.no_grad():
        # whisper allocates the decoder's positional embedding with torch.empty: garbage (even
        # NaN) unless it is set, which made decoding differ from run to run.
        model.decoder.positional_embedding.normal_(0.0, 0.02)
        model.decoder.token_embedding.weight[tok] *= 20
        model.decoder.ln.weight.zero_()
        model.decoder.ln.bias.copy_(model.decoder.token_embedding.weight[tok])
    torch.save({"dims": dataclasses.asdict(dims), "model_state_dict": model.state_dict()}, path)
    return path


@pytest.fixture(scope="module")
def jfk16k() -> np.ndarray:
    from dubgen.media import decode_audio

    return decode_audio(JFK, 16000, 1)


def test_openai_whisper_tiny_model_transcribes_with_word_timings(tmp_path, jfk16k):
    ckpt = _tiny_whisper(tmp_path / "tiny.pt")
    block = stage_block("asr", {"backend": "openai-whisper", "model": str(ckpt), "beam_size": 1, "max_tokens": 12})
    asr = ASR.build(block.backend, **block.kwargs())
    tr = asr.transcribe(jfk16k, "en")

    assert isinstance(tr, Transcript) and tr.language == "en"
    duration = len(jfk16k) / 16000
    assert tr.speech and all(0 <= s < e <= duration + 0.01 for s, e in tr.speech)
    words = [w for seg in tr.segments for w in seg.words]
    assert words, "the steered model emits words, so word timings must come back"
    assert all(isinstance(w.text, str) and w.text for w in words)
    assert all(0.0 <= w.start < w.end <= duration + 0.05 for w in words)
    assert all(a.start <= b.start for a, b in zip(words, words[1:]))
    for i, seg in enumerate(tr.segments):
        assert seg.id == i and seg.start == seg.words[0].start and seg.end == seg.words[-1].end
    assert str(ckpt) in asr.version()


def test_openai_whisper_never_downloads_a_model_name(tmp_path, monkeypatch):
    pytest.importorskip("whisper")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    with pytest.raises(BackendUnavailable, match=r"'small' is not in the local cache.*never downloads"):
        ASR.build("openai-whisper", model="small").load()
    # A truncated cached file fails the checksum instead of triggering whisper's re-download.
    (tmp_path / "whisper").mkdir()
    (tmp_path / "whisper" / "small.pt").write_bytes(b"partial")
    with pytest.raises(BackendUnavailable, match="SHA256"):
        ASR.build("openai-whisper", model="small").load()
    with pytest.raises(BackendUnavailable, match="does not exist"):
        ASR.build("openai-whisper", model=str(tmp_path / "missing.pt")).load()


def test_openai_whisper_loads_weights_only(tmp_path):
    torch = pytest.importorskip("torch")
    pytest.importorskip("whisper")
    bad = tmp_path / "bad.pt"
    torch.save({"dims": {}, "model_state_dict": {}, "extra": Path("/etc")}, bad)  # not a plain-weights pickle
    with pytest.raises(BackendUnavailable, match="cannot read checkpoint"):
        ASR.build("openai-whisper", model=str(bad)).load()


def test_whisperx_is_offered_as_its_alignment_method():
    """whisperx pins torch~=2.8 and cannot run here: its method is the `ctc` align backend."""
    from dubgen.doctor import run_checks

    assert "whisperx" not in ASR.names()
    with pytest.raises(RecipeError, match="asr.backend: unknown backend 'whisperx'"):
        parse_recipe({"language": "es", "asr": {"backend": "whisperx"}}, "r.yaml")
    (ctc,) = [c for c in run_checks() if (c.stage, c.backend) == ("align", "ctc")]
    assert "WhisperX's alignment method" in ctc.detail


# --------------------------------------------------------------------------- transformers MT


def _tiny_marian(folder: Path, extra_tokens: tuple[str, ...] = ()) -> Path:
    """MarianTokenizer (sentencepiece trained here on a few lines) + a 1-layer random MarianMTModel."""
    spm = pytest.importorskip("sentencepiece")
    torch = pytest.importorskip("torch")
    transformers = pytest.importorskip("transformers")

    folder.mkdir(parents=True)
    proto = io.BytesIO()
    spm.SentencePieceTrainer.train(
        sentence_iterator=iter(SENTENCES * 4), model_writer=proto, vocab_size=60, model_type="unigram",
        character_coverage=1.0, hard_vocab_limit=False, minloglevel=2, unk_id=1, bos_id=-1, eos_id=0, pad_id=-1,
    )
    for name in ("source.spm", "target.spm"):
        (folder / name).write_bytes(proto.getvalue())
    sp = spm.SentencePieceProcessor(model_proto=proto.getvalue())
    # Marian's layout: </s>=0, <unk>=1, pieces, then language tokens, <pad> last.
    vocab = {"</s>": 0, "<unk>": 1, **{sp.id_to_piece(i): i for i in range(2, sp.get_piece_size())}}
    for token in (*extra_tokens, "<pad>"):
        vocab[token] = len(vocab)
    (folder / "vocab.json").write_text(json.dumps(vocab), encoding="utf-8")
    tokenizer = transformers.MarianTokenizer(str(folder / "source.spm"), str(folder / "target.spm"), str(folder / "vocab.json"))
    tokenizer.save_pretrained(folder)
    pad = vocab["<pad>"]
    config = transformers.MarianConfig(
        vocab_size=len(vocab), d_model=16, encoder_layers=1, decoder_layers=1, encoder_attention_heads=2,
        decoder_attention_heads=2, encoder_ffn_dim=32, decoder_ffn_dim=32, max_position_embeddings=64,
        pad_token_id=pad, decoder_start_token_id=pad, eos_token_id=0, forced_eos_token_id=0,
    )
    torch.manual_seed(0)
    transformers.MarianMTModel(config).save_pretrained(folder)
    return folder


def test_transformers_tiny_marian_translates(tmp_path):
    folder = _tiny_marian(tmp_path / "marian")
    kwargs = stage_block("translate", {"backend": "transformers", "model": str(folder), "num_beams": 2, "batch_size": 2}).kwargs()
    texts = ["Ask not what your country can do for you.", "", "The fox.", "Ask what  you can do."]
    mt = TRANSLATE.build("transformers", **kwargs)
    out = mt.translate(texts, "en", "es")
    assert len(out) == len(texts) and all(isinstance(t, str) for t in out)
    assert out[1] == "" and all(out[i] for i in (0, 2, 3))
    # Beam search, no sampling: a fresh instance gives the same strings.
    assert TRANSLATE.build("transformers", **kwargs).translate(texts, "en", "es") == out
    assert mt.translate([], "en", "es") == []
    assert str(folder) in mt.version()


def test_transformers_translates_on_cuda(tmp_path):
    """On a GPU machine: the model runs on CUDA and beam search gives the CPU's strings."""
    torch = pytest.importorskip("torch")
    if not torch.cuda.is_available():
        pytest.skip("no CUDA device here")
    from dubgen.runtime import Runtime

    folder = _tiny_marian(tmp_path / "marian")
    texts = ["Ask not what your country can do for you.", "The fox.", "Ask what  you can do."]
    cpu = TRANSLATE.build("transformers", model=str(folder), num_beams=2).translate(texts, "en", "es")
    gpu = TRANSLATE.build("transformers", runtime=Runtime(device="cuda"), model=str(folder), num_beams=2)
    assert gpu.translate(texts, "en", "es") == cpu
    _, model = gpu.load()
    assert next(model.parameters()).device.type == "cuda"


def test_transformers_multilingual_language_codes(tmp_path):
    from dubgen.stages.translate_hf import language_codes

    folder = _tiny_marian(tmp_path / "nllb_like", extra_tokens=("eng_Latn", "spa_Latn"))
    mt = TRANSLATE.build("transformers", model=str(folder), num_beams=1)
    out = mt.translate(["Ask not.", "The fox jumps."], "en", "es")
    # The NLLB target code is forced as the first generated token (it is not a special token here).
    assert all(t.startswith("spa_Latn") for t in out)
    tokenizer, _ = mt.load()
    assert language_codes(tokenizer, "en", "es")["src_lang"] == "eng_Latn"
    with pytest.raises(RecipeError, match="no language code for ca"):
        mt.translate(["Hello."], "en", "ca")
    marian_multi = _tiny_marian(tmp_path / "romance", extra_tokens=(">>spa<<",))
    tok2, _ = TRANSLATE.build("transformers", model=str(marian_multi)).load()
    assert language_codes(tok2, "en", "es") == {"src_lang": None, "forced_bos_token_id": None, "prefix": ">>spa<< "}


def test_transformers_needs_a_local_model(tmp_path):
    with pytest.raises(BackendUnavailable, match="huggingface-cli download"):
        TRANSLATE.build("transformers", model=None).translate(["Hello."], "en", "es")
    with pytest.raises(BackendUnavailable, match="no config.json"):
        TRANSLATE.build("transformers", model=str(tmp_path)).translate(["Hello."], "en", "es")


# --------------------------------------------------------------------------- Coqui TTS


def _tiny_vits(folder: Path) -> Path:
    """A 2-speaker VITS with tiny dims, saved like a Coqui model folder whose config still
    holds the trainer machine's absolute speakers_file path."""
    pytest.importorskip("TTS")  # skips with the import error's reason (e.g. torchaudio missing)
    import torch
    from TTS.tts.configs.vits_config import VitsArgs, VitsConfig
    from TTS.tts.models.vits import Vits

    folder.mkdir(parents=True)
    speakers = folder / "speaker_ids.json"
    speakers.write_text(json.dumps({"alice": 0, "bob": 1}), encoding="utf-8")
    args = VitsArgs(
        hidden_channels=16, hidden_channels_ffn_text_encoder=32, num_layers_text_encoder=1, num_heads_text_encoder=2,
        num_layers_posterior_encoder=1, num_layers_flow=1, upsample_initial_channel_decoder=16,
        resblock_kernel_sizes_decoder=[3], resblock_dilation_sizes_decoder=[[1, 3, 5]], use_sdp=False,
        init_discriminator=False, use_speaker_embedding=True, speaker_embedding_channels=8, speakers_file=str(speakers),
    )
    config = VitsConfig(model_args=args, use_phonemes=False, text_cleaner="basic_cleaners",
                        use_speaker_embedding=True, speakers_file=str(speakers))
    config.audio.sample_rate = 16000
    torch.manual_seed(0)
    model = Vits(config)
    torch.save({"model": model.state_dict()}, folder / "model.pth")
    config.save_json(str(folder / "config.json"))
    raw = json.loads((folder / "config.json").read_text(encoding="utf-8"))
    raw["speakers_file"] = raw["model_args"]["speakers_file"] = "/home/trainer/run-1/speaker_ids.json"
    (folder / "config.json").write_text(json.dumps(raw), encoding="utf-8")
    return folder


def test_coqui_tiny_vits_synthesizes_with_speakers_and_rate(tmp_path, monkeypatch):
    monkeypatch.setenv("DUBGEN_CACHE", str(tmp_path / "cache"))
    folder = _tiny_vits(tmp_path / "vits")
    tts = TTS.build("coqui", **stage_block("tts", {"backend": "coqui", "model": str(folder)}).kwargs())

    assert tts.speakers() == ["alice", "bob"] and tts.languages() == []
    assert tts.voice_for("es", None) == "alice|"
    voice = tts.voice_for("es", 120.0)  # probes the speakers' F0 (noise here) and picks one
    assert voice in ("alice|", "bob|")
    lengths = []
    for rate in (100.0, 160.0, 250.0):
        audio, sr = tts.synthesize("Hola, esto es una prueba.", voice, rate)
        assert audio.dtype == np.float32 and audio.ndim == 1 and sr == 16000 and np.isfinite(audio).all()
        lengths.append(len(audio))
    assert lengths[0] > lengths[1] > lengths[2]  # length_scale = native_wpm / rate
    again, _ = tts.synthesize("Hola, esto es una prueba.", voice, 250.0)
    assert np.array_equal(again, audio)  # seeded
    other = "bob|" if voice == "alice|" else "alice|"
    theirs, _ = tts.synthesize("Hola, esto es una prueba.", other, 250.0)
    assert not np.array_equal(theirs, audio)
    # The user's folder is untouched; the path fix lives in a patched copy in the cache.
    assert "/home/trainer/" in (folder / "config.json").read_text(encoding="utf-8")
    assert list((tmp_path / "cache" / "coqui-configs").glob("*.json"))


# --------------------------------------------------------------------------- coqui voice (OpenVoice)


def _tiny_openvoice(folder: Path) -> Path:
    """A small OpenVoice tone-colour converter (random weights) in OpenVoice's own folder format."""
    import torch

    from dubgen.stages.voice_coqui import build_openvoice

    config = {
        "data": {"sampling_rate": 16000, "filter_length": 256, "hop_length": 64, "win_length": 256},
        "model": {"inter_channels": 16, "hidden_channels": 16, "filter_channels": 32, "resblock": "1",
                  "resblock_kernel_sizes": [3], "resblock_dilation_sizes": [[1, 3, 5]], "upsample_rates": [8, 8],
                  "upsample_initial_channel": 32, "upsample_kernel_sizes": [16, 16], "gin_channels": 16},
    }
    folder.mkdir(parents=True)
    (folder / "config.json").write_text(json.dumps(config), encoding="utf-8")
    torch.manual_seed(0)
    torch.save({"model": build_openvoice(config).state_dict()}, folder / "checkpoint.pth")
    return folder


def test_coqui_openvoice_converts_per_speaker_deterministically(tmp_path):
    import soundfile as sf

    from dubgen.stages.voice import VOICE

    folder = _tiny_openvoice(tmp_path / "openvoice")
    vc = VOICE.build("coqui", **stage_block("voice", {"backend": "coqui", "model": str(folder)}).kwargs())
    data = Path(__file__).parent / "data"
    male, sr = sf.read(data / "voice_male_grid.flac", dtype="float32")
    female, sr2 = sf.read(data / "voice_female_lj.flac", dtype="float32")
    assert sr == sr2
    src, tgt = vc.profile(female, sr), vc.profile(male, sr)
    assert len(src.embedding) == len(tgt.embedding) == 16 and src.embedding != tgt.embedding
    assert src.f0_median and tgt.f0_median and src.f0_median > tgt.f0_median  # measured as the DSP backends do
    plan = vc.plan(src, tgt)
    assert plan.formant_ratio == 1.0 and plan.pitch_median == tgt.f0_median
    out = vc.convert(female, sr, src, tgt)
    assert out.dtype == np.float32 and out.shape == female.shape and np.isfinite(out).all() and np.any(out)
    assert np.array_equal(out, vc.convert(female, sr, src, tgt))  # seeded posterior sampling
    other = vc.convert(female, sr, src, src)
    assert not np.array_equal(out, other)  # the target embedding steers the output
    assert "coqui-openvoice" in vc.version() and "model=" in vc.version()


def test_coqui_openvoice_errors_name_the_fix(tmp_path):
    from dubgen.stages.voice import VOICE

    with pytest.raises(BackendUnavailable, match="voice.model"):
        VOICE.build("coqui", model=None).load()
    (tmp_path / "freevc").mkdir()
    (tmp_path / "freevc" / "config.json").write_text(json.dumps({"model": "freevc", "audio": {}}), encoding="utf-8")
    with pytest.raises(BackendUnavailable, match="not an OpenVoice config"):
        VOICE.build("coqui", model=str(tmp_path / "freevc")).load()
    folder = _tiny_openvoice(tmp_path / "ov")
    cfg = json.loads((folder / "config.json").read_text(encoding="utf-8"))
    cfg["model"]["gin_channels"] = 8
    (folder / "config.json").write_text(json.dumps(cfg), encoding="utf-8")
    with pytest.raises(BackendUnavailable, match="does not match its config.json"):
        VOICE.build("coqui", model=str(folder)).load()


def test_coqui_needs_a_local_model(tmp_path):
    from dubgen.stages.tts_coqui import match_language

    with pytest.raises(BackendUnavailable, match="tts.model"):
        TTS.build("coqui", model=None).paths()
    with pytest.raises(BackendUnavailable, match="no config.json"):
        TTS.build("coqui", model=str(tmp_path)).paths()
    assert match_language("pt", ["en", "fr-fr", "pt-br"]) == "pt-br" and match_language("gl", ["en"]) is None
