"""The quote extractor on short texts we wrote."""
import pytest

import realpolitik.extract.quotes  # noqa: F401  (registers the component)
from realpolitik.extract.quotes import (QuoteCandidate, find_regions, is_claim, is_denial, is_question_line,
                                        lexicon, paragraphs, quotes_to_records, speaks_first_person)
from realpolitik.nlp.pipeline import build_pipeline
from realpolitik.records import Quote, Span, stable_id
from realpolitik.resolve.registry import load_registry


@pytest.fixture(scope="module")
def nlp():
    pipeline = build_pipeline("en_core_web_sm", load_registry())
    if "realpolitik_quotes" not in pipeline.pipe_names:
        pipeline.add_pipe("realpolitik_quotes", last=True)
    return pipeline


@pytest.fixture(scope="module")
def quotes(nlp):
    def read(text: str):
        doc = nlp(text)
        for quote in doc._.quotes:
            assert isinstance(quote, QuoteCandidate)
            assert 0 <= quote.start < quote.end <= len(text)
            assert quote.sentence[0] <= quote.start and quote.end <= quote.sentence[1]
        return doc._.quotes
    return read


def only(found, kind=None, contains=None):
    hits = [q for q in found if (kind is None or q.kind == kind) and (contains is None or contains in q.text)]
    assert len(hits) == 1, [(q.kind, q.text) for q in found]
    return hits[0]


# --- direct quotes ---------------------------------------------------------------------------------

def test_curly_quote_with_attribution_after(quotes):
    text = "“The border is closed for now,” Rustam Nazarov said on Monday."
    quote = only(quotes(text), "direct")
    assert quote.text == "The border is closed for now"
    assert text[quote.start:quote.end] == quote.text
    assert quote.speaker == "person.rustam-nazarov"
    assert quote.cue == "say"


def test_straight_quote_with_inverted_attribution(quotes):
    quote = only(quotes('"We will not retreat from the valley," said Farid Haidari, a local commander.'), "direct")
    assert quote.text == "We will not retreat from the valley"
    assert quote.speaker == "person.farid-haidari"


def test_attribution_before_the_quote_and_after_a_colon(quotes):
    found = quotes("Russia's ambassador, Andrei Belov, said Moscow would send more troops. "
                   "\"We are ready,\" Belov said. He added: \"The base will be expanded.\"")
    assert only(found, "direct", "ready").speaker == "person.andrei-belov"
    added = only(found, "direct", "expanded")
    assert added.speaker == "person.andrei-belov" and added.cue == "add"


def test_quote_runs_over_sentences_and_paragraphs(quotes):
    text = ("Dilnoza Karimova, a researcher at a Tashkent think tank, spoke to us last week.\n\n"
            "“The drought is the real danger. Water will decide everything.\n\n"
            "“Nobody in the capital wants to admit it.”")
    quote = only(quotes(text), "direct")
    assert quote.text.startswith("The drought is the real danger. Water")
    assert quote.text.endswith("Nobody in the capital wants to admit it.")
    assert "“" not in quote.text  # the mark that reopens the quote in the next paragraph is dropped
    assert text[quote.end:] == "”"
    assert quote.speaker == "person.dilnoza-karimova"


def test_unclosed_quote_ends_where_the_next_one_opens(quotes):
    found = quotes("Mikhail Orlov said the plan was “dead on arrival. “We will not sign it,” he told reporters.")
    assert only(found, "partial").text == "dead on arrival."
    signed = only(found, "direct")
    assert signed.text == "We will not sign it"
    assert signed.speaker == "person.mikhail-orlov" and signed.cue == "tell"


def test_typewriter_double_marks_close_a_quote(quotes):
    text = "“The convoy will leave at dawn,’’ Rustam Nazarov said. ‘‘We are ready,’’ he added."
    found = quotes(text)
    dawn = only(found, "direct", "dawn")
    assert dawn.text == "The convoy will leave at dawn"
    assert dawn.speaker == "person.rustam-nazarov" and dawn.cue == "say"
    ready = only(found, "direct", "ready")
    assert ready.text == "We are ready" and ready.speaker == "person.rustam-nazarov"


# --- speakers introduced before the quote ------------------------------------------------------------

def test_quote_paragraph_takes_the_speaker_of_the_claim_before(quotes):
    found = quotes("Marat Ospanov, an analyst at the Almaty institute, claims the danger is being overstated.\n\n"
                   "“There are few fighters left in the north.”")
    quote = only(found, "direct")
    assert quote.speaker == "person.marat-ospanov"
    assert quote.cue is None


def test_following_to_say_and_continuing_paragraphs_until_a_new_person(quotes):
    found = quotes("Timur Rakhimov, a professor in Bishkek, had the following to say:\n\n"
                   "“The smugglers have moved east.”\n\n"
                   "“They now use the mountain passes.”\n\n"
                   "Later we spoke to Deputy Minister Aziz Nurmatov, who disagreed.\n\n"
                   "“Nothing has changed on the ground.”")
    assert only(found, "direct", "smugglers").speaker == "person.timur-rakhimov"
    assert only(found, "direct", "mountain passes").speaker == "person.timur-rakhimov"
    assert only(found, "direct", "Nothing has changed").speaker == "person.aziz-nurmatov"


def test_interview_question_line_is_not_a_quote_and_not_a_speaker(quotes):
    text = ("Pavel Sidorov, a retired colonel, gave us a long interview.\n\n"
            "“Our troops are ready. The garrison has new equipment.”\n\n"
            "— Does Vladimir Putin share your view of the threat?\n\n"
            "“The president is well informed. I will not speak for him.”")
    found = quotes(text)
    assert not any("share your view" in q.text for q in found)
    assert [q.speaker for q in found if q.kind == "direct"] == ["person.pavel-sidorov"] * 2


def test_interview_speaker_introduced_paragraphs_earlier(quotes):
    found = quotes("Farid Haidari is a veteran of three campaigns in the north.\n\n"
                   "The valley has changed hands four times since the spring.\n\n"
                   "Supplies arrive once a month, when the road is open.\n\n"
                   "— What happens after the withdrawal?\n\n"
                   "“Nobody knows. The army will have to fight alone.”")
    quote = only(found, "direct")
    assert quote.text.startswith("Nobody knows")
    assert quote.speaker == "person.farid-haidari"


def test_unquoted_interview_answer_after_a_question_line(quotes):
    found = quotes("Farid Haidari gave an interview to a local radio station.\n\n"
                   "— What happens after the withdrawal?\n\n"
                   "Nobody knows. The army will have to fight alone.")
    quote = only(found, "direct")
    assert quote.text == "Nobody knows. The army will have to fight alone."
    assert quote.speaker == "person.farid-haidari"


# --- partial quotes --------------------------------------------------------------------------------

def test_partial_quote_inside_reported_speech(quotes):
    text = "Sergei Lavrov said the two governments “fully share” concerns about the border."
    quote = only(quotes(text), "partial")
    assert quote.text == "fully share"
    assert text[quote.start:quote.end] == "fully share"
    assert quote.speaker == "person.sergei-lavrov"


def test_partial_quote_under_a_verb_of_praise(quotes):
    quote = only(quotes("Olga Smirnova, an expert at a Moscow institute, praised the deal for "
                        "“removing old barriers” between the two states."), "partial")
    assert quote.text == "removing old barriers"
    assert quote.speaker == "person.olga-smirnova" and quote.cue == "praise"


def test_partial_quote_under_according_to(quotes):
    found = quotes("According to Farid Haidari, the valley “belongs to nobody” and never will.")
    partial = only(found, "partial")
    assert partial.text == "belongs to nobody"
    assert partial.speaker == "person.farid-haidari" and partial.cue == "according to"
    assert only(found, "indirect").text == "the valley “belongs to nobody” and never will"


def test_scare_quotes_are_not_quotes(quotes):
    assert quotes("The so-called “peace plan” was shelved and the “new approach” failed.") == []


def test_quote_after_an_organisation_took_the_floor(quotes):
    quote = only(quotes("The Kazakh foreign ministry issued a statement on Monday.\n\n"
                        "“We call on all sides to show restraint.”"), "direct")
    assert quote.speaker == "state.kaz"


# --- statements without quote marks ----------------------------------------------------------------

def test_colon_statement_in_the_first_person(quotes):
    text = ("The Taliban, in a reply, denied that its fighters had crossed the river:\n\n"
            "Reports about an incursion appeared in several newspapers last week.\n\n"
            "Our fighters remain inside Afghanistan and we respect our neighbours.\n\n"
            "We have no plans to move north.\n\n"
            "Officials in Dushanbe have not commented on the statement.")
    found = quotes(text)
    statement = only(found, "statement")
    assert statement.speaker == "group.taliban" and statement.cue == "deny"
    assert statement.text.startswith("Reports about an incursion")
    assert statement.text.endswith("We have no plans to move north.")
    assert "Officials in Dushanbe" not in statement.text
    assert text[statement.start:statement.end] == statement.text
    denial = only(found, "indirect")
    assert denial.text == "its fighters had crossed the river" and denial.speaker == "group.taliban"


def test_first_person_reading_keeps_the_country_apart():
    assert speaks_first_person("Our position is clear.")
    assert speaks_first_person("They told us nothing.")
    assert not speaks_first_person("The US position is clear.")


# --- indirect speech -------------------------------------------------------------------------------

def test_said_that_and_according_to(quotes):
    found = quotes("Rustam Nazarov said that the talks would resume in May. "
                   "According to Farid Haidari, the road will reopen next week.")
    said = only(found, "indirect", "talks")
    assert said.text == "the talks would resume in May"
    assert said.speaker == "person.rustam-nazarov" and said.cue == "say"
    according = only(found, "indirect", "road")
    assert according.text == "the road will reopen next week"
    assert according.speaker == "person.farid-haidari" and according.cue == "according to"


def test_reported_speech_of_nobody_known_is_left_out(quotes):
    assert quotes("Some observers say the valley will fall before the winter.") == []


# --- organisations, documents and pronouns -----------------------------------------------------------

def test_document_and_media_speakers(quotes):
    found = quotes("The talks ended without a deal. “The region faces a humanitarian emergency,” the UN report "
                   "said. “Aid must reach the valleys before winter,” wrote Asia Plus in an editorial.")
    assert only(found, "direct", "emergency").speaker == "org.united-nations"
    media = only(found, "direct", "valleys")
    assert media.speaker == "org.asia-plus" and media.cue == "write"


def test_the_report_is_the_latest_organisation(quotes):
    quote = only(quotes("The CSTO published its annual review on Tuesday. "
                        "“Militant activity near the border has doubled,” the report said."), "direct")
    assert quote.speaker == "org.csto"


def test_pronoun_speakers_are_the_latest_person(quotes):
    found = quotes("Deputy Minister Kamila Yusupova met the delegation on Friday. "
                   "“We expect progress,” she said. “The next round will be decisive,” she added.")
    assert [(q.speaker, q.cue) for q in found] == [("person.kamila-yusupova", "say"),
                                                   ("person.kamila-yusupova", "add")]


def test_pronoun_prefers_the_subject_over_a_later_person(quotes):
    quote = only(quotes("General Pavel Sidorov met his counterpart Igor Volkov in Dushanbe. "
                        "“The threat comes from the south,” he said."), "direct")
    assert quote.speaker == "person.pavel-sidorov"


def test_surname_alone_is_the_person_named_in_full_before(nlp):
    from realpolitik.extract.quotes import _Reader

    text = ("Navy spokesman Obaid Sareh said the raid was over. Two boats were held.\n\n"
            "The attacks “will go on until the blockade ends,” Sareh said.")
    doc = nlp(text)
    # the case of a surname the actor finder did not catch: the quote still finds its speaker
    doc._.actor_mentions = [m for m in doc._.actor_mentions if m.text != "Sareh"]
    quote = only(_Reader(doc).read(), "partial")
    assert quote.speaker == "person.obaid-sareh"


def test_title_stands_for_the_person_it_was_given(quotes):
    found = quotes("Polish President Marek Nowak met Czech President Jan Dvorak in Warsaw on Monday.\n\n"
                   "“We stand together,” the Polish president said.\n\n"
                   "“Our borders are safe,” the Czech president added.\n\n"
                   "“Nothing will change,” the president said.")
    assert only(found, "direct", "together").speaker == "person.marek-nowak"
    assert only(found, "direct", "borders").speaker == "person.jan-dvorak"
    assert only(found, "direct", "Nothing").speaker is None  # two presidents: no telling which


def test_demonym_alone_finds_the_one_person_of_that_country(quotes):
    found = quotes("Emmanuel Macron and Andrzej Duda toured the port on Friday.\n\n"
                   "“The grain must move,” the Polish president said.\n\n"
                   "“Trade will resume,” the Polish minister said.")
    assert only(found, "direct", "grain").speaker == "person.andrzej-duda"
    assert only(found, "direct", "Trade").speaker is None  # a minister the text never named


def test_pronoun_after_a_quote_of_two_sentences_finds_the_titled_subject(quotes):
    found = quotes("Venezuelan President Luis Ortega addressed a rally on Sunday.\n\n"
                   "Having praised Carlos Mena, the Venezuelan president said he would not resign.\n\n"
                   "“I am staying. I have work to do,” he said.")
    assert only(found, "direct").speaker == "person.luis-ortega"


@pytest.mark.parametrize("lead, speaker", [
    # a ministry or court speaks for its state
    ("Oman said on Monday it had brokered a truce. The Foreign Ministry in Oman posted the terms online.",
     "the ministry"),
    # "the post" is the body that spoke last
    ("Oman said on Monday it had brokered a truce between the two sides. "
     "The militia agreed to free prisoners, Oman added.", "the post"),
])
def test_a_body_named_by_what_it_is_speaks_for_its_state(quotes, lead, speaker):
    found = quotes(f"{lead}\n\n“Prisoners will be freed in two rounds,” {speaker} said.")
    assert only(found, "direct").speaker == "state.omn"


def test_he_added_goes_on_from_the_speaker_not_the_interviewer(quotes):
    found = quotes("Defence Minister Ali Khan spoke to the radio on Sunday.\n\n"
                   "“There is no trust left,” Khan said.\n\n"
                   "The station's reporter Tom Fisher asked whether the fighting would go on.\n\n"
                   "He added: “We will defend every village.”")
    added = only(found, "direct", "village")
    assert added.speaker == "person.ali-khan" and added.cue == "add"


def test_a_ministry_named_by_its_demonym_is_the_state(quotes):
    found = quotes("Afghanistan closed the road on Monday.\n\n"
                   "“The attack was repelled,” the Afghan interior ministry said in a statement.")
    assert only(found, "direct").speaker == "state.afg"


def test_pronoun_of_an_unnamed_spokeswoman_is_her_body(quotes):
    found = quotes("A Russian foreign ministry spokeswoman said the talks had been useful. "
                   "“The sides agreed to meet again,” she said.")
    assert only(found, "direct").speaker == "state.rus"


def test_pronoun_of_an_unnamed_official_is_nobody_known(quotes):
    found = quotes("Ali Khan visited the base on Monday. A local official said the road was closed. "
                   "“Nobody can pass,” he said.")
    assert only(found, "direct").speaker is None  # never Ali Khan


def test_an_agency_with_a_name_of_its_own_is_not_its_country(quotes):
    found = quotes("Iran's Mehr news agency said the drones “came from the north”.")
    assert only(found, "partial").speaker is None


def test_the_ministry_is_the_state_whose_ministry_was_named_before(quotes):
    found = quotes("Kazakhstan's foreign ministry summoned the envoy on Tuesday.\n\n"
                   "“Such actions are unacceptable,” the ministry said in a statement.\n\n"
                   "“We expect an apology,” a ministry spokesman said.")
    assert only(found, "direct", "unacceptable").speaker == "state.kaz"
    assert only(found, "direct", "apology").speaker == "state.kaz"


def test_the_ministry_of_two_states_is_nobody(quotes):
    found = quotes("Kazakhstan's foreign ministry and Uzbekistan's foreign ministry met on Tuesday.\n\n"
                   "“Such actions are unacceptable,” the ministry said in a statement.")
    assert only(found, "direct").speaker is None


# --- pieces and records ----------------------------------------------------------------------------

def test_paragraphs_regions_and_question_lines():
    text = "Intro line.\n\n“One.\n\n“Two.” Then «three» and \"four\".\n\n  \n\nLast 12\" pipe."
    paras = paragraphs(text)
    assert [text[s:e] for s, e in paras] == ["Intro line.", "“One.", "“Two.” Then «three» and \"four\".",
                                             "Last 12\" pipe."]
    regions = find_regions(text, paras)
    assert [text[r.start:r.end] for r in regions] == ["One.\n\n“Two.", "three", "four"]
    assert is_question_line("— Will the base stay open?")
    assert not is_question_line("— The base stays open.")
    assert not is_question_line("-10 degrees or colder?")


def test_lexicon_flags():
    verbs = lexicon()["verbs"]
    assert {"say", "tell", "add", "claim", "state", "warn", "write", "note", "argue", "insist", "deny",
            "announce"} <= set(verbs)
    assert is_claim("claim") and is_claim("insist") and not is_claim("say")
    assert is_denial("deny") and not is_denial("say")


def test_records_have_stable_ids_and_spans():
    candidates = [QuoteCandidate(10, 30, "the talks would resume", "person.rustam-nazarov", "indirect", "say",
                                 (0, 40)),
                  QuoteCandidate(50, 70, "We are ready", None, "direct", None, (45, 75)),
                  QuoteCandidate(50, 70, "We are ready", None, "direct", None, (45, 75))]
    records = quotes_to_records(candidates, "doc1", "2021-07")
    assert len(records) == 2
    assert records[0] == Quote(id=stable_id("doc1", 10, 30), span=Span("doc1", 10, 30),
                               speaker="person.rustam-nazarov", text="the talks would resume", date="2021-07",
                               kind="indirect")
    assert records[1].speaker is None and records[1].kind == "direct"
    assert [r.id for r in quotes_to_records(candidates, "doc1", None)] == [r.id for r in records]


def test_empty_and_quote_free_documents(nlp):
    assert nlp("")._.quotes == []
    assert nlp("Tajikistan and Russia held joint drills near the border.")._.quotes == []



def test_the_role_noun_goes_back_to_the_unnamed_speaker_the_story_introduced(quotes):
    found = quotes("Kenyan officials and the rebels will meet in Mombasa on Friday, a Kenyan delegate to the "
                   "talks told reporters.\n\n“The meeting will start at noon,” the negotiator said.")
    assert only(found, "direct", "noon").speaker == "state.ken"
    # two unnamed speakers of different states introduced with other nouns: the role noun is no one's
    found = quotes("A Kenyan diplomat said the talks were off. A Ugandan aide said they were on.\n\n"
                   "“Nothing is settled,” the negotiator said.")
    assert only(found, "direct", "settled").speaker is None


def test_a_phrase_quoted_in_a_paragraph_of_one_speaker_is_that_speakers(quotes):
    found = quotes("Ali Khan met the envoy on Monday.\n\nThe two men “reviewed the fight against smuggling.” "
                   "“Our border guards will work together,” Khan said.")
    assert only(found, "partial", "smuggling").speaker == "person.ali-khan"
    alone = quotes("Ali Khan met the envoy on Monday.\n\nThe talks were “frank and open”, reporters were told.")
    assert not [q for q in alone if "frank" in q.text and q.speaker]


def test_a_dateline_is_no_part_of_a_reported_statement(quotes):
    found = quotes("TOKYO (Kyodo) — North Korea fired two missiles on Friday, Japan's defense ministry said.")
    assert all(not q.text.startswith("TOKYO") for q in found)
    assert only(found, "indirect", "missiles").text.startswith("North Korea")
