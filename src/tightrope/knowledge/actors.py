"""The actor gazetteer and the office-holder index, built from the data files in `actors/`.

Surface forms (country names, short forms, demonyms, capitals, institutions, organisations,
people, title phrases) are indexed by their first word so that the extraction step does one dict
lookup per token and only tries multi-word candidates where a form can start (the approach of
spaCy's PhraseMatcher, reduced to what we need).

Data files (all UTF-8 TSV with a header; `#` starts a comment line):

- `states.tsv`       extra names and abbreviations of ISO 3166-1 states (pycountry gives the rest)
- `demonyms.tsv`     adjectives and combining forms ("Sino-": only before a hyphen)
- `capitals.tsv`     capitals and seats used as metonyms ("Rawalpindi" -> PAK, MIL)
- `institutions.tsv` state institutions ("the White House" -> USA, GOV)
- `organisations.tsv` IGOs, armed groups, enterprises, media, think tanks
- `generic.tsv`      institution names that need a state beside them ("Foreign Ministry")
- `blocks.tsv`       names that contain an actor name but are not actors ("South China Sea")
- `people.tsv`       people by name, with aliases and gender (used by pronoun coreference)
- `offices.tsv`      office terms: who held which office of which state, from when to when
- `titles.tsv`       title phrases -> office key (per country) and sector

Forms written in capitals ("US", "UN", "PRC", "ISIS-K") match only in that exact case, so the
pronoun "us" is never the United States; other forms must start with the same capital letter
as written ("Turkey", not "turkey").
"""
from __future__ import annotations

import csv
import datetime as dt
import re
from collections import defaultdict
from dataclasses import dataclass, field, replace
from pathlib import Path

import pycountry

from tightrope.errors import TightropeError

DATA = Path(__file__).parent / "actors"

OFFICES = ("head_of_state", "head_of_government", "foreign_minister", "defence_minister",
           "finance_minister", "commerce_minister", "army_chief", "foreign_ministry_spokesperson")
LEADER_OFFICES = frozenset({"head_of_state", "head_of_government", "foreign_minister"})
KINDS = ("state", "capital", "institution", "organisation", "person", "demonym", "combining",
         "block", "generic", "title")
_FIRST_WORD = re.compile(r"[^\s\-\u2010\u2011\u2013]+")
_QUOTES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"',
                         "\u2010": "-", "\u2011": "-"})


class GazetteerError(TightropeError):
    """A user gazetteer file that cannot be read or does not follow docs/gazetteer.md."""


@dataclass(frozen=True, slots=True)
class Entry:
    name: str | None          # canonical name ("United States", "Lin Jian")
    country: str | None       # ISO3, "IGO" or None
    sector: str | None        # GOV, MIL, LEG, BUS, MED, NGO, REB, EXPERT, IGO, ...
    kind: str                 # one of KINDS
    role: str | None = None
    gender: str | None = None  # "m" / "f" for people when known
    form: str = ""            # the surface form as written in the data (for the case check)
    exact_case: bool = False  # acronyms: match only in this exact case


@dataclass(frozen=True, slots=True)
class OfficeTerm:
    person: str
    country: str
    office: str
    start: dt.date
    end: dt.date | None       # None: still in office (as far as the data knows)

    def holds_on(self, day: dt.date) -> bool:
        return self.start <= day and (self.end is None or day < self.end)


@dataclass(frozen=True, slots=True)
class Title:
    """A title phrase: the office it names (per country, '*' for any) and its sector."""
    phrase: str
    offices: dict[str, str]   # country or "*" -> office key
    sector: str | None
    head: bool                # True: the phrase names a post by itself (ambassador, minister)

    def office_for(self, country: str | None) -> str | None:
        if country and country in self.offices:
            return self.offices[country] or None
        return self.offices.get("*") or None


def normalise(text: str) -> str:
    """Lookup key for a surface form: case-folded, quotes straightened, 'the ' dropped."""
    key = " ".join(text.translate(_QUOTES).split()).casefold()
    key = key.replace(" - ", "-")
    return key.removeprefix("the ")


def first_word(key: str) -> str:
    """The first token of a normalised form the way spaCy's tokenizer splits it (on spaces
    and on hyphens between letters), so doc tokens can be looked up by `token.lower_`."""
    match = _FIRST_WORD.match(key)
    word = match.group(0) if match else key
    return word.removesuffix("'s")


def is_exact_case(form: str) -> bool:
    """Acronyms and short capitalised codes are matched case-sensitively."""
    letters = [c for c in form if c.isalpha()]
    return bool(letters) and sum(c.isupper() for c in letters) >= max(2, len(letters) - 1)


class FormIndex:
    """Normalised surface form -> value, with a first-word table for cheap scanning."""

    def __init__(self) -> None:
        self.forms: dict[str, object] = {}
        self.first: dict[str, int] = {}          # first word -> longest form (characters)

    def add(self, form: str, value: object) -> None:
        key = normalise(form)
        if not key:
            return
        self.forms[key] = value
        self._note_first(key)

    def _note_first(self, key: str) -> None:
        word = first_word(key)
        self.first[word] = max(self.first.get(word, 0), len(key))

    def remove(self, form: str) -> None:
        self.forms.pop(normalise(form), None)

    def get(self, text: str) -> object | None:
        return self.forms.get(normalise(text))

    def __contains__(self, text: str) -> bool:
        return normalise(text) in self.forms

    def __len__(self) -> int:
        return len(self.forms)


class ActorIndex(FormIndex):
    """Surface forms of actors (and of blocked non-actor names) -> `Entry`.

    One key may hold entries that differ by case ("Turkey" the state, "turkey" the bird);
    adding an entry replaces the one of the same case class, so user gazetteers override."""

    forms: dict[str, list[Entry]]

    def add(self, form: str, value: Entry) -> None:  # type: ignore[override]
        key = normalise(form)
        if not key:
            return
        kept = [e for e in self.forms.get(key, []) if _case_class(e) != _case_class(value)]
        self.forms[key] = [*kept, value]
        self._note_first(key)

    def lookup(self, text: str) -> Entry | None:
        """The entry for `text` whose case fits (see module docstring); an entry written
        exactly as the text wins over one that merely accepts it."""
        entries = self.forms.get(normalise(text))
        if not entries:
            return None
        fitting = [e for e in entries if accepts_case(e, text)]
        if not fitting:
            return None
        plain = _strip_the(text)
        for entry in fitting:
            if entry.form == plain:
                return entry
        return fitting[-1]

    def entries(self, text: str) -> list[Entry]:
        return list(self.forms.get(normalise(text), []))

    @classmethod
    def build(cls, gazetteers: tuple[Path, ...] = ()) -> "ActorIndex":
        return KnowledgeData.build(gazetteers).actors


def _case_class(entry: Entry) -> tuple[bool, bool]:
    return entry.exact_case, entry.form[:1].isupper()


def _strip_the(text: str) -> str:
    text = " ".join(text.translate(_QUOTES).split()).replace(" - ", "-")
    if text[:4].lower() == "the " and len(text) > 4:
        text = text[4:]
    return text


def accepts_case(entry: Entry, text: str) -> bool:
    text = _strip_the(text)
    if entry.exact_case:
        return text == entry.form or text.replace(".", "") == entry.form.replace(".", "")
    form = entry.form
    if form[:1].isupper() and not text[:1].isupper():
        return False
    return True


class OfficeIndex:
    """Who held which office of which state when (data: `offices.tsv`)."""

    def __init__(self, terms: list[OfficeTerm], aliases: dict[str, str],
                 titles: FormIndex) -> None:
        self.terms = terms
        self._by_office: dict[tuple[str, str], list[OfficeTerm]] = defaultdict(list)
        self._by_person: dict[str, list[OfficeTerm]] = defaultdict(list)
        for term in terms:
            self._by_office[(term.country, term.office)].append(term)
            self._by_person[normalise(term.person)].append(term)
        for found in (*self._by_office.values(), *self._by_person.values()):
            found.sort(key=lambda t: t.start)
        self._aliases = aliases          # normalised alias -> canonical person name
        self.titles = titles
        # surname -> leaders (heads of state or government, foreign ministers) bearing it, so
        # that "President Obasanjo" resolves when only the full name is listed
        self._leaders_by_surname: dict[str, set[str]] = defaultdict(set)
        for term in terms:
            if term.office in LEADER_OFFICES and " " in term.person.strip():
                last = normalise(term.person).split()[-1]
                for key in {last, last.removeprefix("al-").removeprefix("el-")}:
                    self._leaders_by_surname[key].add(term.person)

    def holders(self, country: str, office: str, on: dt.date | None) -> list[OfficeTerm]:
        """Terms of `office` in `country` that cover the day `on` (all terms when on is None)."""
        terms = self._by_office.get((country, office), [])
        if on is None:
            return list(terms)
        return [t for t in terms if t.holds_on(on)]

    def leader_by_surname(self, surname: str) -> OfficeTerm | None:
        """The latest leader's term for a bare surname, when every leader bearing it served
        the same state ("Gandhi" -> India); None when unknown or ambiguous."""
        names = self._leaders_by_surname.get(normalise(surname))
        if not names:
            return None
        terms = [t for n in names for t in self._by_person.get(normalise(n), [])]
        if len({t.country for t in terms}) != 1:
            return None
        return max(terms, key=lambda t: t.start)

    def terms_of(self, person_name: str) -> list[OfficeTerm]:
        """Every office term of a person, by canonical name or alias, oldest first."""
        key = normalise(person_name)
        key = normalise(self._aliases.get(key, person_name))
        return list(self._by_person.get(key, []))

    def office_from_title(self, text: str, country: str | None) -> str | None:
        """The office key a title phrase names for a state ("Commerce Secretary", "USA" ->
        "commerce_minister"); None when the phrase names no tracked office."""
        key = normalise(text)
        for prefix in ("former ", "acting ", "then ", "current ", "incumbent ", "new "):
            key = key.removeprefix(prefix)
        title = self.titles.forms.get(key)
        if title is None:
            # "Pakistan's Foreign Minister" / "US Commerce Secretary": try the longest suffix
            words = key.split()
            for i in range(1, len(words)):
                title = self.titles.forms.get(" ".join(words[i:]))
                if title is not None:
                    break
        return title.office_for(country) if isinstance(title, Title) else None

    def role_on(self, person: str, day: dt.date | None) -> OfficeTerm | None:
        """The term a person holds on `day` (or, failing that / without a day, the latest)."""
        terms = self.terms_of(person)
        if not terms:
            return None
        if day is not None:
            current = [t for t in terms if t.holds_on(day)]
            if current:
                return min(current, key=lambda t: OFFICES.index(t.office))
            past = [t for t in terms if t.start <= day]
            return past[-1] if past else None
        return terms[-1]


OFFICE_LABELS = {
    "head_of_state": "head of state", "head_of_government": "head of government",
    "foreign_minister": "foreign minister", "defence_minister": "defence minister",
    "finance_minister": "finance minister", "commerce_minister": "commerce minister",
    "army_chief": "army chief", "foreign_ministry_spokesperson": "foreign ministry spokesperson",
}


@dataclass
class KnowledgeData:
    actors: ActorIndex
    titles: FormIndex
    offices: OfficeIndex
    people: dict[str, Entry] = field(default_factory=dict)   # canonical name -> entry

    @classmethod
    def build(cls, gazetteers: tuple[Path, ...] = ()) -> "KnowledgeData":
        actors = ActorIndex()
        _add_pycountry(actors)
        for name, kind in (("states.tsv", "state"), ("demonyms.tsv", "demonym"),
                           ("capitals.tsv", "capital"), ("institutions.tsv", "institution"),
                           ("organisations.tsv", "organisation"), ("blocks.tsv", "block"),
                           ("generic.tsv", "generic")):
            for row in read_tsv(DATA / name):
                add_entity(actors, row, kind)
        titles = FormIndex()
        for row in read_tsv(DATA / "titles.tsv"):
            add_title(titles, row)
        people: dict[str, Entry] = {}
        aliases: dict[str, str] = {}
        terms = [term_from_row(row, DATA / "offices.tsv") for row in read_tsv(DATA / "offices.tsv")]
        for row in read_tsv(DATA / "people.tsv"):
            add_person(actors, people, aliases, row)
        user_terms: list[OfficeTerm] = []
        for path in gazetteers:
            user_terms += apply_user_gazetteer(path, actors, titles, people, aliases)
        terms += user_terms
        _add_office_holders(actors, people, terms)
        return cls(actors, titles, OfficeIndex(terms, aliases, titles), people)


def read_tsv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8") as handle:
        lines = [line for line in handle if line.strip() and not line.startswith("#")]
    reader = csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE)
    return [{k: (v or "").strip() for k, v in row.items() if k} for row in reader]


def _split(value: str | None) -> list[str]:
    return [part.strip() for part in (value or "").split(";") if part.strip()]


def _entry(name: str | None, country: str | None, sector: str | None, kind: str, form: str,
           role: str | None = None, gender: str | None = None) -> Entry:
    form = _strip_the(form)
    return Entry(name=name or None, country=country or None, sector=sector or None, kind=kind,
                 role=role or None, gender=gender or None, form=form,
                 exact_case=is_exact_case(form))


def add_entity(actors: ActorIndex, row: dict[str, str], kind: str) -> None:
    """One data row: name, country, sector, forms (';'-separated), optional role."""
    name = row.get("name") or None
    forms = _split(row.get("forms")) or ([name] if name else [])
    for form in forms:
        form_kind = kind
        if kind == "demonym" and form.endswith("-"):
            form, form_kind = form[:-1], "combining"
            if any(e.kind != "combining" for e in actors.entries(form)):
                continue        # "UK" already matches anywhere; "UK-" adds nothing
        actors.add(form, _entry(name, row.get("country"), row.get("sector"), form_kind, form,
                                row.get("role")))


def add_title(titles: FormIndex, row: dict[str, str]) -> None:
    """title phrase(s), offices as 'CTRY=office;*=office', sector, head (y/n)."""
    offices = {}
    for part in _split(row.get("offices")):
        country, _, office = part.partition("=")
        offices[country.strip()] = office.strip()
    for phrase in _split(row.get("forms")):
        titles.add(phrase, Title(phrase, offices, row.get("sector") or None,
                                 row.get("head", "y") != "n"))


def add_person(actors: ActorIndex, people: dict[str, Entry], aliases: dict[str, str],
               row: dict[str, str]) -> None:
    name = row["name"]
    entry = _entry(name, row.get("country"), row.get("sector"), "person", name,
                   row.get("role"), row.get("gender"))
    people[name] = entry
    for form in [name, *_split(row.get("forms"))]:
        actors.add(form, replace(entry, form=form, exact_case=is_exact_case(form)))
        aliases[normalise(form)] = name


def term_from_row(row: dict[str, str], source: Path | str) -> OfficeTerm:
    try:
        start = dt.date.fromisoformat(row["start"])
        end = dt.date.fromisoformat(row["end"]) if row.get("end") else None
    except (KeyError, ValueError) as exc:
        raise GazetteerError(f"{source}: bad office term {row!r}: {exc}") from exc
    office = row.get("office", "")
    if office not in OFFICES:
        raise GazetteerError(f"{source}: unknown office {office!r} (one of {', '.join(OFFICES)})")
    return OfficeTerm(row["person"], row["country"], office, start, end)


def _add_office_holders(actors: ActorIndex, people: dict[str, Entry],
                        terms: list[OfficeTerm]) -> None:
    """Every office holder is a known person (country and sector from their latest office);
    heads of state and government also give "the <Surname> administration/government"."""
    latest: dict[str, OfficeTerm] = {}
    for term in sorted(terms, key=lambda t: t.start):
        latest[term.person] = term
    for person, term in latest.items():
        sector = "MIL" if term.office == "army_chief" else "GOV"
        if person not in people:
            entry = _entry(person, term.country, sector, "person", person)
            people[person] = entry
            if not actors.entries(person):
                actors.add(person, entry)
    for term in terms:
        if term.office in ("head_of_state", "head_of_government"):
            surname = term.person.split()[-1]
            for noun in ("administration", "government", "regime", "cabinet"):
                form = f"{surname} {noun}"
                if not actors.entries(form):
                    actors.add(form, _entry(f"{_country_name(term.country)} government",
                                            term.country, "GOV", "institution", form))


def country_label(iso3: str) -> str:
    """A state's common English name ("IRN" -> "Iran"), or the code when unknown."""
    return _country_name(iso3)


def _country_name(iso3: str) -> str:
    country = pycountry.countries.get(alpha_3=iso3)
    if country is None:
        return iso3
    return getattr(country, "common_name", None) or country.name


def _add_pycountry(actors: ActorIndex) -> None:
    for c in pycountry.countries:
        name = getattr(c, "common_name", None) or c.name
        for form in {c.name, getattr(c, "common_name", None), getattr(c, "official_name", None)}:
            if form and "," not in form:
                actors.add(form, _entry(name, c.alpha_3, None, "state", form))


# --- user gazetteers (docs/gazetteer.md) -------------------------------------------------------

_USER_SECTIONS = {"actors", "people", "offices", "titles", "remove"}
_USER_KINDS = {"state", "capital", "institution", "organisation", "demonym", "block"}


def _valid_country(value: object) -> bool:
    return value is None or value == "IGO" or (
        isinstance(value, str) and pycountry.countries.get(alpha_3=value) is not None)


def _user_items(data: dict, section: str, source: Path) -> list[dict]:
    items = data.get(section) or []
    if not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
        raise GazetteerError(f"{source}: '{section}' must be a list of mappings")
    for n, item in enumerate(items):
        where = f"{source}: {section}[{n}]"
        if section in ("actors", "people") and not isinstance(item.get("name"), str):
            raise GazetteerError(f"{where}: 'name' (text) is required")
        if "country" in item and not _valid_country(item["country"]):
            raise GazetteerError(f"{where}: 'country' must be an ISO 3166-1 alpha-3 code or "
                                 f"IGO, got {item['country']!r}")
        if section == "actors" and item.get("kind", "organisation") not in _USER_KINDS:
            raise GazetteerError(f"{where}: 'kind' must be one of {', '.join(sorted(_USER_KINDS))}")
        forms = item.get("forms", [])
        if not isinstance(forms, list) or not all(isinstance(f, str) for f in forms):
            raise GazetteerError(f"{where}: 'forms' must be a list of strings")
    return items


def _row(item: dict) -> dict[str, str]:
    """A YAML item as a data-file row (lists joined with ';', dates and None as text)."""
    row = {}
    for key, value in item.items():
        if isinstance(value, list):
            value = ";".join(map(str, value))
        elif isinstance(value, dict):
            value = ";".join(f"{k}={v}" for k, v in value.items())
        row[str(key)] = "" if value is None else str(value)
    return row


def apply_user_gazetteer(path: Path, actors: ActorIndex, titles: FormIndex,
                         people: dict[str, Entry], aliases: dict[str, str]) -> list[OfficeTerm]:
    """Layer one user YAML gazetteer over the shipped data; returns its office terms.

    Entries replace shipped entries with the same surface form; `remove` drops forms."""
    import yaml

    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise GazetteerError(f"{path}: cannot read gazetteer: {exc.strerror or exc}") from exc
    except yaml.YAMLError as exc:
        raise GazetteerError(f"{path}: not valid YAML: {' '.join(str(exc).split())}") from exc
    if data is None:
        return []
    if not isinstance(data, dict) or not set(data) <= _USER_SECTIONS:
        raise GazetteerError(f"{path}: expected a mapping with sections "
                             f"{', '.join(sorted(_USER_SECTIONS))}")
    removed = data.get("remove") or []
    if not isinstance(removed, list):
        raise GazetteerError(f"{path}: 'remove' must be a list of forms")
    for form in removed:
        actors.remove(str(form))
    for item in _user_items(data, "actors", path):
        add_entity(actors, _row(item), item.get("kind", "organisation"))
    for item in _user_items(data, "people", path):
        add_person(actors, people, aliases, _row(item))
    for item in _user_items(data, "titles", path):
        if not item.get("forms"):
            raise GazetteerError(f"{path}: every title needs 'forms'")
        add_title(titles, _row(item))
    terms = []
    for n, item in enumerate(_user_items(data, "offices", path)):
        missing = {"person", "country", "office", "start"} - set(item)
        if missing:
            raise GazetteerError(f"{path}: offices[{n}]: missing {', '.join(sorted(missing))}")
        terms.append(term_from_row(_row(item), f"{path}: offices[{n}]"))
    return terms
