"""Hostile variants of the corpus files for fuzzing the upload path and the extractor (issue 7 item 13):
truncated, bit-flipped, members swapped, lying zip headers, Flate bombs, deep nesting. Pure functions
of (bytes, random.Random) so Hypothesis and bench/fuzz.py share them."""
from __future__ import annotations

import io
import random
import struct
import zipfile
import zlib

KINDS = ("truncate", "bitflip", "swap_members", "lying_sizes", "flate_bomb", "deep_nesting", "splice")


def truncate(data: bytes, rnd: random.Random) -> bytes:
    return data[: rnd.randrange(0, max(1, len(data)))]


def bitflip(data: bytes, rnd: random.Random) -> bytes:
    out = bytearray(data)
    for _ in range(rnd.randint(1, 32)):
        if out:
            out[rnd.randrange(len(out))] ^= 1 << rnd.randrange(8)
    return bytes(out)


def _members(data: bytes) -> list[tuple[str, bytes]] | None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            return [(i.filename, zf.read(i)) for i in zf.infolist()]
    except Exception:
        return None


def _zip(members: list[tuple[str, bytes]]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, body in members:
            zf.writestr(name, body)
    return buf.getvalue()


def swap_members(data: bytes, rnd: random.Random) -> bytes:
    members = _members(data)
    if not members or len(members) < 2:
        return bitflip(data, rnd)
    i, j = rnd.sample(range(len(members)), 2)
    names = [n for n, _ in members]
    bodies = [b for _, b in members]
    bodies[i], bodies[j] = bodies[j], bodies[i]
    return _zip(list(zip(names, bodies, strict=True)))


def lying_sizes(data: bytes, rnd: random.Random) -> bytes:
    """Rewrite declared sizes in local and central headers (smaller, larger, zero, huge)."""
    out = bytearray(data)
    for sig, offsets in ((b"PK\x01\x02", (20, 24)), (b"PK\x03\x04", (18, 22))):
        pos = out.find(sig)
        while pos >= 0:
            if rnd.random() < 0.6 and pos + 28 <= len(out):
                off = rnd.choice(offsets)
                value = rnd.choice([0, 1, 1024, 0xFFFFFFFF, rnd.randrange(1 << 32)])
                struct.pack_into("<I", out, pos + off, value)
            pos = out.find(sig, pos + 4)
    return bytes(out)


def flate_bomb(data: bytes, rnd: random.Random) -> bytes:
    """Replace the main part (docx) or append a page stream (pdf) with a highly compressible bomb."""
    megabytes = rnd.choice([16, 64, 256])
    if data.startswith(b"PK"):
        members = _members(data) or []
        body = b"<w:p/>" * ((megabytes << 20) // 6)
        return _zip([(n, body if n == "word/document.xml" else b) for n, b in members])
    stream = zlib.compress(b"0 0 m 1 1 l S\n" * ((megabytes << 20) // 14), 9)
    head = b"\n999 0 obj\n<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream)
    obj = head + stream + b"\nendstream\nendobj\n"
    return data + obj


def deep_nesting(data: bytes, rnd: random.Random) -> bytes:
    depth = rnd.choice([500, 5000, 50000])
    if data.startswith(b"PK"):
        members = _members(data) or []
        nested = (b'<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/'
                  b'main"><w:body>' + b"<w:tbl><w:tr><w:tc>" * depth + b"<w:p/>" + b"</w:tc></w:tr></w:tbl>" * depth
                  + b"</w:body></w:document>")
        return _zip([(n, nested if n == "word/document.xml" else b) for n, b in members])
    return data.replace(b"%%EOF", b"1000 0 obj\n" + b"[" * depth + b"]" * depth + b"\nendobj\n%%EOF", 1)


def splice(data: bytes, rnd: random.Random) -> bytes:
    """A random chunk duplicated somewhere else."""
    if len(data) < 2:
        return data
    a = rnd.randrange(len(data))
    b = min(len(data), a + rnd.randint(1, 4096))
    at = rnd.randrange(len(data))
    return data[:at] + data[a:b] + data[at:]


MUTATORS = {"truncate": truncate, "bitflip": bitflip, "swap_members": swap_members, "lying_sizes": lying_sizes,
            "flate_bomb": flate_bomb, "deep_nesting": deep_nesting, "splice": splice}


def mutate(data: bytes, kind: str, seed: int) -> bytes:
    return MUTATORS[kind](data, random.Random(seed))
