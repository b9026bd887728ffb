"""Replay questions through ``/wechat`` as WeChat would.

    python -m eval.wechat_replay                 # starts the real service itself
    python -m eval.wechat_replay --url http://127.0.0.1:8000 \\
        --questions eval/gold/dev.jsonl --n 200  # a running server

Without ``--url`` it starts the real service like ``eval.bench_load`` does
(``govqa serve`` over the sample and ../shared/corpus reports, GOVQA_HOME in a
temporary folder) with a fresh Token, EncodingAESKey and AppId. With ``--url``,
safe mode (安全模式) uses GOVQA_WECHAT_TOKEN / GOVQA_WECHAT_AES_KEY /
GOVQA_WECHAT_APPID from the environment (they must match the server's).
Like WeChat, each message is delivered up to three times with the same MsgId,
each delivery abandoned after 5 s. Prints p50/p95 reply time (first delivery →
reply), how many replies exceed 2,048 bytes, how many needed a retry, how many
got the still-working notice, and failures. ``--plain`` uses 明文模式 instead.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import defusedxml.ElementTree as DET

from api.wechat import crypto
from eval.scoring import percentile
from prompts import wechat as P

WECHAT_TIMEOUT = 5.0
DELIVERIES = 3
LIMIT_BYTES = 2048


def load_questions(path: Path, n: int) -> list[str]:
    out: list[str] = []
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            line = line.strip()
            if not line:
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError:
                continue
            q = row.get("question") or row.get("q") if isinstance(row, dict) else None
            if isinstance(q, str) and q.strip():
                out.append(q.strip())
            if len(out) >= n:
                break
    return out


class Replayer:
    def __init__(self, url: str, token: str, cipher: crypto.WeChatCipher | None, account: str = "gh_replay"):
        self.url = url.rstrip("/") + "/wechat"
        self.token = token
        self.cipher = cipher
        self.account = account
        self.local = threading.local()
        self.run = uuid.uuid4().hex[:8]

    def client(self) -> httpx.Client:
        c = getattr(self.local, "client", None)
        if c is None:
            c = self.local.client = httpx.Client(timeout=WECHAT_TIMEOUT)
        return c

    def message(self, question: str, openid: str, msg_id: str) -> str:
        def cd(s: str) -> str:
            return "<![CDATA[" + s.replace("]]>", "]]]]><![CDATA[>") + "]]>"

        return (
            f"<xml><ToUserName>{cd(self.account)}</ToUserName><FromUserName>{cd(openid)}</FromUserName>"
            f"<CreateTime>{int(time.time())}</CreateTime><MsgType><![CDATA[text]]></MsgType>"
            f"<Content>{cd(question)}</Content><MsgId>{msg_id}</MsgId></xml>"
        )

    def deliver(self, xml: str, openid: str) -> httpx.Response:
        timestamp, nonce = str(int(time.time())), uuid.uuid4().hex[:10]
        params = {"signature": crypto.sha1_signature(self.token, timestamp, nonce),
                  "timestamp": timestamp, "nonce": nonce, "openid": openid}
        body = xml
        if self.cipher is not None:
            encrypt = self.cipher.encrypt(xml)
            params.update(encrypt_type="aes", msg_signature=crypto.msg_signature(self.token, timestamp, nonce, encrypt))
            body = f"<xml><ToUserName><![CDATA[{self.account}]]></ToUserName><Encrypt><![CDATA[{encrypt}]]></Encrypt></xml>"
        return self.client().post(self.url, params=params, content=body.encode("utf-8"),
                                  headers={"Content-Type": "text/xml"})

    def content_of(self, resp: httpx.Response) -> str:
        text = resp.text
        if text in ("", "success"):
            return ""
        xml = text
        if self.cipher is not None:
            env = DET.fromstring(text.encode("utf-8"), forbid_dtd=True)
            encrypt = env.findtext("Encrypt") or ""
            if not crypto.check_msg_signature(self.token, env.findtext("MsgSignature"), env.findtext("TimeStamp"),
                                              env.findtext("Nonce"), encrypt):
                raise ValueError("reply MsgSignature does not verify")
            xml = self.cipher.decrypt(encrypt)
        return DET.fromstring(xml.encode("utf-8"), forbid_dtd=True).findtext("Content") or ""

    def ask(self, i: int, question: str) -> dict:
        # One user per question (and per run): neither the per-user rate limit nor
        # the server's 60 s same-question cache affects the timings.
        openid = f"oReplay{self.run}{i:05d}"
        msg_id = str(uuid.uuid4().int % 10**18)
        xml = self.message(question, openid, msg_id)
        t0 = time.monotonic()
        for delivery in range(1, DELIVERIES + 1):
            try:
                resp = self.deliver(xml, openid)
            except httpx.TimeoutException:
                continue
            except httpx.HTTPError as exc:
                return {"ok": False, "error": type(exc).__name__, "seconds": time.monotonic() - t0}
            seconds = time.monotonic() - t0
            if resp.status_code != 200:
                return {"ok": False, "error": f"HTTP {resp.status_code}", "seconds": seconds}
            try:
                content = self.content_of(resp)
            except Exception as exc:  # noqa: BLE001 - report, don't crash the replay
                return {"ok": False, "error": f"bad reply ({type(exc).__name__})", "seconds": seconds}
            still = content.startswith(P.STILL_WORKING.split("{")[0][:12])
            return {"ok": True, "seconds": seconds, "deliveries": delivery, "bytes": len(content.encode("utf-8")),
                    "chars": len(content), "xml_bytes": len(resp.content), "empty": not content, "still_working": still}
        return {"ok": False, "error": "no reply after 3 deliveries", "seconds": time.monotonic() - t0}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--url", help="a running server (default: start the real service in a temporary home)")
    ap.add_argument("--corpus", type=Path, default=None, help="reports to ingest besides the sample "
                    "when starting the service (default ../shared/corpus)")
    ap.add_argument("--home", type=Path, help="GOVQA_HOME for the started service (kept; ingests only when empty)")
    ap.add_argument("--questions", type=Path, default=Path(__file__).parent / "gold" / "dev.jsonl")
    ap.add_argument("--n", type=int, default=200)
    ap.add_argument("--concurrency", type=int, default=1)
    ap.add_argument("--plain", action="store_true", help="明文模式 instead of 安全模式")
    ap.add_argument("--json", action="store_true", help="print the summary as JSON")
    args = ap.parse_args(argv)

    if not args.url:
        return _replay_on_own_service(args, argv)
    token = os.environ.get("GOVQA_WECHAT_TOKEN", "")
    if not token:
        print("error: set GOVQA_WECHAT_TOKEN (and GOVQA_WECHAT_AES_KEY, GOVQA_WECHAT_APPID for safe mode)", file=sys.stderr)
        return 2
    cipher = None
    if not args.plain:
        try:
            cipher = crypto.WeChatCipher.from_settings(os.environ.get("GOVQA_WECHAT_AES_KEY", ""),
                                                       os.environ.get("GOVQA_WECHAT_APPID", ""))
        except crypto.InvalidKey as exc:
            print(f"error: safe mode needs GOVQA_WECHAT_AES_KEY and GOVQA_WECHAT_APPID ({exc})", file=sys.stderr)
            return 2
    if not args.questions.is_file():
        print(f"error: no such file: {args.questions}", file=sys.stderr)
        return 2
    questions = load_questions(args.questions, args.n)
    if not questions:
        print(f"error: no questions in {args.questions}", file=sys.stderr)
        return 2

    replayer = Replayer(args.url, token, cipher)
    with ThreadPoolExecutor(max_workers=max(1, args.concurrency)) as pool:
        results = list(pool.map(lambda iq: replayer.ask(*iq), enumerate(questions)))

    ok = [r for r in results if r["ok"]]
    times = [r["seconds"] for r in ok]
    summary = {
        "mode": "plain" if args.plain else "aes",
        "questions": len(results),
        "replied": len(ok),
        "failed": len(results) - len(ok),
        "p50_seconds": round(percentile(times, 50), 3),
        "p95_seconds": round(percentile(times, 95), 3),
        "max_seconds": round(max(times), 3) if times else None,
        "over_2048_bytes": sum(1 for r in ok if r["bytes"] > LIMIT_BYTES),
        "over_600_chars": sum(1 for r in ok if r["chars"] > 600),
        "max_content_bytes": max((r["bytes"] for r in ok), default=0),
        "needed_retry": sum(1 for r in ok if r["deliveries"] > 1),
        "still_working": sum(1 for r in ok if r["still_working"]),
        "empty": sum(1 for r in ok if r["empty"]),
        "errors": sorted({r["error"] for r in results if not r["ok"]}),
    }
    if args.json:
        print(json.dumps(summary, ensure_ascii=False, indent=2))
    else:
        print(f"WeChat replay ({summary['mode']}): {summary['replied']}/{summary['questions']} replied, "
              f"{summary['failed']} failed")
        print(f"reply time p50 {summary['p50_seconds']:.3f} s, p95 {summary['p95_seconds']:.3f} s, "
              f"max {summary['max_seconds']} s")
        print(f"replies over 2,048 bytes: {summary['over_2048_bytes']} (over 600 chars: {summary['over_600_chars']}; "
              f"largest {summary['max_content_bytes']} bytes)")
        print(f"needed a retry: {summary['needed_retry']}; still-working notices: {summary['still_working']}; "
              f"empty: {summary['empty']}")
        if summary["errors"]:
            print("errors: " + "; ".join(summary["errors"]))
    return 0 if not summary["failed"] else 1



def _replay_on_own_service(args, argv: list[str] | None) -> int:
    """Start the real service with fresh WeChat credentials and replay against it."""
    import base64
    import secrets

    from eval._server import CORPUS, running_service

    creds = {"GOVQA_WECHAT_TOKEN": "replay" + secrets.token_hex(8),
             "GOVQA_WECHAT_AES_KEY": base64.b64encode(secrets.token_bytes(32)).decode("ascii")[:-1],
             "GOVQA_WECHAT_APPID": "wx" + secrets.token_hex(8),
             "GOVQA_WECHAT_RATE_PER_MINUTE": "1000"}
    with running_service(creds, corpus=args.corpus or CORPUS, home=args.home) as svc:
        saved = {k: os.environ.get(k) for k in creds}
        os.environ.update(creds)
        try:
            rest = list(argv if argv is not None else sys.argv[1:])
            return main([*rest, "--url", svc.url])
        finally:
            for k, v in saved.items():
                if v is None:
                    os.environ.pop(k, None)
                else:
                    os.environ[k] = v


if __name__ == "__main__":
    raise SystemExit(main())
