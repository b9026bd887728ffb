"""``govqa eval``: ingests the gold set's reports into a temporary GOVQA_HOME
(never the user's store), asks every question through GovQAService.ask (the
HTTP route's code path), scores it, and does the same for a naive LangChain RAG
baseline in the same run."""

from __future__ import annotations

import json
import os
import tempfile
import time
from collections import defaultdict
from pathlib import Path

from eval.scoring import answer_correct, citation_correct, computed_problems, percentile, retrieval_rank

DEV_GOLD = Path(__file__).parent / "gold" / "dev.jsonl"
# Written by people who never read bot/: each scored once unseen, then kept as regression sets.
HOLDOUT_GOLD = Path(__file__).parent / "gold" / "holdout.jsonl"
HOLDOUT2_GOLD = Path(__file__).parent / "gold" / "holdout2.jsonl"
HOLDOUT3_GOLD = Path(__file__).parent / "gold" / "holdout3.jsonl"
HOLDOUT4_GOLD = Path(__file__).parent / "gold" / "holdout4.jsonl"
HOLDOUT5_GOLD = Path(__file__).parent / "gold" / "holdout5.jsonl"
HOLDOUT6_GOLD = Path(__file__).parent / "gold" / "holdout6.jsonl"
# Wild reports (../shared/corpus/wild), by helpers who read only the reports: wild_a and
# wild_b are tuned on; wild_final's reports are kept out of all tuning until the end.
WILD_A_GOLD = Path(__file__).parent / "gold" / "wild_a.jsonl"
WILD_B_GOLD = Path(__file__).parent / "gold" / "wild_b.jsonl"
WILD_FINAL_GOLD = Path(__file__).parent / "gold" / "wild_final.jsonl"
# The 17 reports inside the two Hebei crawler CSVs: scored once unseen (0.779), tuned on since.
WILD_HEBEI_GOLD = Path(__file__).parent / "gold" / "wild_hebei.jsonl"
# Rankings, totals, trends and shares over 23 reports, asked in a store of their own.
AGGREGATE_GOLD = Path(__file__).parent / "gold" / "aggregate.jsonl"
DEFAULT_GOLD = [DEV_GOLD, HOLDOUT_GOLD, HOLDOUT2_GOLD, HOLDOUT3_GOLD, HOLDOUT4_GOLD, HOLDOUT5_GOLD, HOLDOUT6_GOLD,
                WILD_A_GOLD, WILD_B_GOLD, WILD_HEBEI_GOLD, WILD_FINAL_GOLD, AGGREGATE_GOLD]
# Sets asked in a store of their own: a question over many reports ("which agency
# received most?") has one right answer only for one set of reports in the store.
OWN_STORE_PREFIX = "aggregate"
# Sets whose reports nobody tunes on (by file stem). Their failures are counted, not
# listed, unless GOVQA_EVAL_UNSEAL=1: a list of misses is what tuning works from.
UNTUNED_SETS = {"wild_final"}
# The answering issue's targets; CI fails below them.
THRESHOLDS = {"answer_accuracy": float(os.environ.get("GOVQA_EVAL_MIN_ANSWER", 0.98)),
              "citation_accuracy": float(os.environ.get("GOVQA_EVAL_MIN_CITATION", 0.95)),
              "refusal_accuracy": float(os.environ.get("GOVQA_EVAL_MIN_REFUSAL", 0.95))}


def load_gold(paths: list[Path]) -> list[dict]:
    out = []
    for p in paths:
        for i, line in enumerate(Path(p).read_text(encoding="utf-8").splitlines(), 1):
            if line.strip():
                try:
                    out.append({**json.loads(line), "_set": Path(p).stem})
                except json.JSONDecodeError as exc:
                    raise SystemExit(f"govqa eval: {p}:{i}: not JSON ({exc.msg})")
    return out


class NaiveBaseline:
    """RecursiveCharacterTextSplitter 500/50 + the same e5 model + Chroma, top 4;
    its answer is its top chunk (the generic LangChain RAG of the field notes)."""

    def __init__(self, embedder, files: list[Path], home: Path):
        import chromadb
        from chromadb.config import Settings as ChromaSettings
        from langchain_chroma import Chroma
        from langchain_text_splitters import RecursiveCharacterTextSplitter

        from ingest.embedder import LangchainE5

        splitter = RecursiveCharacterTextSplitter(chunk_size=500, chunk_overlap=50)
        client = chromadb.PersistentClient(path=str(home / "baseline"), settings=ChromaSettings(anonymized_telemetry=False))
        self.db = Chroma(collection_name="naive", embedding_function=LangchainE5(embedder), client=client)
        texts, metas = [], []
        for f in files:
            for rid, text in _report_texts(f):
                for piece in splitter.split_text(text):
                    texts.append(piece)
                    metas.append({"report_id": rid})
        self.db.add_texts(texts, metadatas=metas)

    def ask(self, question: str) -> tuple[dict, list[dict]]:
        docs = self.db.similarity_search(question, k=4)
        hits = [{"text": d.page_content, "report_id": d.metadata.get("report_id")} for d in docs]
        top = hits[0] if hits else {"text": "", "report_id": None}
        answer = {"answer": top["text"], "refused": False,
                  "citations": [{"text": h["text"], "report_id": h["report_id"]} for h in hits[:1]]}
        return answer, hits


def _report_texts(f: Path) -> list[tuple[str, str]]:
    """(report id, text) of each report in a file: one, or each annual report of a bulk CSV."""
    from ingest.parser import parse_file, parse_text
    from ingest.reader import read_report

    from ingest.reader import ReportError

    if f.suffix.lower() != ".csv":
        try:
            return [(parse_file(f).report_id, read_report(f).text)]
        except ReportError:
            # the product could not ingest it either (counted there); the baseline reads its text under the file name
            return [(f.stem, read_report(f).text)]
    from ingest.bulk import read_bulk

    out = []
    for a in read_bulk(f.read_bytes()):
        if a.source is None:
            continue
        try:
            out.append((parse_text(a.source, f"{f.name}#{a.row}").report_id, a.source.text))
        except ReportError:
            continue
    return out


# "Reports tuned on vs never tuned on": which reports a question asks about, in print order.
GROUPS = {
    "corpus": "top-level corpus reports, tuned on",
    "wild_tuned": "wild reports, tuned on",
    "untuned": "reports never tuned on",
    "untuned_overlap": "never-tuned set, on a tuned report",
    "many_reports": "questions over many reports (rank, total, trend, share)",
    "no_report": "no report named (out of scope)",
    "given_corpus": "reports of the given --corpus (not the project's)",
}
# the project's own corpus: a --corpus elsewhere holds reports nobody tuned on here
PROJECT_CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus"


def question_group(g: dict, tuned_files: set[str]) -> str:
    """A question's group by its set and its files (paths under --corpus; wild/… for wild reports).
    A never-tuned set's question on a report some tuning set also asks about is kept apart,
    so "never tuned on" holds only reports no tuning set touches."""
    files = g.get("files") or []
    if g.get("_given_corpus"):
        return "given_corpus"
    if str(g.get("_set", "")).startswith(OWN_STORE_PREFIX):
        return "many_reports"
    if g.get("_set") in UNTUNED_SETS:
        return "untuned_overlap" if any(f in tuned_files for f in files) else "untuned"
    if not files:
        return "no_report"
    return "corpus" if all("/" not in f for f in files) else "wild_tuned"


def score_groups(gold: list[dict], answers: list[bool], cites: list[bool | None], refusals: list[bool]) -> dict:
    """{group: {n, sets, reports, answers, citations, refusals, counts}} for the groups that have questions."""
    # a set of questions over many reports tunes rankings and totals, not the answers
    # about any one report: its files leave "never tuned on" as it is
    tuned_files = {f for g in gold if g.get("_set") not in UNTUNED_SETS
                   and not str(g.get("_set", "")).startswith(OWN_STORE_PREFIX) for f in g.get("files") or []}
    rows: dict[str, dict] = {}
    for g, a, c, r in zip(gold, answers, cites, refusals):
        k = question_group(g, tuned_files)
        row = rows.setdefault(k, {"n": 0, "sets": set(), "reports": set(), "a": 0, "c": 0, "cn": 0, "r": 0})
        row["n"] += 1
        row["sets"].add(g.get("_set", "gold"))
        row["reports"].update(g.get("files") or [])
        row["a"] += bool(a)
        row["r"] += bool(r)
        if c is not None:
            row["cn"] += 1
            row["c"] += bool(c)
    out = {}
    for k in [k for k in GROUPS if k in rows] + ["all"]:
        if k == "all":
            if not rows:
                break
            row = {f: sum(x[f] for x in rows.values()) for f in ("n", "a", "c", "cn", "r")}
            row["sets"] = {s for x in rows.values() for s in x["sets"]}
            row["reports"] = {f for x in rows.values() for f in x["reports"]}
        else:
            row = rows[k]
        out[k] = {"label": GROUPS.get(k, "all questions"), "n": row["n"], "sets": sorted(row["sets"]),
                  "reports": len(row["reports"]),
                  "answer_accuracy": row["a"] / row["n"], "citation_accuracy": row["c"] / row["cn"] if row["cn"] else None,
                  "refusal_accuracy": row["r"] / row["n"],
                  "counts": {"answers": [row["a"], row["n"]], "citations": [row["c"], row["cn"]], "refusals": [row["r"], row["n"]]}}
    return out


def _score(gold: list[dict], results: list[dict]) -> dict:
    by_kind: dict[str, list[bool]] = defaultdict(list)
    answers = [answer_correct(g, r["got"]) for g, r in zip(gold, results)]
    cites = [citation_correct(g, r["got"]) for g, r in zip(gold, results)]
    ranks = [retrieval_rank(g, r["hits"]) for g, r in zip(gold, results)]
    by_set: dict[str, list[bool]] = defaultdict(list)
    for g, a in zip(gold, answers):
        by_kind[g.get("kind", "other")].append(a)
        by_set[g.get("_set", "gold")].append(a)
    must = [g.get("refuse", False) for g in gold]
    did = [bool(r["got"].get("refused")) for r in results]
    tp = sum(1 for m, d in zip(must, did) if m and d)
    fp = sum(1 for m, d in zip(must, did) if not m and d)
    fn = sum(1 for m, d in zip(must, did) if m and not d)
    ranked = [r for r in ranks if r is not None]
    lat = [r["ms"] for r in results]
    c = [x for x in cites if x is not None]
    return {
        "n": len(gold),
        "answer_accuracy": sum(answers) / len(gold) if gold else 0.0,
        "citation_accuracy": sum(c) / len(c) if c else 0.0,
        "refusal_accuracy": sum(1 for m, d in zip(must, did) if m == d) / len(gold) if gold else 0.0,
        "refusal_precision": tp / (tp + fp) if tp + fp else 0.0,
        "refusal_recall": tp / (tp + fn) if tp + fn else 0.0,
        "false_refusals": fp, "missed_refusals": fn,
        "recall_at_1": sum(1 for r in ranked if r == 1) / len(ranked) if ranked else 0.0,
        "recall_at_5": sum(1 for r in ranked if 1 <= r <= 5) / len(ranked) if ranked else 0.0,
        "mrr": sum(1 / r for r in ranked if r) / len(ranked) if ranked else 0.0,
        "latency_p50_ms": percentile(lat, 50), "latency_p95_ms": percentile(lat, 95),
        "by_kind": {k: sum(v) / len(v) for k, v in sorted(by_kind.items())},
        "by_set": {k: sum(v) / len(v) for k, v in sorted(by_set.items())},
        "by_group": score_groups(gold, answers, cites, [m == d for m, d in zip(must, did)]),
        # no answer states a computed figure that is not the arithmetic of its cited figures
        "computed_answers": sum(1 for r in results if r["got"].get("computed")),
        "computed_problems": [{"id": g.get("id"), "problems": p} for g, r in zip(gold, results)
                              for p in [computed_problems(r["got"])] if p],
        "_answers": answers, "_cites": cites, "_latencies": lat,
    }




def _stores(gold: list[dict]) -> list[list[int]]:
    """Question indexes per store: the shared store, and one per own-store set."""
    parts: dict[str, list[int]] = defaultdict(list)
    for i, g in enumerate(gold):
        s = g.get("_set", "")
        parts[s if s.startswith(OWN_STORE_PREFIX) else ""].append(i)
    return list(parts.values())


def _ingest(svc, f: Path) -> None:
    if f.suffix.lower() == ".csv":  # a crawler's bulk file: each annual report in it (other rows are skipped)
        svc.ingest_bulk(f)
    else:
        svc.ingest_file(f)


def _run_store(gold: list[dict], corpus: Path, baseline: bool, embedder=None) -> dict:
    """Ingest the questions' reports into a fresh temporary store and ask them."""
    files = sorted({corpus / f for g in gold for f in g.get("files", [])})
    with tempfile.TemporaryDirectory(prefix="govqa-eval-") as tmp:
        from bot.service import GovQAService
        from govqa.settings import get_settings
        from ingest.store import Store

        base = get_settings()
        settings = base.model_copy(update={"home": Path(tmp), "model_dir": base.resolved_model_dir,
                                           "chroma_url": None, "ask_rate_per_minute": 0})
        if embedder is None:
            from ingest.embedder import load_embedder

            embedder = load_embedder(settings)
        svc = GovQAService(settings, embedder, Store(settings, embedder))
        t0 = time.perf_counter()
        ingest_errors = []
        for f in files:
            try:
                _ingest(svc, f)
            except Exception as exc:  # a report the product cannot read: its questions are scored, not skipped
                ingest_errors.append({"file": str(f), "error": f"{type(exc).__name__}: {exc}"})
                print(f"govqa eval: cannot ingest {f}: {exc}")
        ingest_s = time.perf_counter() - t0
        results = []
        for g in gold:
            sid = None
            for turn in g.get("turns", []):
                sid = svc.ask(turn, session_id=sid)["session_id"]
            t = time.perf_counter()
            got = svc.ask(g["question"], session_id=sid)
            ms = (time.perf_counter() - t) * 1000
            hits = svc.retrieve(g["question"], k=5) if not g.get("refuse") else []
            if got.get("citations"):
                hits = [{**c} for c in got["citations"]] + hits
            results.append({"got": got, "hits": hits, "ms": ms})
        bres = []
        if baseline:
            nb = NaiveBaseline(embedder, files, Path(tmp))
            for g in gold:
                t = time.perf_counter()
                got, hits = nb.ask(g["question"])
                bres.append({"got": got, "hits": hits, "ms": (time.perf_counter() - t) * 1000})
    return {"results": results, "baseline": bres, "files": len(files), "ingest_s": ingest_s,
            "ingest_errors": ingest_errors, "embedder": embedder}


def run_eval(gold_paths, corpus: Path, out: Path | None, json_out: bool, baseline: bool = True) -> int:
    gold = load_gold(gold_paths or DEFAULT_GOLD)
    if Path(corpus).resolve() != PROJECT_CORPUS.resolve():
        for g in gold:
            g["_given_corpus"] = True
    files = sorted({corpus / f for g in gold for f in g.get("files", [])})
    missing = [str(f) for f in files if not f.exists()]
    if missing:
        raise SystemExit(f"govqa eval: report files not found: {', '.join(missing[:3])}")
    results: list[dict | None] = [None] * len(gold)
    bres: list[dict | None] = [None] * len(gold)
    ingest_errors, ingest_s, n_files, embedder = [], 0.0, 0, None
    for idx in _stores(gold):
        run = _run_store([gold[i] for i in idx], corpus, baseline, embedder)
        embedder = run["embedder"]
        for i, r, b in zip(idx, run["results"], run["baseline"] or [None] * len(idx)):
            results[i], bres[i] = r, b
        ingest_errors += run["ingest_errors"]
        ingest_s += run["ingest_s"]
        n_files += run["files"]
    parse_report = _parse_accuracy(corpus)
    ours = _score(gold, results)
    ours["ingest_reports_per_min"] = n_files / ingest_s * 60 if ingest_s else 0.0
    ours["ingest_errors"] = ingest_errors
    base_score = _score(gold, bres) if baseline else None
    failures = [{"id": g.get("id"), "set": g.get("_set"), "kind": g.get("kind"), "question": g["question"],
                 "expected": g.get("expect_all") or g.get("expect_any") or ("(refuse)" if g.get("refuse") else ""),
                 "got": r["got"]["answer"], "refused": r["got"].get("refused"),
                 "cited": [c.get("text", "")[:120] for c in r["got"].get("citations", [])]}
                for g, r, a, c in zip(gold, results, ours["_answers"], ours["_cites"]) if not a or c is False]
    unseal = os.environ.get("GOVQA_EVAL_UNSEAL") == "1"
    sealed = [] if unseal else [f for f in failures if f["set"] in UNTUNED_SETS]
    failures = [f for f in failures if f["set"] not in UNTUNED_SETS or unseal]
    report = {"govqa": {k: v for k, v in ours.items() if not k.startswith("_")},
              "baseline": {k: v for k, v in base_score.items() if not k.startswith("_")} if base_score else None,
              "parse": parse_report, "failures": failures, "failures_sealed": len(sealed), "thresholds": THRESHOLDS,
              "latencies_ms": {"govqa": ours["_latencies"], "baseline": base_score["_latencies"] if base_score else []}}
    _print(report, json_out)
    if out:
        _write(report, Path(out))
    return 0 if passes_gate(report["govqa"]) else 1


# The wild reports (other agencies, crawler forms) are not yet at the answering
# targets; CI holds them at their measured level so they cannot slip back.
WILD_FLOOR = {"answer_accuracy": float(os.environ.get("GOVQA_EVAL_MIN_WILD_ANSWER", 0.80)),
              "citation_accuracy": float(os.environ.get("GOVQA_EVAL_MIN_WILD_CITATION", 0.75)),
              "refusal_accuracy": float(os.environ.get("GOVQA_EVAL_MIN_WILD_REFUSAL", 0.85))}


MANY_REPORTS_MIN = {"answer_accuracy": float(os.environ.get("GOVQA_EVAL_MIN_AGGREGATE", 0.95)),
                    "citation_accuracy": 0.95, "refusal_accuracy": 0.95}


def passes_gate(scores: dict) -> bool:
    """The targets on the six reports tuned on (or on the whole run when the
    gold has no groups), and the floor on every wild group."""
    if scores.get("computed_problems"):
        return False
    groups = scores.get("by_group") or {}
    base = groups.get("corpus") if groups.get("corpus") and len(groups) > 2 else scores
    ok = all((base.get(k) or 0) >= v for k, v in THRESHOLDS.items())
    for name in ("wild_tuned", "untuned", "untuned_overlap"):
        row = groups.get(name)
        if row:
            ok = ok and all((row.get(k) if row.get(k) is not None else 1) >= v for k, v in WILD_FLOOR.items())
    row = groups.get("many_reports")
    if row and len(groups) > 2:  # the figures-across-reports issue's target
        ok = ok and all((row.get(k) if row.get(k) is not None else 1) >= v for k, v in MANY_REPORTS_MIN.items())
    return ok


def _parse_accuracy(corpus: Path) -> list[dict]:
    """Cells right / printed cells per report, against tests/ingest/expected."""
    from ingest.parser import parse_file

    expected_dir = Path(__file__).resolve().parents[1] / "tests" / "ingest" / "expected"
    rows = []
    for exp_path in sorted(expected_dir.glob("20*.json")):
        src = corpus / f"{exp_path.stem}.txt"
        if not src.exists():
            continue
        exp = json.loads(exp_path.read_text(encoding="utf-8"))
        t = time.perf_counter()
        got = parse_file(src)
        ms = (time.perf_counter() - t) * 1000
        printed = set(exp["values"]) | set(exp["blank"])
        right = sum(1 for k in exp["values"] if got.values.get(k) == exp["values"][k]) + \
            sum(1 for k in exp["blank"] if k in got.blank)
        rows.append({"report": exp_path.stem, "cells_right": right, "cells_printed": len(printed),
                     "blank_read_as_0": sum(1 for k in exp["blank"] if got.values.get(k) == 0),
                     "parse_ms": round(ms, 1)})
    return rows


def _print(report: dict, json_out: bool) -> None:
    if json_out:
        print(json.dumps(report, ensure_ascii=False, indent=2))
        return
    from rich.console import Console
    from rich.table import Table

    console = Console(width=None if Console().is_terminal else 170)
    t = Table(title="GovQA eval (" + " + ".join(report["govqa"].get("by_set", {}) or ["gold"]) + ")")
    t.add_column("metric")
    t.add_column("GovQA", justify="right")
    t.add_column("naive LangChain RAG", justify="right")
    g, b = report["govqa"], report["baseline"] or {}
    for k in ("n", "answer_accuracy", "citation_accuracy", "refusal_accuracy", "refusal_precision", "refusal_recall",
              "false_refusals", "missed_refusals", "computed_answers", "recall_at_1", "recall_at_5", "mrr", "latency_p50_ms", "latency_p95_ms", "ingest_reports_per_min"):
        fmt = (lambda v: f"{v:.3f}") if isinstance(g.get(k), float) else str
        t.add_row(k, fmt(g.get(k, "")) if k in g else "", fmt(b[k]) if k in b else "")
    for kind, acc in g["by_kind"].items():
        t.add_row(f"  kind: {kind}", f"{acc:.3f}", f"{b.get('by_kind', {}).get(kind, 0):.3f}" if b else "")
    for name, acc in g.get("by_set", {}).items():
        t.add_row(f"  set: {name}", f"{acc:.3f}", f"{b.get('by_set', {}).get(name, 0):.3f}" if b else "")
    console.print(t)
    console.print(group_table(report))
    p = Table(title="Parse accuracy (cells right / printed)")
    for c in ("report", "cells", "blank→0", "ms"):
        p.add_column(c)
    for r in report["parse"]:
        p.add_row(r["report"], f"{r['cells_right']}/{r['cells_printed']}", str(r["blank_read_as_0"]), str(r["parse_ms"]))
    console.print(p)
    console.print(f"{len(report['failures'])} failures (see --out DIR for the list)" + _sealed_note(report))


def _sealed_note(report: dict) -> str:
    n = report.get("failures_sealed", 0)
    return f"; {n} more on reports never tuned on, not listed (GOVQA_EVAL_UNSEAL=1 lists them)" if n else ""


def _sets_text(sets: list[str]) -> str:
    """dev, holdout, holdout2 … holdout6 → "dev, holdout…holdout6"."""
    import re

    runs: dict[str, list[str]] = {}
    for name in sets:
        runs.setdefault(re.sub(r"\d+$", "", name), []).append(name)
    key = lambda n: (len(n), n)  # noqa: E731  (holdout before holdout2 before holdout10)
    return ", ".join(f"{min(v, key=key)}…{max(v, key=key)}" if len(v) > 2 else ", ".join(sorted(v, key=key))
                     for v in runs.values())


def _frac(v: float | None, counts: list[int]) -> str:
    return "—" if v is None else f"{v:.3f} ({counts[0]}/{counts[1]})"


def group_table(report: dict):
    """Reports tuned on vs never tuned on: one row per group of questions."""
    from rich.table import Table

    g, b = report["govqa"].get("by_group", {}), (report["baseline"] or {}).get("by_group", {})
    t = Table(title="Reports tuned on vs never tuned on")
    for c, j in (("questions on", "left"), ("sets", "left"), ("reports", "right"), ("n", "right"), ("answers", "right"),
                 ("citations", "right"), ("refusals", "right"), ("naive RAG answers", "right")):
        t.add_column(c, justify=j)
    for k, row in g.items():
        t.add_row(row["label"], _sets_text(row["sets"]) if k != "all" else "", str(row["reports"]), str(row["n"]),
                  _frac(row["answer_accuracy"], row["counts"]["answers"]),
                  _frac(row["citation_accuracy"], row["counts"]["citations"]),
                  _frac(row["refusal_accuracy"], row["counts"]["refusals"]),
                  f"{b[k]['answer_accuracy']:.3f}" if k in b else "", end_section=(k == list(g)[-2]) if len(g) > 1 else False)
    return t


def write_json(path: Path, data) -> None:
    """A run's figures as JSON (the eval's and every benchmark's --out)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def _write(report: dict, out: Path) -> None:
    write_json(out / "eval.json", report)
    g, b = report["govqa"], report["baseline"] or {}
    lines = ["# GovQA eval", "", "| metric | GovQA | naive RAG |", "|---|---|---|"]
    for k, v in g.items():
        if k not in ("by_kind", "by_set", "by_group", "ingest_errors"):
            lines.append(f"| {k} | {v:.3f} | {b.get(k, 0):.3f} |" if isinstance(v, float) else f"| {k} | {v} | {b.get(k, '')} |")
    lines += ["", "| kind | GovQA | naive RAG |", "|---|---|---|"]
    lines += [f"| {k} | {v:.3f} | {b.get('by_kind', {}).get(k, 0):.3f} |" for k, v in g["by_kind"].items()]
    lines += ["", "## Reports tuned on vs never tuned on", "",
              "| questions on | sets | reports | n | answers | citations | refusals | naive RAG answers |",
              "|---|---|---|---|---|---|---|---|"]
    for k, row in g.get("by_group", {}).items():
        nb = b.get("by_group", {}).get(k)
        lines.append(f"| {row['label']} | {_sets_text(row['sets']) if k != 'all' else ''} | {row['reports']} | {row['n']} | "
                     f"{_frac(row['answer_accuracy'], row['counts']['answers'])} | "
                     f"{_frac(row['citation_accuracy'], row['counts']['citations'])} | "
                     f"{_frac(row['refusal_accuracy'], row['counts']['refusals'])} | "
                     + (f"{nb['answer_accuracy']:.3f} |" if nb else " |"))
    if g.get("ingest_errors"):
        lines += ["", "## Reports that could not be ingested", ""]
        lines += [f"- {e['file']}: {e['error']}" for e in g["ingest_errors"]]
    lines += ["", "## Failures", ""]
    for f in report["failures"]:
        lines.append(f"- **{f['id']}** ({f['kind']}) {f['question']} — expected {f['expected']}; got: {f['got'][:160]}")
    if report.get("failures_sealed"):
        lines.append(f"- {report['failures_sealed']} more on reports never tuned on, not listed (GOVQA_EVAL_UNSEAL=1 lists them)")
    (out / "eval.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt

        kinds = list(g["by_kind"])
        fig, ax = plt.subplots(figsize=(8, 4))
        xs = range(len(kinds))
        ax.bar([x - 0.2 for x in xs], [g["by_kind"][k] for k in kinds], width=0.4, label="GovQA")
        ax.bar([x + 0.2 for x in xs], [b.get("by_kind", {}).get(k, 0) for k in kinds], width=0.4, label="naive RAG")
        ax.set_xticks(list(xs), kinds, rotation=30)
        ax.set_ylabel("answer accuracy")
        ax.set_ylim(0, 1)
        ax.legend()
        fig.tight_layout()
        fig.savefig(out / "accuracy_by_kind.png")
        plt.close(fig)

        lat = report.get("latencies_ms", {})
        fig, ax = plt.subplots(figsize=(8, 4))
        bins = [10 ** (i / 8) for i in range(-8, 33)]       # 0.1 ms … 10 s, log-spaced
        for name, label in (("govqa", "GovQA"), ("baseline", "naive RAG")):
            if lat.get(name):
                ax.hist([max(v, 0.1) for v in lat[name]], bins=bins, alpha=0.6, label=label)
        ax.set_xscale("log")
        ax.set_xlabel("answer latency per question (ms, log scale)")
        ax.set_ylabel("questions")
        ax.legend()
        fig.tight_layout()
        fig.savefig(out / "latency_hist.png")
        plt.close(fig)
    except Exception as exc:  # plots are a convenience; the JSON and Markdown are the record
        print(f"plots skipped: {exc}")
