#!/usr/bin/env python3
"""The README's two commands, needing only Python 3.11+ and git:

    python3 dev.py serve   # virtualenv, install, migrate, demo data, serve on http://127.0.0.1:5000
    python3 dev.py test    # virtualenv, install, Chromium + PostgreSQL, ruff, the suite on SQLite and PostgreSQL

Standard library only: it runs before anything is installed.
"""
from __future__ import annotations

import contextlib
import glob
import hashlib
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PY = BIN / "python"


def run(*cmd, **kw) -> None:
    print("+", " ".join(map(str, cmd)), flush=True)
    subprocess.run([str(c) for c in cmd], check=True, **kw)


def ensure_venv(extras: str = "") -> None:
    """Create .venv and install the package; reinstall only when pyproject.toml changed."""
    if sys.version_info < (3, 11):
        sys.exit("需要 Python 3.11 或更高版本。")
    if not PY.exists():
        run(sys.executable, "-m", "venv", VENV)
        run(PY, "-m", "pip", "install", "--quiet", "--upgrade", "pip")
    digest = hashlib.sha256((ROOT / "pyproject.toml").read_bytes() + extras.encode()).hexdigest()[:16]
    stamp = VENV / f".installed-{digest}"
    if not stamp.exists():
        run(PY, "-m", "pip", "install", "--quiet", "-e", f"{ROOT}{extras}")
        stamp.touch()


def flask(*args, env=None) -> None:
    run(BIN / "flask", "--app", "wsgi", *args, cwd=ROOT, env=env)


def serve(argv: list[str]) -> None:
    ensure_venv()
    flask("db", "upgrade")
    flask("demo")
    host, port = os.environ.get("HOST", "127.0.0.1"), os.environ.get("PORT", "5000")
    print(f"\n公文公开属性审查 已启动： http://{host}:{port}/  （演示账号见上，密码 demo-pass-2026）\n", flush=True)
    if "--debug" in argv:  # the Flask development server: reloader and debugger, never in production
        flask("run", "--debug", "--host", host, "--port", port)
    elif os.name == "nt":
        run(BIN / "waitress-serve", f"--listen={host}:{port}", "--threads=8", "wsgi:app", cwd=ROOT)
    else:
        # Two worker processes with threads; the timeout leaves room for a sandboxed parse (30 s wall clock).
        run(BIN / "gunicorn", "--bind", f"{host}:{port}", "--workers", os.environ.get("WEB_CONCURRENCY", "2"),
            "--threads", "8", "--timeout", "90", "--access-logfile", "-", "wsgi:app", cwd=ROOT)


# --- test prerequisites -------------------------------------------------------------------------

def is_root() -> bool:
    return hasattr(os, "geteuid") and os.geteuid() == 0


def apt_install(*packages: str) -> None:
    if not (is_root() and shutil.which("apt-get")):
        sys.exit(f"缺少 {' '.join(packages)}，且无法自动安装（需要 root 和 apt-get）。请先安装后重试。")
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    run("apt-get", "update", "-qq", env=env)
    run("apt-get", "install", "-y", "-qq", *packages, env=env)


def chromium() -> str:
    """Debian's Chromium for the browser tests (Playwright's own browser download is not used)."""
    for name in (os.environ.get("CHROMIUM"), "chromium", "chromium-browser", "google-chrome"):
        if name and (path := shutil.which(name)):
            return path
    apt_install("chromium")
    return shutil.which("chromium") or sys.exit("Chromium 安装失败。")


def parser_prerequisites() -> None:
    """What the parser needs besides Python: a CJK font (PDFium drops a one-character run of a
    non-embedded CJK font it has no glyph for), and Tesseract with its Simplified Chinese model
    (scanned PDFs are read by OCR) and its Traditional one (scans printed in traditional characters)."""
    missing = []
    fonts = subprocess.run(["fc-list", ":lang=zh"], capture_output=True, text=True) if shutil.which("fc-list") else None
    if not (fonts and fonts.stdout.strip()):
        missing.append("fonts-wqy-microhei")
    if not shutil.which("tesseract"):
        missing.append("tesseract-ocr")
    if not glob.glob("/usr/share/tesseract-ocr/*/tessdata/chi_sim.traineddata"):
        missing.append("tesseract-ocr-chi-sim")
    if not glob.glob("/usr/share/tesseract-ocr/*/tessdata/chi_tra.traineddata"):
        missing.append("tesseract-ocr-chi-tra")
    if missing:
        apt_install(*missing)


def pg_bindir() -> Path | None:
    if pg := shutil.which("pg_config"):
        bindir = Path(subprocess.run([pg, "--bindir"], capture_output=True, text=True).stdout.strip())
        if (bindir / "initdb").exists():
            return bindir
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    return Path(found[-1]).parent if found else None


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def postgres():
    """A throwaway PostgreSQL cluster on loopback for this run; yields its URL."""
    bindir = pg_bindir()
    if bindir is None:
        apt_install("postgresql")
        bindir = pg_bindir() or sys.exit("PostgreSQL 安装失败。")
    data = Path(tempfile.mkdtemp(prefix="review-pg-"))
    as_user: list[str] = []
    if is_root():  # the server refuses to run as root
        shutil.chown(data, "postgres", "postgres")
        as_user = ["runuser", "-u", "postgres", "--"]
    port = free_port()
    run(*as_user, bindir / "initdb", "-D", data / "db", "-U", "postgres", "--auth=trust", "-E", "UTF8",
        "--locale=C.UTF-8", stdout=subprocess.DEVNULL)
    options = f"-c listen_addresses=127.0.0.1 -p {port} -k {data} -c fsync=off -c full_page_writes=off"
    run(*as_user, bindir / "pg_ctl", "-D", data / "db", "-o", options, "-l", data / "log", "-w", "start")
    try:
        yield f"postgresql+psycopg://postgres@127.0.0.1:{port}/postgres"
    finally:
        subprocess.run([*as_user, str(bindir / "pg_ctl"), "-D", str(data / "db"), "-m", "immediate", "stop"],
                       stdout=subprocess.DEVNULL)
        shutil.rmtree(data, ignore_errors=True)


def workers() -> list[str]:
    """pytest-xdist's workers: one per core, at most 4 (each may drive a Chromium); TEST_WORKERS=1 for
    one process."""
    count = int(os.environ.get("TEST_WORKERS") or min(os.cpu_count() or 1, 4))
    return ["-n", str(count)] if count > 1 else []


def test(argv: list[str]) -> None:
    ensure_venv("[test]")
    parser_prerequisites()
    env = dict(os.environ, CHROMIUM=chromium(), PYTHONDONTWRITEBYTECODE="1")
    env.pop("DATABASE_URL", None)
    run(BIN / "ruff", "check", ".", cwd=ROOT)
    failed = []
    started = time.monotonic()
    print("\n=== 测试：SQLite ===", flush=True)
    if subprocess.run([str(PY), "-m", "pytest", *workers(), *argv], cwd=ROOT, env=env).returncode:
        failed.append("SQLite")
    with postgres() as url:
        print("\n=== 测试：PostgreSQL ===", flush=True)
        # The parser's unit tests touch no database: run them once, above.
        pg_args = argv or ["--ignore=tests/unit"]
        if subprocess.run([str(PY), "-m", "pytest", *workers(), *pg_args], cwd=ROOT,
                          env=dict(env, TEST_DATABASE_URL=url)).returncode:
            failed.append("PostgreSQL")
    print(f"\n用时 {time.monotonic() - started:.0f} 秒；", "失败：" + "、".join(failed) if failed else "全部通过。")
    sys.exit(1 if failed else 0)


COMMANDS = {"serve": serve, "test": test}

if __name__ == "__main__":
    if len(sys.argv) < 2 or sys.argv[1] not in COMMANDS:
        sys.exit(__doc__)
    COMMANDS[sys.argv[1]](sys.argv[2:])
