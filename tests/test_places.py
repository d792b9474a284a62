"""The gazetteer and the place finder, on names and short sentences we wrote."""
from __future__ import annotations

import pytest

from realpolitik.errors import InputError
from realpolitik.records import Location
from realpolitik.resolve.places import (
    Gazetteer, PlaceCandidate, context_countries, default_gazetteer, find_places, key, load_curated, skeleton,
)


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return default_gazetteer()


@pytest.fixture(scope="module")
def pipeline():
    from realpolitik.nlp.pipeline import build_pipeline
    from realpolitik.resolve.registry import load_registry

    return build_pipeline("en_core_web_sm", load_registry())


@pytest.fixture(scope="module")
def places(pipeline):
    """The places of a text we wrote, by surface: {text: Location | None}."""
    def read(text: str) -> dict[str, Location | None]:
        doc = pipeline(text)
        return {p.text: p.location for p in find_places(doc, doc._.actor_mentions)}
    return read


def near(location: Location | None, lat: float, lon: float, tolerance: float = 0.6) -> bool:
    return location is not None and abs(location.lat - lat) <= tolerance and abs(location.lon - lon) <= tolerance


# --- the gazetteer ---------------------------------------------------------------------------------

@pytest.mark.parametrize("name, lat, lon", [
    ("Nangarhar", 34.2, 70.4), ("Kunar", 34.9, 71.1), ("Badakhshan", 36.8, 71.4),
    ("Balkh", 36.8, 66.9), ("Faryab", 35.9, 64.6), ("Helmand", 31.0, 64.0),
])
def test_afghan_provinces(gazetteer, name, lat, lon):
    found = gazetteer.lookup(name)
    assert (found.country, found.kind) == ("AFG", "admin1")
    assert near(found, lat, lon, tolerance=1.0)


def test_a_designator_names_the_kind(gazetteer):
    for text in ("Helmand Province", "helmand province", "Province of Helmand"):
        assert (gazetteer.lookup(text).name, gazetteer.lookup(text).kind) == ("Helmand", "admin1")
    assert gazetteer.lookup("Kunduz").kind == "city"  # the provincial capital
    assert gazetteer.lookup("Kunduz Province").kind == "admin1"
    assert gazetteer.lookup("Kunduz city").kind == "city"
    assert gazetteer.lookup("Volgograd Oblast").kind == "admin1"


@pytest.mark.parametrize("name, context, country, lat, lon", [
    ("Kunduz", (), "AFG", 36.73, 68.86),
    ("Sochi", (), "RUS", 43.60, 39.72),
    ("Vahdat", (), "TJK", 38.56, 69.01),
    ("Kant", ("KGZ",), "KGZ", 42.89, 74.85),
    ("Dushanbe", (), "TJK", 38.54, 68.78),
    ("Mazar-i-Sharif", (), "AFG", 36.71, 67.11),
    ("Mazar-e Sharif", (), "AFG", 36.71, 67.11),
    ("Moscow", (), "RUS", 55.75, 37.62),
])
def test_towns(gazetteer, name, context, country, lat, lon):
    found = gazetteer.lookup(name, context)
    assert (found.country, found.kind) == (country, "city")
    assert near(found, lat, lon)


def test_folding_and_transliteration(gazetteer):
    kunduz = gazetteer.lookup("Kunduz")
    for variant in ("KUNDUZ", "kunduz", "Kundūz", "Qunduz", "Kunduz's"):
        assert gazetteer.lookup(variant) == kunduz, variant
    assert gazetteer.lookup("Mazari Sharif") == gazetteer.lookup("Mazar-i-Sharif")
    assert gazetteer.lookup("Uruzgan") == gazetteer.lookup("Oruzgan") == gazetteer.lookup("Urozgan")
    assert key("Mazar-i-Sharif") == key("Mazari Sharif") == "mazarisharif"
    assert skeleton("Kharb-Maydon") == skeleton("Kharb Maidon")


def test_the_context_chooses_between_namesakes(gazetteer):
    """Asadabad is the capital of Kunar in Afghanistan and a town in Iran's Hamadan province."""
    in_afghanistan = gazetteer.lookup("Asadabad", ["AFG"])
    in_iran = gazetteer.lookup("Asadabad", ["IRN"])
    assert (in_afghanistan.country, in_iran.country) == ("AFG", "IRN")
    assert near(in_afghanistan, 34.87, 71.15) and near(in_iran, 34.78, 48.12)
    assert {loc.country for loc in gazetteer.candidates("Asadabad")} >= {"AFG", "IRN"}
    # a town of some twenty thousand in the context does not take the name of a city ten times larger
    assert gazetteer.lookup("Moscow", ["USA"]).country == "RUS"


def test_curated_sites(gazetteer):
    site = gazetteer.lookup("Kharb-Maidon")
    assert (site.name, site.country, site.kind) == ("Kharb-Maidon training ground", "TJK", "site")
    for variant in ("Kharb-Maydon", "Harb-Maidon", "Harbmaidon", "kharb maidon range"):
        assert gazetteer.lookup(variant) == site, variant
    base = gazetteer.lookup("Kant air base")
    assert (base.country, base.kind) == ("KGZ", "site") and near(base, 42.85, 74.85, tolerance=0.05)
    assert gazetteer.lookup("Kant", ["KGZ"]).kind == "city"  # the town keeps its own name


def test_curated_province_aliases(gazetteer):
    chechnya = gazetteer.lookup("Chechnya")
    assert (chechnya.name, chechnya.country, chechnya.kind) == ("Chechnya", "RUS", "admin1")
    assert gazetteer.lookup("Chechen Republic") == chechnya


def test_countries(gazetteer):
    syria = gazetteer.lookup("Syria")
    assert (syria.name, syria.country, syria.kind) == ("Syria", "SYR", "country")
    assert near(syria, 35.0, 38.0, tolerance=2.0)
    assert gazetteer.lookup("Russian Federation") == gazetteer.lookup("Russia") == gazetteer.country("rus")
    assert gazetteer.country("AFG").kind == "country"
    assert gazetteer.country("XYZ") is None


@pytest.mark.parametrize("name", ["", "  ", "Zz", "Blorvania Heights", "Crocus City Hall",
                                  "Vladimir Putin", "Zamir Kabulov", "Taliban", "Islamic State", "Kremlin"])
def test_unknown_names_people_and_groups_are_not_places(gazetteer, name):
    assert gazetteer.lookup(name) is None
    assert not gazetteer.is_place(name)


def test_lookups_return_fresh_records(gazetteer):
    first = gazetteer.lookup("Kunduz")
    first.name = "changed"
    assert gazetteer.lookup("Kunduz").name == "Kunduz"


# --- building, caching, curated files ---------------------------------------------------------------

def test_built_lazily_and_cached_between_processes(tmp_path):
    built = Gazetteer(cache_dir=tmp_path)
    assert built.load_seconds is None  # nothing read before the first lookup
    assert built.lookup("Nangarhar").kind == "admin1"
    assert built.loaded_from == "packages"
    assert list(tmp_path.glob("gazetteer-*.marshal"))
    again = Gazetteer(cache_dir=tmp_path)
    assert again.lookup("Nangarhar") == built.lookup("Nangarhar")
    assert again.loaded_from == "cache" and again.load_seconds < 1.0
    assert again.lookup("Kharb-Maydon") == built.lookup("Kharb-Maydon")
    assert len(again) == len(built)


def test_curated_files_are_checked(tmp_path):
    good = tmp_path / "good.yaml"
    good.write_text("places:\n  - {name: Test Range, variants: [Testing Ground], country: tjk, lat: 38.5, lon: 68.8}\n"
                    "aliases:\n  - {of: Khatlon, country: TJK, variants: [Khatlon Oblast]}\n", encoding="utf-8")
    places, aliases = load_curated(good)
    assert places[0]["country"] == "TJK" and places[0]["kind"] == "site"
    assert aliases[0]["of"] == "Khatlon"
    for body in ("places:\n  - {name: X, country: ZZZ, lat: 1, lon: 1}\n",
                 "places:\n  - {name: X, country: TJK, lat: 100, lon: 1}\n",
                 "places:\n  - {name: X, country: TJK, lat: 1, lon: 1, kind: planet}\n",
                 "places: [\n"):
        bad = tmp_path / "bad.yaml"
        bad.write_text(body, encoding="utf-8")
        with pytest.raises(InputError):
            load_curated(bad)


# --- places in parsed documents ---------------------------------------------------------------------

def test_context_countries_come_from_state_mentions():
    class M:
        def __init__(self, actor):
            self.actor = actor
    assert context_countries([M("state.afg"), M("group.taliban"), M("state.tjk"), M(None)]) == {"AFG", "TJK"}


def test_provinces_and_towns_in_a_sentence(places):
    found = places("Taliban units overran police posts in Kunduz and Nangarhar on Monday.")
    assert (found["Kunduz"].country, found["Kunduz"].kind) == ("AFG", "city")
    assert (found["Nangarhar"].country, found["Nangarhar"].kind) == ("AFG", "admin1")
    assert "Taliban" not in found


def test_a_country_used_as_a_place_but_not_as_an_actor(places):
    found = places("Russia moved more troops to its bases in Tajikistan.")
    assert found["Tajikistan"] == Location("Tajikistan", "TJK", found["Tajikistan"].lat, found["Tajikistan"].lon, "country")
    assert "Russia" not in found  # the actor, not a place
    assert places("The Kremlin said the talks would resume next week.") == {}


def test_a_capital_after_a_preposition_is_a_place(places):
    found = places("Moscow said its envoy would fly to Kabul.")
    assert found["Kabul"].country == "AFG"
    assert "Moscow" not in found


def test_the_mentioned_states_disambiguate(places):
    assert places("Iranian officials said a bomb went off in Asadabad.")["Asadabad"].country == "IRN"
    assert places("Afghan officials said a bomb went off in Asadabad.")["Asadabad"].country == "AFG"
    found = places("Kyrgyz and Russian jets flew drills near Kant.")
    assert found["Kant"].country == "KGZ"


def test_sites_the_ner_misses_or_cuts_short(places):
    found = places("Tajik and Russian units rehearsed at the Kharb-Maidon range close to the Afghan border.")
    assert found["Kharb-Maidon range"].kind == "site" and found["Kharb-Maidon range"].country == "TJK"
    found = places("Su-25 jets returned to the Kant air base on Tuesday.")
    assert found["Kant air base"].name == "Kant Air Base"


def test_people_and_groups_are_never_places(places):
    found = places("Florence Parly met Tajik officials in Dushanbe.")
    assert set(found) == {"Dushanbe"}
    found = places("The Islamic Movement of Uzbekistan claimed the raid near Kunduz.")
    assert set(found) == {"Kunduz"}


def test_place_candidates_point_into_the_text(pipeline):
    text = "Fighting spread from Badakhshan into Tajikistan overnight.\n\nTalks opened in Sochi."
    doc = pipeline(text)
    found = find_places(doc, doc._.actor_mentions)
    assert all(isinstance(p, PlaceCandidate) for p in found)
    assert [p.text for p in found] == ["Badakhshan", "Tajikistan", "Sochi"]
    for place in found:
        assert text[place.start:place.end] == place.text
        assert place.sentence[0] <= place.start < place.end <= place.sentence[1]
    assert found[0].sentence == found[1].sentence != found[2].sentence
