"""Builders for the files the extractor tests need: minimal .docx packages (well-formed or hostile)
and small hand-written PDFs. Everything is generated in memory; nothing is committed."""
from __future__ import annotations

import functools
import io
import struct
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

from tests.conftest import CORPUS

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NAMESPACES = (
    f'xmlns:w="{W_NS}" '
    'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
    'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
    'xmlns:v="urn:schemas-microsoft-com:vml"'
)
DOCX_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
DOCM_MAIN = "application/vnd.ms-word.document.macroEnabled.main+xml"
XML_DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'


# --- well-formed WordprocessingML pieces ----------------------------------------------------------

def run(text: str) -> str:
    return f'<w:r><w:t xml:space="preserve">{escape(text)}</w:t></w:r>'


def p(text: str = "", align: str | None = None, style: str | None = None, size: int | None = None,
      raw: str = "") -> str:
    """A paragraph; ``text`` may contain \\t (w:tab) and \\n (w:br)."""
    ppr = ""
    if style:
        ppr += f'<w:pStyle w:val="{style}"/>'
    if align:
        ppr += f'<w:jc w:val="{align}"/>'
    rpr = f'<w:rPr><w:sz w:val="{size * 2}"/></w:rPr>' if size else ""
    runs = []
    for i, line in enumerate(text.split("\n")):
        if i:
            runs.append("<w:r><w:br/></w:r>")
        for j, piece in enumerate(line.split("\t")):
            if j:
                runs.append("<w:r><w:tab/></w:r>")
            if piece:
                runs.append(f'<w:r>{rpr}<w:t xml:space="preserve">{escape(piece)}</w:t></w:r>')
    return f"<w:p>{f'<w:pPr>{ppr}</w:pPr>' if ppr else ''}{''.join(runs)}{raw}</w:p>"


def table(*rows: list[str]) -> str:
    """A table whose cells hold the given paragraphs (XML strings)."""
    cells = "".join(
        "<w:tr>" + "".join(f"<w:tc>{cell or '<w:p/>'}</w:tc>" for cell in row) + "</w:tr>" for row in rows
    )
    return f"<w:tbl><w:tblPr/>{cells}</w:tbl>"


def vml_textbox(*paragraphs: str) -> str:
    """A legacy VML text box (w:pict) to put inside a paragraph's ``raw``."""
    return (
        '<w:r><w:pict><v:shape style="width:260pt;height:34pt"><v:textbox><w:txbxContent>'
        + "".join(paragraphs)
        + "</w:txbxContent></v:textbox></v:shape></w:pict></w:r>"
    )


def dml_textbox(*paragraphs: str) -> str:
    """A Word 2010 text box: mc:Choice (wps) plus the VML mc:Fallback copy of the same content."""
    content = "<w:txbxContent>" + "".join(paragraphs) + "</w:txbxContent>"
    return (
        "<w:r><mc:AlternateContent>"
        f"<mc:Choice Requires=\"wps\"><w:drawing><wps:txbx>{content}</wps:txbx></w:drawing></mc:Choice>"
        f"<mc:Fallback><w:pict><v:shape><v:textbox>{content}</v:textbox></v:shape></w:pict></mc:Fallback>"
        "</mc:AlternateContent></w:r>"
    )


def document_xml(*blocks: str, prolog: str = "") -> str:
    return f'{XML_DECL}{prolog}<w:document {NAMESPACES}><w:body>{"".join(blocks)}<w:sectPr/></w:body></w:document>'


def content_types(main: str = DOCX_MAIN) -> str:
    return (
        XML_DECL + '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/word/document.xml" ContentType="{main}"/></Types>'
    )


ROOT_RELS = (
    XML_DECL + '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Target="word/document.xml" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"/>'
    "</Relationships>"
)


def styles_xml(**aligned: str) -> str:
    """styles.xml with paragraph styles ``id=alignment`` (and 'Child' based on the first one)."""
    styles = "".join(
        f'<w:style w:type="paragraph" w:styleId="{sid}"><w:pPr><w:jc w:val="{jc}"/></w:pPr></w:style>'
        for sid, jc in aligned.items()
    )
    if aligned:
        styles += f'<w:style w:type="paragraph" w:styleId="Child"><w:basedOn w:val="{next(iter(aligned))}"/></w:style>'
    return f"{XML_DECL}<w:styles {NAMESPACES}>{styles}</w:styles>"


def docx(document: str, *, parts: dict[str, str | bytes] | None = None, main: str = DOCX_MAIN) -> bytes:
    """A minimal .docx package around ``document`` (word/document.xml)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", content_types(main))
        zf.writestr("_rels/.rels", ROOT_RELS)
        zf.writestr("word/document.xml", document)
        for name, data in (parts or {}).items():
            zf.writestr(name, data)
    return buf.getvalue()


# --- hostile packages -----------------------------------------------------------------------------

BILLION_LAUGHS = (
    '<!DOCTYPE w:document [<!ENTITY lol "lol">'
    + "".join(f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">' for i in range(1, 10))
    + "]>"
)
XXE = '<!DOCTYPE w:document [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'


def entity_bomb_docx() -> bytes:
    return docx(document_xml(p(raw="<w:r><w:t>&lol9;</w:t></w:r>"), prolog=BILLION_LAUGHS))


def xxe_docx() -> bytes:
    return docx(document_xml(p(raw="<w:r><w:t>&xxe;</w:t></w:r>"), prolog=XXE))


@functools.lru_cache(maxsize=1)
def zip_bomb_docx(megabytes: int = 300) -> bytes:
    """A docx whose word/document.xml inflates to ``megabytes`` of zeros, written in 1 MB chunks."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as zf:
        zf.writestr("[Content_Types].xml", content_types())
        zf.writestr("_rels/.rels", ROOT_RELS)
        with zf.open("word/document.xml", "w", force_zip64=True) as fh:
            chunk = bytes(1 << 20)
            for _ in range(megabytes):
                fh.write(chunk)
    return buf.getvalue()


def ratio_bomb_docx(megabytes: int = 20) -> bytes:
    """Under the total-size limit, but one member compresses over 100:1."""
    return docx(document_xml(p("x")), parts={"word/media/blank.bin": bytes(megabytes << 20)})


def forged_size_docx(declared: int = 300 << 20) -> bytes:
    """Honest content, but the central directory claims word/document.xml inflates to ``declared``."""
    data = bytearray(docx(document_xml(p("x"))))
    name = b"word/document.xml"
    pos = data.find(b"PK\x01\x02")
    while pos >= 0:
        name_len = struct.unpack_from("<H", data, pos + 28)[0]
        if bytes(data[pos + 46: pos + 46 + name_len]) == name:
            struct.pack_into("<I", data, pos + 24, declared)
        pos = data.find(b"PK\x01\x02", pos + 4)
    return bytes(data)


def many_members_docx(count: int = 5000) -> bytes:
    return docx(document_xml(p("x")), parts={f"word/media/f{i}.bin": b"" for i in range(count)})


def zip_of(files: dict[str, bytes | str]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in files.items():
            zf.writestr(name, data)
    return buf.getvalue()


def encrypted_member_docx() -> bytes:
    """A package whose member headers say 'encrypted' (general-purpose flag bit 0)."""
    data = bytearray(docx(document_xml(p("x"))))
    for sig, offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        pos = data.find(sig)
        while pos >= 0:
            flags = struct.unpack_from("<H", data, pos + offset)[0]
            struct.pack_into("<H", data, pos + offset, flags | 0x1)
            pos = data.find(sig, pos + 4)
    return bytes(data)


# --- other formats --------------------------------------------------------------------------------

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
WINDOWS_EXE = (
    b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + bytes(50)
    + b"This program cannot be run in DOS mode.\r\n" + bytes(400)
)


def ole_doc(encrypted: bool = False) -> bytes:
    stream = "EncryptionInfo".encode("utf-16-le") if encrypted else "WordDocument".encode("utf-16-le")
    return OLE_MAGIC + bytes(504) + stream + bytes(4096)


def minimal_pdf(extra_trailer: str = "", extra_objects: str = "") -> bytes:
    """A one-page PDF written by hand (with a correct xref table)."""
    objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        "/Resources << /Font << /F1 << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> >> >> >>",
        "<< /Length 44 >>\nstream\nBT /F1 24 Tf 72 720 Td (Hello PDF) Tj ET\nendstream",
    ]
    if extra_objects:
        objects.append(extra_objects)
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n{body}\nendobj\n".encode("latin-1")
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += "".join(f"{o:010d} 00000 n \n" for o in offsets).encode()
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R {extra_trailer}>>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def encrypted_pdf() -> bytes:
    """A PDF whose trailer names an /Encrypt dictionary (RC4, revision 2, some user password)."""
    encrypt = (
        "<< /Filter /Standard /V 1 /R 2 /Length 40 /P -44 "
        "/O <" + "11" * 32 + "> /U <" + "22" * 32 + "> >>"
    )
    return minimal_pdf(extra_trailer="/Encrypt 5 0 R /ID [<0123456789abcdef0123456789abcdef> "
                                     "<0123456789abcdef0123456789abcdef>] ", extra_objects=encrypt)


def corpus_files(suffix: str) -> list[Path]:
    return sorted(CORPUS.glob(f"*{suffix}"))
