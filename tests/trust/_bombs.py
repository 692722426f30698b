"""Hostile files that pass every header check but make a parser do unbounded work (issue 7, items 1, 2)."""
from __future__ import annotations

import functools
import io
import struct
import zipfile
import zlib

from tests.unit._hostile import ROOT_RELS, content_types


def _deflate_repeated(unit: bytes, megabytes: int) -> bytes:
    """``unit`` repeated to ``megabytes`` MiB, as one zlib (FlateDecode) stream, without holding it all."""
    z = zlib.compressobj(9)
    chunk = unit * ((1 << 20) // len(unit))
    out = [z.compress(chunk) for _ in range(megabytes)]
    out.append(z.flush())
    return b"".join(out)


@functools.lru_cache(maxsize=4)
def flate_bomb_pdf(megabytes: int = 1024, pages: int = 30, unit: bytes = b"0 0 m 1 1 l S\n") -> bytes:
    """``pages`` pages sharing one content stream that inflates to ``megabytes`` MiB of drawing operators."""
    stream = _deflate_repeated(unit, megabytes)
    kids = " ".join(f"{4 + i} 0 R" for i in range(pages))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        f"<< /Type /Pages /Kids [{kids}] /Count {pages} >>".encode(),
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream",
    ]
    objects += [b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 3 0 R >>"] * pages
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += "".join(f"{o:010d} 00000 n \n" for o in offsets).encode()
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


@functools.lru_cache(maxsize=4)
def lying_docx(megabytes: int = 150) -> bytes:
    """word/document.xml of ``megabytes`` MiB of paragraphs, its compressed size in the central directory
    inflated so the declared ratio looks harmless (the header checks trust it; the parser does not)."""
    body = b"<w:p><w:r><w:t>\xe9\x80\x9a\xe7\x9f\xa5</w:t></w:r></w:p>" * ((megabytes << 20) // 44)
    xml = (b'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/'
           b'wordprocessingml/2006/main"><w:body>' + body + b"</w:body></w:document>")
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        zf.writestr("[Content_Types].xml", content_types())
        zf.writestr("_rels/.rels", ROOT_RELS)
        zf.writestr("word/document.xml", xml)
    data = bytearray(buf.getvalue())
    pos = data.find(b"PK\x01\x02")
    while pos >= 0:
        name_len = struct.unpack_from("<H", data, pos + 28)[0]
        if bytes(data[pos + 46: pos + 46 + name_len]) == b"word/document.xml":
            size = struct.unpack_from("<I", data, pos + 24)[0]
            struct.pack_into("<I", data, pos + 20, size // 50)  # declared compressed size: a 50:1 "ratio"
        pos = data.find(b"PK\x01\x02", pos + 4)
    return bytes(data)
