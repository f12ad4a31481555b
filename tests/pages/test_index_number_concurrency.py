"""The 索引号 counter under real concurrency: separate connections allocating at the same moment.

The counter must be advanced in one statement (``UPDATE … RETURNING``) that takes the row lock.
A read followed by a write back loses updates on PostgreSQL (READ COMMITTED): two transactions
read the same committed value and both write value + 1, so two entries get one number. SQLite
serialises writers (``BEGIN IMMEDIATE``) and cannot show that race; ``make test`` runs these on
both, and the process test is the one that catches a read-then-write counter on PostgreSQL.
"""

import datetime
import multiprocessing
import threading
import time

import pytest
from django.db import connection, connections, transaction

from pages.models import DisclosureEntry, IndexNumberSequence
from pages.publishing.index_numbers import allocate_index_number, next_serial

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.mark.parametrize("outcome", ["commit", "rollback"])
def test_an_allocation_waits_for_an_uncommitted_one(outcome):
    """A allocates inside a publishing transaction it keeps open; B allocates meanwhile and must
    wait for it. A committed: B gets the next number. A rolled back (a refused or failed
    publication): its number was never shown, so B gets it and no gap is left."""
    scope = "RACE/2026-〈serial〉"
    next_serial(scope)  # the counter row exists: 1 is taken
    a_allocated, release_a = threading.Event(), threading.Event()
    results, errors = {}, []

    class RolledBack(Exception):
        pass

    def a():
        try:
            with transaction.atomic():
                results["a"] = next_serial(scope)
                a_allocated.set()
                assert release_a.wait(timeout=30)
                if outcome == "rollback":
                    raise RolledBack
        except RolledBack:
            pass
        except Exception as exc:
            errors.append(exc)
        finally:
            a_allocated.set()
            connections.close_all()

    def b():
        try:
            results["b"] = next_serial(scope)
        except Exception as exc:
            errors.append(exc)
        finally:
            connections.close_all()

    thread_a = threading.Thread(target=a)
    thread_a.start()
    assert a_allocated.wait(timeout=30)
    thread_b = threading.Thread(target=b)
    thread_b.start()
    time.sleep(1.0)
    assert "b" not in results, "B got a number while A's allocation was still uncommitted"
    release_a.set()
    thread_a.join(timeout=60)
    thread_b.join(timeout=60)
    assert not errors, errors
    assert results["a"] == 2, results
    expected_b = 3 if outcome == "commit" else 2
    assert results["b"] == expected_b, (results, connection.vendor)
    assert IndexNumberSequence.objects.get(scope=scope).last_serial == expected_b


PROCESSES = 4
PER_PROCESS = 40


def _allocate_in_child(barrier, queue, portal_pk, department_pk):
    """Runs in a forked process with its own database connection."""
    from pages.models import Department, DisclosurePortal

    try:
        portal = DisclosurePortal.objects.get(pk=portal_pk)
        department = Department.objects.get(pk=department_pk)
        barrier.wait(timeout=30)
        numbers = []
        for _ in range(PER_PROCESS):
            entry = DisclosureEntry(portal=portal, department=department, published_on=datetime.date(2031, 3, 1))
            numbers.append(allocate_index_number(entry))
        queue.put(("ok", numbers))
    except Exception as exc:  # reported by the parent
        queue.put(("error", repr(exc)))
    finally:
        connections.close_all()


def test_processes_allocating_at_once_get_no_duplicates_and_no_gaps(portal, catalog):
    """Several processes, each with its own connection, hammer one counter at the same moment."""
    finance = catalog["finance"]
    context = multiprocessing.get_context("fork")
    barrier, queue = context.Barrier(PROCESSES), context.Queue()
    connections.close_all()  # the children must open their own connections, not share ours
    children = [
        context.Process(target=_allocate_in_child, args=(barrier, queue, portal.pk, finance.pk))
        for _ in range(PROCESSES)
    ]
    for child in children:
        child.start()
    outcomes = [queue.get(timeout=120) for _ in children]
    for child in children:
        child.join(timeout=60)
    errors = [detail for status, detail in outcomes if status == "error"]
    assert not errors, errors
    numbers = [n for _, batch in outcomes for n in batch]
    total = PROCESSES * PER_PROCESS
    assert len(set(numbers)) == len(numbers), f"duplicates on {connection.vendor}"
    assert sorted(numbers) == [f"000014349/2031-{i:05d}" for i in range(1, total + 1)], connection.vendor
    assert IndexNumberSequence.objects.get(scope="000014349/2031-〈serial〉").last_serial == total
