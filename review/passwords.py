"""Password policy: long enough, and not one that attackers try first. Pure: no Flask, no database."""
from __future__ import annotations

import functools
from pathlib import Path

MIN_LENGTH = 12
_LIST = Path(__file__).with_name("data") / "common_passwords.txt"


@functools.cache
def common_passwords() -> frozenset[str]:
    """Well-known leaked passwords (lower-cased), one a line in data/common_passwords.txt."""
    lines = _LIST.read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip().lower() for line in lines if line.strip() and not line.startswith("#"))


def _monotonous(password: str) -> bool:
    """One character repeated, or a run of consecutive characters (123456789012, abcdefghijkl)."""
    if len(set(password)) <= 2:
        return True
    steps = {ord(b) - ord(a) for a, b in zip(password, password[1:], strict=False)}
    return steps <= {1} or steps <= {-1}


def problem(password: str, username: str = "") -> str | None:
    """Why ``password`` is refused (Chinese, for the user), or None when it is acceptable."""
    if len(password) < MIN_LENGTH:
        return f"密码至少{MIN_LENGTH}位。"
    lowered = password.lower()
    if lowered in common_passwords() or _monotonous(password):
        return "该密码过于常见或过于简单，容易被猜中，请换一个。"
    if username and username.lower() in lowered:
        return "密码不能包含用户名。"
    return None
