from dubgen.subtitles import LINE_CHARS, split_cues, to_srt, wrap_cue

LONG = ("No inverno, as rúas son tranquilas, e a xente camiña devagar polas prazas da cidade vella "
        "mentres cae a chuvia fina sobre os tellados, e ninguén ten présa.")


def test_long_phrases_become_cues_of_two_lines_with_every_word_in_order():
    cues = wrap_cue(LONG)
    assert len(cues) == 2
    assert all(len(c.splitlines()) <= 2 and max(map(len, c.splitlines())) <= LINE_CHARS for c in cues)
    assert " ".join(" ".join(c.splitlines()) for c in cues) == LONG


def test_two_lines_are_balanced_and_break_after_a_clause():
    text = "Esto es Diane en Nueva Jersey, y hoy hablamos del tiempo."
    assert wrap_cue(text) == ["Esto es Diane en Nueva Jersey,\ny hoy hablamos del tiempo."]
    assert wrap_cue("Hola.") == ["Hola."]


def test_cut_cues_share_the_phrase_time_by_characters_and_keep_its_ends():
    timed = split_cues([(2.0, 10.0, LONG), (10.5, 11.0, "Sí.")])
    assert [t[0] for t in timed][0] == 2.0 and timed[1][1] == 10.0 and timed[0][1] == timed[1][0]
    assert 5.0 < timed[0][1] < 7.0 and timed[2] == (10.5, 11.0, "Sí.")
    srt = to_srt([(2.0, 10.0, LONG)])
    assert srt.startswith("1\n00:00:02,000 --> 00:00:0") and "\n\n2\n" in srt


def test_a_word_longer_than_a_line_keeps_a_line_of_its_own():
    word = "x" * (LINE_CHARS + 8)
    assert wrap_cue(f"{word} y más") == [word, "y más"]
