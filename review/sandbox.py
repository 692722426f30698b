"""Untrusted bytes are handled in a box: parsing an upload and previewing a .docx run in a child
process with an address-space limit (RLIMIT_AS), a CPU-time limit (RLIMIT_CPU) and a wall-clock
timeout. A file that needs more is refused in Chinese; the server's own memory does not grow with
what a file claims to contain (it holds the upload's bytes and the small result, nothing else).

A parse that reads a scan starts ``tesseract`` (review/extract/tesseract.py), which runs under
limits of its own (``OCR_MEMORY_MB``, its CPU seconds) and, being in the child's process group, is
killed with the child when the wall-clock time is up.

Children come from a multiprocessing fork server that has the parser already imported, so a parse
costs a fork (~10 ms), not an interpreter start. No Flask, no database.
"""
from __future__ import annotations

import contextlib
import multiprocessing
import os
import signal
import threading
from dataclasses import dataclass

from .extract import Elements, UnsupportedFile

try:
    import resource
except ImportError:  # Windows: no rlimits; the wall-clock timeout still holds (see README)
    resource = None

MB = 1024 * 1024

MEMORY_REFUSAL = "文件解析所需内存超出限制（文件结构异常或经过恶意构造），系统拒绝处理。请检查文件或重新导出后上传。"
TIME_REFUSAL = "文件解析超时（文件结构异常或经过恶意构造），系统拒绝处理。请检查文件或重新导出后上传。"
CRASH_REFUSAL = "文件无法解析（解析程序异常退出），系统拒绝处理。请重新保存或导出后上传。"


@dataclass(frozen=True)
class Limits:
    #: Address space the child may add beyond what it holds when the work starts (code, the file's bytes).
    memory: int = int(os.environ.get("PARSE_MEMORY_MB", "512")) * MB
    cpu_seconds: int = int(os.environ.get("PARSE_CPU_SECONDS", "20"))
    wall_seconds: float = float(os.environ.get("PARSE_TIMEOUT_SECONDS", "30"))


LIMITS = Limits()


class Refused(UnsupportedFile):
    """The box stopped the work: too much memory or time, or the parser died."""


def _address_space() -> int | None:
    try:
        with open("/proc/self/statm") as fh:
            return int(fh.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except OSError:  # no /proc (macOS): no address-space limit, the CPU and wall-clock limits remain
        return None


def _extract(data: bytes) -> tuple[str, Elements]:
    from .extract import extract_bytes
    from .extract.filetype import container_kind

    kind = container_kind(data)
    return kind, extract_bytes(data, kind)


def _preview(data: bytes) -> list:
    from .extract.filetype import MAX_UNPACKED, check_docx, read_all_capped
    from .preview import docx_blocks

    package = check_docx(data, MAX_UNPACKED)
    try:
        read_all_capped(package, MAX_UNPACKED)  # what really inflates, before python-docx reads it all
    finally:
        package.close()
    return docx_blocks(data)


TASKS = {"extract": _extract, "preview": _preview}


def _child(conn, task: str, data: bytes, memory: int, cpu_seconds: int) -> None:
    """Runs in the child: set the limits, do the task, send back ("ok", result) or a refusal."""
    with contextlib.suppress(OSError, AttributeError):
        os.setpgid(0, 0)  # a group of its own: a timeout kills the programs it started too (tesseract)
    try:
        if resource is not None:
            if (start := _address_space()) is not None:
                resource.setrlimit(resource.RLIMIT_AS, (start + memory, start + memory))
            resource.setrlimit(resource.RLIMIT_CPU, (cpu_seconds, cpu_seconds + 1))
        result = ("ok", TASKS[task](data))
    except UnsupportedFile as exc:
        result = ("refused", exc.message)
    except MemoryError:
        result = ("refused", MEMORY_REFUSAL)
    except RecursionError:
        result = ("refused", CRASH_REFUSAL)
    except Exception as exc:  # the parser's own bug on a strange file: a refusal, never a 500
        result = ("refused", CRASH_REFUSAL + f"（{type(exc).__name__}）")
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss if resource is not None else None
    try:
        conn.send((*result, peak_kb))
    except MemoryError:
        conn.send(("refused", MEMORY_REFUSAL, peak_kb))
    finally:
        conn.close()


#: The peak resident size (KiB) of this thread's last child that reported one (bench/fuzz.py reads it).
_measured = threading.local()


def last_peak_kb() -> int | None:
    return getattr(_measured, "peak_kb", None)


def last_pid() -> int | None:
    """The process id (and process group id) of this thread's last child."""
    return getattr(_measured, "pid", None)


_context = None
_context_lock = threading.Lock()


def _ctx():
    global _context
    with _context_lock:
        if _context is None:
            if "forkserver" in multiprocessing.get_all_start_methods():
                ctx = multiprocessing.get_context("forkserver")
                ctx.set_forkserver_preload(["review.extract", "review.preview", "review.sandbox"])
            else:  # Windows: a fresh interpreter per parse (slower, same limits on time)
                ctx = multiprocessing.get_context("spawn")
            _context = ctx
    return _context


def run(task: str, data: bytes, limits: Limits | None = None):
    """The task's result, computed in a limited child; raises Refused when the box stops it."""
    limits = limits or LIMITS
    ctx = _ctx()
    _measured.peak_kb = None
    receive, send = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_child, args=(send, task, data, limits.memory, limits.cpu_seconds), daemon=True)
    proc.start()
    _measured.pid = proc.pid
    send.close()
    try:
        if not receive.poll(limits.wall_seconds):
            raise Refused(TIME_REFUSAL)
        try:
            status, value, peak_kb = receive.recv()
            _measured.peak_kb = peak_kb
        except (EOFError, OSError):  # killed by RLIMIT_CPU (SIGXCPU) or crashed (e.g. abort on allocation)
            proc.join(5)
            _measured.exitcode = proc.exitcode
            raise Refused(TIME_REFUSAL if proc.exitcode == -24 else CRASH_REFUSAL) from None
    finally:
        receive.close()
        _kill_group(proc)
        proc.join(5)
    if status != "ok":
        raise Refused(value)
    return value


def _kill_group(proc) -> None:
    """Kill a child still running (out of time) and whatever it started (a tesseract reading a page).
    A child that answered has waited for its programs; one that died cannot have left one running."""
    if not proc.is_alive():
        return
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (OSError, AttributeError):  # no group of its own yet (or no process groups: Windows)
        proc.kill()


#: The view parses an upload before its transaction opens (``parsed_first``); the operation then asks
#: again for the same bytes object and gets the result without a second parse (identity-checked).
_recent: dict[int, tuple[bytes, tuple[str, Elements]]] = {}
_recent_lock = threading.Lock()


def extract(data: bytes, limits: Limits | None = None) -> tuple[str, Elements]:
    """(kind, elements) of an upload, parsed in the box; raises UnsupportedFile (Refused) otherwise."""
    with _recent_lock:
        hit = _recent.get(id(data))
    if hit is not None and hit[0] is data:
        return hit[1]
    return run("extract", data, limits)


@contextlib.contextmanager
def parsed_first(data: bytes, limits: Limits | None = None):
    """Parse ``data`` now (before the caller opens its write transaction); inside the block,
    ``extract(data)`` answers from this parse. A refusal raises here, before anything is written."""
    result = run("extract", data, limits)
    with _recent_lock:
        _recent[id(data)] = (data, result)
    try:
        yield result
    finally:
        with _recent_lock:
            _recent.pop(id(data), None)


def preview(data: bytes, limits: Limits | None = None) -> list:
    """A .docx as preview blocks, built in the box."""
    return run("preview", data, limits)
