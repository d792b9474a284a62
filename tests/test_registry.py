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


def test_user_files_may_be_csv_or_json_with_officeholders_and_their_terms(tmp_path):
    table = tmp_path / "people.csv"
    table.write_text("name,type,country,aliases,role,of,from,to\n"
                     "Ana Rojas,person,PER,A. Rojas|Ana Rojas Vega,foreign minister,PER,2021-07,2023-01\n"
                     "Andes Watch,media,PER,,,,,\n", encoding="utf-8")
    records = tmp_path / "groups.json"
    records.write_text('{"actors": [{"name": "Sierra Front", "type": "armed_group", "country": "PER", '
                       '"aliases": ["SF"]}]}', encoding="utf-8")
    registry = load_registry((table, records))
    rojas = registry.actors[registry.lookup("A. Rojas")]
    assert rojas.country == "PER" and rojas.roles == [{"role": "foreign minister", "of": "PER", "from": "2021-07",
                                                       "to": "2023-01"}]
    assert registry.lookup("Andes Watch") and registry.lookup("Sierra Front") == registry.lookup("SF")


@pytest.mark.parametrize("name, content, message", [
    ("broken.yaml", "- name: A\n  type: [unclosed\n", r"broken.yaml:\d+"),
    ("clash.yaml", "- {name: Daesh Watchers, type: media, aliases: [Daesh]}\n", "names both"),
    ("wrong.yaml", "- {name: Somebody, type: alien}\n", "type"),
    ("bad.csv", "name,type,country\nAna Rojas,person,PER\nNobody,alien,PER\n", r"bad.csv:3: .*type"),
    ("columns.csv", "name,type,colour\nAna,person,red\n", r"columns.csv:1: unknown columns \['colour'\]"),
    ("broken.json", '[{"name": "A", "type": "media"},\n {"name": ]', r"broken.json:2: not valid JSON"),
    ("wrong.json", '[{"name": "A", "type": "media"}, {"name": "B", "type": "alien"}]', r"wrong.json: record 2: "),
])
def test_bad_user_files_name_file_and_line_or_record(tmp_path, name, content, message):
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    with pytest.raises(RegistryError, match=message):
        load_registry((path,))


def test_known_people_carry_their_state(registry):
    assert registry.lookup("Putin") == registry.lookup("Vladimir Putin") == "person.vladimir-putin"
    assert registry.actors["person.vladimir-putin"].country == "RUS"
    assert registry.actors[registry.lookup("Rahmonov")].country == "TJK"
    assert registry.lookup("Bush") is None  # two presidents share it: no short form
