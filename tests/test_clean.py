from realpolitik.ingest.clean import Cleaner

PAGE = """• USD71.20
  • EUR80.05
  • 212
Print Save as PDF +A -A
Border talks resume in Dushanbe

by Maria Example

Delegations from two neighbouring states met on Monday to discuss the frontier.

Officials inspect a checkpoint near the river, 3 May 2019. Photo: Example Agency / Pool

Both sides agreed to meet again in autumn, the statement said.

Both sides agreed to meet again in autumn

This website uses cookies to improve your visit.
Accept cookies
All rights reserved by Example Media.
К сожалению, ваш браузер устарел и не поддерживается.
Google Chrome Firefox Safari
"""


def test_boilerplate_lines_are_removed_and_sentences_kept():
    result = Cleaner().clean(PAGE)
    text = result.text
    for gone in ("USD71.20", "EUR80.05", "212", "Save as PDF", "cookies", "rights reserved", "браузер", "Firefox"):
        assert gone not in text
    assert "Delegations from two neighbouring states met on Monday" in text
    assert "Border talks resume in Dushanbe" in text
    assert result.author == "Maria Example"


def test_photo_credit_is_cut_but_caption_and_its_date_stay():
    text = Cleaner().clean(PAGE).text
    assert "Officials inspect a checkpoint near the river, 3 May 2019." in text
    assert "Example Agency" not in text


def test_pull_quote_repeating_a_sentence_is_dropped_once():
    text = Cleaner().clean(PAGE).text
    assert text.count("agreed to meet again in autumn") == 1


def test_invisible_characters_are_removed_and_paragraphs_normalised():
    text = Cleaner().clean("First\u200b line \u202eflipped\r\n\r\n\r\nSecond\tline").text
    assert text == "First line flipped\n\nSecond line"


def test_an_accent_typed_for_an_apostrophe_becomes_one():
    text = Cleaner().clean("Peru´s envoy met Chile`s minister at 5´ past; the café´ stayed.").text
    assert text == "Peru’s envoy met Chile’s minister at 5´ past; the café´ stayed."
