"""Scale benchmark: ``python -m eval.bench_scale [--n 1000] [--sizes 100,300,1000] [--out FILE.json]``.

Generates, at run time and only in a temporary folder, a synthetic corpus of
reports in the real template (nothing is committed): each is one of the seed
reports (the bundled 2019-template sample and a 2021-template corpus report)
with the agency replaced by an invented one (合成市…), the years shifted,
every number in the tables redrawn at random, and the title marked
（合成/SYNTHETIC）. Every synthetic report goes through the real parser and
the real ``Store.add_report`` (chunks, metadata, generations, commit record).

Vectors: embedding thousands of reports with the real model would take hours
on this machine, so each seed's chunks are embedded once with the real e5
model and a synthetic chunk gets the vector of its seed chunk (matched by the
text with agency, years and digits masked) plus a per-report random direction
and per-chunk noise, re-normalised (cosine to the seed vector ≈ 0.95). Queries
are embedded for real. The six real corpus reports are ingested too (real
vectors), so the real dev questions can be scored among the synthetic ones.

At each size it measures warm retrieval latency (``GovQAService.retrieve``,
top 5: query embedding + Chroma + BM25 + fusion, narrowed by the agency and
year the question names, as answers are), the BM25 index update for the
reports added since the last size (incremental: only they are tokenised), the
process RSS, and recall@5 of the real dev table questions; then extrapolates
p95 and RSS to 10,000 reports with a linear fit of the measured sizes — an
extrapolation, printed as such.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import re
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from eval.bench_retrieval import (DEFAULT_CORPUS, current_rss_mb, is_table_question, peak_rss_mb,
                                  retrieval_questions)
from eval.run import DEV_GOLD, load_gold, write_json
from eval.scoring import percentile, retrieval_rank

REPO = Path(__file__).resolve().parents[1]
SEEDS = [  # (file, agency as printed, year it covers)
    (REPO / "govqa" / "sample" / "2020_qzts_ghjsjtj.txt", "泉州台商投资区规划建设与交通运输局", 2020),
    ("2024_huaian_huaian-shi-renmin-zhengfu.txt", "淮安市人民政府", 2024),
]
TARGETS = {"p95_ms_at_10000": 300.0, "rss_mb_at_10000": 1536.0}
PLACES = "东南西北中前后上下新老远近长广安平和兴华泰宁顺康乐明清".strip()
KINDS = ["人民政府", "人民政府办公室", "发展和改革局", "教育局", "公安局", "民政局", "司法局", "财政局",
         "人力资源和社会保障局", "自然资源和规划局", "生态环境局", "住房和城乡建设局", "交通运输局", "水务局",
         "农业农村局", "商务局", "文化广电和旅游局", "卫生健康委员会", "应急管理局", "审计局", "市场监督管理局",
         "统计局", "医疗保障局", "城市管理局", "数据局"]
QUESTION_TEMPLATES = ["{a}{y}年新收政府信息公开申请多少件？", "{a}{y}年行政复议有多少件？",
                      "{a}{y}年予以公开的申请有几件？", "{a}的联系电话是多少？",
                      "{a}{y}年主动公开规范性文件多少件？", "{a}{y}年政府信息公开工作存在哪些问题？"]


# -- synthetic reports -------------------------------------------------------------------
def synthetic_agency(i: int) -> str:
    a, b = PLACES[i % len(PLACES)], PLACES[(i // len(PLACES)) % len(PLACES)]
    return f"合成{a}{b}市第{i // (len(PLACES) ** 2) + 1}区{KINDS[i % len(KINDS)]}"


def synthetic_text(seed_text: str, seed_agency: str, seed_year: int, agency: str, year: int,
                   rng: random.Random) -> str:
    text = seed_text.replace(seed_agency, agency)
    # years: the covered year and the one before it move together
    text = re.sub(rf"(?<!\d){seed_year}(?!\d)", "\x00Y0", text)
    text = re.sub(rf"(?<!\d){seed_year - 1}(?!\d)", "\x00Y1", text)
    text = text.replace("\x00Y0", str(year)).replace("\x00Y1", str(year - 1))
    lines = text.split("\n")
    out = []
    for n, line in enumerate(lines):
        if n == 1:  # the title line
            line = line.rstrip() + "（合成/SYNTHETIC）"
        elif "|" in line:  # a table line: redraw every number in it
            line = re.sub(r"(?<![\d.])\d{1,5}(?![\d.])", lambda m: str(rng.randint(0, 300)), line)
        out.append(line)
    return "\n".join(out)


def _mask(embed_text: str) -> str:
    """A chunk's embed text with the agency, years and digits masked: the key
    that maps a synthetic chunk to the seed chunk it was made from."""
    year, agency, rest = (embed_text.split(" ", 2) + ["", ""])[:3]
    rest = rest.replace(agency, "<A>").replace("（合成/SYNTHETIC）", "")
    return re.sub(r"\d+", "#", rest)


class SyntheticVectors:
    """Stands in for the embedder in ``Store.add_report``: seed vectors plus
    noise for synthetic chunks; the real model for anything else."""

    fingerprint = ""  # no reuse look-ups: every report here is new

    def __init__(self, real, dim: int, seed: int = 0, report_weight: float = 0.2, chunk_weight: float = 0.25):
        self.real = real
        self.dim = dim
        self.table: dict[str, np.ndarray] = {}
        self.seed = seed
        self.report_weight, self.chunk_weight = report_weight, chunk_weight
        self.real_calls = 0
        self.real_passages = 0
        self.reused = 0

    def learn(self, embed_texts: list[str]) -> None:
        vecs = self.real.embed_passages(embed_texts)
        self.real_passages += len(embed_texts)
        for t, v in zip(embed_texts, vecs):
            self.table.setdefault(_mask(t), np.asarray(v, dtype=np.float32))

    def _rng(self, key: str) -> np.random.Generator:
        return np.random.default_rng(int(hashlib.sha1(f"{self.seed}:{key}".encode()).hexdigest()[:15], 16))

    def embed_passages(self, texts: list[str]) -> list[list[float]]:
        out = []
        for t in texts:
            base = self.table.get(_mask(t))
            if base is None:  # not from a seed: the real model
                self.real_calls += 1
                self.real_passages += 1
                out.append(self.real.embed_passages([t])[0])
                continue
            self.reused += 1
            agency = (t.split(" ", 2) + [""])[1]
            u = self._rng("report:" + agency).standard_normal(self.dim).astype(np.float32)
            g = self._rng("chunk:" + t).standard_normal(self.dim).astype(np.float32)
            v = base + self.report_weight * u / np.linalg.norm(u) + self.chunk_weight * g / np.linalg.norm(g)
            out.append((v / np.linalg.norm(v)).tolist())
        return out


# -- measuring -----------------------------------------------------------------------------
# The figures that matter are a server's: a process that opens the store and
# answers, as `govqa serve` does. So each size is measured in a fresh process
# (``--probe``), not in the one that wrote the reports (which holds the
# passage model and whatever ingest left in its heap).
def measure(service, store, embedder, questions: list[str], real_gold: list[dict]) -> dict:
    """Timed: ``GovQAService.retrieve``, the search answers use (the agency and
    year a question names narrow it; its table-row words rank those rows first)."""
    t = time.perf_counter()
    service.retrieve("预热", k=5)  # builds the BM25 index over every report
    rebuild_s = time.perf_counter() - t
    rss_after_index = current_rss_mb()
    for q in questions[:5]:
        service.retrieve(q, k=5)
    lat, dense = [], []
    for q in questions:
        t = time.perf_counter()
        service.retrieve(q, k=5)
        lat.append((time.perf_counter() - t) * 1000)
    for q in questions[:20]:
        v = embedder.embed_query(q)
        t = time.perf_counter()
        store.dense_search(v, 30)
        dense.append((time.perf_counter() - t) * 1000)
    ranks = [retrieval_rank(g, service.retrieve(g["question"], k=5)) or 0 for g in real_gold]
    return {"p50_ms": percentile(lat, 50), "p95_ms": percentile(lat, 95), "max_ms": max(lat),
            "dense_p95_ms": percentile(dense, 95), "bm25_rebuild_s": rebuild_s,
            "rss_mb": current_rss_mb(), "peak_rss_mb": peak_rss_mb(), "rss_after_index_mb": rss_after_index,
            "torch_loaded": "torch" in sys.modules,
            "real_table_recall_at_5": sum(1 for r in ranks if 1 <= r <= 5) / len(ranks) if ranks else None,
            "n_questions": len(lat), "n_real_questions": len(ranks)}


def probe(home: Path, model_dir: Path, questions_file: Path) -> dict:
    """In a fresh process: open the store as a server would and measure."""
    from bot.service import GovQAService
    from govqa.settings import Settings
    from ingest.embedder import load_embedder
    from ingest.store import Store

    settings = Settings(home=home, model_dir=model_dir)
    embedder = load_embedder(settings)
    store = Store(settings, embedder)
    service = GovQAService(settings, embedder, store)
    questions = json.loads(questions_file.read_text(encoding="utf-8"))
    gold = [g for g in retrieval_questions(load_gold([DEV_GOLD])) if is_table_question(g)]
    return measure(service, store, embedder, questions, gold)


def _probe_in_fresh_process(home: Path, model_dir: Path, questions: list[str], tmp: Path) -> dict:
    import subprocess

    qfile = tmp / "probe_questions.json"
    qfile.write_text(json.dumps(questions, ensure_ascii=False), encoding="utf-8")
    out = tmp / "probe_result.json"
    subprocess.run([sys.executable, "-m", "eval.bench_scale", "--probe", str(home), "--model-dir", str(model_dir),
                    "--questions", str(qfile), "--out", str(out)], check=True, cwd=REPO)
    return json.loads(out.read_text(encoding="utf-8"))


def linear_fit(xs: list[float], ys: list[float], at: float) -> tuple[float, float, float]:
    slope, intercept = np.polyfit(np.asarray(xs, float), np.asarray(ys, float), 1)
    return float(slope * at + intercept), float(slope), float(intercept)


def run(n: int, sizes: list[int], corpus: Path, seed: int = 7, questions_per_size: int = 60) -> dict:
    from govqa.settings import Settings, get_settings
    from ingest.chunks import build_chunks
    from ingest.embedder import load_embedder
    from ingest.parser import parse_file
    from ingest.reader import read_report
    from ingest.parser import parse_text
    from ingest.store import Store

    sizes = sorted({s for s in sizes if s <= n} | {n})
    rng = random.Random(seed)
    base = get_settings()
    embedder = load_embedder(base)
    seeds = []
    for f, agency, year in SEEDS:
        path = f if isinstance(f, Path) else corpus / f
        if not path.is_file():
            raise SystemExit(f"bench_scale: seed report not found: {path}")
        seeds.append((path, path.read_text(encoding="utf-8"), agency, year))
    gold = [g for g in retrieval_questions(load_gold([DEV_GOLD])) if is_table_question(g)]
    real_files = sorted({corpus / f for g in gold for f in g.get("files", [])})
    out: dict = {"n": n, "sizes": sizes, "seed": seed, "targets": TARGETS}
    with tempfile.TemporaryDirectory(prefix="govqa-scale-") as tmp:
        tmp = Path(tmp)
        settings = Settings(home=tmp / "home", model_dir=base.resolved_model_dir)
        fake = SyntheticVectors(embedder, embedder.dimension, seed=seed)
        store = Store(settings, fake)
        # the seeds' chunks, embedded once for real (as they would be for their own agency)
        t = time.perf_counter()
        for path, text, agency, year in seeds:
            r = parse_file(path)
            fake.learn([c.embed_text(r) for c in build_chunks(r)])
        # the real corpus reports (real vectors), so real questions can be scored
        store.embedder = embedder
        for f in real_files:
            store.add_report(parse_file(f))
        store.embedder = fake
        out["real_embedding_s"] = time.perf_counter() - t
        made, results, agencies = 0, [], []
        gen_s = parse_s = add_s = 0.0
        synth_dir = tmp / "synthetic"
        synth_dir.mkdir()
        for size in sizes:
            while made < size:
                path, text, seed_agency, seed_year = seeds[made % len(seeds)]
                agency = synthetic_agency(made)
                year = rng.choice([2019, 2020]) if seed_year < 2021 else rng.choice([2021, 2022, 2023, 2024, 2025])
                t = time.perf_counter()
                body = synthetic_text(text, seed_agency, seed_year, agency, year, rng)
                fname = synth_dir / f"synthetic_{made:05d}.txt"
                fname.write_text(body, encoding="utf-8")
                gen_s += time.perf_counter() - t
                t = time.perf_counter()
                report = parse_text(read_report(fname), fname.name)
                parse_s += time.perf_counter() - t
                if "合成/SYNTHETIC" not in report.title and "合成" not in report.agency:
                    raise SystemExit(f"bench_scale: synthetic report not marked: {report.title!r}")
                t = time.perf_counter()
                store.add_report(report)
                add_s += time.perf_counter() - t
                agencies.append((report.agency, report.year))
                made += 1
            qs = [QUESTION_TEMPLATES[i % len(QUESTION_TEMPLATES)].format(a=a, y=y)
                  for i, (a, y) in enumerate(rng.sample(agencies, min(questions_per_size, len(agencies))))]
            m = _probe_in_fresh_process(tmp / "home", base.resolved_model_dir, qs, tmp)
            m["ingest_process_rss_mb"] = current_rss_mb()
            m["ingest_process_peak_rss_mb"] = peak_rss_mb()
            m["synthetic_reports"] = size
            m["reports_in_store"] = size + len(real_files)
            m["chunks_in_store"] = sum(r["n_chunks"] for r in store.reports())
            m["store_mb"] = sum(p.stat().st_size for p in (tmp / "home").rglob("*") if p.is_file()) / 2**20
            results.append(m)
            print(f"  {size:>6} synthetic reports: p50 {m['p50_ms']:.1f} ms, p95 {m['p95_ms']:.1f} ms, "
                  f"server RSS {m['rss_mb']:.0f} MB (peak {m['peak_rss_mb']:.0f}), BM25 build {m['bm25_rebuild_s']:.1f} s, "
                  f"ingest process RSS {m['ingest_process_rss_mb']:.0f} MB, {add_s / made:.2f} s per report written",
                  flush=True)
        out["synthetic"] = {"generate_s": gen_s, "parse_s": parse_s, "add_s": add_s,
                            "bulk_reports_per_min": made / add_s * 60 if add_s else None,
                            "seed_passages_embedded_for_real": fake.real_passages,
                            "vectors_reused_from_seeds": fake.reused,
                            "passages_embedded_for_real_outside_seeds": fake.real_calls,
                            "real_reports": len(real_files)}
    out["results"] = results
    xs = [r["reports_in_store"] for r in results]
    extra = {}
    for key in ("p95_ms", "rss_mb", "peak_rss_mb", "bm25_rebuild_s", "store_mb"):
        pred, slope, icpt = linear_fit(xs, [r[key] for r in results], 10_000)
        extra[key] = {"at_10000": pred, "per_1000_reports": slope * 1000, "intercept": icpt}
    out["extrapolated_to_10000"] = extra
    at = next((m for m in results if m["synthetic_reports"] >= 10_000), None)
    out["measured_at_10000"] = at is not None
    p95 = at["p95_ms"] if at else extra["p95_ms"]["at_10000"]
    rss = at["peak_rss_mb"] if at else extra["peak_rss_mb"]["at_10000"]
    out["met"] = {"p95_ms_at_10000": p95 <= TARGETS["p95_ms_at_10000"], "rss_mb_at_10000": rss <= TARGETS["rss_mb_at_10000"]}
    out["loadavg_1min_end"] = os.getloadavg()[0]
    return out


def print_report(r: dict) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console()
    s = r["synthetic"]
    console.print(
        f"[bold]What was done[/bold]: {r['n']} synthetic reports (marked 合成/SYNTHETIC, generated in a temporary "
        f"folder from {len(SEEDS)} seed reports: agency and years replaced, every table number redrawn) were parsed "
        f"by the real parser and written by the real Store.add_report. Their vectors were NOT computed by the model: "
        f"{s['seed_passages_embedded_for_real']} seed passages were embedded for real once, and each synthetic chunk "
        f"got its seed chunk's vector plus a per-report random direction (weight 0.2) and per-chunk noise (0.25), "
        f"re-normalised ({s['vectors_reused_from_seeds']} vectors made that way, "
        f"{s['passages_embedded_for_real_outside_seeds']} fell back to the model). {s['real_reports']} real corpus "
        f"reports were ingested with real vectors. Queries are embedded for real. Bulk write: "
        f"{s['bulk_reports_per_min']:.0f} reports/min without the model (parse {s['parse_s']:.1f} s in all).")
    t = Table(title="Retrieval at scale, measured in a fresh server process per size (GovQAService.retrieve, "
                    "top 5, warm: question embedding + Chroma + BM25 + fusion)")
    for c in ("reports in store", "chunks", "p50 ms", "p95 ms", "vector search p95 ms", "BM25 build s",
              "server RSS MB", "server peak RSS MB", "ingest process RSS MB", "store MB",
              "real table-question recall@5"):
        t.add_column(c, justify="right")
    for m in r["results"]:
        t.add_row(str(m["reports_in_store"]), str(m["chunks_in_store"]), f"{m['p50_ms']:.1f}", f"{m['p95_ms']:.1f}",
                  f"{m['dense_p95_ms']:.1f}", f"{m['bm25_rebuild_s']:.2f}", f"{m['rss_mb']:.0f}",
                  f"{m['peak_rss_mb']:.0f}", f"{m['ingest_process_rss_mb']:.0f}", f"{m['store_mb']:.0f}",
                  f"{m['real_table_recall_at_5']:.3f} (n={m['n_real_questions']})")
    console.print(t)
    e = r["extrapolated_to_10000"]
    x = Table(title="Linear fit of the sizes above, at 10,000 reports (10,000 itself was measured: see the table above)"
              if r.get("measured_at_10000") else
              "EXTRAPOLATED to 10,000 reports (linear fit of the sizes above; not measured)")
    x.add_column("measure")
    x.add_column("at 10,000", justify="right")
    x.add_column("growth per 1,000 reports", justify="right")
    x.add_column("target", justify="right")
    x.add_row("retrieval p95", f"{e['p95_ms']['at_10000']:.0f} ms", f"{e['p95_ms']['per_1000_reports']:.1f} ms", "≤ 300 ms")
    x.add_row("server peak RSS", f"{e['peak_rss_mb']['at_10000']:.0f} MB", f"{e['peak_rss_mb']['per_1000_reports']:.0f} MB", "≤ 1536 MB")
    x.add_row("server RSS after the questions", f"{e['rss_mb']['at_10000']:.0f} MB", f"{e['rss_mb']['per_1000_reports']:.0f} MB", "")
    x.add_row("BM25 index build at start", f"{e['bm25_rebuild_s']['at_10000']:.1f} s", f"{e['bm25_rebuild_s']['per_1000_reports']:.2f} s", "")
    x.add_row("store on disk", f"{e['store_mb']['at_10000']:.0f} MB", f"{e['store_mb']['per_1000_reports']:.0f} MB", "")
    console.print(x)
    unmet = [k for k, ok in r["met"].items() if not ok]
    console.print(f"load average (1 min) at the end: {r['loadavg_1min_end']:.2f} on {os.cpu_count()} CPUs")
    how = "measured at 10,000 reports" if r.get("measured_at_10000") else "extrapolated"
    console.print(f"Targets ({how}, server process) met: all" if not unmet else
                  f"Targets ({how}, server process) NOT met: {', '.join(unmet)}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m eval.bench_scale", description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, default=1000, help="synthetic reports to ingest (default 1000)")
    ap.add_argument("--sizes", default="100,300,1000", help="sizes to measure at (comma-separated)")
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--out", type=Path, help="write the figures as JSON here")
    ap.add_argument("--probe", type=Path, help=argparse.SUPPRESS)  # internal: measure this home, fresh process
    ap.add_argument("--model-dir", type=Path, help=argparse.SUPPRESS)
    ap.add_argument("--questions", type=Path, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.probe:
        write_json(args.out, probe(args.probe, args.model_dir, args.questions))
        return 0
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    report = run(args.n, sizes, args.corpus, seed=args.seed)
    print_report(report)
    if args.out:
        write_json(args.out, report)
        print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
