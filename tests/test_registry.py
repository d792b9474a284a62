import pytest

from realpolitik.errors import RegistryError
from realpolitik.resolve.registry import fold, load_registry


def test_fold():
    assert fold("IS-K’s") == "is k"
    assert fold("the Kremlin") == "kremlin"


def test_aliases_metonyms_and_demonyms(registry):
    assert registry.lookup("Daesh") == registry.lookup("ISIL") == "group.isis"
    assert registry.lookup("ISKP") == registry.lookup("Islamic State Khorasan") == "group.isis-k"
    assert registry.lookup("Islamic Emirate") == "group.taliban"
    assert registry.lookup("the Kremlin") == registry.lookup("Moscow") == "state.rus"
    assert registry.state_for_demonym("Tajik") == "state.tjk"
    assert registry.actors["state.rus"].country == "RUS"


def test_every_iso_country_is_a_state(registry):
    import pycountry

    assert all(f"state.{c.alpha_3.lower()}" in registry.actors for c in pycountry.countries)


def test_abbreviations_keep_their_case(registry):
    assert registry.lookup("GUAM") == "org.guam"
    assert registry.lookup("Guam") == "state.gum"
    assert registry.lookup("IS") == "group.isis"


def test_groups_do_not_stand_for_a_state_but_keep_where_they_are_based(registry):
    taliban = registry.actors["group.taliban"]
    assert taliban.country is None
    assert {"role": "based_in", "of": "AFG"} in taliban.roles
    assert any(r["role"] == "government" and r.get("from") == "2021-08" for r in taliban.roles)


def test_user_file_extends_the_registry(tmp_path):
    path = tmp_path / "mine.yaml"
    path.write_text("- {name: Khorasan Diary, type: media, aliases: [KD]}\n"
                    "- {iso3: TJK, aliases: [Tojikiston]}\n", encoding="utf-8")
    registry = load_registry((path,))
    assert registry.lookup("Khorasan Diary") == registry.lookup("KD")
    assert registry.lookup("Tojikiston") == "state.tjk"
    assert load_registry().lookup("Tojikiston") is None  # the shared base is untouched


def test_bad_user_files_name_file_and_line(tmp_path):
    broken = tmp_path / "broken.yaml"
    broken.write_text("- name: A\n  type: [unclosed\n", encoding="utf-8")
    with pytest.raises(RegistryError, match=r"broken.yaml:\d+"):
        load_registry((broken,))
    clash = tmp_path / "clash.yaml"
    clash.write_text("- {name: Daesh Watchers, type: media, aliases: [Daesh]}\n", encoding="utf-8")
    with pytest.raises(RegistryError, match="names both"):
        load_registry((clash,))
    wrong = tmp_path / "wrong.yaml"
    wrong.write_text("- {name: Somebody, type: alien}\n", encoding="utf-8")
    with pytest.raises(RegistryError, match="type"):
        load_registry((wrong,))


def test_known_people_carry_their_state(registry):
    assert registry.lookup("Putin") == registry.lookup("Vladimir Putin") == "person.vladimir-putin"
    assert registry.actors["person.vladimir-putin"].country == "RUS"
    assert registry.actors[registry.lookup("Rahmonov")].country == "TJK"
    assert registry.lookup("Bush") is None  # two presidents share it: no short form
