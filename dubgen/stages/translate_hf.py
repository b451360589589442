"""Optional neural MT: Hugging Face ``transformers`` seq2seq models (Marian, NLLB, M2M-100, mBART-50)
from a local folder. Nothing is downloaded (``local_files_only=True``)."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from typing import Any, Optional, Sequence

from pydantic import Field

from ..errors import BackendUnavailable, RecipeError
from ..models import local_model
from .base import Check, module_check, package_version
from .translate import _SPACES, TRANSLATE, Translator

HF_FIX = "pip install transformers sentencepiece"
HF_HOW = (
    "On a machine with network run e.g. `huggingface-cli download Helsinki-NLP/opus-mt-en-es "
    "--local-dir opus-mt-en-es` (or facebook/nllb-200-distilled-600M, facebook/m2m100_418M), "
    "copy the folder here and set translate.model to its path."
)

# ISO 639-1 → the language codes multilingual checkpoints put in their vocabularies.
NLLB_CODES = {
    "en": "eng_Latn", "es": "spa_Latn", "ca": "cat_Latn", "gl": "glg_Latn", "pt": "por_Latn",
    "fr": "fra_Latn", "de": "deu_Latn", "it": "ita_Latn", "eo": "epo_Latn",
}
MBART50_CODES = {
    "en": "en_XX", "es": "es_XX", "gl": "gl_ES", "pt": "pt_XX", "fr": "fr_XX", "de": "de_DE", "it": "it_IT",
}
# Multi-target Marian models (opus-mt-en-ROMANCE …) pick the target with a ">>xx<<" source prefix,
# two- or three-letter depending on the model.
ISO639_3 = {"en": "eng", "es": "spa", "ca": "cat", "gl": "glg", "pt": "por", "fr": "fra", "de": "deu", "it": "ita", "eo": "epo"}


def _token_id(tokenizer: Any, token: str) -> Optional[int]:
    """Id of ``token`` if the vocabulary really has it (not mapped to <unk>)."""
    tid = tokenizer.convert_tokens_to_ids(token)
    if tid is None or (tid == tokenizer.unk_token_id and token != tokenizer.unk_token):
        return None
    return int(tid)


def language_codes(tokenizer: Any, source: str, target: str, pair: Optional[str] = None) -> dict[str, Any]:
    """How to tell a checkpoint the languages: source-language setting, forced BOS, text prefix.

    Args:
        tokenizer: the loaded tokenizer.
        source: ISO 639-1 source language.
        target: ISO 639-1 target language.
        pair: optional ``SRC:TGT`` in the model's own codes (``eng_Latn:spa_Latn``), which
            overrides the ISO mapping.

    Returns:
        ``{"src_lang": str|None, "forced_bos_token_id": int|None, "prefix": str}``.

    Raises:
        RecipeError: the model is multilingual but has no code for one of the languages.
    """
    if pair:
        if ":" not in pair:
            raise RecipeError(f"translate.pair for transformers is 'SRC:TGT' in the model's codes, got {pair!r}")
        src_code, tgt_code = pair.split(":", 1)
        tgt_id = _token_id(tokenizer, tgt_code)
        if tgt_id is None:
            raise RecipeError(f"translate: target code {tgt_code!r} is not in the model's vocabulary")
        return {"src_lang": src_code, "forced_bos_token_id": tgt_id, "prefix": ""}
    # NLLB and mBART-50 name languages with added tokens; M2M-100 with __xx__ tokens and src_lang "xx".
    schemes = (
        (NLLB_CODES, lambda c: c, lambda c: c),
        (MBART50_CODES, lambda c: c, lambda c: c),
        ({k: k for k in ISO639_3}, lambda c: f"__{c}__", lambda c: c),
    )
    for table, token_of, src_of in schemes:
        if not any(_token_id(tokenizer, token_of(c)) is not None for c in table.values()):
            continue  # the model does not use this scheme
        missing = [lang for lang in (source, target) if lang not in table or _token_id(tokenizer, token_of(table[lang])) is None]
        if missing:
            raise RecipeError(f"translate: the model has no language code for {', '.join(missing)}")
        return {
            "src_lang": src_of(table[source]),
            "forced_bos_token_id": _token_id(tokenizer, token_of(table[target])),
            "prefix": "",
        }
    for code in (target, ISO639_3.get(target, "")):
        if code and _token_id(tokenizer, f">>{code}<<") is not None:
            return {"src_lang": None, "forced_bos_token_id": None, "prefix": f">>{code}<< "}
    # A bilingual model (opus-mt-en-es): the languages are fixed by the checkpoint itself.
    return {"src_lang": None, "forced_bos_token_id": None, "prefix": ""}


def model_folder(model: Optional[str]) -> Path:
    """The local model folder; unset, missing or without config.json → a clear error."""
    path = local_model(model, "transformers MT", HF_HOW)
    if not (path / "config.json").is_file():
        raise BackendUnavailable(f"transformers MT: {path} has no config.json (not a model folder). {HF_HOW}")
    return path


@TRANSLATE.register("transformers")
class TransformersTranslator(Translator):
    """Seq2seq MT (``AutoModelForSeq2SeqLM``) from a local model folder, batched beam search.

    Inputs are sorted by length before batching (less padding) and returned in input order.
    Decoding is deterministic: beam search, no sampling.
    """

    backend = "transformers"

    DEVICES = ("cpu", "cuda")

    class Options(Translator.Options):
        model: Optional[str] = Field(None, description="local seq2seq model folder (Marian, NLLB, M2M100, ...)")
        pair: Optional[str] = Field(None, description="'SRC:TGT' in the model's language codes; derived from the languages if unset")
        num_beams: int = Field(4, ge=1, le=32, description="beam width (no sampling: deterministic)")
        batch_size: int = Field(8, ge=1, le=512, description="phrases per generate() call")
        max_new_tokens: Optional[int] = Field(None, ge=1, description="output cap; unset = 2 × input tokens + 10")

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        o = self.options
        self.pair = o.pair
        self.model_path = o.model
        self.num_beams = o.num_beams
        self.batch_size = o.batch_size
        self.max_new_tokens = o.max_new_tokens
        self._loaded: Optional[tuple[Any, Any]] = None
        self.folder = model_folder(self.model_path)  # a missing model is an error now, not after the first clip

    def load(self) -> tuple[Any, Any]:
        """(tokenizer, model), loaded once per backend instance from the local folder."""
        if self._loaded is None:
            if importlib.util.find_spec("transformers") is None:
                raise BackendUnavailable(f"translate backend 'transformers' needs `{HF_FIX}`")
            path = self.folder
            from transformers import AutoModelForSeq2SeqLM, AutoTokenizer

            try:
                tokenizer = AutoTokenizer.from_pretrained(str(path), local_files_only=True)
                model = AutoModelForSeq2SeqLM.from_pretrained(str(path), local_files_only=True)
            except (OSError, ValueError, ImportError) as e:  # missing files / tokenizer deps: say which
                raise BackendUnavailable(f"transformers MT: cannot load {path}: {e}") from e
            self._loaded = (tokenizer, model.to(self.device).eval())
        return self._loaded

    def version(self) -> str:
        return (
            f"transformers {package_version('transformers')} model={self.model_path} "
            f"beams={self.num_beams} pair={self.pair}"
        )

    @classmethod
    def check(cls) -> Check:
        c = module_check(cls.stage, cls.backend, "transformers", "transformers", HF_FIX)
        if c.ok and importlib.util.find_spec("sentencepiece") is None:
            return Check(cls.stage, cls.backend, False, "sentencepiece not installed (Marian/NLLB tokenizers)", HF_FIX)
        if not c.ok:
            return c
        return Check(cls.stage, cls.backend, True, f"{c.detail}; needs a local model (translate.model)", HF_HOW)

    def translate(self, texts: Sequence[str], source: str, target: str) -> list[str]:
        import torch

        lines = [_SPACES.sub(" ", t).strip() for t in texts]
        out = [""] * len(lines)
        todo = sorted((i for i, t in enumerate(lines) if t), key=lambda i: len(lines[i]))
        if not todo:
            return out
        tokenizer, model = self.load()
        codes = language_codes(tokenizer, source, target, self.pair)
        if codes["src_lang"] is not None:
            tokenizer.src_lang = codes["src_lang"]  # NLLB/M2M prepend the source-language token
        gen: dict[str, Any] = {"num_beams": self.num_beams, "do_sample": False}
        if codes["forced_bos_token_id"] is not None:
            gen["forced_bos_token_id"] = codes["forced_bos_token_id"]
        for b in range(0, len(todo), self.batch_size):
            idx = todo[b: b + self.batch_size]
            enc = tokenizer([codes["prefix"] + lines[i] for i in idx], return_tensors="pt", padding=True, truncation=True)
            enc = {k: v.to(self.device) for k, v in enc.items()}
            # Dubbed phrases are short; cap the output relative to the input to stop runaway repetition.
            limit = self.max_new_tokens or int(enc["input_ids"].shape[1] * 2 + 10)
            with torch.inference_mode():
                ids = model.generate(**enc, max_new_tokens=limit, **gen)
            for i, text in zip(idx, tokenizer.batch_decode(ids, skip_special_tokens=True)):
                out[i] = _SPACES.sub(" ", text).strip()
        return out
