from realpolitik.resolve.regions import countries_in_regions


def test_a_region_named_in_text_gives_its_countries():
    assert countries_in_regions("Militants have never threatened Central Asia.") == {"KAZ", "KGZ", "TJK", "TKM", "UZB"}


def test_a_common_name_for_a_region_is_its_scheme_name():
    assert {"IND", "PAK", "AFG"} <= countries_in_regions("tension across South Asia")


def test_no_region_named_gives_no_countries():
    assert countries_in_regions("Asia Pacific talks in Tokyo; the Central Bank of Asia") == set()
