"""Static HTML report of a dub run: ``OUT_DIR/report/index.html`` plus one page per clip.

Self-contained: inline CSS and JS, images and audio written beside the pages (relative links),
nothing fetched from a server or CDN. Audio is written as 16-bit PCM WAV, which every browser
plays (the pipeline's float WAVs are not universally supported).
"""

from __future__ import annotations

import html
import json
import os
import shutil
from collections import defaultdict
from pathlib import Path
from typing import Any, Optional, Sequence

import numpy as np

REPORT_DIR = "report"
#: Summary columns: (metric key, header, tooltip, decimals).
COLUMNS: tuple[tuple[str, str, str, int], ...] = (
    ("wer", "WER", "back-ASR word error rate vs the translation", 2),
    ("cer", "CER", "back-ASR character error rate vs the translation", 2),
    ("cer_tts", "CER TTS", "back-ASR CER of the TTS alone (placed, before conversion)", 2),
    ("cer_voice", "CER voice", "back-ASR CER after voice conversion", 2),
    ("cer_mix", "CER mix", "back-ASR CER of the dubbed mix (background included)", 2),
    ("stage_cer_cost_max", "stage ΔCER", "most CER one stage after TTS added (voice, loudness/EQ or mix)", 2),
    ("leak_recall", "leak", "share of source words heard in the background stem", 2),
    ("untranslated_words", "kept words", "source words the translation kept as they were (the dub says them)", 0),
    ("timing_error_ms", "timing ms", "mean |onset/offset error| of the dub vs the source phrase", 0),
    ("stretch_max", "stretch", "largest time-stretch factor (either way)", 2),
    ("overrun_max_s", "overrun s", "longest run past a slot", 2),
    ("speech_dropped_s", "dropped s", "synthesised speech missing from the mix (must be 0)", 2),
    ("speaker_sim", "spk sim", "speaker similarity dub vs source speech", 2),
    ("speaker_sim_tts", "sim TTS", "speaker similarity of the TTS before conversion", 2),
    ("speaker_sim_conversion_gain", "conv gain", "speaker similarity conversion added to the TTS voice's", 2),
    ("f0_error_st", "F0 err st", "dub F0 median vs the speaker's, semitones", 1),
    ("lufs_diff", "ΔLU", "loudness of dub speech minus source speech", 1),
    ("true_peak_db", "TP dBTP", "true peak of the dubbed mix", 1),
    ("spectrum_distance_db", "spec dB", "1/3-octave spectrum shape distance, dub vs source speech", 1),
    ("bg_sisdr_db", "bg SI-SDR", "remix vs original where nobody speaks (capped at 60)", 1),
    ("bg_residual_db", "bg resid dB", "background energy in speech regions vs the source", 1),
)
CSS = """
body{font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:24px;color:#1b1f24;background:#fff}
h1{font-size:22px;margin:0 0 4px} h2{font-size:18px;margin:28px 0 8px;border-bottom:1px solid #d0d7de}
h3{font-size:15px;margin:18px 0 6px} .muted{color:#57606a;font-size:13px}
table{border-collapse:collapse;font-size:12px;margin:8px 0}
th,td{border:1px solid #d0d7de;padding:3px 6px;text-align:right;vertical-align:top}
th{background:#f6f8fa;cursor:pointer;user-select:none;white-space:nowrap}
th.sorted-asc::after{content:" ▲"} th.sorted-desc::after{content:" ▼"}
td.text,th.text{text-align:left} tr:nth-child(even) td{background:#fbfcfd}
.pass{color:#116329;font-weight:600} .fail{color:#b3261e;font-weight:600} .na{color:#8c959f}
.reasons{font-size:12px;color:#b3261e;text-align:left;min-width:220px;max-width:360px}
.players{display:flex;flex-wrap:wrap;gap:14px;align-items:flex-start}
.players figure{margin:0} .players figcaption{font-size:12px;color:#57606a}
img.plot{max-width:100%;border:1px solid #d0d7de;margin:6px 0}
.scroll{overflow-x:auto;max-width:100%}
.banner{background:#fff8c5;border:1px solid #d4a72c;padding:8px;margin:8px 0;font-size:13px}
code{font-size:12px}
"""
# Click a header to sort by it (numbers numerically, "-" last); click again to reverse.
SORT_JS = """
document.querySelectorAll('table.sortable').forEach(function (table) {
  var heads = table.querySelectorAll('thead th');
  heads.forEach(function (th, col) {
    th.addEventListener('click', function () {
      var asc = !th.classList.contains('sorted-asc');
      heads.forEach(function (h) { h.classList.remove('sorted-asc', 'sorted-desc'); });
      th.classList.add(asc ? 'sorted-asc' : 'sorted-desc');
      var body = table.tBodies[0];
      var rows = Array.prototype.slice.call(body.rows);
      rows.sort(function (a, b) {
        var x = a.cells[col].getAttribute('data-v'), y = b.cells[col].getAttribute('data-v');
        var nx = parseFloat(x), ny = parseFloat(y);
        var ex = x === null || x === '' || isNaN(nx), ey = y === null || y === '' || isNaN(ny);
        if (ex && ey) { return (a.cells[col].textContent).localeCompare(b.cells[col].textContent) * (asc ? 1 : -1); }
        if (ex) { return 1; } if (ey) { return -1; }
        return (nx - ny) * (asc ? 1 : -1);
      });
      rows.forEach(function (r) { body.appendChild(r); });
    });
  });
  table.setAttribute('data-sortable-ready', 'true');
});
"""


def _e(x: Any) -> str:
    return html.escape(str(x), quote=True)


def _num(v: Any, nd: int) -> tuple[str, str]:
    """(cell text, sort value) of a metric."""
    if v is None:
        return '<span class="na">-</span>', ""
    if isinstance(v, bool):
        return ("yes" if v else '<span class="fail">no</span>'), str(int(v))
    return f"{v:.{nd}f}", repr(float(v))


def _page(title: str, body: str) -> str:
    return (f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width,initial-scale=1">'
            f"<title>{_e(title)}</title><style>{CSS}</style></head>\n<body>\n{body}\n"
            f"<script>{SORT_JS}</script>\n</body></html>\n")


def _status(qc: Optional[dict]) -> tuple[str, str]:
    if not qc or not qc.get("metrics"):
        return '<span class="na">not checked</span>', "2"
    return ('<span class="pass">pass</span>', "1") if qc["pass"] else ('<span class="fail">FAIL</span>', "0")


# --------------------------------------------------------------------------- media beside the pages

def _write_pcm16(src: Path, dst: Path) -> None:
    """A 16-bit copy of a float WAV for the browser, block by block."""
    from .. import audiofile

    i = audiofile.info(src)
    with audiofile.WavWriter(dst, i.sample_rate, i.channels, dtype="int16", frames=i.frames) as w:
        for a, b in audiofile.blocks(i.frames, int(audiofile.BLOCK_S * i.sample_rate)):
            x = audiofile.read(src, a, b)
            w.write(np.round(np.clip(x, -1.0, 1.0) * 32767.0).astype(np.int16))


def _link_or_copy(src: Path, dst: Path) -> None:
    dst.parent.mkdir(parents=True, exist_ok=True)
    tmp = dst.with_name(f".{dst.name}.tmp")
    tmp.unlink(missing_ok=True)
    try:
        os.link(src, tmp)
    except OSError:
        shutil.copyfile(src, tmp)
    os.replace(tmp, dst)


def _envelope(path: Path, bins: int) -> tuple[np.ndarray, np.ndarray]:
    """Per-bin min and max of a WAV's mono downmix (``bins`` equal bins; the tail dropped)."""
    from .. import audiofile

    i = audiofile.info(path)
    per = i.frames // bins
    if per == 0:
        return np.zeros(1), np.zeros(1)
    step = max(1, int(audiofile.BLOCK_S * i.sample_rate) // per) * per
    lo, hi = [], []
    for a, b in audiofile.blocks(per * bins, step):
        x = audiofile.read(path, a, b, mono=True).reshape(-1, per)
        lo.append(x.min(axis=1))
        hi.append(x.max(axis=1))
    return np.concatenate(lo), np.concatenate(hi)


#: Most time columns a spectrogram image keeps (longer recordings average neighbouring frames).
SPECTROGRAM_COLUMNS = 4000


def _spectrogram(path: Path) -> tuple[np.ndarray, np.ndarray]:
    """(frequencies, dB image) of a WAV's mono downmix at 16 kHz, block by block."""
    from scipy.signal import spectrogram

    from .. import audiofile
    from ..dsp import resample

    i = audiofile.info(path)
    frames = max(1, i.frames * 16000 // i.sample_rate // 256)
    k = -(-frames // SPECTROGRAM_COLUMNS)  # frames averaged into one column
    if k == 1:  # one piece
        f, _, sxx = spectrogram(resample(audiofile.read(path, mono=True), i.sample_rate, 16000), 16000,
                                nperseg=512, noverlap=256)
        return f, 10 * np.log10(sxx + 1e-12)
    # blocks of a whole number of columns (256 k samples at 16 kHz each), read with one hop more
    per = 256 * k * max(1, round(audiofile.BLOCK_S * 16000 / (256 * k)))
    step, extra = per * i.sample_rate // 16000, 512 * i.sample_rate // 16000 + 1
    f, cols = np.zeros(0), []
    for a in range(0, i.frames, step):
        x = resample(audiofile.read(path, a, a + step + extra, mono=True), i.sample_rate, 16000)
        if len(x) < 512:
            break
        f, _, sxx = spectrogram(x, 16000, nperseg=512, noverlap=256)
        n = min(sxx.shape[1], per // 256) // k * k
        cols.append(sxx[:, :n].reshape(len(f), -1, k).mean(axis=2))
    return f, 10 * np.log10(np.concatenate(cols, axis=1) + 1e-12)


def _plots(record: Any, out: Path, dst_dir: Path, lang: str) -> tuple[str, str]:
    """Waveform (original / dubbed mix / dub speech, with phrase spans) and spectrogram PNGs."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from ..manifest import resolve

    tracks = {name: resolve(out, rel) for name, rel in (
        ("original", record.source_audio), ("dubbed mix", record.dubbed_audio),
        ("dub speech", record.speech_audio), ("TTS before conversion", record.tts_audio))}
    dur = record.duration
    bins = 2400
    fig, axes = plt.subplots(3, 1, figsize=(12, 5.2), sharex=True, constrained_layout=True)
    for ax, name in zip(axes, ("original", "dubbed mix", "dub speech")):
        lo, hi = _envelope(tracks[name], bins)
        ax.fill_between(np.linspace(0, dur, len(lo)), lo, hi, color="#24292f", lw=0)
        if name == "dub speech":
            tlo, thi = _envelope(tracks["TTS before conversion"], bins)
            ax.fill_between(np.linspace(0, dur, len(tlo)), tlo, thi, color="#0969da", alpha=0.35, lw=0,
                            label="TTS before conversion")
            ax.legend(loc="upper right", fontsize=8)
        for s in record.segments:
            ax.axvspan(s.source_start, s.source_end, color="#2da44e", alpha=0.15)
            ax.axvspan(s.dub_start, s.dub_end, ymin=0.0, ymax=0.08, color="#fb8500", alpha=0.9)
        ax.set_ylabel(name, fontsize=9)
        ax.set_ylim(-1, 1)
        ax.tick_params(labelsize=8)
    axes[0].set_title(f"{record.clip_id} [{lang}]  green: source phrases, orange bar: dub placements", fontsize=10)
    axes[-1].set_xlabel("seconds", fontsize=9)
    axes[-1].set_xlim(0, dur)
    wave = dst_dir / f"{lang}_waveform.png"
    fig.savefig(wave, dpi=80)
    plt.close(fig)

    fig, axes = plt.subplots(2, 1, figsize=(12, 5.2), sharex=True, constrained_layout=True)
    for ax, name in zip(axes, ("original", "dubbed mix")):
        f, image = _spectrogram(tracks[name])
        ax.imshow(image, origin="lower", aspect="auto", cmap="magma", vmin=-110, vmax=-30,
                  extent=(0.0, dur, 0.0, f[-1] / 1000), interpolation="nearest")
        ax.set_ylabel(f"{name}\nkHz", fontsize=9)
        ax.tick_params(labelsize=8)
    axes[-1].set_xlabel("seconds", fontsize=9)
    spec = dst_dir / f"{lang}_spectrogram.png"
    fig.savefig(spec, dpi=80)
    plt.close(fig)
    return wave.name, spec.name


# --------------------------------------------------------------------------- pages

def _summary_table(records: Sequence[Any]) -> str:
    head = ['<th class="text">clip</th>', '<th class="text">lang</th>', '<th class="text">QC</th>']
    head += [f'<th title="{_e(tip)}">{_e(h)}</th>' for _, h, tip, _ in COLUMNS]
    head += ['<th title="video bit-exact, audio sample-exact, language tag">container</th>',
             '<th class="text">reasons</th>']
    rows = []
    for r in records:
        m = (r.qc or {}).get("metrics", {})
        status, sv = _status(r.qc)
        cells = [f'<td class="text" data-v=""><a href="{_e(r.clip_id)}/index.html#{_e(r.language)}">{_e(r.clip_id)}</a></td>',
                 f'<td class="text" data-v="">{_e(r.language)}</td>', f'<td class="text" data-v="{sv}">{status}</td>']
        for key, _, _, nd in COLUMNS:
            text, v = _num(m.get(key), nd)
            cells.append(f'<td data-v="{v}">{text}</td>')
        text, v = _num(m.get("container_ok"), 0)
        cells.append(f'<td data-v="{v}">{text}</td>')
        reasons = "; ".join((r.qc or {}).get("reasons", []))
        cells.append(f'<td class="reasons" data-v="">{_e(reasons)}</td>')
        rows.append("<tr>" + "".join(cells) + "</tr>")
    return ('<table id="summary" class="sortable"><thead><tr>' + "".join(head) + "</tr></thead><tbody>\n"
            + "\n".join(rows) + "\n</tbody></table>")


def _aggregate_table(agg: dict[str, Any]) -> str:
    groups = list(agg)
    head = '<th class="text">metric</th>' + "".join(
        f'<th>{_e(g)} mean</th><th>{_e(g)} median</th><th>{_e(g)} p90</th>' for g in groups)
    keys = sorted({k for g in groups for k in agg[g]["metrics"]})
    rows = []
    for k in keys:
        cells = [f'<td class="text" data-v="">{_e(k)}</td>']
        for g in groups:
            s = agg[g]["metrics"].get(k, {"n": 0})
            for stat in ("mean", "median", "p90"):
                v = s.get(stat)
                cells.append(f'<td data-v="{"" if v is None else repr(v)}">{"-" if v is None else f"{v:.3g}"}</td>')
        rows.append("<tr>" + "".join(cells) + "</tr>")
    counts = " · ".join(f"{_e(g)}: {agg[g]['counts']['passed']}/{agg[g]['counts']['pairs']} pass" for g in groups)
    return (f'<p class="muted">{counts}</p><table id="aggregate" class="sortable"><thead><tr>{head}</tr></thead>'
            f"<tbody>\n" + "\n".join(rows) + "\n</tbody></table>")


def _audio(src: str, caption: str) -> str:
    return (f'<figure><figcaption>{_e(caption)}</figcaption>'
            f'<audio controls preload="none" src="{_e(src)}"></audio></figure>')


def _segment_table(record: Any, qc: Optional[dict], plan: dict) -> str:
    detail = {row["id"]: row for row in ((qc or {}).get("detail", {}).get("segments", []))}
    gains = {i: f for i, f in enumerate(plan.get("loudness", []))}
    head = ["id", "spk", "source s", "source text", "translation", "slot s", "dub s", "rate wpm", "stretch",
            "overrun s", "gain dB", "start err ms", "end err ms", "LU src", "LU dub"]
    text_cols = ("spk", "source text", "translation")
    rows = []
    for i, s in enumerate(record.segments):
        d = detail.get(s.id, {})
        g = gains.get(i, {}).get("gain_db")
        vals = [
            (str(s.id), str(s.id)), (_e(s.speaker), ""), (f"{s.source_start:.2f}–{s.source_end:.2f}", repr(s.source_start)),
            (_e(s.source_text), ""), (_e(s.text), ""), (f"{s.slot_start:.2f}–{s.slot_end:.2f}", repr(s.slot_start)),
            (f"{s.dub_start:.2f}–{s.dub_end:.2f}", repr(s.dub_start)), (f"{s.tts_rate:.0f}", repr(s.tts_rate)),
            (f"{s.stretch:.3f}", repr(s.stretch)), (f"{s.overrun:.2f}", repr(s.overrun)),
            _num(g, 1), _num(d.get("start_error_ms"), 0), _num(d.get("end_error_ms"), 0),
            _num(d.get("lufs_src"), 1), _num(d.get("lufs_dub"), 1),
        ]
        cells = []
        for j, (text, v) in enumerate(vals):
            cls = ' class="text"' if head[j] in text_cols else ""
            cells.append(f'<td{cls} data-v="{_e(v)}">{text}</td>')
        rows.append("<tr>" + "".join(cells) + "</tr>")
    ths = "".join(f'<th class="text">{_e(h)}</th>' if h in text_cols else f"<th>{_e(h)}</th>" for h in head)
    return f'<table class="sortable segments"><thead><tr>{ths}</tr></thead><tbody>\n' + "\n".join(rows) + "\n</tbody></table>"


def _metrics_table(qc: Optional[dict]) -> str:
    m = (qc or {}).get("metrics", {})
    if not m:
        return '<p class="na">not checked: run <code>dubgen qc OUT_DIR</code></p>'
    rows = "".join(f'<tr><td class="text">{_e(k)}</td><td>{_e(v)}</td></tr>' for k, v in m.items())
    return f'<table class="metrics"><tbody>{rows}</tbody></table>'


def _speaker_table(qc: Optional[dict]) -> str:
    rows = (qc or {}).get("detail", {}).get("speakers", [])
    if not rows:
        return ""
    keys = ["id", "seconds", "sim", "sim_tts", "f0_median_src", "f0_median_tts", "f0_median_dub",
            "f0_range_src", "f0_range_tts", "f0_range_dub"]
    head = "".join(f"<th>{_e(k)}</th>" for k in keys)
    body = "".join("<tr>" + "".join(f"<td>{_e('-' if r.get(k) is None else r.get(k))}</td>" for k in keys) + "</tr>"
                   for r in rows)
    return f'<table class="speakers"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'


def _stage_table(qc: Optional[dict]) -> str:
    """Back-ASR CER after each stage, what the stage cost, and what was heard."""
    from .evaluate import INTELLIGIBILITY_STAGES

    m = (qc or {}).get("metrics", {})
    texts = (qc or {}).get("detail", {}).get("texts", {})
    if m.get("cer_tts") is None and m.get("cer_mix") is None:
        return '<p class="muted">not measured (QC older than per-stage intelligibility: run dubgen qc --recompute)</p>'
    rows = []
    for stage in INTELLIGIBILITY_STAGES:
        heard = texts.get("heard" if stage == "loudness" else f"heard_{stage}", "")
        cer, cost = _num(m.get(f"cer_{stage}"), 3), _num(m.get(f"cer_cost_{stage}"), 3)
        worst = ' class="fail"' if m.get("stage_cer_worst") == stage and (m.get("stage_cer_cost_max") or 0) > 0 else ""
        rows.append(f'<tr><td class="text">{_e(stage)}</td><td data-v="{cer[1]}">{cer[0]}</td>'
                    f'<td data-v="{cost[1]}"{worst}>{cost[0]}</td><td class="text">{_e(heard)}</td></tr>')
    return ('<table class="sortable"><thead><tr><th class="text">after</th><th>CER</th><th>ΔCER</th>'
            f'<th class="text">heard</th></tr></thead><tbody>{"".join(rows)}</tbody></table>')


def _clip_page(clip_id: str, records: Sequence[Any], out: Path, dst: Path) -> str:
    from ..manifest import resolve

    first = records[0]
    clip_dir = resolve(out, first.source_audio).parent
    _write_pcm16(resolve(out, first.source_audio), dst / "original.wav")
    _write_pcm16(resolve(out, first.background_audio), dst / "background.wav")
    transcript = json.loads((clip_dir / "transcript.json").read_text(encoding="utf-8"))
    src_rows = "".join(
        f'<tr><td data-v="{s["id"]}">{s["id"]}</td><td class="text">{_e(s.get("speaker", ""))}</td>'
        f'<td data-v="{s["start"]}">{s["start"]:.2f}</td><td data-v="{s["end"]}">{s["end"]:.2f}</td>'
        f'<td class="text">{_e(s["text"])}</td></tr>' for s in transcript["segments"])
    spk = ", ".join(f"{_e(s.id)} ({s.seconds:.1f} s, F0 {s.f0_median or 0:.0f} Hz, voice {_e(s.voice)})"
                    for s in first.speakers)
    parts = [
        '<p><a href="../index.html">← all clips</a></p>',
        f"<h1>{_e(clip_id)}</h1>",
        f'<p class="muted">{_e(first.original_video)} · {first.duration:.2f} s · {first.sample_rate} Hz · '
        f"source language {_e(first.source_language)} · speakers: {spk}</p>",
        '<div class="players">', _audio("original.wav", "original"),
        _audio("background.wav", "background (separated)"), "</div>",
        "<h2>Source transcript</h2>",
        '<table class="sortable"><thead><tr><th>id</th><th class="text">spk</th><th>start</th><th>end</th>'
        f'<th class="text">text</th></tr></thead><tbody>{src_rows}</tbody></table>',
    ]
    for r in records:
        lang = r.language
        status, _ = _status(r.qc)
        plan_path = resolve(out, r.speech_audio).parent / "plan.json"
        plan = json.loads(plan_path.read_text(encoding="utf-8")) if plan_path.is_file() else {}
        _write_pcm16(resolve(out, r.dubbed_audio), dst / f"{lang}_dubbed.wav")
        _write_pcm16(resolve(out, r.speech_audio), dst / f"{lang}_speech.wav")
        _write_pcm16(resolve(out, r.tts_audio), dst / f"{lang}_tts.wav")
        video = ""
        if r.dubbed_video:
            _link_or_copy(resolve(out, r.dubbed_video), dst / f"{lang}_dubbed.mp4")
            video = (f'<figure><figcaption>dubbed video ({_e(lang)})</figcaption><video controls preload="none" '
                     f'width="360" src="{_e(lang)}_dubbed.mp4"></video></figure>')
        wave, spec = _plots(r, out, dst, lang)
        texts = (r.qc or {}).get("detail", {}).get("texts", {})
        reasons = "".join(f"<li>{_e(x)}</li>" for x in (r.qc or {}).get("reasons", []))
        parts += [
            f'<h2 id="{_e(lang)}">{_e(lang)} · recipe {_e(r.recipe)} · {status}</h2>',
            f'<ul class="reasons">{reasons}</ul>' if reasons else "",
            '<div class="players">', _audio("original.wav", "original"), _audio(f"{lang}_dubbed.wav", "dubbed mix"),
            _audio("background.wav", "background"), _audio(f"{lang}_tts.wav", "TTS before conversion"),
            _audio(f"{lang}_speech.wav", "dub speech (after conversion + loudness)"), video, "</div>",
            f'<img class="plot" alt="waveforms {_e(lang)}" src="{_e(wave)}">',
            f'<img class="plot" alt="spectrograms {_e(lang)}" src="{_e(spec)}">',
            "<h3>Segments and plan decisions</h3>", f'<div class="scroll">{_segment_table(r, r.qc, plan)}</div>',
            f'<p class="muted">cut at the clip end: {plan.get("cut_s", 0.0)} s</p>',
            "<h3>Back-transcription</h3>",
            f'<p><b>translation</b>: {_e(texts.get("reference", ""))}<br><b>heard ({_e(lang)})</b>: '
            f'{_e(texts.get("heard", ""))}<br><b>heard in the background ({_e(r.source_language)})</b>: '
            f'{_e(texts.get("leaked", ""))}</p>',
            "<h3>Intelligibility after each stage</h3>", _stage_table(r.qc),
            "<h3>Voice</h3>", _speaker_table(r.qc),
            "<h3>All metrics</h3>", _metrics_table(r.qc),
        ]
    return _page(f"dubgen QC · {clip_id}", "\n".join(p for p in parts if p))


def write_report(out: Path) -> Path:
    """Write ``out/report/index.html`` and a page per clip; returns the index path."""
    from ..io import write_text
    from ..manifest import read_failures, read_pairs
    from .aggregate import aggregate

    out = Path(out).resolve()
    pairs_path = out / "pairs.jsonl"
    if not pairs_path.is_file():
        from ..errors import DubgenError

        raise DubgenError(f"{pairs_path}: no pair manifest (run `dubgen dub INPUT --out {out}` first)")
    records = sorted(read_pairs(pairs_path), key=lambda r: (r.clip_id, r.language))
    if not records:
        from ..errors import DubgenError

        raise DubgenError(f"{pairs_path}: no pairs to report")
    rep = out / REPORT_DIR
    by_clip: dict[str, list[Any]] = defaultdict(list)
    for r in records:
        by_clip[r.clip_id].append(r)
    for clip_id, recs in by_clip.items():
        dst = rep / clip_id
        dst.mkdir(parents=True, exist_ok=True)
        write_text(dst / "index.html", _clip_page(clip_id, recs, out, dst))
    unchecked = sum(1 for r in records if not (r.qc or {}).get("metrics"))
    failures = read_failures(out / "failures.jsonl")
    body = [
        "<h1>dubgen QC report</h1>",
        f'<p class="muted">{_e(out)} · {len(records)} pairs from {len(by_clip)} clips · '
        f"{sum(1 for r in records if r.qc and r.qc.get('pass') and r.qc.get('metrics'))} pass · click a header to sort</p>",
        (f'<div class="banner">{unchecked} pairs have no QC yet: run <code>dubgen qc {_e(out)}</code></div>'
         if unchecked else ""),
        "<h2>Pairs</h2>", f'<div class="scroll">{_summary_table(records)}</div>',
        "<h2>Aggregate (mean / median / p90)</h2>", _aggregate_table(aggregate(records)),
    ]
    if failures:
        items = "".join(f"<li><b>{_e(f.clip_id)}</b> {_e(f.language or '-')} [{_e(f.stage)}]: {_e(f.error)}</li>"
                        for f in failures)
        body += ["<h2>Failed inputs</h2>", f"<ul>{items}</ul>"]
    index = rep / "index.html"
    write_text(index, _page("dubgen QC report", "\n".join(b for b in body if b)))
    return index

