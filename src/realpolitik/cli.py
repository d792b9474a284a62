"""The command line: a thin edge over the library API (`realpolitik.api`)."""
from __future__ import annotations

import json
import sys
from pathlib import Path
from textwrap import shorten
from typing import Optional

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn
from rich.table import Table

from realpolitik.config import BLAS_THREADS, Settings, prefer_threads

prefer_threads(BLAS_THREADS)  # before NumPy loads: it reads them once

from realpolitik.api import SAMPLE_CORPUS, Realpolitik  # noqa: E402
from realpolitik.errors import RealpolitikError  # noqa: E402

app = typer.Typer(add_completion=False, no_args_is_help=True,
                  help="Turn news articles into a sourced, time-aware model of a geopolitical system.")
actors_app = typer.Typer(no_args_is_help=True, help="Inspect, merge and split actors.")
app.add_typer(actors_app, name="actors")
err = Console(stderr=True)
out = Console()

DbOption = typer.Option(None, "--db", help="Database file or URL (default: $REALPOLITIK_DB or realpolitik.db).")
ModelOption = typer.Option(None, "--model", help="spaCy pipeline name (default: $REALPOLITIK_MODEL or en_core_web_sm).")
ActorsOption = typer.Option(None, "--actors", help="Extra actor registry YAML (repeatable).")


def open_corpus(db: str | None, model: str | None = None, actors: list[Path] | None = None) -> Realpolitik:
    settings = Settings()
    if db:
        settings.db = db
    if model:
        settings.model = model
    settings.actor_files = list(actors or [])
    return Realpolitik(settings)


def fail(error: RealpolitikError) -> None:
    err.print(f"[red]error:[/red] {error}", highlight=False)
    raise typer.Exit(error.code)


@app.command()
def ingest(paths: list[str] = typer.Argument(..., help="Files, directories (recursive) or - for standard input."),
           db: Optional[str] = DbOption, model: Optional[str] = ModelOption,
           actors: Optional[list[Path]] = ActorsOption,
           all_languages: bool = typer.Option(False, "--all-languages", help="Also process non-English articles."),
           processes: Optional[int] = typer.Option(None, "--processes", min=1, help="Parse in N local processes."),
           workers: Optional[int] = typer.Option(None, "--workers", min=1, help="Parse on a local Dask cluster of N workers."),
           dask: Optional[str] = typer.Option(None, "--dask", help="Parse on an existing Dask cluster (tcp://HOST:8786)."),
           log_json: bool = typer.Option(False, "--log-json", help="Log each outcome as a JSON line on stderr."),
           ) -> None:
    """Read articles (.txt, .html, .json, .jsonl) into the store."""
    def report(outcome) -> None:
        if log_json:
            err.file.write(json.dumps({"event": "ingest", "status": outcome.status, "source": outcome.source,
                                       "line": outcome.line, "doc": outcome.doc_id, "reason": outcome.reason}) + "\n")

    try:
        corpus = open_corpus(db, model, actors)
        with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), console=err,
                      transient=True, disable=log_json or not err.is_terminal) as bar:
            task = bar.add_task("ingesting", total=None)

            def progress(outcome) -> None:
                bar.advance(task)
                report(outcome)
            summary = corpus.ingest(paths, progress=progress, languages=set() if all_languages else None,
                                    processes=processes, workers=workers, dask=dask)
    except RealpolitikError as error:
        fail(error)
    counts = {k: summary.count(k) for k in ("ingested", "duplicate", "skipped", "failed")}
    if log_json:
        err.file.write(json.dumps({"event": "summary", **counts, "db": corpus.settings.db}) + "\n")
        if summary.failed:
            raise typer.Exit(1)
        return
    for outcome in summary.outcomes:
        if outcome.status in {"failed", "skipped", "duplicate"}:
            where = f"{outcome.source}:{outcome.line}" if outcome.line and f":{outcome.line}" not in outcome.source \
                else outcome.source
            err.print(f"{outcome.status}: {where}: {outcome.reason}", highlight=False)
    err.print("summary: " + " / ".join(f"{v} {k}" for k, v in counts.items()) + f"  (db: {corpus.settings.db})",
              highlight=False)
    stale = corpus.stale_documents() if counts["duplicate"] else 0
    if stale:  # re-ingesting after an upgrade keeps the old records: say how to renew them
        err.print(f"note: {stale} stored documents were extracted by another version; "
                  f"`realpolitik reextract --db {corpus.settings.db}` extracts them anew", highlight=False)
    if summary.failed:
        raise typer.Exit(1)


@app.command()
def reextract(db: Optional[str] = DbOption, model: Optional[str] = ModelOption,
              everything: bool = typer.Option(False, "--all", help="Every stored document, not only those an "
                                                                   "older version extracted."),
              ) -> None:
    """Extract stored documents anew with this version (after an upgrade), keeping actor merges."""
    try:
        corpus = open_corpus(db, model)
        summary = corpus.reextract(everything)
    except RealpolitikError as error:
        fail(error)
    for outcome in summary.outcomes:
        if outcome.status == "failed":
            err.print(f"failed: {outcome.source}: {outcome.reason}", highlight=False)
    err.print(f"summary: {summary.count('re-extracted')} re-extracted / {summary.count('failed')} failed  "
              f"(db: {corpus.settings.db})", highlight=False)
    if summary.failed:
        raise typer.Exit(1)


@app.command()
def export(db: Optional[str] = DbOption,
           format: str = typer.Option("jsonl", "--format", help="jsonl (to stdout or --out), csv or parquet (a file per kind in --out)."),
           out_path: Optional[Path] = typer.Option(None, "--out", help="Output file (jsonl) or folder (csv, parquet)."),
           min_confidence: Optional[float] = typer.Option(None, "--min-confidence", min=0.0, max=1.0,
                                                          help="Leave out events less certain than this (0-1)."),
           ) -> None:
    """Export every record in the evaluation contract's shape."""
    try:
        corpus = open_corpus(db)
        if format == "jsonl":
            if out_path:
                with open(out_path, "w", encoding="utf-8") as handle:
                    corpus.export_jsonl(handle, min_confidence)
            else:
                corpus.export_jsonl(sys.stdout, min_confidence)
        elif format in ("csv", "parquet"):
            folder = out_path or Path(f"export-{format}")
            write = corpus.export_csv if format == "csv" else corpus.export_parquet
            paths = write(folder, min_confidence)
            err.print(f"wrote {len(paths)} files to {folder}")
        else:
            raise typer.BadParameter("format must be jsonl, csv or parquet")
    except RealpolitikError as error:
        fail(error)


@app.command()
def code(model: Optional[str] = ModelOption) -> None:
    """Code sentences: JSON lines {id, text, date?} on stdin, one {id, events} line out per input."""
    try:
        corpus = open_corpus(":memory:", model)
        corpus.code(sys.stdin, sys.stdout)
    except RealpolitikError as error:
        fail(error)


@app.command()
def relation(a: str, b: str, db: Optional[str] = DbOption,
             plot: Optional[Path] = typer.Option(None, "--plot", help="Draw the timeline to this image file."),
             monthly: int = typer.Option(0, "--monthly", help="Also show months with at least this many events.")
             ) -> None:
    """How the relation between two actors moved over the years, with the evidence behind each point."""
    try:
        timeline = open_corpus(db).relation(a, b, monthly)
    except RealpolitikError as error:
        fail(error)
    out.rule(f"{timeline['a']} ~ {timeline['b']}")
    if not timeline["points"]:
        out.print("no events between them yet")
        return
    for point in timeline["points"]:
        change = "" if point["change"] is None else f"  ({point['change']:+.2f} on the period before)"
        out.print(f"[bold]{point['period']}[/bold]  score {point['score']:+.2f} from {point['events']} events{change}")
        for item in point["evidence"][:5]:
            # a measure kept as it stands is shown for context; it does not move the score
            how = "standing" if item.get("standing") else item["modality"]
            out.print(f"   {item['type']:<9} {how:<12} {item['date'] or '':<10} {item['text'][:110]}",
                      highlight=False)
    if plot:
        try:
            import matplotlib

            matplotlib.use("Agg")  # files only, no screen
            import matplotlib.pyplot as plt
        except ImportError:
            err.print("--plot needs matplotlib: pip install 'realpolitik[plot]'")
            raise typer.Exit(1)
        figure, axis = plt.subplots(figsize=(7, 3))
        yearly = [p for p in timeline["points"] if len(p["period"]) == 4]
        axis.plot([p["period"] for p in yearly], [p["score"] for p in yearly], marker="o")
        axis.axhline(0, color="grey", linewidth=0.8)
        axis.set_ylim(-1.05, 1.05)
        axis.set_ylabel("hostile  ..  cooperative")
        axis.set_title(f"{timeline['a']} ~ {timeline['b']}")
        figure.tight_layout()
        figure.savefig(plot)
        out.print(f"plot written to {plot}")


@app.command()
def actor(name: str, db: Optional[str] = DbOption) -> None:
    """An actor's profile: aliases, when seen, events by type, counterparts, quotes and numbers."""
    from realpolitik.serve.brief import amount

    try:
        profile = open_corpus(db).profile(name)
    except RealpolitikError as error:
        fail(error)
    out.rule(f"{profile['name']}  ({profile['type'].replace('_', ' ')}, {profile['country'] or 'no state'})")
    if profile["governs"]:
        out.print(f"governs {'; '.join(profile['governs'])}", highlight=False)
    out.print(f"aliases: {', '.join(profile['aliases'][:12]) or '-'}", highlight=False)
    out.print(f"seen {profile['mentions']} times, {profile['first_seen'] or '?'} to {profile['last_seen'] or '?'}; "
              f"by year: {', '.join(f'{y}: {n}' for y, n in profile['mentions_by_year'].items())}", highlight=False)
    out.print(f"events as source: {profile['events_as_source'] or '-'}", highlight=False)
    out.print(f"events as target: {profile['events_as_target'] or '-'}", highlight=False)
    table = Table("counterpart", "events", "latest relation", title="Main counterparts")
    for other in profile["counterparts"]:
        table.add_row(other["name"], str(other["events"]), f"{other['score']:+.2f} in {other['period']}")
    out.print(table)
    for label, key in (("Quotes by", "quotes_by"), ("Quotes about", "quotes_about")):
        for text in profile[key][:4]:
            out.print(f"{label}: “{text[:160]}”", highlight=False)
    for number in profile["numbers"][:5]:
        out.print(f"number: {amount(number)} — {number['subject'] or ''}", highlight=False)


@app.command()
def brief(out_path: Path = typer.Option(..., "--out", help="Where to write the briefing."),
          focus: Optional[str] = typer.Option(None, "--focus", help="The actor the briefing is about "
                                              "(default: the most-mentioned state)."),
          start: Optional[int] = typer.Option(None, "--from", help="First year."),
          end: Optional[int] = typer.Option(None, "--to", help="Last year."),
          format: str = typer.Option("html", "--format", help="html (one self-contained file) or md."),
          min_confidence: Optional[float] = typer.Option(None, "--min-confidence", min=0.0, max=1.0,
                                                         help="Only events at least this certain (0-1)."),
          db: Optional[str] = DbOption) -> None:
    """Write a briefing: summary, relation timelines, threats, map, network, contradictions, quotes."""
    from realpolitik.serve.brief import render_html, render_markdown

    try:
        data = open_corpus(db).brief(focus, start, end, min_confidence)
    except RealpolitikError as error:
        fail(error)
    if format not in ("html", "md"):
        raise typer.BadParameter("format must be html or md")
    text = render_html(data) if format == "html" else render_markdown(data)
    out_path.write_text(text, encoding="utf-8")
    out.print(f"briefing on {data['focus']['name']} written to {out_path}", highlight=False)


@app.command()
def serve(db: Optional[str] = DbOption,
          host: str = typer.Option("127.0.0.1", "--host", help="Address to bind (loopback unless you say so)."),
          port: int = typer.Option(8000, "--port"),
          token: Optional[str] = typer.Option(None, "--token", envvar="REALPOLITIK_TOKEN",
                                              help="Allow writing (POST) with this bearer token."),
          cors: Optional[list[str]] = typer.Option(None, "--cors", help="An origin allowed by CORS (repeatable)."),
          ) -> None:
    """Serve the REST API (OpenAPI docs at /docs) over the same library calls the CLI uses."""
    import uvicorn

    from realpolitik.serve.rest import create_app

    try:
        corpus = open_corpus(db)
    except RealpolitikError as error:
        fail(error)
    uvicorn.run(create_app(corpus, token=token, cors_origins=tuple(cors or ())), host=host, port=port,
                log_level="info")


@app.command()
def balance(actor: Optional[str] = typer.Option(None, "--actor", help="Only the triads this actor is in."),
            year: Optional[str] = typer.Option(None, "--year", help="Only this year (YYYY)."),
            limit: int = typer.Option(50, help="How many triads to show."),
            evidence: bool = typer.Option(True, "--evidence/--no-evidence",
                                          help="Show each side's sign with the sentence that weighs most."),
            db: Optional[str] = DbOption) -> None:
    """Signed triads per year that balance theory says should shift (the enemy of my enemy)."""
    try:
        found = open_corpus(db).triads(actor, year, limit)
    except RealpolitikError as error:
        fail(error)
    if not found:
        out.print("no unbalanced or open triads")
    for triad in found:
        prediction = triad["prediction"]
        verb = "cooperate" if prediction["sign"] > 0 else "turn hostile"
        state = "unbalanced" if triad["balanced"] is False else "open"
        out.print(f"{triad['period']} {state}: {' / '.join(triad['names'])} — balance predicts "
                  f"{prediction['a_name']} and {prediction['b_name']} {verb}", highlight=False)
        for side in triad["sides"] if evidence else ():
            example = side["example"]
            quoted = f"  “{shorten(example['text'], 110, placeholder='…')}”" if example else ""
            out.print(f"    {side['a_name']} ~ {side['b_name']} {side['score']:+.2f}{quoted}", highlight=False)


@actors_app.command("list")
def actors_list(db: Optional[str] = DbOption, limit: int = typer.Option(50, help="How many to show.")) -> None:
    """Actors with their type, country and mention counts."""
    try:
        overview = open_corpus(db).overview(top=limit)
    except RealpolitikError as error:
        fail(error)
    table = Table("id", "name", "type", "country", "mentions", "aliases")
    for actor in overview["top_actors"]:
        table.add_row(actor["id"], actor["name"], actor["type"], actor["country"] or "", str(actor["mentions"]),
                      ", ".join(actor["aliases"][:6]))
    out.print(table)


@actors_app.command("show")
def actors_show(name: str, db: Optional[str] = DbOption) -> None:
    """One actor, found by id, name or alias."""
    try:
        out.print_json(json.dumps(open_corpus(db).actor(name), default=str))
    except RealpolitikError as error:
        fail(error)


@actors_app.command("merge")
def actors_merge(keep: str, merge: str, db: Optional[str] = DbOption) -> None:
    """Count actor MERGE as actor KEEP from now on (undo with `actors split MERGE`)."""
    try:
        kept, merged = open_corpus(db).merge_actors(keep, merge)
    except RealpolitikError as error:
        fail(error)
    out.print(f"merged {merged} into {kept}")


@actors_app.command("split")
def actors_split(name: str, db: Optional[str] = DbOption) -> None:
    """Undo a merge: the actor counts as itself again."""
    try:
        ident = open_corpus(db).split_actor(name)
    except RealpolitikError as error:
        fail(error)
    out.print(f"split {ident} out again")


@app.command()
def demo(db: str = typer.Option("demo.db", "--db", help="Where to build the demo database."),
         model: Optional[str] = ModelOption) -> None:
    """Ingest the bundled sample corpus and print a short briefing."""
    try:
        corpus = open_corpus(db, model)
        summary = corpus.ingest([SAMPLE_CORPUS])
        renewed = corpus.reextract()  # a demo database left by an older version shows this one's results
        overview = corpus.overview(top=12)
    except RealpolitikError as error:
        fail(error)
    out.rule("realpolitik demo")
    out.print(f"ingested {summary.count('ingested')}, already stored {summary.count('duplicate')}, "
              f"failed {summary.count('failed')}"
              + (f", re-extracted {renewed.count('re-extracted')}" if renewed.outcomes else ""), highlight=False)
    docs = Table("published", "how dated", "title", title="Documents")
    for doc in overview["documents"]:
        docs.add_row(doc["published"] or "?", doc["published_method"] or "", (doc["title"] or "(untitled)")[:72])
    out.print(docs)
    years = sorted({y for a in overview["top_actors"] for y in a["by_year"]})
    table = Table("actor", "type", "seen in the text as", *[y[2:] if y.isdigit() else y for y in years], "all",
                  title="Top actors: mentions by year of publication")
    for actor in overview["top_actors"]:
        table.add_row(actor["name"], actor["type"].replace("_", " "), ", ".join(actor["seen_as"][:4]),
                      *[str(actor["by_year"].get(y, "")) for y in years], str(actor["mentions"]))
    out.print(table)
    counts = overview["counts"]
    out.print(f"{counts['documents']} documents, {counts['actors']} actors, {counts['mentions']} mentions, "
              f"{counts['events']} events, {counts['quotes']} quotes, {counts['facts']} numbers "
              f"in {Path(corpus.settings.db).resolve()}", highlight=False)
    out.print(f"next: realpolitik brief --db {db} --out brief.html   "
              f"(or: realpolitik relation Russia Taliban --db {db})", highlight=False)


if __name__ == "__main__":
    app()
