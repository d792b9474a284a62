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
