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


@main.command()
@click.argument("inputs", nargs=-1, required=True)
@click.option("--format", "fmt", type=click.Choice(["jsonl", "json", "csv"]), default="jsonl",
              show_default=True, help="Output format.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Write here instead of standard output.")
def extract(inputs: tuple[str, ...], fmt: str, output: Path | None) -> None:
    """Read INPUTS (files, directories, URLs, feeds, - for stdin) and print their records."""
    from tightrope.extract import Extractor
    from tightrope.sources import Report, print_skip, read

    report = Report(on_skip=print_skip)
    extractor = Extractor()
    out = output.open("w", encoding="utf-8") if output else sys.stdout
    try:
        for result in extractor.many(read(inputs, report=report)):
            for record in result.records:
                out.write(json.dumps(record, ensure_ascii=False) + "\n")
    finally:
        if output:
            out.close()
    if report.read == 0:
        sys.exit(1)


def run() -> None:
    try:
        main(standalone_mode=True)
    except TightropeError as exc:
        click.echo(f"tightrope: {exc}", err=True)
        sys.exit(2)
