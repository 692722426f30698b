"""The only code that touches UPLOAD_DIR.

Files are content-addressed: the name is the SHA-256 of the bytes, so a stored file can be
checked against its name and is never overwritten. Writes are atomic (temp file, fsync,
hard link into place, which fails rather than replaces). A file written inside a database
transaction that then rolls back is removed again, unless some row refers to it.
"""
from __future__ import annotations

import hashlib
import os
import re
import tempfile
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import event
from sqlalchemy.orm import Session

_SHA = re.compile(r"^[0-9a-f]{64}$")


class DamagedFile(Exception):
    """A stored file is missing or no longer hashes to its SHA-256 name (altered on disk)."""

    def __init__(self, sha256: str, missing: bool):
        super().__init__(f"stored file {sha256} is {'missing' if missing else 'altered'}")
        self.sha256, self.missing = sha256, missing


class Store:
    def __init__(self, root: str | os.PathLike):
        self.root = Path(root).resolve()

    def path_for(self, sha256: str) -> Path:
        if not _SHA.match(sha256):
            raise ValueError("not a sha256 name")
        path = (self.root / sha256[:2] / sha256[2:4] / sha256).resolve()
        if self.root not in path.parents:
            raise ValueError("path escapes the store")
        return path

    def put(self, data: bytes) -> tuple[str, bool]:
        """Store ``data``; return (sha256, created). An existing file is left as it is."""
        sha = hashlib.sha256(data).hexdigest()
        path = self.path_for(sha)
        if path.exists():
            return sha, False
        _private_dirs(self.root, path.parent)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(data)
                f.flush()
                os.fsync(f.fileno())
            os.chmod(tmp, 0o440)
            try:
                os.link(tmp, path)  # atomic and never replaces an existing name
                created = True
            except FileExistsError:
                created = False  # a concurrent writer stored the same bytes first
        finally:
            os.unlink(tmp)
        _fsync_dir(path.parent)
        return sha, created

    def read(self, sha256: str) -> bytes:
        return self.path_for(sha256).read_bytes()

    def read_verified(self, sha256: str) -> bytes:
        """The bytes, only if they still hash to their name (raises DamagedFile otherwise)."""
        try:
            data = self.read(sha256)
        except FileNotFoundError:
            raise DamagedFile(sha256, missing=True) from None
        if hashlib.sha256(data).hexdigest() != sha256:
            raise DamagedFile(sha256, missing=False)
        return data

    def remove(self, sha256: str) -> None:
        """Only for undoing a write whose transaction rolled back."""
        path = self.path_for(sha256)
        path.unlink(missing_ok=True)

    def track(self, session: Session, sha256: str, is_referenced: Callable[[str], bool]) -> None:
        """Remove the new file ``sha256`` again if ``session``'s transaction rolls back.

        ``is_referenced`` is asked, after the rollback, whether a committed row still names the
        file (another transaction may have stored the same bytes meanwhile).
        """
        pending = session.info.setdefault("new_files", [])
        pending.append((self, sha256, is_referenced))


def _private_dirs(root: Path, leaf: Path) -> None:
    """Create the store and its fan-out folders readable by the service account only (0700)."""
    for folder in (root, leaf.parent, leaf):
        if not folder.is_dir():
            folder.mkdir(mode=0o700, parents=True, exist_ok=True)
            os.chmod(folder, 0o700)  # mkdir's mode is masked by the umask


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


@event.listens_for(Session, "after_commit")
def _forget_new_files(session: Session) -> None:
    session.info.pop("new_files", None)


@event.listens_for(Session, "after_soft_rollback")
def _remove_new_files(session: Session, previous_transaction) -> None:
    if previous_transaction.parent is not None:  # only the outermost transaction decides
        return
    for store, sha, is_referenced in session.info.pop("new_files", []):
        if not is_referenced(sha):
            store.remove(sha)


def stored_files(store: Store):
    """Every entry under the store's fan-out folders: (path, sha256 or None for a non-content name)."""
    if not store.root.is_dir():
        return
    for first in sorted(store.root.iterdir()):
        if not first.is_dir():
            yield first, None
            continue
        for second in sorted(first.iterdir()):
            if not second.is_dir():
                yield second, None
                continue
            for path in sorted(second.iterdir()):
                name = path.name
                ok = _SHA.match(name) and name[:2] == first.name and name[2:4] == second.name
                yield path, name if ok else None


def file_sha256(path: Path) -> str:
    """SHA-256 of a stored file, read in chunks (stored files can be large)."""
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        while chunk := fh.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()
