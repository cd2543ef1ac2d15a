"""Parsing on all cores (`geo.processes`): forked workers, answers in input order, a dead
worker reported instead of a hang, and few items parsed here without forking."""
import os
import signal

import pytest

from geo.processes import PARALLEL_MIN_ITEMS, WorkersDied, ordered_map

WARMED: list[int] = []


def pid_of(item: int) -> tuple[int, int]:
    return item, os.getpid()


def killed_at_50(item: int) -> int:
    if item == 50:
        os.kill(os.getpid(), signal.SIGKILL)  # as the kernel's OOM killer would
    return item


def warm_up() -> None:
    WARMED.append(os.getpid())


def test_many_items_run_on_forked_workers_and_come_back_in_input_order():
    WARMED.clear()
    out = list(ordered_map(pid_of, range(400), 2, warm_up=warm_up))
    assert [item for item, _ in out] == list(range(400))
    pids = {pid for _, pid in out}
    assert os.getpid() not in pids and len(pids) == 2
    assert WARMED == [os.getpid()]  # warmed once, here, before the fork


def test_few_items_or_one_worker_run_here_without_a_fork():
    WARMED.clear()
    few = list(ordered_map(pid_of, range(PARALLEL_MIN_ITEMS - 1), 2, warm_up=warm_up))
    one = list(ordered_map(pid_of, range(100), 1, warm_up=warm_up))
    assert {pid for _, pid in few + one} == {os.getpid()} and WARMED == []
    assert [item for item, _ in one] == list(range(100))


def test_a_killed_worker_ends_the_map_with_workers_died_not_a_hang():
    answers = []
    with pytest.raises(WorkersDied, match="killed, or out of memory"):
        for item in ordered_map(killed_at_50, range(300), 2, warm_up=lambda: None):
            answers.append(item)
    assert answers == list(range(len(answers))) and len(answers) < 300
