"""Named incidents: the knowledge file, finding mentions, and what they do to dates and events."""
import pytest

from realpolitik.core import doc_records, incident_location
from realpolitik.errors import RegistryError
from realpolitik.ingest.published import publication_date
from realpolitik.records import Document, PublicationDate
from realpolitik.resolve.incidents import IncidentIndex, default_incidents, load_incidents


def test_every_incident_names_known_actors_and_a_place_in_its_country(registry):
    incidents = default_incidents().incidents
    assert len(incidents) >= 30
    for incident in incidents:
        for name in (incident.source, incident.target):
            assert name is None or registry.lookup(name), f"{incident.name}: {name} is not in the registry"
        place = incident_location(incident)
        assert place is not None and place.country == incident.country, incident.name


def test_mentions_are_found_by_their_usual_names():
    text = "Weeks after the Beslan school siege, officials met. The fall of Kabul surprised Washington."
    found = [(m.incident.name, m.real) for m in default_incidents().find(text)]
    assert found == [("Beslan school siege", True), ("Taliban takeover of Kabul", True)]


def test_a_sentence_giving_another_year_is_about_something_else():
    assert default_incidents().find("The fall of Kabul in 1992 ended an era.") == []
    assert default_incidents().find("The fall of Kabul in August 2021 ended an era.")


def test_imagined_incidents_are_not_real():
    [mention] = default_incidents().find("Analysts asked whether a Russian invasion of Ukraine could come.")
    assert not mention.real
    [mention] = default_incidents().find("Officials feared the Beslan school siege was not the last.")
    assert not mention.real


def test_another_act_on_an_incidents_model_is_not_a_mention_of_it():
    for text in ("Officials feared another Crocus City Hall attack.", "Police planned for a repeat of Beslan.",
                 "They staged a Beslan-style siege in 2030."):
        assert default_incidents().find(text) == [], text


def test_a_broken_file_is_reported_with_its_name():
    with pytest.raises(RegistryError, match="mine.yaml"):
        load_incidents("- name: X\n  date: someday\n  patterns: ['x']\n", "mine.yaml")
    with pytest.raises(RegistryError, match="mine.yaml"):
        load_incidents("- name: X\n  date: 2020\n  patterns: ['(']\n", "mine.yaml")
    assert IncidentIndex([]).find("anything") == []


def test_an_article_naming_an_incident_was_written_after_it():
    text = "Officials met in 2019 to discuss trade.\n\nAfter the Kerman bombings, the talks resumed."
    assert publication_date(None, text).value == "2024-01"


def test_later_days_without_a_year_move_the_inferred_date_on():
    text = "Talks began in March 2023.\n\nOn April 18 the envoys met again. They will meet on June 2."
    result = publication_date(None, text)
    assert (result.value, result.precision) == ("2023-04", "month")


def _records(nlp, registry, text, published="2024-05"):
    document = Document(id="d", source="t", title="t", author=None, url=None, outlet=None, text=text,
                        published=PublicationDate(published, "month", "metadata"), language="en")
    return doc_records(document, nlp(text), registry)


def test_an_incident_named_as_an_event_gets_its_date_place_and_roles_once(nlp, registry):
    text = ("Tajikistan tightened its borders after the Crocus City Hall attack. "
            "The Crocus City Hall attack also led Russia to expel workers.")
    attacks = [e for e in _records(nlp, registry, text).events if e.type == "ASSAULT"]
    assert len(attacks) == 1
    [attack] = attacks
    assert (attack.source, attack.target, attack.date) == ("group.isis-k", "state.rus", "2024-03-22")
    assert attack.location.name == "Krasnogorsk"


def test_present_tense_speaks_of_the_time_of_writing(nlp, registry):
    text = ("In August 2021 Russia criticised Western policy in Afghanistan. "
            "Uzbekistan has promised aid to the Taliban.")
    [aid] = [e for e in _records(nlp, registry, text).events if e.source == "state.uzb"]
    assert aid.date == "2024-05"


def test_it_continues_the_subject_of_the_sentence_before(nlp, registry):
    text = ("Kazakh officials welcomed the new cabinet. While it refused to recognise the government of "
            "Afghanistan, it met Taliban envoys in Astana.")
    meetings = [e for e in _records(nlp, registry, text).events if e.type == "CONSULT"]
    assert meetings and meetings[0].source == "state.kaz"


USER_FILE = """
actors:
  - {name: Valley Front, type: armed_group, aliases: [the Front]}
incidents:
  - name: Osh market bombing
    date: 2019-05-02
    place: Osh
    country: KGZ
    type: ASSAULT
    source: Valley Front
    target: Kyrgyzstan
    patterns: ['osh market bombing']
"""


def test_a_users_registry_file_adds_incidents_to_every_reading(tmp_path):
    from realpolitik import Realpolitik, Settings

    actors = tmp_path / "mine.yaml"
    actors.write_text(USER_FILE, encoding="utf-8")
    article = tmp_path / "a.txt"
    article.write_text("Markets reopen\n\nKyrgyzstan tightened checks on the southern roads after the "
                       "Osh market bombing. Traders said business was slow.", encoding="utf-8")
    corpus = Realpolitik(Settings(db=str(tmp_path / "c.db"), actor_files=[actors]))
    corpus.ingest([article])
    [document] = [row for row in corpus.records() if row["kind"] == "document"]
    assert document["published"] == "2019-05"  # written after the incident it names
    attack = next(r for r in corpus.records() if r["kind"] == "event" and r["type"] == "ASSAULT")
    assert (attack["date"], attack["location"]["name"], attack["target"]) == ("2019-05-02", "Osh", "state.kgz")
    assert attack["source"] == load_registry_with(actors).lookup("Valley Front")
    assert default_incidents().find("after the Osh market bombing") == []  # the bundled index is untouched


def load_registry_with(path):
    from realpolitik.resolve.registry import load_registry

    return load_registry((path,))


def test_a_bad_incident_in_a_users_file_names_the_file(tmp_path):
    from realpolitik.resolve.registry import load_registry

    broken = tmp_path / "mine.yaml"
    broken.write_text("actors: []\nincidents:\n  - {name: Nameless, patterns: ['x']}\n", encoding="utf-8")
    with pytest.raises(RegistryError, match="mine.yaml.*needs a name, a date and patterns"):
        load_registry((broken,))


def test_an_incident_named_in_a_sentence_without_actors_is_still_its_event(nlp, registry):
    for text in ("Trade slowed after the Crocus City Hall attack.",
                 "Ticket sales had not recovered a year after the Crocus City Hall attack."):
        [attack] = [e for e in _records(nlp, registry, text).events if e.type == "ASSAULT"]
        assert (attack.source, attack.target, attack.date, attack.modality) == \
            ("group.isis-k", "state.rus", "2024-03-22", "asserted")
    assert not [e for e in _records(nlp, registry, "Officials fear the risk of a Crocus City Hall attack "
                                                   "at other venues.").events if e.type == "ASSAULT"]
    assert not [e for e in _records(nlp, registry, "Russian officials feared another Crocus City Hall attack.").events
                if e.type == "ASSAULT" and e.modality != "hypothetical"]


def test_an_incident_carried_out_is_the_incident_and_the_court_is_not_its_doer(nlp, registry):
    text = "A Moscow court charged four men with having carried out the Crocus City Hall attack."
    [attack] = [e for e in _records(nlp, registry, text).events if e.type == "ASSAULT"]
    assert (attack.source, attack.target, attack.date) == ("group.isis-k", "state.rus", "2024-03-22")


def test_a_users_incidents_given_again_are_kept_once(tmp_path):
    from realpolitik.resolve.registry import load_registry

    actors = tmp_path / "mine.yaml"
    actors.write_text(USER_FILE, encoding="utf-8")
    registry = load_registry((actors,), ((str(actors), USER_FILE),))  # remembered by the store, and given again
    assert [i.name for i in registry.user_incidents] == ["Osh market bombing"]
