"""Several instances as one, against the real cluster (issue 15): ``scripts/cluster.sh``
starts Debian's PostgreSQL, ``chroma run``, two ``govqa serve`` processes and nginx
round-robin in front; every request here goes through nginx (its X-GovQA-Upstream
header says which instance answered) from a loopback address of the test's own, so
each test is its own client for the per-client request limit.

Marked ``cluster``; run by the README's test command (``python -m pytest -q -x
tests``). Skipped only where nginx or PostgreSQL is not installed, and never in CI
(``GOVQA_REQUIRE_CLUSTER=1``, set by .ci/run: scripts/setup.sh installs them).
The kill -9 test runs last: it leaves one instance."""

from __future__ import annotations

import os
import threading
import time
from collections import Counter

import httpx
import pytest

from tests.conftest import SAMPLE
from tests.support import cluster as cluster_support

pytestmark = pytest.mark.cluster

RATE = 200  # GOVQA_ASK_RATE_PER_MINUTE of the cluster's instances
FIRST, FOLLOW_UP = "规建交局2020年新收多少申请？", "其中部分公开多少？"


@pytest.fixture(scope="module")
def wechat():
    pytest.importorskip("wechatpy")
    from tests.api import test_wechat

    return test_wechat


@pytest.fixture(scope="module")
def cluster(wechat):
    lacking = cluster_support.missing()
    if lacking:
        if os.environ.get("GOVQA_REQUIRE_CLUSTER"):
            pytest.fail(f"GOVQA_REQUIRE_CLUSTER is set but {', '.join(lacking)} missing (scripts/setup.sh)")
        pytest.skip(f"the cluster needs {', '.join(lacking)}")
    env = {"GOVQA_ASK_RATE_PER_MINUTE": str(RATE), "GOVQA_ADMIN_KEY": "cluster-admin-key",
           "GOVQA_WECHAT_TOKEN": wechat.TOKEN, "GOVQA_WECHAT_AES_KEY": wechat.AES_KEY,
           "GOVQA_WECHAT_APPID": wechat.APPID, "GOVQA_CLUSTER_INSTANCES": "2"}
    with cluster_support.Cluster.temporary(env) as c:
        print(f"\ncluster started in {c.started_in:.1f} s: {c.url}")
        yield c


def _ask(client: httpx.Client, question: str, session_id: str | None = None) -> httpx.Response:
    return client.post("/v1/ask", json={"question": question} | ({"session_id": session_id} if session_id else {}))


def test_cluster_sh_reports_every_part_running_and_readyz_names_the_database(cluster):
    status = cluster.status()
    assert status.returncode == 0, status.stdout + status.stderr
    for part in ("instance 1  running", "instance 2  running", "chroma      running", "postgresql  running",
                 "nginx       running"):
        assert part in status.stdout, status.stdout
    for i in (1, 2):
        ready = httpx.get(cluster.instance_url(i) + "/readyz", timeout=10).json()
        assert ready["status"] == "ready" and ready["database"] == "ok" and ready["store"] == "ok", ready
    conf = (cluster.folder / "nginx" / "nginx.conf").read_text()
    assert "proxy_set_header X-Forwarded-For $remote_addr;" in conf


def test_follow_ups_alternate_between_instances_and_none_is_lost(cluster):
    """20 conversations, each question and its follow-up sent one after the other on one
    connection: nginx alternates, so every follow-up lands on the other instance than the
    question before it, and each continues its conversation (0 lost)."""
    lost, moved = [], 0
    with cluster.client("127.0.0.21") as c:
        for n in range(20):
            first = _ask(c, FIRST)
            assert first.status_code == 200, first.text
            second = _ask(c, FOLLOW_UP, first.json()["session_id"])
            assert second.status_code == 200, second.text
            moved += cluster.instance_of(first) != cluster.instance_of(second)
            body = second.json()
            if body["refused"] or not body["citations"] or body["citations"][0]["key"] != "requests.partial.total" \
                    or "6" not in body["answer"]:
                lost.append((n, body["answer"]))
    print(f"\n20 follow-ups: {moved} answered by the other instance than their question, {len(lost)} lost")
    assert moved == 20 and lost == []


def test_the_request_limit_counts_the_client_behind_nginx_not_nginx(cluster):
    """GOVQA_ASK_RATE_PER_MINUTE per client address across both instances: the client at
    127.0.0.22 gets RATE answers (empty questions: counted, then 422) spread over both
    instances, then 429; a client at 127.0.0.23 is not limited by it, and a forged
    X-Forwarded-For does not make 127.0.0.22 someone else."""
    seen = Counter()
    with cluster.client("127.0.0.22") as c:
        for _ in range(RATE):
            r = c.post("/v1/ask", json={"question": " "})
            assert r.status_code == 422, (r.status_code, r.text)
            seen[cluster.instance_of(r)] += 1
        over = c.post("/v1/ask", json={"question": FIRST})
        assert over.status_code == 429 and int(over.headers["retry-after"]) >= 1
        forged = c.post("/v1/ask", json={"question": FIRST}, headers={"X-Forwarded-For": "203.0.113.9"})
        assert forged.status_code == 429
    assert seen[1] == seen[2] == RATE // 2
    with cluster.client("127.0.0.23") as other:
        assert _ask(other, FIRST).status_code == 200


def test_a_wechat_message_delivered_to_both_instances_is_answered_once(cluster, wechat):
    """10 messages in real safe-mode XML with real signatures, each delivered twice at
    once through nginx (one delivery to each instance), then WeChat's retry: every
    delivery of a message gets the same reply, and the database counts 3 deliveries and
    one answer per message (the second and third waited for the first's)."""
    from govqa.db import Database, wechat_messages

    questions = [FIRST, "规建交局2020年部分公开多少件？", "规建交局的联系电话是多少？", "规建交局2020年行政复议多少件？",
                 "规建交局2020年收到多少件申请？"] * 2
    db = Database(cluster.database_url, secret=cluster.admin_key)
    both, twice = 0, []
    with cluster.client("127.0.0.24") as c1, cluster.client("127.0.0.24") as c2:
        for n, q in enumerate(questions):
            user, msg_id = f"oClusterUser{n}", str(990000 + n)
            xml = wechat.text_xml(q, user=user, msg_id=msg_id)
            out: dict[int, httpx.Response] = {}
            threads = [threading.Thread(target=lambda k, cl: out.__setitem__(k, wechat.post_safe("", xml, 20, cl)),
                                        args=(k, cl)) for k, cl in ((0, c1), (1, c2))]
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            both += {cluster.instance_of(out[0]), cluster.instance_of(out[1])} == {1, 2}
            replies = {wechat.reply_content(out[k])["Content"] for k in (0, 1)}
            retry = wechat.reply_content(wechat.post_safe("", xml, 20, c1))["Content"]
            key = db.hash("wechat", "msg", f"{user}\x1fmsg:{msg_id}")
            row = db.count(wechat_messages, wechat_messages.c.id == key, wechat_messages.c.deliveries == 3,
                           wechat_messages.c.reply.is_not(None))
            if len(replies) != 1 or retry not in replies or row != 1:
                twice.append((q, replies, retry, row))
    db.close()
    print(f"\n10 WeChat messages delivered to both instances at once: {both} split across both, "
          f"{len(twice)} answered twice or differently")
    assert twice == [] and both >= 8


def _report_text(agency: str) -> bytes:
    return SAMPLE.read_text(encoding="utf-8").replace("泉州台商投资区规划建设与交通运输局", agency).encode("utf-8")


def _wait_until(check, timeout: float = 10.0) -> float | None:
    t0 = time.monotonic()
    while time.monotonic() - t0 < timeout:
        if check():
            return time.monotonic() - t0
        time.sleep(0.05)
    return None


def test_an_upload_and_a_removal_through_one_instance_are_seen_by_the_other_within_5_s(cluster):
    agency = "泉州集群测试局"
    auth = {"Authorization": f"Bearer {cluster.admin_key}"}
    question = f"{agency}2020年新收多少申请？"
    # both instances keep reading the report list while the upload runs, so each holds a fresh
    # copy (it is cached for 2 s) when the upload returns: the worst case, not a cold cache
    reading = threading.Event()

    def keep_reading():
        while not reading.is_set():
            for i in (1, 2):
                httpx.get(cluster.instance_url(i) + "/v1/reports", timeout=10)
            time.sleep(0.1)

    reader = threading.Thread(target=keep_reading)
    reader.start()
    try:
        with cluster.client("127.0.0.25", timeout=120) as c:
            up = c.post("/v1/reports", files={"file": ("cluster.txt", _report_text(agency), "text/plain")},
                        headers=auth)
    finally:
        reading.set()
        reader.join()
    with cluster.client("127.0.0.25", timeout=120) as c:
        assert up.status_code in (200, 201), up.text
        rid = up.json()["report_id"]
        writer = cluster.instance_of(up)
    other = cluster.instance_url(3 - writer)

    def listed() -> bool:
        return any(r["report_id"] == rid for r in httpx.get(other + "/v1/reports", timeout=10).json())

    def answered() -> bool:
        body = httpx.post(other + "/v1/ask", json={"question": question}, timeout=10).json()
        return not body["refused"] and any(c_["report_id"] == rid for c_ in body["citations"])

    t0 = time.monotonic()  # the upload's response is in: from here, seconds until the other instance
    seen_listed = _wait_until(listed)
    seen_answered = _wait_until(answered) and time.monotonic() - t0
    with cluster.client("127.0.0.25") as c:
        gone = c.delete(f"/v1/reports/{rid}", headers=auth)
        assert gone.status_code in (200, 204), gone.text
        remover = cluster.instance_of(gone)
    other = cluster.instance_url(3 - remover)
    t0 = time.monotonic()
    seen_removed = _wait_until(lambda: not listed())
    seen_unanswered = _wait_until(lambda: not answered()) and time.monotonic() - t0
    print(f"\nupload through instance {writer}: listed by the other {seen_listed:.2f} s after the upload's response, "
          f"answered from {seen_answered:.2f} s after; removal through instance {remover}: gone from the other's "
          f"list after {seen_removed:.2f} s, no longer cited after {seen_unanswered:.2f} s")
    for t in (seen_listed, seen_answered, seen_removed, seen_unanswered):
        assert t is not None and t < 5.0


def test_bench_load_through_nginx_switches_between_one_and_two_instances(cluster):
    """eval.bench_load --through nginx: the second instance marked down in nginx.conf and
    nginx reloaded sends every request to the first; restored, they alternate again."""
    from eval._server import RunningCluster

    running = RunningCluster(cluster.url, cluster.folder, cluster.env)
    try:
        running.set_instances(1)
        with cluster.client("127.0.0.26") as c:
            assert {cluster.instance_of(c.get("/readyz")) for _ in range(6)} == {1}
    finally:
        running.set_instances(2)
    with cluster.client("127.0.0.26") as c:
        assert {cluster.instance_of(c.get("/readyz")) for _ in range(6)} == {1, 2}


def _load(cluster, sources: list[str], stop: threading.Event, written: list, failures: Counter) -> list:
    """Clients (one per source address) starting conversations in a loop: the sessions whose
    first answer came back 200 (so written) go to ``written``; other statuses counted."""
    def run(source: str) -> None:
        with cluster.client(source, timeout=30) as c:
            while not stop.is_set():
                try:
                    r = _ask(c, FIRST)
                except httpx.HTTPError as exc:
                    failures[type(exc).__name__] += 1
                    continue
                if r.status_code == 200:
                    written.append(r.json()["session_id"])
                else:
                    failures[r.status_code] += 1
                    time.sleep(0.05)
                time.sleep(0.01)

    threads = [threading.Thread(target=run, args=(s,)) for s in sources]
    for t in threads:
        t.start()
    return threads


def test_postgresql_restarted_under_load_recovers_without_restart_and_loses_no_conversation(cluster):
    stop, written, failures = threading.Event(), [], Counter()
    threads = _load(cluster, [f"127.0.0.{30 + i}" for i in range(4)], stop, written, failures)
    time.sleep(1.0)
    before = len(written)
    took = cluster.restart_postgres()
    restarted_at = time.monotonic()
    recovered = _wait_until(lambda: len(written) > before + 8 and failures.get(503, 0) >= 0, timeout=30)
    time.sleep(0.5)
    stop.set()
    for t in threads:
        t.join()
    answered_again = None
    with cluster.client("127.0.0.40") as c:
        ok_again = _wait_until(lambda: _ask(c, FIRST).status_code == 200, timeout=15)
        answered_again = time.monotonic() - restarted_at
    lost = []
    for n, sid in enumerate(written):  # every conversation written continues, on either instance
        if n % 100 == 0:  # 100 follow-ups per client address: under the request limit
            c = cluster.client(f"127.0.1.{n // 100 + 1}")
        r = _ask(c, FOLLOW_UP, sid)
        body = r.json()
        if r.status_code != 200 or body.get("refused") is not False or "6" not in body.get("answer", ""):
            lost.append((r.status_code, body))
    c.close()
    print(f"\nPostgreSQL restart took {took:.2f} s under 4 clients: {len(written)} conversations written "
          f"({before} before), other outcomes {dict(failures)}; answering again {answered_again:.2f} s after; "
          f"{len(lost)} of {len(written)} conversations lost")
    assert ok_again is not None and recovered is not None
    assert set(failures) <= {503}, failures  # while it was down: 503 with Retry-After, never 500
    assert lost == [] and len(written) > before


def test_kill_9_of_one_instance_mid_request_nginx_carries_on_on_the_other(cluster):
    """Four clients asking back to back; instance 2 is killed with SIGKILL while requests
    are in flight on it: nginx resends them to instance 1 (proxy_next_upstream), no client
    sees an error, and a conversation begun on instance 2 continues on instance 1."""
    with cluster.client("127.0.0.41") as c:
        started = None
        for _ in range(4):  # a conversation begun on instance 2
            r = _ask(c, FIRST)
            if cluster.instance_of(r) == 2:
                started = r.json()["session_id"]
                break
        assert started
    stop = threading.Event()
    results: list[tuple[int, int | None]] = []

    def run(source: str) -> None:
        with cluster.client(source, timeout=30) as c:
            while not stop.is_set():
                try:
                    r = _ask(c, "规建交局的政府信息公开工作机构的地址在哪里？")
                    results.append((r.status_code, cluster.instance_of(r) if "x-govqa-upstream" in r.headers else None))
                except httpx.HTTPError:
                    results.append((0, None))
                time.sleep(0.03)  # under the request limit (RATE a minute per client)

    threads = [threading.Thread(target=run, args=(f"127.0.0.{42 + i}",)) for i in range(4)]
    for t in threads:
        t.start()
    time.sleep(1.5)
    n_before = len(results)
    cluster.kill_instance(2)
    time.sleep(2.5)
    stop.set()
    for t in threads:
        t.join()
    after = results[n_before:]
    errors = Counter(code for code, _ in results if code != 200)
    retried = (cluster.folder / "nginx" / "error.log").read_text(errors="replace").count("while reading response header")
    print(f"\nkill -9 of instance 2 under 4 clients: {len(results)} requests, errors {dict(errors)}; "
          f"{n_before} before the kill on instances {dict(Counter(i for _, i in results[:n_before]))}, "
          f"{len(after)} after on {dict(Counter(i for _, i in after))}; nginx resent {retried} in-flight request(s)")
    assert not errors, errors
    assert {i for _, i in results[:n_before]} == {1, 2}
    assert after and all(i == 1 for _, i in after[len(threads):])
    with cluster.client("127.0.0.41") as c:
        body = _ask(c, FOLLOW_UP, started).json()
        assert body["refused"] is False and "6" in body["answer"]
