"""Several processes writing at once, and a writer killed mid-write, on SQLite and PostgreSQL."""

import multiprocessing
import os
import signal
import subprocess
import sys
import textwrap

import test_claims_support as support
from conciliacion.claims import EventType, open_store, verify_chain
from test_claims_support import EVENTS_EACH, writer

WRITERS = 4


def test_concurrent_writers_lose_nothing_and_keep_the_chain(store_url):
    context = multiprocessing.get_context("spawn")
    barrier = context.Barrier(WRITERS)
    processes = [
        context.Process(target=writer, args=(store_url, number, barrier))
        for number in range(WRITERS)
    ]
    for process in processes:
        process.start()
    for process in processes:
        process.join(timeout=120)
    assert [process.exitcode for process in processes] == [0] * WRITERS
    with open_store(store_url) as store:
        events = store.events()
        assert len(events) == WRITERS * EVENTS_EACH
        assert [event.seq for event in events] == list(range(1, WRITERS * EVENTS_EACH + 1))
        assert len({event.subject for event in events}) == WRITERS * EVENTS_EACH
        assert verify_chain(store.chain, events).ok


_LOOP = textwrap.dedent(
    """
    import sys
    from conciliacion.claims import EventType, open_store

    with open_store(sys.argv[1]) as store:
        n = 0
        while True:
            n += 1
            event = store.append(EventType.MATCH_CONFIRMED, f"cnc-{n}", {"n": n}, "bucle")
            print(event.seq, flush=True)
    """
)

store_url = support.store_url


def test_killing_a_writer_leaves_a_valid_store(store_url):
    child = subprocess.Popen(  # noqa: S603 - runs this interpreter on our own script
        [sys.executable, "-c", _LOOP, store_url],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert child.stdout is not None
    for _ in range(40):  # it has committed 40 events: it is now somewhere inside a write loop
        assert child.stdout.readline()
    os.kill(child.pid, signal.SIGKILL)
    child.wait()
    child.stdout.close()
    assert child.returncode == -signal.SIGKILL
    with open_store(store_url) as store:
        events = store.events()
        assert len(events) >= 40
        assert verify_chain(store.chain, events).ok
        assert store.append(EventType.MATCH_REJECTED, "cnc-1", {}, "ana").seq == len(events) + 1
