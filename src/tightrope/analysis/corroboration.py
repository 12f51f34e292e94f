"""Corroboration: event mentions from many documents clustered into story events.

Syndicated and repeated reports inflate event counts (the standing complaint about GDELT and
ICEWS). Here every event mention is assigned to a *story*: the one real-world event it
reports. Two mentions can be the same story when

1. they fall in the same **block**: same PLOVER type, same factuality and same dyad (ordered;
   unordered for the mutual types AGREE, CONSULT, COOPERATE);
2. their **dates** are compatible: both dated to the day (or undated, using the publication
   day) and at most `WINDOW_DAYS` apart; a month-precise date only meets dates inside that
   month, a year-precise one dates inside that year;
3. their **contexts** (channel tags) are not disjoint when both have some; and
4. their **sentences** are similar: `similarity` >= `THRESHOLD`, where similarity is the mean
   of (a) a soft alignment of the content words by the md model's static word vectors
   (each word's best cosine match in the other sentence, averaged both ways; Kusner et al.'s
   word mover's idea in its cheap greedy form) and (b) the Dice overlap of crude word stems,
   which keeps exact names and numbers ("Geneva", "90 days") decisive where vectors blur them.
   The words naming the two actors and calendar words are left out: they are already matched
   by steps 1 and 2. Trigger words are part of the sentence; they are not scored on their own
   because within a block the type is already fixed and md's pruned vector table maps many
   verbs onto one row ("signed" and "agreed" share a vector), so a separate trigger term
   measured no separation on our test sentences.

Clustering is greedy and deterministic: mentions sorted by date precision (day first), date,
publication date and id join the most similar compatible story (single link over its
mentions, date window around the story's first mention so a story cannot drift), else start
one. The story id derives from its first mention, so a story keeps its id as more reports
arrive.

Incremental: `story_docs` remembers which document versions were clustered. `corroborate`
re-clusters only the blocks touched by new, changed or deleted documents (whole blocks, so
the result is the same as a full rebuild), then rebuilds those blocks' `stories` rows in SQL.
Only tokenisation and vector lookups run (`nlp.make_doc`), never the parser.
"""
from __future__ import annotations

import datetime as dt
import functools
import hashlib
import re
import sys
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from tightrope.analysis import plover

WINDOW_DAYS = 3
THRESHOLD = 0.45
_PRECISION_RANK = {"day": 0, "month": 1, "year": 2}
_CALENDAR = {
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "today",
    "yesterday", "tomorrow", "week", "weekend", "month", "year", "january", "february", "march",
    "april", "may", "june", "july", "august", "september", "october", "november", "december",
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
}
_NON_WORD = re.compile(r"\W+")


def _side(prefix: str) -> str:
    return (f"coalesce({prefix}_country, '?' || lower(coalesce({prefix}_name, {prefix}_text, '')))")


# The block of an event row, as SQL over the events table (see the module docstring).
_S, _T = _side("source"), _side("target")
BLOCK_SQL = (
    f"(type || '|' || coalesce(factuality, 'asserted') || '|' || CASE "
    f"WHEN {plover.symmetric_sql()} AND {_S} > {_T} THEN {_T} || '~' || {_S} "
    f"WHEN {plover.symmetric_sql()} THEN {_S} || '~' || {_T} "
    f"ELSE {_S} || '>' || {_T} END)")


# -- sentence similarity ------------------------------------------------------------------

@dataclass
class Content:
    """The comparable content of one mention's sentence."""

    vectors: np.ndarray        # unit vectors of content words, one row each
    stems: frozenset[str]      # crude stems (first 5 letters of the norm) incl. numbers
    text: str                  # normalised sentence, for exact-copy detection


class SentenceVectors:
    """Static-vector sentence content from the md model's vocabulary (tokeniser only)."""

    def __init__(self, nlp: Any = None) -> None:
        if nlp is None:
            from tightrope import nlp as nlp_module

            nlp = nlp_module.load()
        self.nlp = nlp
        self._actor_lookup = _actor_lookup()
        self._cache: dict[tuple[str, frozenset[str]], Content] = {}

    def content(self, sentence: str, actor_words: frozenset[str]) -> Content:
        key = (sentence, actor_words)
        found = self._cache.get(key)
        if found is None:
            found = self._cache[key] = self._content(sentence, actor_words)
        return found

    def _content(self, sentence: str, actor_words: frozenset[str]) -> Content:
        rows, stems = [], set()
        for token in self.nlp.make_doc(sentence or ""):
            lower = token.lower_
            if (token.is_stop or token.is_punct or token.is_space or lower in _CALENDAR
                    or lower in actor_words or self._actor_lookup(token.text)):
                continue
            stems.add(token.norm_[:5])
            if token.has_vector and not token.like_num:
                vector = token.vector
                norm = float(np.linalg.norm(vector))
                if norm:
                    rows.append(vector / norm)
        matrix = np.vstack(rows) if rows else np.zeros((0, 1), dtype=np.float32)
        return Content(matrix, frozenset(stems), _NON_WORD.sub(" ", (sentence or "").lower()).strip())


def _actor_lookup():
    """A predicate: does this single word name an actor in the knowledge base?"""
    try:
        from tightrope import knowledge

        index = knowledge.load().actors
    except Exception as exc:  # the analyses must run even if the gazetteer cannot load
        print(f"tightrope: corroboration without the actor gazetteer: {exc}", file=sys.stderr)
        return lambda word: False
    return lambda word: index.lookup(word) is not None


def similarity(a: Content, b: Content) -> float:
    """Mean of vector alignment and stem overlap, in [0, 1] (1 for word-for-word copies)."""
    if a.text and a.text == b.text:
        return 1.0
    align = 0.0
    if len(a.vectors) and len(b.vectors) and a.vectors.shape[1] == b.vectors.shape[1]:
        cos = a.vectors @ b.vectors.T
        align = float((cos.max(axis=1).mean() + cos.max(axis=0).mean()) / 2)
    dice = (2 * len(a.stems & b.stems) / (len(a.stems) + len(b.stems))
            if a.stems and b.stems else 0.0)
    return (max(align, 0.0) + dice) / 2


# -- clustering ---------------------------------------------------------------------------

@dataclass
class Mention:
    doc_id: str
    event_id: str
    block: str
    day: dt.date | None
    precision: str
    published: dt.date | None
    context: frozenset[str]
    sentence: str
    actor_words: frozenset[str]
    content: Content | None = None

    def order(self) -> tuple:
        return (_PRECISION_RANK.get(self.precision, 0), self.day or dt.date.max,
                self.published or dt.date.max, self.doc_id, self.event_id)


@dataclass
class _Story:
    anchor: Mention
    members: list[Mention] = field(default_factory=list)

    @property
    def story_id(self) -> str:
        key = f"{self.anchor.doc_id}\x1f{self.anchor.event_id}"
        return "st-" + hashlib.sha1(key.encode("utf-8", "surrogatepass")).hexdigest()[:14]


def _compatible_context(a: frozenset[str], b: frozenset[str]) -> bool:
    return not (a and b and not a & b)


def cluster_block(mentions: list[Mention], vectors: SentenceVectors,
                  window: int = WINDOW_DAYS, threshold: float = THRESHOLD) -> list[list[Mention]]:
    """Cluster the mentions of one block into stories (lists of mentions, first = anchor)."""
    stories: list[_Story] = []
    by_day: dict[int, list[_Story]] = defaultdict(list)
    by_month: dict[tuple[int, int], list[_Story]] = defaultdict(list)
    by_year: dict[int, list[_Story]] = defaultdict(list)
    for mention in sorted(mentions, key=Mention.order):
        if mention.day is None:
            stories.append(_Story(mention, [mention]))
            continue
        day = mention.day
        if mention.precision == "month":
            candidates = by_month[(day.year, day.month)]
        elif mention.precision == "year":
            candidates = by_year[day.year]
        else:
            ordinal = day.toordinal()
            candidates = [s for o in range(ordinal - window, ordinal + window + 1) for s in by_day.get(o, ())]
        best, best_score = None, 0.0
        for story in candidates:
            score = max((_score(mention, other, vectors) for other in story.members), default=0.0)
            if score >= threshold and score > best_score:   # ties: the earlier story
                best, best_score = story, score
        if best is not None:
            best.members.append(mention)
            continue
        story = _Story(mention, [mention])
        stories.append(story)
        if mention.precision not in ("month", "year"):
            by_day[day.toordinal()].append(story)
        if mention.precision != "year":
            by_month[(day.year, day.month)].append(story)
        by_year[day.year].append(story)
    return [s.members for s in stories]


def _score(a: Mention, b: Mention, vectors: SentenceVectors) -> float:
    if not _compatible_context(a.context, b.context):
        return 0.0
    for m in (a, b):
        if m.content is None:
            m.content = vectors.content(m.sentence, m.actor_words)
    return similarity(a.content, b.content)


# -- the store side -----------------------------------------------------------------------

def _words(*texts: str | None) -> frozenset[str]:
    return frozenset(w for t in texts if t for w in _NON_WORD.split(t.lower()) if w)


def stale_documents(con: Any) -> list[str]:
    """Ids of documents added, changed or deleted since the stories were last built."""
    rows = con.execute(
        "SELECT coalesce(d.doc_id, s.doc_id) FROM documents d FULL OUTER JOIN story_docs s"
        " ON d.doc_id = s.doc_id WHERE d.hash IS DISTINCT FROM s.hash").fetchall()
    return [r[0] for r in rows]


def _fingerprint(con: Any) -> str:
    count, latest = con.execute("SELECT count(*), max(ingested_at) FROM documents").fetchone()
    return f"{count}|{latest}"


def is_fresh(con: Any) -> bool:
    """Cheap check: have documents been added, replaced or deleted since the last build?"""
    row = con.execute("SELECT value FROM meta WHERE key = 'stories_fingerprint'").fetchall()
    return bool(row) and row[0][0] == _fingerprint(con)


@dataclass
class CorroborationResult:
    documents: int = 0     # documents (re)clustered or removed
    blocks: int = 0        # blocks rebuilt
    mentions: int = 0      # event mentions clustered
    stories: int = 0       # stories those mentions formed


def corroborate(store: Any, full: bool = False, vectors: SentenceVectors | None = None,
                window: int = WINDOW_DAYS, threshold: float = THRESHOLD) -> CorroborationResult:
    """Bring the story tables up to date with the documents in `store` (a tightrope Store).

    With `full`, every block is rebuilt from scratch (the result is the same; it is slower).
    A path instead of a Store opens (and closes) that file."""
    if not hasattr(store, "con"):
        from tightrope.store import Store

        with Store(store) as opened_store:
            return corroborate(opened_store, full, vectors, window, threshold)
    con = store.con
    result = CorroborationResult()
    if full:
        con.execute("DELETE FROM story_docs")
    changed = stale_documents(con)
    result.documents = len(changed)
    if not changed and not full:
        _mark_fresh(con)
        return result
    import pandas as pd

    con.execute("BEGIN TRANSACTION")
    try:
        con.register("_changed_list", pd.DataFrame({"doc_id": pd.Series(changed, dtype=object)}))
        con.execute("CREATE OR REPLACE TEMP TABLE _changed_docs AS"
                    " SELECT doc_id::VARCHAR AS doc_id FROM _changed_list")
        con.unregister("_changed_list")
        if full:
            con.execute("DELETE FROM story_mentions")
            con.execute("DELETE FROM stories")
            con.execute("CREATE OR REPLACE TEMP TABLE _blocks AS"
                        f" SELECT DISTINCT {BLOCK_SQL} AS block FROM events WHERE type IS NOT NULL")
        else:
            con.execute(
                "CREATE OR REPLACE TEMP TABLE _blocks AS"
                f" SELECT DISTINCT {BLOCK_SQL} AS block FROM events"
                " WHERE type IS NOT NULL AND doc_id IN (SELECT doc_id FROM _changed_docs)"
                " UNION SELECT DISTINCT block FROM story_mentions"
                " WHERE doc_id IN (SELECT doc_id FROM _changed_docs)")
        result.blocks = con.execute("SELECT count(*) FROM _blocks").fetchone()[0]
        rows = con.execute(
            "SELECT * FROM (SELECT doc_id, id, " + BLOCK_SQL + " AS block, day, date_precision,"
            " published, context, sentence, source_text, source_name, target_text, target_name"
            " FROM events WHERE type IS NOT NULL) e SEMI JOIN _blocks b ON e.block = b.block"
        ).fetchall()
        assignments = _assign(rows, vectors, window, threshold, result)
        con.execute("DELETE FROM story_mentions WHERE block IN (SELECT block FROM _blocks)")
        if assignments:
            frame = pd.DataFrame(assignments, columns=["story_id", "block", "doc_id", "event_id"])
            con.register("_new_mentions", frame)
            con.execute("INSERT INTO story_mentions SELECT * FROM _new_mentions")
            con.unregister("_new_mentions")
        rebuild_stories(con, "_blocks")
        con.execute("DELETE FROM story_docs WHERE doc_id IN (SELECT doc_id FROM _changed_docs)")
        con.execute("INSERT INTO story_docs SELECT doc_id, hash FROM documents"
                    " WHERE doc_id IN (SELECT doc_id FROM _changed_docs)")
        _mark_fresh(con)
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    return result


def _assign(rows: list[tuple], vectors: SentenceVectors | None, window: int, threshold: float,
            result: CorroborationResult) -> list[tuple[str, str, str, str]]:
    by_block: dict[str, list[Mention]] = defaultdict(list)
    for (doc_id, event_id, block, day, precision, published, context, sentence,
         source_text, source_name, target_text, target_name) in rows:
        by_block[block].append(Mention(
            doc_id, event_id, block, day, precision or "day", published,
            frozenset(c.lower() for c in (context or [])), sentence or "",
            _words(source_text, source_name, target_text, target_name)))
    if not by_block:
        return []
    if vectors is None and any(len(ms) > 1 for ms in by_block.values()):
        vectors = _default_vectors()
    assignments = []
    for block, mentions in by_block.items():
        for members in cluster_block(mentions, vectors, window, threshold):
            story_id = _Story(members[0]).story_id
            result.stories += 1
            for m in members:
                assignments.append((story_id, block, m.doc_id, m.event_id))
                result.mentions += 1
    return assignments


@functools.lru_cache(maxsize=1)
def _default_vectors() -> SentenceVectors:
    return SentenceVectors()


def _mark_fresh(con: Any) -> None:
    # DELETE + INSERT rather than an upsert: a read-only store's temporary copy of `meta`
    # has no primary key.
    con.execute("DELETE FROM meta WHERE key = 'stories_fingerprint'")
    con.execute("INSERT INTO meta VALUES ('stories_fingerprint', ?)", [_fingerprint(con)])


def rebuild_stories(con: Any, blocks_table: str) -> None:
    """Recompute the `stories` rows of the blocks listed in `blocks_table` from
    `story_mentions` and `events` (pure SQL: also used by the benchmark on 10M events)."""
    rank = ("CASE e.date_precision WHEN 'month' THEN 1 WHEN 'year' THEN 2 ELSE 0 END")
    order = f"{{'r': {rank}, 'd': e.day, 'p': e.published, 'doc': e.doc_id, 'id': e.id}}"
    s_key, t_key = _side("e.source"), _side("e.target")
    swap = f"({plover.symmetric_sql('e.type')} AND {s_key} > {t_key})"
    con.execute(f"DELETE FROM stories WHERE block IN (SELECT block FROM {blocks_table})")
    con.execute(f"""
        INSERT INTO stories
        WITH {plover.values_sql()}
        SELECT m.story_id, any_value(m.block), any_value(e.type), any_value(e.factuality),
               any_value({plover.symmetric_sql('e.type')}),
               arg_min(CASE WHEN {swap} THEN e.target_country ELSE e.source_country END, {order}),
               arg_min(CASE WHEN {swap} THEN e.source_country ELSE e.target_country END, {order}),
               arg_min(e.day, {order}),
               arg_min(coalesce(e.date_precision, 'day'), {order}),
               avg(coalesce(e.intensity, p.default_intensity)),
               list_sort(list_distinct(flatten(list(coalesce(e.context, []))))),
               count(*), count(DISTINCT e.doc_id),
               count(DISTINCT coalesce(lower(e.outlet), 'doc:' || e.doc_id)),
               least(count(DISTINCT coalesce(lower(e.outlet), 'doc:' || e.doc_id)),
                     count(DISTINCT coalesce(lower(regexp_replace(e.sentence, '\\W+', ' ', 'g')),
                                             'doc:' || e.doc_id))),
               min(e.published),
               arg_min(e.trigger, {order}), arg_min(e.sentence, {order}),
               list(e.id ORDER BY {order})
        FROM story_mentions m
        JOIN events e ON e.doc_id = m.doc_id AND e.id = m.event_id
        LEFT JOIN plover p ON p.type = e.type
        WHERE m.block IN (SELECT block FROM {blocks_table})
        GROUP BY m.story_id""")


STORY_TABLES = ("story_mentions", "stories", "story_docs")


def _read_only(con: Any) -> bool:
    return con.execute("SELECT current_setting('access_mode')").fetchone()[0] == "read_only"


def _shadow(con: Any) -> None:
    """Give a read-only connection writable temporary copies of the story tables (and of
    `meta`, which records their freshness): DuckDB resolves names in `temp` first, so
    `corroborate` then updates the copies, never the file."""
    if con.execute("SELECT count(*) FROM duckdb_tables() WHERE temporary"
                   " AND table_name = 'stories'").fetchone()[0]:
        return
    from importlib import resources

    existing = {r[0] for r in con.execute(
        "SELECT table_name FROM duckdb_tables() WHERE NOT temporary").fetchall()}
    schema = resources.files("tightrope.store").joinpath("schema.sql").read_text()
    for statement in schema.split(";"):
        body = "\n".join(line for line in statement.splitlines() if not line.strip().startswith("--"))
        match = re.search(r"CREATE TABLE IF NOT EXISTS (\w+)", body)
        if not match or match.group(1) not in (*STORY_TABLES, "meta"):
            continue
        name = match.group(1)
        if name in existing:
            con.execute(f"CREATE TEMP TABLE {name} AS SELECT * FROM main.{name}")
        else:
            con.execute(body.replace("CREATE TABLE IF NOT EXISTS", "CREATE TEMP TABLE", 1))


def ensure_stories(store: Any) -> None:
    """Make the story tables current before an analysis reads them. On a store opened
    read-only the update goes to temporary copies (see `_shadow`): the analyses are right,
    the file is untouched, and the work is redone by the next read-only connection until
    someone runs `tightrope corroborate` (or any analysis) on a writable one."""
    con = store.con
    if _read_only(con):
        _shadow(con)
    if is_fresh(con):
        return
    corroborate(store)
