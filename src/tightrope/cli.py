"""The `tightrope` command: a thin layer over the library (tightrope.sources, .extract, .store,
.analysis). Each command's --help says what it does."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from tightrope.errors import TightropeError


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="tightrope")
def main() -> None:
    """tightrope: news about international relations in, measured and queryable records out."""


# extract and ingest: the user's YAML gazetteers, layered on the knowledge base (_knowledge).
GAZETTEER_OPTION = click.option(
    "--gazetteer", "gazetteers", multiple=True, type=click.Path(dir_okay=False, path_type=Path),
    help="YAML file of extra or overriding actors, people and office terms "
         "(repeatable; format in docs/gazetteer.md).")


@main.command()
@click.argument("inputs", nargs=-1, required=True)
@click.option("--format", "fmt", type=click.Choice(["jsonl", "json", "csv"]), default="jsonl",
              show_default=True,
              help="jsonl: one record per line; json: one array; csv: one row per record, "
                   "nested fields as dotted columns (docs/inputs.md).")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Write here instead of standard output.")
@click.option("--follow-links", is_flag=True,
              help="Feeds: fetch each item's page and read it instead of the feed's summary.")
@click.option("--allow-private", is_flag=True,
              help="Allow fetching from loopback, private and link-local addresses.")
@click.option("--max-bytes", type=click.IntRange(min=1), default=20_000_000, show_default=True,
              help="Largest file, response, decompressed file or JSONL line read.")
@click.option("--timeout", type=click.FloatRange(min=0.1), default=20.0, show_default=True,
              help="Seconds to wait to connect or for more of a response.")
@GAZETTEER_OPTION
@click.option("--explain", is_flag=True,
              help="Give each event an \"explain\" field: the words and rules behind its type, "
                   "parties, date and factuality (docs/events.md).")
@click.option("--engine", type=click.Choice(["local", "dask"]), default="local", show_default=True,
              help="local: this process, records to stdout or -o; dask: partitions on a Dask "
                   "cluster, Parquet files under --out (docs/scale.md).")
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path),
              help="With --engine dask: the output directory (re-running resumes it).")
@click.option("--scheduler", metavar="ADDRESS",
              help="With --engine dask: an existing scheduler (tcp://host:8786); default: start "
                   "a local cluster.")
@click.option("--workers", type=click.IntRange(min=1),
              help="With --engine dask and no --scheduler: worker processes (default: 2).")
@click.option("--partition-size", type=click.IntRange(min=1), default=500, show_default=True,
              help="With --engine dask: articles per partition.")
def extract(inputs: tuple[str, ...], fmt: str, output: Path | None, follow_links: bool,
            allow_private: bool, max_bytes: int, timeout: float,
            gazetteers: tuple[Path, ...], explain: bool, engine: str, out_dir: Path | None,
            scheduler: str | None, workers: int | None, partition_size: int) -> None:
    """Read INPUTS (files, directories, URLs, feeds, - for stdin) and print their records.

    Items that cannot be read are reported one line each on stderr and skipped; a summary
    follows. The exit code is 1 only if nothing could be read.

    With --engine dask, INPUTS are JSON Lines (optionally gzipped) or Parquet files with a
    `text` column, or directories of them; records go to Parquet files under --out.
    """
    import os

    if engine == "dask":
        _extract_on_dask(inputs, out_dir, scheduler, workers, partition_size, max_bytes, gazetteers)
        return
    if out_dir or scheduler or workers:
        raise click.UsageError("--out, --scheduler and --workers go with --engine dask")

    from tightrope.extract import Extractor
    from tightrope.sources import ReadOptions, Report, print_skip, print_warning, read
    from tightrope.sources.files import estimate_total
    from tightrope.sources.progress import RunProgress, wanted
    from tightrope.sources.writers import RecordWriter

    options = ReadOptions(follow_links=follow_links, allow_private=allow_private,
                          max_bytes=max_bytes, timeout=timeout,
                          total_timeout=max(60.0, 3 * timeout),
                          exclude=(str(output),) if output else ())
    report = Report(on_skip=print_skip, on_warning=print_warning)
    extractor = Extractor(kb=_knowledge(gazetteers), explain=explain)

    def failed(article, exc: Exception) -> None:
        from tightrope.errors import SkippedItem

        report.skip(SkippedItem(article.origin or article.id, "extraction-error",
                                f"{type(exc).__name__}: {exc}"))

    try:
        out = output.open("w", encoding="utf-8", newline="") if output else sys.stdout
    except OSError as exc:
        raise TightropeError(f"cannot write {output}: {exc.strerror or exc}") from None
    # A bar on a terminal that also receives the records would be torn apart by them.
    show = wanted() and (output is not None or not sys.stdout.isatty())
    extracted = 0
    try:
        with RunProgress(report, estimate_total(inputs) if show else None, enabled=show) as bar:
            writer = RecordWriter(out, fmt)
            for result in extractor.many(read(inputs, options, report), on_error=failed):
                for record in result.records:
                    writer.write(record)
                extracted += 1
                bar.advance()
            writer.close()
    except BrokenPipeError:
        # The reader went away (`| head`): stop quietly, as other Unix filters do.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        sys.exit(1)
    finally:
        if output:
            out.close()
    click.echo(f"tightrope: {report.summary(extracted=extracted)}", err=True)
    if report.read == 0:
        sys.exit(1)


def _extract_on_dask(inputs: tuple[str, ...], out_dir: Path | None, scheduler: str | None,
                     workers: int | None, partition_size: int, max_bytes: int,
                     gazetteers: tuple[Path, ...]) -> None:
    from tightrope.scale import run
    from tightrope.scale.runner import print_error
    from tightrope.sources import ReadOptions

    if out_dir is None:
        raise click.UsageError("--engine dask needs --out DIR")
    show = sys.stderr.isatty()

    def finished(result: dict) -> None:
        if show:
            click.echo(f"tightrope: partition {result['name']}: {result['articles']} articles, "
                       f"{result['records']} records", err=True)

    summary = run(list(inputs), out_dir, scheduler=scheduler, workers=workers,
                  partition_size=partition_size, options=ReadOptions(max_bytes=max_bytes),
                  on_partition=finished, on_error=print_error,
                  gazetteers=tuple(str(g) for g in gazetteers))
    click.echo(f"tightrope: {summary.line()}; output in {out_dir}", err=True)
    if summary.failed:
        sys.exit(1)


# -- the store: ingest, listings, export, demo (tightrope.store) ------------------------------

DEFAULT_DB = "tightrope.duckdb"      # tightrope.store.DEFAULT_DB, without importing DuckDB here


def db_option(default: str = DEFAULT_DB):
    return click.option("--db", type=click.Path(dir_okay=False, path_type=Path), default=default,
                        show_default=True, envvar="TIGHTROPE_DB",
                        help="DuckDB file of the store (or set TIGHTROPE_DB).")


def _country_pair(ctx, param, value):
    return tuple(value) if value else None


# Options a listing can offer; each listing command picks those that apply to its kind
# (tightrope.store.query.APPLIES says the same for the library).
QUERY_OPTIONS = {
    "country": click.option("--country", metavar="ISO3",
                            help="Only rows involving this country (ISO3 code or name)."),
    "dyad": click.option("--dyad", nargs=2, metavar="A B", callback=_country_pair,
                         help="Only rows between countries A and B (either direction)."),
    "directed": click.option("--directed", is_flag=True, help="With --dyad: only A -> B."),
    "event_type": click.option("--type", "type", metavar="TYPE",
                               help="PLOVER event type, e.g. AGREE, ACCUSE, SANCTION."),
    "flag_type": click.option("--type", "type", metavar="FLAG",
                              help="Flag type, e.g. implausible_year, office_mismatch."),
    "mention_type": click.option("--type", "type", metavar="KIND",
                                 help="Mention kind, e.g. person, state, capital."),
    "unit": click.option("--unit", help="Amount unit, e.g. USD, PKR, percent."),
    "factuality": click.option("--factuality", type=click.Choice(
        ["asserted", "forecast", "hypothetical", "negated"], case_sensitive=False)),
    "channel": click.option("--channel", metavar="TAG",
                            help="Only events carrying this context tag (trade, minerals, ...)."),
}
COMMON_OPTIONS = [
    click.option("--since", metavar="DATE", help="From this day on (YYYY, YYYY-MM or YYYY-MM-DD;"
                 " the event's date if the text gives one, else the publication date)."),
    click.option("--until", metavar="DATE", help="Up to this day, inclusive (a month or year is"
                 " taken whole)."),
    click.option("--outlet", help="Only documents from this outlet."),
    click.option("--doc", metavar="ID", help="Only this document."),
    click.option("--contains", metavar="TEXT", help="Sentence or text contains TEXT (any case)."),
    click.option("--limit", type=click.IntRange(min=0), help="At most N rows (a table shows 50"
                 " unless told)."),
    click.option("--after", metavar="ID", help="Continue after the row with this id (paging)."),
    click.option("--desc", "descending", is_flag=True, help="Newest first."),
    click.option("--format", "fmt", type=click.Choice(["table", "jsonl", "csv"]), default="table",
                 show_default=True, help="table: readable; jsonl: the records; csv: flat columns."),
]


def query_options(*names: str):
    """Decorate a listing command with the named filter options and the common ones."""
    def decorate(function):
        for option in reversed([QUERY_OPTIONS[n] for n in names] + COMMON_OPTIONS):
            function = option(function)
        return db_option()(function)
    return decorate


def list_records(kind: str, db: Path, fmt: str, **options) -> None:
    from tightrope.store import Filters, open_store
    from tightrope.store.show import show

    filters = Filters(**{k: v for k, v in options.items() if v not in (None, False, ())})
    with open_store(db) as store:
        show(store, kind, filters, fmt)


@main.command()
@query_options("country", "dyad")
def docs(db: Path, fmt: str, **options) -> None:
    """List stored documents (--country: mentioning an actor of that country; --dyad: both)."""
    list_records("document", db, fmt, **options)


@main.command()
@query_options("country", "dyad", "directed", "event_type", "factuality", "channel")
def events(db: Path, fmt: str, **options) -> None:
    """List stored PLOVER events (--country: as source or target)."""
    list_records("event", db, fmt, **options)


@main.command()
@query_options("country")
def quotes(db: Path, fmt: str, **options) -> None:
    """List stored quotes (--country: the speaker's)."""
    list_records("quote", db, fmt, **options)


@main.command()
@query_options("country", "dyad", "unit")
def amounts(db: Path, fmt: str, **options) -> None:
    """List stored amounts (--country/--dyad: among the amount's actors)."""
    list_records("amount", db, fmt, **options)


@main.command()
@query_options("country")
def forecasts(db: Path, fmt: str, **options) -> None:
    """List stored forecasts (--country: the holder's)."""
    list_records("forecast", db, fmt, **options)


@main.command()
@query_options("flag_type")
def flags(db: Path, fmt: str, **options) -> None:
    """List the consistency flags found in stored documents."""
    list_records("flag", db, fmt, **options)


@main.command()
@click.option("--doc", metavar="ID", help="Only the actors of this document.")
@click.option("--country", metavar="ISO3", help="Only actors of this country.")
@click.option("--limit", type=click.IntRange(min=0), help="At most N actors.")
@click.option("--mentions", is_flag=True, help="List every mention instead of counting them.")
@click.option("--format", "fmt", type=click.Choice(["table", "jsonl", "csv"]), default="table",
              show_default=True)
@db_option()
def actors(doc: str | None, country: str | None, limit: int | None, mentions: bool, fmt: str,
           db: Path) -> None:
    """List the actors of one document or of the whole store: name, country, sector, how
    often they are mentioned and in how many documents."""
    from tightrope.store import Filters, open_store
    from tightrope.store.show import show, show_actors

    with open_store(db) as store:
        if mentions:
            show(store, "actor", Filters(doc=doc, country=country, limit=limit), fmt)
        else:
            show_actors(store, doc=doc, country=country, limit=limit, fmt=fmt)


@main.command()
@click.argument("inputs", nargs=-1, required=True)
@db_option()
@click.option("--batch-size", type=click.IntRange(min=1), default=50, show_default=True,
              help="Documents per transaction.")
@click.option("--follow-links", is_flag=True, help="Feeds: fetch each item's page.")
@click.option("--allow-private", is_flag=True,
              help="Allow fetching from loopback and private network addresses.")
@click.option("-v", "--verbose", is_flag=True, help="Print a line for each committed batch.")
@GAZETTEER_OPTION
def ingest(inputs: tuple[str, ...], db: Path, batch_size: int, follow_links: bool,
           allow_private: bool, verbose: bool, gazetteers: tuple[Path, ...]) -> None:
    """Read INPUTS (files, directories, URLs, feeds, - for stdin), extract their records and
    store them in the database. Articles already stored with the same text are skipped
    before extraction; a changed text replaces the stored version. Safe to re-run after an
    interruption: committed batches stay, the rest is completed."""
    from tightrope.scale.output import ingest_output, is_output_dir
    from tightrope.sources import ReadOptions
    from tightrope.store import Store
    from tightrope.store import ingest as ingesting

    runs = [item for item in inputs if is_output_dir(item)]
    inputs = tuple(item for item in inputs if item not in runs)
    for run_dir in runs:
        # The Parquet output of `extract --engine dask`: copied, not extracted again.
        with Store(db) as store:
            loaded = ingest_output(store, run_dir)
        click.echo(f"tightrope: {run_dir}: stored {loaded.stored} documents "
                   f"({loaded.records} records), {loaded.unchanged} unchanged, in {db}", err=True)
    if not inputs:
        return
    options = ReadOptions(follow_links=follow_links, allow_private=allow_private)
    extractor = None
    if gazetteers:
        from tightrope.extract import Extractor

        extractor = Extractor(kb=_knowledge(gazetteers))
    outcome = ingesting.run(list(inputs), db, batch_size=batch_size, options=options,
                            verbose=verbose, extractor=extractor)
    click.echo(ingesting.summary_line(outcome, db), err=True)
    if outcome.interrupted:
        sys.exit(130)
    if outcome.articles == 0:
        sys.exit(1)


@main.command()
@click.option("--format", "fmt", type=click.Choice(["parquet", "csv", "jsonl"]), required=True,
              help="parquet/csv: one file per kind in the --out directory; jsonl: one file.")
@click.option("--out", type=click.Path(path_type=Path), required=True,
              help="Directory (parquet, csv) or file (jsonl) to write.")
@click.option("--kind", "kinds", multiple=True, type=click.Choice(
    ["document", "actor", "event", "quote", "amount", "forecast", "flag"]),
    help="Export only this kind (repeatable); all kinds by default.")
@db_option()
def export(fmt: str, out: Path, kinds: tuple[str, ...], db: Path) -> None:
    """Export the store: every record kind, or those given with --kind. JSON Lines export
    gives back exactly the records `tightrope extract` prints for the same articles."""
    from tightrope.store import open_store
    from tightrope.store.export import export as export_store

    with open_store(db) as store:
        counts = export_store(store, fmt, out, kinds or None)
    total = sum(counts.values())
    detail = ", ".join(f"{kind} {n}" for kind, n in counts.items())
    click.echo(f"tightrope: exported {total} rows to {out} ({detail})", err=True)


@main.command()
@db_option(default="tightrope-demo.duckdb")
def demo(db: Path) -> None:
    """Ingest the bundled demo corpus (US-China-Pakistan, 2025) into a fresh database (the
    file is replaced) and print what it found."""
    from tightrope.store import demo as demo_module

    demo_module.run(db)


def _knowledge(gazetteers: tuple[Path, ...]):
    """The knowledge base with the user's gazetteers layered on (errors name the file)."""
    from tightrope import knowledge

    return knowledge.load(tuple(gazetteers))


# -- analyses: story events, dyads, balance, forecast ledger, report (tightrope.analysis) ---

def analysis_options(chart: bool = True):
    """Options every analysis report shares: the store, periods, date range, what to count,
    the output format and (where there is one) the chart file."""
    options = [
        db_option(),
        click.option("--period", type=click.Choice(["week", "month", "quarter", "year"]),
                     default="month", show_default=True, help="Length of one row's period."),
        click.option("--since", metavar="DATE", help="From this day on (YYYY, YYYY-MM or"
                     " YYYY-MM-DD; the event's own date, else its publication date)."),
        click.option("--until", metavar="DATE", help="Up to this day, inclusive (a month or"
                     " year is taken whole)."),
        click.option("--mentions", is_flag=True, help="Count raw event mentions instead of"
                     " story events (one per real-world event, however many outlets)."),
        click.option("--format", "fmt", type=click.Choice(["table", "jsonl", "csv"]),
                     default="table", show_default=True,
                     help="table: readable; jsonl/csv: one row per period, for tools."),
    ]
    if chart:
        options.append(click.option(
            "--chart", type=click.Path(dir_okay=False, path_type=Path), metavar="FILE",
            help="Also write a chart: FILE.png, FILE.svg or FILE.html (self-contained)."))

    def decorate(function):
        for option in reversed(options):
            function = option(function)
        return function
    return decorate


def _analysis_store(db: Path):
    """The store an analysis reads: writable, so story events can be brought up to date; a
    file that does not exist is an error, not a new empty store."""
    from tightrope.analysis.units import AnalysisError
    from tightrope.store import Store, open_store

    if str(db).startswith("parquet:"):
        return open_store(db)
    if not Path(db).exists():
        raise AnalysisError(f"no tightrope database at {db} (create one with `tightrope ingest`"
                            " or `tightrope demo`)")
    return Store(db)


def _chart_written(path: Path) -> None:
    click.echo(f"tightrope: wrote chart {path}", err=True)


@main.command("dyad")
@click.argument("a")
@click.argument("b")
@analysis_options()
@click.option("--channels", is_flag=True,
              help="One row per channel (context tag) over the whole range instead of per period.")
def dyad_command(a: str, b: str, db: Path, period: str, since: str | None, until: str | None,
                 mentions: bool, fmt: str, chart: Path | None, channels: bool) -> None:
    """How A and B treat each other, period by period: events per quad class and PLOVER type,
    net cooperation (sum and mean intensity), A->B vs B->A, and the channels carrying it."""
    from tightrope.analysis import charts, dyad, dyad_channels
    from tightrope.analysis.report import dyad_columns, emit

    with _analysis_store(db) as store:
        frame = dyad(store, a, b, period=period, since=since, until=until, mentions=mentions)
        by_channel = dyad_channels(store, a, b, since=since, until=until, mentions=mentions)
    a_code, b_code = (frame["a"].iloc[0], frame["b"].iloc[0]) if len(frame) else (a, b)
    unit = "event mentions" if mentions else "story events"
    if channels:
        emit(by_channel, fmt, f"{a_code}–{b_code} by channel ({unit})")
    else:
        caption = (f"{int(frame['events'].sum())} {unit} from {int(frame['mentions'].sum())}"
                   " mentions; mutual types (AGREE, CONSULT, COOPERATE) count in both directions")
        emit(frame, fmt, f"{a_code}–{b_code} by {period} ({unit})",
             dyad_columns(a_code, b_code), caption)
    if chart:
        _chart_written(charts.dyad_chart(frame, by_channel, chart))


@main.command("balance")
@click.argument("pivot")
@click.option("--between", nargs=2, required=True, metavar="A B",
              help="The two poles: the balance is +1 toward A, -1 toward B.")
@analysis_options()
@click.option("--channels", is_flag=True,
              help="One row per channel (context tag) over the whole range instead of per period.")
@click.option("--min-events", type=click.IntRange(min=1), default=3, show_default=True,
              help="Periods with fewer events are 'insufficient' (no value), not zero.")
def balance_command(pivot: str, between: tuple[str, str], db: Path, period: str,
                    since: str | None, until: str | None, mentions: bool, fmt: str,
                    chart: Path | None, channels: bool, min_events: int) -> None:
    """PIVOT's balance between two poles per period, in [-1, 1] with a 95% band, and how
    strongly each pole courts it (docs/balance.md explains the index)."""
    from tightrope.analysis import balance, balance_channels, balance_total, charts
    from tightrope.analysis.report import balance_columns, band, channel_columns, emit

    a, b = between
    with _analysis_store(db) as store:
        frame = balance(store, pivot, a, b, period=period, since=since, until=until,
                        mentions=mentions, min_events=min_events)
        by_channel = balance_channels(store, pivot, a, b, since=since, until=until,
                                      mentions=mentions, min_events=min_events)
        overall = balance_total(store, pivot, a, b, since=since, until=until,
                                mentions=mentions, min_events=min_events)
    p_code, a_code, b_code = overall["pivot"], overall["a"], overall["b"]
    unit = "event mentions" if mentions else "story events"
    if channels:
        emit(by_channel, fmt, f"{p_code} between {a_code} (+) and {b_code} (−) by channel",
             channel_columns(a_code, b_code))
    else:
        caption = (f"whole range: {band(overall)} from {overall['events']} {unit}."
                   f" balance = (C_{a_code} − C_{b_code}) / (|C_{a_code}| + |C_{b_code}| + 1),"
                   " C = sum of intensity/10; 'with X' = events: C; 'X courts' = X's acts"
                   f" toward {p_code}")
        emit(frame, fmt, f"{p_code} between {a_code} (+) and {b_code} (−) by {period}",
             balance_columns(a_code, b_code), caption)
    if chart:
        _chart_written(charts.balance_chart(frame, by_channel, chart))


@main.group("ledger", invoke_without_command=True)
@db_option()
@click.option("--status", type=click.Choice(["met", "not met", "pending", "expired-unresolved"]),
              help="Only forecasts with this status.")
@click.option("--holder", metavar="NAME", help="Only forecasts whose holder contains NAME.")
@click.option("--as-of", metavar="DATE", help="Judge as on this day (default: today).")
@click.option("--mentions", is_flag=True, help="Match raw event mentions, not story events.")
@click.option("--holders", is_flag=True, help="Print the per-holder track record only.")
@click.option("--since", metavar="DATE", help="Only forecasts published from this day on.")
@click.option("--until", metavar="DATE", help="Only forecasts published up to this day.")
@click.option("--format", "fmt", type=click.Choice(["table", "jsonl", "csv"]), default="table",
              show_default=True, help="table: readable; jsonl/csv: one row per forecast.")
@click.option("--chart", type=click.Path(dir_okay=False, path_type=Path), metavar="FILE",
              help="Also write a chart (windows by status, track records): .png, .svg, .html.")
@click.pass_context
def ledger_command(ctx: click.Context, db: Path, status: str | None, holder: str | None,
                   as_of: str | None, mentions: bool, holders: bool, since: str | None,
                   until: str | None, fmt: str, chart: Path | None) -> None:
    """Every forecast with holder, claim, window and status (met, not met, pending,
    expired-unresolved), proposed from later story events or set by hand; then each
    holder's track record. `tightrope ledger show ID` lists the evidence,
    `tightrope ledger resolve ID --met|--not-met` decides by hand."""
    if ctx.invoked_subcommand:
        return
    from tightrope.analysis import charts, ledger, track_record
    from tightrope.analysis.report import emit, holder_columns, ledger_columns

    with _analysis_store(db) as store:
        frame = ledger(store, as_of=as_of, mentions=mentions, status=status, holder=holder,
                       since=since, until=until)
    record = track_record(frame)
    if chart:
        _chart_written(charts.ledger_chart(frame, record, chart))
    if holders:
        emit(record, fmt, "Track record by holder", holder_columns())
        return
    counts = frame["status"].value_counts()
    caption = ", ".join(f"{s} {int(counts.get(s, 0))}" for s in
                        ("met", "not met", "pending", "expired-unresolved"))
    emit(frame, fmt, "Forecast ledger", ledger_columns(), caption)
    if fmt == "table" and len(record):
        emit(record, fmt, "Track record by holder", holder_columns())


@ledger_command.command("show")
@click.argument("forecast_id", metavar="ID")
@db_option()
@click.option("--as-of", metavar="DATE", help="Judge as on this day (default: today).")
@click.option("--mentions", is_flag=True, help="Match raw event mentions, not story events.")
@click.option("--format", "fmt", type=click.Choice(["table", "jsonl", "csv"]), default="table",
              show_default=True)
def ledger_show(forecast_id: str, db: Path, as_of: str | None, mentions: bool, fmt: str) -> None:
    """One forecast and the story events for and against it."""
    from tightrope.analysis import evidence, ledger
    from tightrope.analysis.report import emit, ledger_columns
    from tightrope.store.show import shorten

    with _analysis_store(db) as store:
        found = evidence(store, forecast_id, as_of=as_of, mentions=mentions)
        row = ledger(store, as_of=as_of, mentions=mentions)
    row = row[row["id"] == forecast_id]
    if fmt != "table":
        emit(found, fmt)
        return
    emit(row, fmt, f"Forecast {forecast_id}", ledger_columns(),
         shorten(row["sentence"].iloc[0], 160) if len(row) else None)
    emit(found, fmt, "Evidence", [
        ("role", "role"), ("day", "day"), ("type", "type"),
        ("dyad", lambda r: f"{r['src']}→{r['tgt']}"), ("outlets", "n_outlets"),
        ("sentence", lambda r: shorten(r["sentence"], 90)), ("id", "unit_id")],
        f"{len(found)} events")


@ledger_command.command("resolve")
@click.argument("forecast_id", metavar="ID")
@click.option("--met/--not-met", "met", default=None, help="The forecast came true / did not.")
@click.option("--clear", is_flag=True, help="Remove the hand decision (the automatic one applies).")
@click.option("--note", metavar="TEXT", help="Why: the evidence or source for the decision.")
@db_option()
def ledger_resolve(forecast_id: str, met: bool | None, clear: bool, note: str | None,
                   db: Path) -> None:
    """Decide forecast ID by hand; a hand decision wins over the automatic proposal."""
    from tightrope.analysis import resolve
    from tightrope.analysis.units import AnalysisError

    if clear == (met is not None):
        raise AnalysisError("give exactly one of --met, --not-met or --clear")
    resolve(db, forecast_id, None if clear else met, note)
    state = "cleared" if clear else ("met" if met else "not met")
    click.echo(f"tightrope: forecast {forecast_id}: {state}", err=True)


@main.command("report")
@analysis_options()
@click.option("--pivot", metavar="P", help="Pivot state for the balance (default: chosen from"
              " the data: the state dealing most with the two most active ones).")
@click.option("--between", nargs=2, metavar="A B", help="The two poles for the balance.")
@click.option("--top", type=click.IntRange(min=1), default=10, show_default=True,
              help="How many of the strongest dyads to list.")
@click.option("--as-of", metavar="DATE", help="Judge forecasts as on this day (default: today).")
def report_command(db: Path, period: str, since: str | None, until: str | None, mentions: bool,
                   fmt: str, chart: Path | None, pivot: str | None,
                   between: tuple[str, str] | None, top: int, as_of: str | None) -> None:
    """An overview of the store: the strongest dyads, a balance, the forecast ledger and the
    holders' track records (--chart: a network of relations)."""
    from tightrope.analysis import charts, overview
    from tightrope.analysis.report import (balance_columns, emit, emit_overview,
                                           holder_columns, ledger_columns, strongest_columns)

    with _analysis_store(db) as store:
        parts = overview(store, since=since, until=until, period=period, pivot=pivot,
                         poles=between, top=top, mentions=mentions, as_of=as_of)
    if fmt != "table":
        emit_overview(parts, fmt)
    else:
        click.echo(f"{parts['stories']} story events from {parts['mentions']} event mentions")
        emit(parts["dyads"], fmt, "Strongest dyads", strongest_columns())
        if parts["triangle"]:
            p, a, b = parts["triangle"]
            emit(parts["balance"], fmt, f"{p} between {a} (+) and {b} (−) by {period}",
                 balance_columns(a, b))
        emit(parts["ledger"], fmt, "Forecast ledger", ledger_columns())
        emit(parts["holders"], fmt, "Track record by holder", holder_columns())
    if chart:
        _chart_written(charts.network_chart(parts["dyads"], chart))


@main.command("corroborate")
@db_option()
@click.option("--full", is_flag=True, help="Rebuild every story from scratch (same result).")
def corroborate_command(db: Path, full: bool) -> None:
    """Cluster event mentions across documents into story events (the analyses do this by
    themselves when the store has changed; this runs it explicitly)."""
    from tightrope.analysis import corroborate
    from tightrope.analysis.units import AnalysisError

    if not Path(db).exists():
        raise AnalysisError(f"no tightrope database at {db} (create one with `tightrope ingest`)")
    result = corroborate(db, full=full)
    click.echo(f"tightrope: {result.mentions} mentions in {result.blocks} blocks -> "
               f"{result.stories} story events ({result.documents} documents changed)", err=True)


@main.command("explain")
@click.argument("sentence", nargs=-1, required=True)
@click.option("--published", metavar="YYYY-MM-DD",
              help="Publication date that relative dates (\"last month\") are resolved against.")
@click.option("--json", "as_json", is_flag=True, help="Print the event records as JSON Lines.")
def explain_command(sentence: tuple[str, ...], published: str | None, as_json: bool) -> None:
    """Code SENTENCE into events and say why: which words were the trigger, source and target,
    which lexicon entry or classifier score decided the type, and why the date and
    factuality are what they are."""
    import datetime as dt

    from tightrope.extract import Extractor
    from tightrope.extract.events import describe
    from tightrope.records import Article

    text = " ".join(sentence).strip()
    if published:
        try:
            dt.date.fromisoformat(published)
        except ValueError:
            raise TightropeError(f"--published {published!r} is not a YYYY-MM-DD date") from None
    records = Extractor(explain=True).one(Article(text=text, published=published)).records
    events = [r for r in records if r["kind"] == "event"]
    if as_json:
        for record in events:
            click.echo(json.dumps(record, ensure_ascii=False))
        return
    actors = [r for r in records if r["kind"] == "actor"]
    click.echo("actors: " + (", ".join(f"{a['text']} ({a['country'] or '?'})" for a in actors)
                             or "none found: no event can be coded"))
    if not events:
        click.echo("no event: no lexicon predicate (or classifier score) links two actors here")
    for record in events:
        click.echo(describe(record))


# -- the HTTP API and dashboard (tightrope.api) --------------------------------------------

@main.command("serve")
@db_option()
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on (keep 127.0.0.1 unless others must reach it).")
@click.option("--port", type=click.IntRange(min=0, max=65535), default=8000, show_default=True)
@click.option("--allow-ingest", is_flag=True,
              help="Open the store for writing and accept POST /api/ingest with the token.")
@click.option("--token", envvar="TIGHTROPE_TOKEN", metavar="TOKEN",
              help="Bearer token for POST /api/ingest (or set TIGHTROPE_TOKEN).")
@click.option("--max-body", type=click.IntRange(min=1024), default=2 * 1024 * 1024,
              show_default=True, help="Largest request body in bytes (larger: 413).")
def serve_command(db: Path, host: str, port: int, allow_ingest: bool, token: str | None,
                  max_body: int) -> None:
    """Serve the dashboard at http://HOST:PORT/ and the JSON API under /api (docs/api.md).
    The store is opened read-only unless --allow-ingest."""
    import uvicorn

    from tightrope.api import create_app

    if not allow_ingest and not Path(db).exists():
        raise TightropeError(f"no tightrope database at {db} (create one with `tightrope ingest`"
                             " or `tightrope demo`)")
    app = create_app(db, allow_ingest=allow_ingest, token=token if allow_ingest else None,
                     max_body=max_body)
    mode = "ingest allowed (bearer token)" if allow_ingest else "read-only"
    click.echo(f"tightrope: serving {db} ({mode}) at http://{host}:{port}/", err=True)
    uvicorn.run(app, host=host, port=port, log_level="warning")


def run() -> None:
    try:
        main(standalone_mode=True)
    except TightropeError as exc:
        click.echo(f"tightrope: {exc}", err=True)
        sys.exit(2)
