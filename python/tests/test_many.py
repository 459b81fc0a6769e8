"""match_many: order, equality with match, thread pools, the GIL."""

import os
import signal
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

import yongquan


def test_order_and_equality_with_match(matcher, corpus):
    texts = corpus[:150]
    for top, care, detail in [(3, "ids", "compact"), (1, "full", "full"), (5, "none", "compact")]:
        many = matcher.match_many(texts, top=top, care=care, detail=detail)
        assert len(many) == len(texts)
        for text, doc in zip(texts, many):
            assert doc == matcher.match(text, top=top, care=care, detail=detail)


def test_defaults_are_the_batch_defaults(matcher):
    doc = matcher.match_many(["insomnia, night sweats, hot soles"])[0]
    # --care ids and --detail compact are the batch's defaults.
    assert doc["care"] and all(isinstance(c, str) for c in doc["care"])
    assert len(doc["matches"]) <= 3
    assert doc["detail"] == "compact" and "notice" not in doc
    assert doc == matcher.match("insomnia, night sweats, hot soles", care="ids", detail="compact")
    full = matcher.match_many(["insomnia, night sweats, hot soles"], detail="full")[0]
    assert "detail" not in full and full["notice"] == yongquan.NOTICE


def test_any_iterable_and_empty(matcher):
    assert matcher.match_many([]) == []
    gen = (t for t in ["insomnia", "night sweats"])
    assert [d["input"] for d in matcher.match_many(gen)] == ["insomnia", "night sweats"]


def test_threads_give_the_same_result(matcher, corpus):
    one = matcher.match_many(corpus, threads=1)
    assert one == matcher.match_many(corpus)
    assert one == matcher.match_many(corpus, threads=3)
    # The pool of 1 is kept, and still right, on the next call.
    assert matcher.match_many(corpus[:20], threads=1) == one[:20]


def test_many_python_threads_share_one_matcher(matcher, corpus):
    texts = corpus[:80]
    serial = [matcher.match(t) for t in texts]
    with ThreadPoolExecutor(max_workers=4) as pool:
        parallel = list(pool.map(matcher.match, texts))
    assert parallel == serial


def test_match_many_releases_the_gil(matcher, corpus):
    """While match_many analyses (one thread, a few thousand texts), the
    main thread keeps running Python. With the GIL held throughout, the
    main thread could not run at all between shortly after the call began
    and its end: its longest pause would be nearly the whole call. No
    absolute time is asserted, only that pause relative to the call."""
    texts = corpus * 4
    stamps = []
    span = {}

    def work():
        span["start"] = time.perf_counter()
        span["docs"] = matcher.match_many(texts, threads=1, care="none")
        span["end"] = time.perf_counter()

    worker = threading.Thread(target=work)
    worker.start()
    while worker.is_alive():
        stamps.append(time.perf_counter())
        time.sleep(0.0005)
    worker.join()
    assert len(span["docs"]) == len(texts)
    start, end = span["start"], span["end"]
    inside = [start] + [s for s in stamps if start < s < end] + [end]
    longest = max(b - a for a, b in zip(inside, inside[1:]))
    assert longest < 0.5 * (end - start), (longest, end - start, len(inside))


@pytest.mark.skipif(not hasattr(os, "fork"), reason="no os.fork on this platform")
def test_a_forked_child_can_match_many(matcher):
    """Regression: a pool's threads stay in the parent on fork(); a child of
    a process that had run match_many hung on its first match_many."""
    texts = ["insomnia, night sweats"] * 50
    for threads in (None, 1, 2):
        matcher.match_many(texts, threads=threads)
    pid = os.fork()
    if pid == 0:  # the child: exit 0 only if every pool works here
        try:
            signal.alarm(20)  # a hang ends the child with SIGALRM
            ok = all(len(matcher.match_many(texts, threads=t)) == 50 for t in (None, 1, 2))
            os._exit(0 if ok else 3)
        finally:
            os._exit(4)
    _, status = os.waitpid(pid, 0)
    assert os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0, status
    # The parent's pools still work.
    assert len(matcher.match_many(texts, threads=2)) == 50


def test_pools_of_other_sizes_do_not_pile_up(matcher, corpus):
    """Regression (a fresh reviewer): each new `threads` size kept its pool
    for ever, so calls with changing sizes piled up OS threads."""
    import os
    import time

    if not os.path.isdir(f"/proc/{os.getpid()}/task"):
        pytest.skip("counts threads from /proc (Linux)")

    def threads_now():
        return len(os.listdir(f"/proc/{os.getpid()}/task"))

    matcher.match_many(corpus[:10], threads=1)
    base = threads_now()
    for n in (7, 8, 9, 10):
        matcher.match_many(corpus[:10], threads=n)
    # A dropped pool's threads end on their own, soon after: wait for them
    # (without the fix, 34 threads would stay).
    for _ in range(100):
        if threads_now() <= base + 10:
            break
        time.sleep(0.05)
    assert threads_now() <= base + 10
