"""The guards' reference lists (敏感词, 领导职务, 公开的联系电话) read once per batch.

A batch (批量提交, 批量审批) runs the guards for each of its entries inside one transaction;
within ``shared_guard_reads()`` each list is read on first use and kept until the batch ends.
Outside one, every call reads the database, as before.
"""

import contextvars
from contextlib import contextmanager

_memo = contextvars.ContextVar("guard_reads", default=None)


@contextmanager
def shared_guard_reads():
    token = _memo.set({})
    try:
        yield
    finally:
        _memo.reset(token)


def remembered(key, compute):
    memo = _memo.get()
    if memo is None:
        return compute()
    if key not in memo:
        memo[key] = compute()
    return list(memo[key])  # a copy: callers never share one list
