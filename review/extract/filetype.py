"""Decide what an upload is from its content (never its name) and refuse what we will not read.

Refused: empty files, anything but .docx/.pdf (renamed programs, legacy .doc, plain zips, xlsx/pptx),
zip bombs, XML with DOCTYPE/ENTITY declarations (entity bombs, XXE), truncated or corrupt files,
and encrypted documents. Every refusal is an :class:`UnsupportedFile` with a Chinese message.
"""
from __future__ import annotations

import io
import re
import threading
import zipfile
import zlib

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_raw
from lxml import etree

from review.extract.errors import UnsupportedFile

#: PDFium is not thread-safe; every use of it in this package holds this lock.
PDFIUM_LOCK = threading.RLock()

MAX_UNPACKED = 200 * 1024 * 1024
MAX_MEMBERS = 1000
MAX_RATIO = 100
#: Members smaller than this cannot be bombs, whatever their ratio (blank images compress well).
RATIO_MIN_SIZE = 1024 * 1024
MAX_PDF_PAGES = 5000
_PROLOG_LIMIT = 64 * 1024
_CHUNK = 256 * 1024

_FORMATS = "仅支持 Word（.docx）或 PDF 格式的公文。"
EMPTY = "文件为空（0 字节），请重新选择要上传的公文文件。"
NOT_SUPPORTED = "无法识别该文件的格式：" + _FORMATS + "（只修改扩展名不会改变文件格式。）"
EXECUTABLE = "该文件是可执行程序，不是公文文件，已拒绝接收。" + _FORMATS
LEGACY_OFFICE = (
    "该文件是旧版 Office 格式（如 .doc），系统无法读取。请用 Word 或 WPS 另存为 .docx 或导出为 PDF 后上传。"
)
OFFICE_ENCRYPTED = "该 Word 文档设置了打开密码（已加密），系统无法读取。请取消密码后重新上传。"
RTF = "该文件是 RTF 格式，系统无法读取。请另存为 .docx 或导出为 PDF 后上传。"
IMAGE = "该文件是图片，不是公文文件。请上传 Word（.docx）或 PDF 格式的公文。"
XLSX = "该文件是 Excel 表格，不是公文文件。" + _FORMATS
PPTX = "该文件是 PowerPoint 演示文稿，不是公文文件。" + _FORMATS
PLAIN_ZIP = "该文件是普通压缩包，不是 Word 文档。请直接上传 .docx 或 PDF 文件。"
MACRO = "该文档启用了宏（.docm），出于安全考虑不予接收。请另存为不含宏的 .docx 后上传。"
DOCX_CORRUPT = "Word 文档已损坏或不完整（可能上传中断），无法读取。请重新保存后上传。"
ZIP_ENCRYPTED = "Word 文档内容已加密，系统无法读取。请取消加密后重新上传。"
BOMB = "文件解压后的体积或数量异常（疑似“压缩炸弹”），系统拒绝处理。请检查文件来源。"
XML_DECLARATION = "Word 文档内含不允许的 XML 声明（DOCTYPE/ENTITY），可能是恶意构造的文件，系统拒绝处理。"
PDF_CORRUPT = "PDF 文件已损坏或不完整（可能上传中断），无法打开。请重新导出后上传。"
PDF_ENCRYPTED = "该 PDF 已加密（设置了密码或权限保护），系统无法读取。请上传未加密的 PDF。"
PDF_NO_PAGES = "PDF 文件没有任何页面。"
PDF_TOO_MANY_PAGES = f"PDF 页数超过 {MAX_PDF_PAGES} 页，系统拒绝处理。"

#: What a damaged zip can raise while being listed or inflated.
_ZIP_ERRORS = (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError, NotImplementedError,
               zlib.error, KeyError)
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_OLE_ENCRYPTION_STREAM = "EncryptionInfo".encode("utf-16-le")
_ENCRYPT_RE = re.compile(rb"/Encrypt\s*(?:\d+\s+\d+\s+R|<<)")
_OFFICE_DOCUMENT_REL = re.compile(r"/officeDocument$")

#: Safe XML parsing: no DTD loading, no entity expansion, no network, no huge trees.
SAFE_XML = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)


def sniff(data: bytes, max_unpacked: int = MAX_UNPACKED) -> str:
    """Return 'docx' or 'pdf' judged by content; raise UnsupportedFile for anything else or unsafe."""
    kind = container_kind(data)
    if kind == "pdf":
        with PDFIUM_LOCK:
            open_pdf(data).close()
        return "pdf"
    package = check_docx(data, max_unpacked)
    try:
        _parse(package.zip, package.main_part)  # a well-formed main part, or DOCX_CORRUPT
    finally:
        package.close()
    return "docx"


def container_kind(data: bytes) -> str:
    """'pdf' or 'docx' from the magic bytes alone (the structure is checked when the file is opened)."""
    if not data:
        raise UnsupportedFile(EMPTY)
    head = data[:1024]
    if head.startswith((b"MZ", b"\x7fELF", b"\xcf\xfa\xed\xfe", b"\xca\xfe\xba\xbe", b"#!")):
        raise UnsupportedFile(EXECUTABLE)
    if head.startswith(_OLE):
        raise UnsupportedFile(OFFICE_ENCRYPTED if _OLE_ENCRYPTION_STREAM in data else LEGACY_OFFICE)
    if head.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return "docx"
    if b"%PDF-" in head:
        return "pdf"
    if head.startswith(b"{\\rtf"):
        raise UnsupportedFile(RTF)
    if head.startswith((b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"BM", b"II*\x00", b"MM\x00*")):
        raise UnsupportedFile(IMAGE)
    raise UnsupportedFile(NOT_SUPPORTED)


# --- docx -----------------------------------------------------------------------------------------

class CheckedDocx:
    """An opened, checked .docx package: the zip and the name of its main document part."""

    def __init__(self, zf: zipfile.ZipFile, main_part: str, budget: int = MAX_UNPACKED):
        self.zip = zf
        self.main_part = main_part
        #: Bytes this package may still inflate, across all reads.
        self.budget = budget

    def read(self, name: str) -> bytes:
        """A member's bytes, streamed with a hard cap on what really inflates (headers may lie)."""
        data = read_capped(self.zip, name, self.budget)
        self.budget -= len(data)
        return data

    def has(self, name: str) -> bool:
        return name in self.zip.NameToInfo

    def close(self) -> None:
        self.zip.close()


def check_docx(data: bytes, max_unpacked: int = MAX_UNPACKED) -> CheckedDocx:
    """Open a .docx package after refusing bombs, non-Word packages and DTD-bearing XML."""
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        infos = zf.infolist()
    except _ZIP_ERRORS as exc:
        raise UnsupportedFile(DOCX_CORRUPT) from exc
    try:
        _check_sizes(infos, max_unpacked)
        checked = CheckedDocx(zf, _main_part(zf), max_unpacked)
        for info in infos:
            if info.filename.lower().endswith((".xml", ".rels")):
                _check_prolog(zf, info)
        return checked
    except BaseException:
        zf.close()
        raise


def _check_sizes(infos: list[zipfile.ZipInfo], max_unpacked: int) -> None:
    if len(infos) > MAX_MEMBERS:
        raise UnsupportedFile(BOMB)
    total = 0
    for info in infos:
        if info.flag_bits & 0x1:
            raise UnsupportedFile(ZIP_ENCRYPTED)
        total += info.file_size
        if info.file_size >= RATIO_MIN_SIZE and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise UnsupportedFile(BOMB)
    if total > max_unpacked:
        raise UnsupportedFile(BOMB)


def _main_part(zf: zipfile.ZipFile) -> str:
    names = zf.NameToInfo
    main = None
    if "_rels/.rels" in names:
        _check_prolog(zf, names["_rels/.rels"])
        for rel in _parse(zf, "_rels/.rels").iter("{*}Relationship"):
            if _OFFICE_DOCUMENT_REL.search(rel.get("Type", "")):
                main = rel.get("Target", "").lstrip("/")
                break
    main = main or "word/document.xml"
    if main in names and main.startswith("word/"):
        if "[Content_Types].xml" in names:
            _check_prolog(zf, names["[Content_Types].xml"])
            if b"macroEnabled" in _read(zf, "[Content_Types].xml"):
                raise UnsupportedFile(MACRO)
        return main
    if any(n.startswith("xl/") for n in names):
        raise UnsupportedFile(XLSX)
    if any(n.startswith("ppt/") for n in names):
        raise UnsupportedFile(PPTX)
    if "[Content_Types].xml" not in names and "_rels/.rels" not in names:
        raise UnsupportedFile(PLAIN_ZIP)
    raise UnsupportedFile(DOCX_CORRUPT)


def _read(zf: zipfile.ZipFile, name: str) -> bytes:
    return read_capped(zf, name, MAX_UNPACKED)


def read_capped(zf: zipfile.ZipFile, name: str, cap: int) -> bytes:
    """Inflate one member in chunks, refusing it as a bomb as soon as more than ``cap`` bytes (or more
    than its declared size) really come out: the declared sizes are not trusted."""
    chunks, total = [], 0
    try:
        info = zf.getinfo(name)
        with zf.open(info) as fh:
            while chunk := fh.read(_CHUNK):
                total += len(chunk)
                if total > cap or total > info.file_size:
                    raise UnsupportedFile(BOMB)
                chunks.append(chunk)
    except _ZIP_ERRORS as exc:
        raise UnsupportedFile(DOCX_CORRUPT) from exc
    return b"".join(chunks)


def read_all_capped(package: CheckedDocx, cap: int) -> None:
    """Inflate every member once, within ``cap`` bytes in all (before a reader that loads them all)."""
    for info in package.zip.infolist():
        if not info.is_dir():
            package.read(info.filename)


def _parse(zf: zipfile.ZipFile, name: str):
    try:
        return etree.fromstring(_read(zf, name), SAFE_XML)
    except etree.XMLSyntaxError as exc:
        raise UnsupportedFile(DOCX_CORRUPT) from exc


def _check_prolog(zf: zipfile.ZipFile, info: zipfile.ZipInfo) -> None:
    """Refuse a DOCTYPE/ENTITY declaration: it can only stand in the prolog, before the root element."""
    buf = b""
    try:
        with zf.open(info) as fh:
            while True:
                chunk = fh.read(4096)
                buf += chunk
                verdict = _prolog_verdict(buf, complete=not chunk)
                if verdict is not None:
                    break
                if len(buf) > _PROLOG_LIMIT:
                    raise UnsupportedFile(XML_DECLARATION)
    except _ZIP_ERRORS as exc:
        raise UnsupportedFile(DOCX_CORRUPT) from exc
    if verdict == "dtd":
        raise UnsupportedFile(XML_DECLARATION)


def _prolog_verdict(buf: bytes, complete: bool) -> str | None:
    """'dtd' if a declaration precedes the root element, 'ok' once the root starts, None if undecided."""
    if buf.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = buf.decode("utf-16", errors="ignore")
    else:
        text = buf.decode("latin-1")
    text = text.lstrip("\ufeff\xef\xbb\xbf")
    pos = 0
    while True:
        while pos < len(text) and text[pos] in " \t\r\n":
            pos += 1
        if pos >= len(text):
            return "ok" if complete else None
        if not complete and len(text) - pos < 4:
            return None  # too short to tell "<!--" from "<!DOCTYPE" or "<?" from a root element
        if text.startswith("<?", pos):
            end = text.find("?>", pos)
        elif text.startswith("<!--", pos):
            end = text.find("-->", pos)
        elif text.startswith("<!", pos):
            return "dtd"
        else:
            return "ok"  # the root element (or not XML at all, which the parser rejects later)
        if end < 0:
            return "ok" if complete else None
        pos = end + 2


# --- pdf ------------------------------------------------------------------------------------------

def open_pdf(data: bytes) -> pdfium.PdfDocument:
    """Open a PDF with PDFium (caller holds PDFIUM_LOCK), refusing truncated, corrupt and encrypted files."""
    if data.rfind(b"%%EOF", max(0, len(data) - 16 * 1024)) < 0:
        raise UnsupportedFile(PDF_CORRUPT)
    if _declares_encryption(data):
        raise UnsupportedFile(PDF_ENCRYPTED)
    try:
        doc = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        code = getattr(exc, "err_code", None)
        if code in (pdfium_raw.FPDF_ERR_PASSWORD, pdfium_raw.FPDF_ERR_SECURITY):
            raise UnsupportedFile(PDF_ENCRYPTED) from exc
        raise UnsupportedFile(PDF_CORRUPT) from exc
    try:
        if pdfium_raw.FPDF_GetSecurityHandlerRevision(doc.raw) != -1:
            raise UnsupportedFile(PDF_ENCRYPTED)
        pages = len(doc)
        if pages == 0:
            raise UnsupportedFile(PDF_NO_PAGES)
        if pages > MAX_PDF_PAGES:
            raise UnsupportedFile(PDF_TOO_MANY_PAGES)
    except BaseException:
        doc.close()
        raise
    return doc


def _declares_encryption(data: bytes) -> bool:
    """A trailer (or xref stream) with /Encrypt; both are uncompressed, so a byte search finds them."""
    pos = data.find(b"/Encrypt")
    while pos >= 0:
        if _ENCRYPT_RE.match(data, pos):
            return True
        pos = data.find(b"/Encrypt", pos + 8)
    return False
