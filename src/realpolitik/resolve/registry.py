"""The actor registry: states, international organisations and armed and political groups,
loaded from YAML data files (ours, then the user's), with every surface form indexed."""
from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import pycountry
import yaml

from realpolitik.config import DATA_DIR, load_yaml
from realpolitik.errors import RegistryError
from realpolitik.records import Actor

ACTOR_TYPES = {
    "state", "government", "armed_group", "political_group", "international_org",
    "organization", "person", "media",
}
GROUP_TYPES = {"armed_group", "political_group"}


def fold(text: str) -> str:
    """Case, accents, quotes, possessives and punctuation folded: "IS-K's" -> "is k"."""
    text = re.sub(r"[\u2010-\u2015\u2212]", " ", (text or "").replace("’", "'"))  # "Tajik–Afghan" is two words
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    text = text.lower().strip()
    text = re.sub(r"^the\s+", "", text)
    text = re.sub(r"'s?$", "", text)
    return re.sub(r"[^a-z0-9]+", " ", text).strip()


def is_abbreviation(form: str) -> bool:
    """All capitals ("ISKP", "U.S.") or very short: matched and looked up with case kept."""
    letters = [c for c in form if c.isalpha()]
    return bool(letters) and (all(c.isupper() for c in letters) or len(form) <= 3)


def slug(text: str) -> str:
    return fold(text).replace(" ", "-") or "unnamed"


def actor_id(kind: str, key: str) -> str:
    """Deterministic, readable ids from the natural key: state.rus, group.taliban, person.zamir-kabulov."""
    return f"{kind}.{slug(key)}"


def id_prefix(actor_type: str) -> str:
    if actor_type == "state":
        return "state"
    if actor_type in GROUP_TYPES:
        return "group"
    if actor_type == "person":
        return "person"
    return "org"


# CSV columns of a user registry: one actor a row. `aliases` are separated by "|" or ";"; a row with
# `role` (and `of`, `from`, `to`) gives the actor an office held for a state or organisation in those years.
CSV_COLUMNS = {"key", "name", "type", "country", "aliases", "wikidata", "role", "of", "from", "to", "affiliation",
               "sector"}


def _csv_entries(text: str, path: str) -> list[tuple[int, dict]]:
    """(line, entry) for each row of a CSV registry, read with the csv module."""
    import csv
    import io

    reader = csv.DictReader(io.StringIO(text))
    unknown = set(reader.fieldnames or []) - CSV_COLUMNS
    if not reader.fieldnames or "name" not in reader.fieldnames or "type" not in reader.fieldnames:
        raise RegistryError("a CSV registry needs a header with at least name and type", path=path, line=1)
    if unknown:
        raise RegistryError(f"unknown columns {sorted(unknown)} (known: {sorted(CSV_COLUMNS)})", path=path, line=1)
    entries = []
    try:
        for row in reader:
            values = {k: (v or "").strip() for k, v in row.items() if k}
            if not any(values.values()):
                continue
            entry = {k: v for k, v in values.items() if v and k not in {"aliases", "role", "of", "from", "to"}}
            entry["aliases"] = [a.strip() for a in re.split(r"[|;]", values.get("aliases", "")) if a.strip()]
            if values.get("role"):
                office = {"role": values["role"]}
                office.update({k: values[k] for k in ("of", "from", "to") if values.get(k)})
                entry["roles"] = [office]
                entry.setdefault("role", values["role"])
            entries.append((reader.line_num, entry))
    except csv.Error as error:
        raise RegistryError(f"not valid CSV: {error}", path=path, line=reader.line_num) from None
    return entries


def skeleton(name: str) -> str:
    """A spelling key that transliterations of one name share: folded, hyphens and apostrophes as
    spaces, "kh" as "h", "y" as "i", "ou" as "u", doubled letters single."""
    key = re.sub(r"[-'’`‘]", " ", fold(name))
    key = key.replace("kh", "h").replace("ou", "u").replace("y", "i")
    key = re.sub(r"(\w)\1+", r"\1", key)
    return " ".join(key.split())


@dataclass
class Registry:
    actors: dict[str, Actor] = field(default_factory=dict)
    forms: dict[str, str] = field(default_factory=dict)  # folded surface form -> actor id
    exact: dict[str, str] = field(default_factory=dict)  # abbreviation, case kept -> actor id
    folded_abbreviations: dict[str, str] = field(default_factory=dict)
    surface: dict[str, set[str]] = field(default_factory=dict)  # actor id -> surface forms to match
    demonyms: dict[str, str] = field(default_factory=dict)  # folded demonym -> state actor id
    places: dict[str, str] = field(default_factory=dict)  # folded capital -> state actor id
    by_country: dict[str, str] = field(default_factory=dict)  # ISO3 -> state actor id
    pending: list[tuple[str, str]] = field(default_factory=list)  # pycountry names, added last
    user_incidents: tuple = ()  # `Incident`s from users' registry files, beside the bundled ones

    def incidents(self):
        """The incident index this registry's articles are read with: bundled plus users'."""
        from realpolitik.resolve.incidents import incidents_with

        return incidents_with(self.user_incidents)

    def finalize(self) -> "Registry":
        """pycountry's own names help where news use them, but only where no registry entry uses
        the form already: its official name for Afghanistan is the Taliban's "Islamic Emirate"."""
        for ident, form in self.pending:
            if self.forms.get(fold(form), ident) == ident and self.exact.get(form, ident) == ident:
                self.add_form(ident, form, source="pycountry")
        self.pending.clear()
        return self

    # -- building -------------------------------------------------------------------------
    def add_form(self, actor: str, form: str, *, source: str) -> None:
        form = (form or "").strip()
        key = fold(form)
        if not key:
            return
        if is_abbreviation(form):
            # "GUAM" (the organisation) and "Guam" (the island) differ only in case: abbreviations
            # are looked up exactly first, and only then folded.
            owner = self.exact.get(form)
            if owner and owner != actor:
                raise RegistryError(f"'{form}' names both {owner} and {actor}", path=source)
            self.exact[form] = actor
            self.folded_abbreviations.setdefault(key, actor)
        else:
            owner = self.forms.get(key)
            if owner and owner != actor:
                raise RegistryError(f"'{form}' names both {owner} and {actor}", path=source)
            self.forms[key] = actor
        self.surface.setdefault(actor, set()).add(re.sub(r"^(?i:the)\s+", "", form))
        entry = self.actors[actor]
        if form != entry.name and form not in entry.aliases:
            entry.aliases.append(form)

    def add_state(self, item: dict, source: str) -> None:
        iso3 = str(item.get("iso3") or "").upper()
        country = pycountry.countries.get(alpha_3=iso3)
        if country is None:
            raise RegistryError(f"unknown ISO 3166 alpha-3 code {iso3!r}", path=source)
        ident = actor_id("state", iso3)
        actor = self.actors.get(ident)
        if actor is None:
            actor = Actor(id=ident, name=item.get("name") or country.name, type="state", country=iso3,
                          wikidata=item.get("wikidata"), origin="registry")
            self.actors[ident] = actor
            self.by_country[iso3] = ident
        for form in [actor.name] + list(item.get("aliases") or []) + list(item.get("metonyms") or []):
            if form:
                self.add_form(ident, form, source=source)
        for form in (country.name, getattr(country, "official_name", None)):
            if form and "," not in form:
                self.pending.append((ident, form))
        for demonym in item.get("demonyms") or []:
            self.demonyms[fold(demonym)] = ident
        if item.get("capital"):
            # capitals locate people and organisations; only those listed as metonyms stand for the state
            self.places.setdefault(fold(item["capital"]), ident)

    def add_entry(self, item: dict, source: str, origin: str) -> None:
        if "iso3" in item:
            self.add_state(item, source)
            return
        name = item.get("name")
        kind = item.get("type")
        if not name or kind not in ACTOR_TYPES:
            raise RegistryError(f"entry {item!r} needs a name and a type from {sorted(ACTOR_TYPES)}", path=source)
        country = item.get("country")
        if country and pycountry.countries.get(alpha_3=str(country).upper()) is None:
            raise RegistryError(f"unknown ISO 3166 alpha-3 code {country!r} for {name}", path=source)
        ident = actor_id(id_prefix(kind), item.get("key") or name)
        existing = self.actors.get(ident) or self.actors.get(self.forms.get(fold(name), ""))
        roles = list(item.get("roles") or [])
        if country and kind in GROUP_TYPES:
            # A group is based in a state but does not stand for it: its events are not the state's.
            roles.insert(0, {"role": "based_in", "of": country.upper()})
            country = None
        if existing is None:
            existing = Actor(id=ident, name=name, type=kind, country=(country or None) and country.upper(),
                             wikidata=item.get("wikidata"), sector=item.get("sector"), origin=origin,
                             role=item.get("role"), affiliation=item.get("affiliation"),
                             roles=roles)
            self.actors[ident] = existing
        for form in [name] + list(item.get("aliases") or []):
            self.add_form(existing.id, form, source=source)

    def load_file(self, path: Path, origin: str) -> None:
        try:
            text = Path(path).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            raise RegistryError(f"cannot read: {getattr(error, 'strerror', None) or error}", path=str(path)) from None
        self.load_text(text, str(path), origin)

    def load_text(self, text: str, label: str, origin: str) -> None:
        path = label
        suffix = Path(str(label)).suffix.lower()
        if suffix == ".csv":
            return self._load_rows(_csv_entries(text, str(path)), str(path), origin)
        if suffix == ".json":
            try:
                data = json.loads(text)
            except json.JSONDecodeError as error:
                raise RegistryError(f"not valid JSON: {error.msg}", path=str(path), line=error.lineno) from None
            if isinstance(data, dict):
                data = data.get("actors", [])
            if not isinstance(data, list):
                raise RegistryError("expected a list of actor records (or an object with 'actors')", path=str(path))
            return self._load_rows([(None, item) for item in data], str(path), origin, record_numbers=True)
        try:
            data = load_yaml(text)
        except yaml.YAMLError as error:
            mark = getattr(error, "problem_mark", None)
            raise RegistryError(f"not valid YAML: {getattr(error, 'problem', error)}", path=str(path),
                                line=mark.line + 1 if mark else None) from None
        if isinstance(data, dict):
            if data.get("incidents"):
                from realpolitik.resolve.incidents import parse_incidents

                new = [i for i in parse_incidents(data["incidents"], str(path)) if i not in self.user_incidents]
                self.user_incidents = self.user_incidents + tuple(new)  # a remembered file given again: once
            data = data.get("actors", [])
        if not isinstance(data, list):
            raise RegistryError("expected a list of actor entries (or a mapping with 'actors:')", path=str(path))
        for item in data:
            if not isinstance(item, dict):
                raise RegistryError(f"entry {item!r} is not a mapping", path=str(path))
            self.add_entry(item, str(path), origin)

    def _load_rows(self, rows, path: str, origin: str, record_numbers: bool = False) -> None:
        """Entries from a CSV (with their line numbers) or a JSON list (with their record numbers):
        an error names the file and the line or record."""
        for number, (line, item) in enumerate(rows, 1):
            where = f"record {number}: " if record_numbers else ""
            if not isinstance(item, dict):
                raise RegistryError(f"{where}entry {item!r} is not an object", path=path, line=line)
            try:
                self.add_entry(item, path, origin)
            except RegistryError as error:
                raise RegistryError(where + error.reason, path=path, line=line) from None

    # -- lookups ----------------------------------------------------------------------------
    def lookup(self, text: str) -> str | None:
        text = re.sub(r"(['’]s|['’])$", "", (text or "").strip())
        key = fold(text)
        return self.exact.get(text) or self.forms.get(key) or self.folded_abbreviations.get(key)

    def lookup_variant(self, text: str) -> str | None:
        """The one actor whose name or alias is spelled like `text` but for transliteration ("Rakhmon"
        for Rahmon, "Sergey" for Sergei, "al-Asad" for al-Assad, "Shoygu" for Shoigu); None where
        two actors share the spelling's skeleton, or the name is too short to tell."""
        key = skeleton(text)
        if len(key.replace(" ", "")) < 6:
            return None
        if not hasattr(self, "_skeletons"):
            index: dict[str, set[str]] = {}
            for form, ident in self.forms.items():
                index.setdefault(skeleton(form), set()).add(ident)
            self._skeletons = index
        found = self._skeletons.get(key, set())
        return next(iter(found)) if len(found) == 1 else None

    def state_for_demonym(self, text: str) -> str | None:
        return self.demonyms.get(fold(text))

    def country_of(self, ident: str | None) -> str | None:
        actor = self.actors.get(ident or "")
        return actor.country if actor else None

    def states_in(self, text: str) -> set[str]:
        """The states a text names, by name, alias, metonym or demonym ("Tajik–Afghan" names two)."""
        words = fold(text).split()
        found = set()
        for size in (4, 3, 2, 1):
            for start in range(len(words) - size + 1):
                phrase = " ".join(words[start:start + size])
                ident = self.forms.get(phrase) or self.demonyms.get(phrase)
                if ident and ident.startswith("state."):
                    found.add(ident)
        return found

    def is_place_form(self, text: str) -> bool:
        return fold(text) in self.places


def load_registry(extra_files: tuple[Path, ...] = (), extra_texts: tuple[tuple[str, str], ...] = ()) -> Registry:
    """Our registry, extended by user files and by user registry texts a store remembers (label, text)."""
    registry = _base_registry()
    if not extra_files and not extra_texts:
        return registry
    import copy

    extended = copy.deepcopy(registry)
    for label, text in extra_texts:
        extended.load_text(text, label, origin="user")
    for path in extra_files:
        extended.load_file(Path(path), origin="user")
    return extended.finalize()


@lru_cache(maxsize=1)
def _base_registry() -> Registry:
    registry = Registry()
    for name in ("states.yaml", "organisations.yaml", "people.yaml"):
        path = DATA_DIR / "actors" / name
        if path.exists():
            registry.load_file(path, origin="registry")
    return registry.finalize()
