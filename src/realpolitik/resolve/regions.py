"""World regions a text names, as the countries in them: "never threatened Central Asia" is about
Kazakhstan, Kyrgyzstan, Tajikistan, Turkmenistan and Uzbekistan. Members come from the UN geoscheme's
subregions as `countrystatecity-countries` gives them; other names for them are data
(`data/knowledge/regions.yaml`)."""
from __future__ import annotations

from functools import lru_cache

from realpolitik.config import DATA_DIR, load_yaml
from realpolitik.resolve.registry import fold


@lru_cache(maxsize=1)
def regions() -> dict[str, frozenset[str]]:
    """Folded region name -> ISO alpha-3 codes of its countries."""
    from countrystatecity_countries import get_countries

    members: dict[str, set[str]] = {}
    for country in get_countries():
        if country.subregion and country.iso3:
            members.setdefault(country.subregion, set()).add(country.iso3)
    found = {fold(name): frozenset(codes) for name, codes in members.items()}
    aliases = (load_yaml((DATA_DIR / "knowledge" / "regions.yaml").read_text(encoding="utf-8")) or {}).get("aliases", {})
    for alias, names in aliases.items():
        names = [names] if isinstance(names, str) else names
        found[fold(alias)] = frozenset(code for name in names for code in members.get(name, ()))
    return found


def countries_in_regions(text: str) -> set[str]:
    """The countries of every region the text names."""
    words = f" {fold(text)} "
    return {code for name, codes in regions().items() if f" {name} " in words for code in codes}
