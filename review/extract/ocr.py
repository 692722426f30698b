"""Scanned PDFs: pages that are images only are read with Tesseract (Simplified Chinese model).

A PDF is taken as scanned when its pages hold (almost) no text but do hold images. Its pages are
rendered by PDFium (under the caller's PDFium lock) at the resolution they were scanned at,
despeckled there and scaled to one reading resolution (``DPI``), and read by the ``tesseract`` program
(``review/extract/tesseract.py``: its own memory and CPU limits, one thread), one page at a time,
within limits: at most ``MAX_PAGES`` pages (the first ones, where the 版头, title and closing block
are, and the last one, where the 版记 is), ``PAGE_TIMEOUT`` seconds per page and ``OCR_SECONDS`` for
the whole file (what was read by then is kept, so a parse fits the box's wall-clock limit).
Tesseract's lines become ``Line``s with their place and size, so the
same layout rules apply as to a text PDF.

A page 1 whose chi_sim reading shows traditional characters is read again with the Traditional
Chinese model (chi_tra), and the document with it if that reading is clearly traditional.

Tesseract and its models are Debian packages (tesseract-ocr, tesseract-ocr-chi-sim,
tesseract-ocr-chi-tra) installed by ``dev.py test``; where Tesseract is missing a scanned PDF gives
no elements (as before) and ``ocr_available()`` says so; without chi_tra, traditional scans are
read with chi_sim alone.
"""
from __future__ import annotations

import os
import re
import time
from dataclasses import dataclass

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_raw

from review.extract import tesseract, vocab
from review.extract.dates import parse_date
from review.extract.hant import to_simplified
from review.extract.model import Line

#: The resolution pages are read at, whatever they were scanned at: body text (三号, 16 pt) is then
#: about 44 px high, where Tesseract's chi_sim model read the 代字's strokes best on scans made at
#: 150, 200 and 300 dpi (bench/ocr.py; read at 300, a 300 dpi scan lost 皖 and 禾 of its 代字).
DPI = 200
#: Resolutions outside this range are not taken from the scan's image (a tiny or a thumbnail image
#: on the page): the page is then rendered at ``DPI`` directly.
_NATIVE_DPI = (72, 600)
#: A finer scan is rendered at this resolution (an A4 page in colour is then 46 MB, within the
#: parser box's memory): its specks are still a pixel or two there.
_RENDER_AT_MOST = 400
MAX_PAGES = 6
PAGE_TIMEOUT = 60
#: The whole file's reading: within the box's wall-clock limit (PARSE_TIMEOUT_SECONDS, 30 s by default),
#: leaving 6 s for the rest of the parse; ``OCR_SECONDS`` sets it on its own.
OCR_SECONDS = float(os.environ.get("OCR_SECONDS") or max(5.0, float(os.environ.get("PARSE_TIMEOUT_SECONDS", "30")) - 6))
#: How far under the 发文字号 line (in points) the organ names that check its code are looked for.
HEADER_BELOW = 150
#: Fewer non-blank characters per page than this, with an image on page 1: a scan.
_TEXT_PER_PAGE = 10


def ocr_available() -> bool:
    return tesseract.available()


def is_scanned(doc: pdfium.PdfDocument, text: str, pages: int) -> bool:
    if pages == 0 or len(text) >= 4 * _TEXT_PER_PAGE * pages or len("".join(text.split())) >= _TEXT_PER_PAGE * pages:
        return False
    page = doc[0]
    try:
        return any(
            pdfium_raw.FPDFPageObj_GetType(pdfium_raw.FPDFPage_GetObject(page.raw, i)) == pdfium_raw.FPDF_PAGEOBJ_IMAGE
            for i in range(pdfium_raw.FPDFPage_CountObjects(page.raw))
        )
    finally:
        page.close()


@dataclass
class PageImage:
    image: object  # PIL.Image.Image
    index: int
    width_pt: float


def page_indexes(pages: int) -> list[int]:
    """The first pages and the last one, at most ``MAX_PAGES`` in all."""
    if pages <= MAX_PAGES:
        return list(range(pages))
    return [*range(MAX_PAGES - 1), pages - 1]


def render(doc: pdfium.PdfDocument, indexes: list[int]) -> list[PageImage]:
    """Page images in grey at ``DPI``, the red of seals taken out, the scan's specks filtered out
    (call under the PDFium lock). The page is rendered at the resolution it was scanned at, where
    a speck is a pixel or two, so that a 3×3 median takes the specks and leaves the strokes; then
    the image is scaled to ``DPI`` (a 150 dpi scan enlarged, a 300 dpi one reduced)."""
    from PIL import Image, ImageFilter

    images = []
    for index in indexes:
        page = doc[index]
        try:
            native = min(round(scan_dpi(page) or DPI), _RENDER_AT_MOST)
            grey = without_seal(page.render(scale=native / 72).to_pil(), first_page=index == 0)
            grey = grey.filter(ImageFilter.MedianFilter(3))
            if abs(native - DPI) > 2:
                size = (round(grey.width * DPI / native), round(grey.height * DPI / native))
                grey = grey.resize(size, Image.LANCZOS)
            images.append(PageImage(grey, index, page.get_width()))
        finally:
            page.close()
    return images


def scan_dpi(page: pdfium.PdfPage) -> float | None:
    """The resolution of the page's scan: its largest image's pixels across the width it is drawn
    at on the page (``None`` without an image, or outside ``_NATIVE_DPI``)."""
    widest = None  # (width in points, pixels across)
    for obj in page.get_objects(filter=(pdfium_raw.FPDF_PAGEOBJ_IMAGE,)):
        left, _bottom, right, _top = obj.get_bounds()
        if right - left >= 72 and (widest is None or right - left > widest[0]):  # not a logo or a mark
            widest = (right - left, obj.get_px_size()[0])
    if widest is None:
        return None
    dpi = widest[1] / (widest[0] / 72)
    return dpi if _NATIVE_DPI[0] <= dpi <= _NATIVE_DPI[1] else None


#: How much redder than green and blue a pixel is to be the seal's ink (0–255).
RED_MARGIN = 60
#: The 版头 (red 发文机关标志 and red rule) fills at most the top third of page 1 (GB/T 9704 7.2);
#: red below it is a seal (印章), which is stamped over the signature and the 成文日期.
HEADER_SHARE = 0.3
#: In the red channel a seal's ink is about as light as paper: at or above this it is paper.
SEAL_PAPER = 170


def without_seal(image, first_page: bool):
    """The page in grey with the seal's red ink turned to paper: over black strokes a seal reads as
    more strokes (the date under it as other characters), and in grey its red is as dark as ink.
    Black printed over or under the red stays black; the red 版头 of page 1 is kept as ink."""
    from PIL import ImageChops, ImageFilter

    if image.mode != "RGB":
        return image.convert("L")
    red, green, blue = image.split()
    seal = ImageChops.subtract(red, ImageChops.lighter(green, blue)).point(lambda v: 255 if v > RED_MARGIN else 0)
    grey = image.convert("L")
    if seal.getbbox() is None:
        return grey
    if first_page:
        seal.paste(0, (0, 0, seal.width, int(seal.height * HEADER_SHARE)))
    # In the seal and at its edges the red channel is the page without the seal: red ink is as light
    # as paper there and black strokes stay dark, anti-aliased edges included (painting the red pixels
    # white thinned the strokes under the ring: 8日 read as 口).
    around = seal.filter(ImageFilter.MaxFilter(5))
    grey.paste(red.point(lambda v: 255 if v >= SEAL_PAPER else v), mask=around)
    return grey


def read_images(images: list[PageImage], enough=None, seconds: float | None = None) -> tuple[list[Line], str]:
    """Lines in reading order, and the plain text, of the rendered pages; ``enough(lines)`` may stop
    the reading early (once the header and the closing block with its marking have been read).
    Reading stops, keeping what was read, once ``seconds`` (default ``OCR_SECONDS``) have passed."""
    from review.extract.pdf_reader import _Box, _classify_alignment, _reading_order

    deadline = time.monotonic() + (OCR_SECONDS if seconds is None else seconds)
    lines: list[Line] = []
    texts: list[str] = []
    lang = tesseract.LANG
    for page in images:
        try:
            data = _words(page.image, 3, deadline, lang)
            if page is images[0]:
                data = _traditional_reading(page, data, deadline)
                lang = data["lang"]
        except tesseract.Timeout:  # out of time (or the page too hard): keep what was read so far
            break
        boxes = _boxes(data, page, _Box, deadline, reread=page is images[0])
        _classify_alignment(boxes, page.width_pt)
        page_lines = [box.line for box in _reading_order(boxes)]
        lines.extend(page_lines)
        texts.extend(line.text for line in page_lines)
        if enough is not None and enough(lines):
            break
    return lines, "\n".join(texts)


def _words(image, psm: int, deadline: float, lang: str) -> dict[str, list]:
    """Tesseract's words on the image in ``lang``, traditional characters made simplified (one for
    one, so places and lengths stay) and the language kept with them for the lines read again."""
    data = tesseract.words(image, psm, _left(deadline), lang)
    if lang != tesseract.LANG:
        data["text"] = [to_simplified(t) for t in data["text"]]
    data["lang"] = lang
    return data


#: A chi_tra reading is taken for the document when it holds this many traditional characters …
_TRADITIONAL_AT_LEAST = 3
#: … and this many times as many as the chi_sim reading of the same page.
_TRADITIONAL_SHARE = 2


def _traditional_reading(page: PageImage, data: dict, deadline: float) -> dict:
    """Page 1 read again with the Traditional Chinese model when chi_sim's reading has traditional
    characters in it (関於, 號: glyphs chi_sim knows): a copy printed in traditional characters,
    where chi_sim reads the ones it does not know as other characters (衛 as 生, in the 代字 too).
    The chi_tra reading is kept, and the document's other pages read with it, when it finds
    clearly more traditional characters than chi_sim did — a simplified page read by chi_tra does not."""
    if not tesseract.has_model(tesseract.TRADITIONAL):
        return data
    found = _traditional_count(data["text"])
    if found == 0:
        return data
    try:
        other = tesseract.words(page.image, 3, _left(deadline), tesseract.TRADITIONAL)
    except tesseract.Timeout:
        return data
    if _traditional_count(other["text"]) < max(_TRADITIONAL_AT_LEAST, _TRADITIONAL_SHARE * found):
        return data
    other["text"] = [to_simplified(t) for t in other["text"]]
    other["lang"] = tesseract.TRADITIONAL
    return other


def _traditional_count(words: list[str]) -> int:
    return sum(ch != to_simplified(ch) for word in words for ch in word)


def _left(deadline: float) -> float:
    """Seconds one tesseract run may take: the page limit, or what is left of the file's."""
    return min(PAGE_TIMEOUT, deadline - time.monotonic())


def _boxes(data: dict, page: PageImage, box_type, deadline: float, reread: bool = False, marking: bool = True) -> list:
    """Tesseract's words grouped into its lines, measured in points from the page's top; with
    ``reread``, a line holding a 发文字号 is checked against other readings (``_best_number_line``);
    with ``marking``, a page without a 附注 marking has the lines under its date read again."""
    scale = page.width_pt / page.image.width
    height_pt = page.image.height * scale
    grouped: dict[tuple, list[int]] = {}
    for k, word in enumerate(data["text"]):
        if word.strip():
            grouped.setdefault((data["block_num"][k], data["par_num"][k], data["line_num"][k]), []).append(k)
    boxes, numbered, runs = [], [], []
    for ks in grouped.values():
        for run in _number_with_date(data, _runs(data, ks)):
            runs.append(run)
            text = repair(_join([data["text"][k].strip() for k in run]))
            x0 = min(data["left"][k] for k in run) * scale
            x1 = max(data["left"][k] + data["width"][k] for k in run) * scale
            top = min(data["top"][k] for k in run) * scale
            # Tesseract's words are one or two CJK characters: their middle height is about the font
            # size, where the tallest would be a speck of the scan joined to a glyph.
            heights = sorted(data["height"][k] for k in run)
            size = heights[len(heights) // 2] * scale
            boxes.append(box_type(Line(text, None, round(size, 1), page.index), x0, x1, height_pt - top))
            if reread and (_number_of_line(text) or _LOOKS_NUMBER.search(vocab.compact(text))):
                numbered.append((boxes[-1], run))
            elif _misread_closing_line(text):
                found = _reread_closing_line(page.image, data, run, deadline)
                if found:
                    boxes[-1].line.text = found
    for found, run in numbered[:2]:
        # the 版头 above the number and the title under it (a title may begin with the organ)
        near = [b.line.text for b in boxes if b.top is not None and found.top - HEADER_BELOW <= b.top]
        signatures = "".join(b.line.text for b in boxes if vocab.looks_like_organ(b.line.text))
        places = _organ_text(near) + signatures + "".join(_PLACE_NAME.findall("".join(b.line.text for b in boxes)))
        found.line.text = _best_number_line(page.image, data, run, found.line.text, places, deadline)
    if marking and not any(vocab.marking_of_line(b.line.text) for b in boxes):
        boxes.extend(_marking_under_date(page, data, boxes, runs, box_type, deadline))
    if marking and not any(vocab.marking_of_line(b.line.text) for b in boxes):
        boxes.extend(_dropped_markings(page, data, box_type, deadline))
    return boxes


#: A row of the page holds print when this share of its pixels is ink (specks of a scan stay below).
_INKED_ROW = 0.01


def _dropped_markings(page: PageImage, data: dict, box_type, deadline: float) -> list:
    """附注 markings in bands of print that Tesseract's page layout left out (no word of its reading
    lies there: a short line alone at the top of a page, before the 版记), each band read again."""
    words = [k for k, w in enumerate(data["text"]) if w.strip()]
    if not words:
        return []
    height = sorted(data["height"][k] for k in words)[len(words) // 2]
    covered = bytearray(page.image.height)
    for k in words:
        above, below = max(0, data["top"][k] - height // 4), data["top"][k] + data["height"][k] + height // 4
        covered[above:below] = b"\x01" * len(covered[above:below])
    ink = page.image.point(lambda v: 255 if v < 128 else 0).resize((1, page.image.height), _box_filter())
    rows = list(ink.tobytes())  # mode L: one byte a row (getdata is deprecated in Pillow 12)
    bands, start = [], None
    for y, value in enumerate([*rows, 0]):
        inked = y < len(rows) and value >= 255 * _INKED_ROW and not covered[y]
        if inked and start is None:
            start = y
        elif not inked and start is not None:
            if y - start >= height // 2:
                bands.append((start, y))
            start = None
    found = []
    for top, bottom in bands[:4]:
        crop_top, crop_bottom = max(0, top - height // 2), min(page.image.height, bottom + height // 2)
        psm = 7 if bottom - top <= 1.5 * height else 6  # one line, or a block of them
        try:
            band = page.image.crop((0, crop_top, page.image.width, crop_bottom))
            read = _words(band, psm, deadline, data.get("lang", tesseract.LANG))
        except tesseract.Timeout:
            break
        read["top"] = [v + crop_top for v in read["top"]]
        lines = _boxes(read, page, box_type, deadline, marking=False)
        found += [b for b in lines if vocab.marking_of_line(b.line.text)]
    return found


def _box_filter():
    from PIL import Image

    return Image.BOX


def _marking_under_date(page: PageImage, data: dict, boxes: list, runs: list, box_type, deadline: float) -> list:
    """The 附注 lines under the page's last 成文日期, read again as a block of their own when the
    page's reading found no marking: Tesseract's page layout sometimes drops a short line set apart
    at the foot of the text (or merges it with specks)."""
    dated = [run for box, run in zip(boxes, runs, strict=True) if vocab.is_date_line(box.line.text)]
    if not dated:
        return []
    run = dated[-1]
    height = sorted(data["height"][k] for k in run)[len(run) // 2]
    words = [k for k, w in enumerate(data["text"]) if w.strip()]
    left = max(0, min(data["left"][k] for k in words) - height)
    right = min(page.image.width, max(data["left"][k] + data["width"][k] for k in words) + height)
    top = max(data["top"][k] + data["height"][k] for k in run) + height // 4
    bottom = min(page.image.height, top + 8 * height)
    if bottom - top < height:
        return []
    try:
        found = _words(page.image.crop((left, top, right, bottom)), 6, deadline, data.get("lang", tesseract.LANG))
    except tesseract.Timeout:
        return []
    for key in ("left", "top"):
        found[key] = [v + (left if key == "left" else top) for v in found[key]]
    return [b for b in _boxes(found, page, box_type, deadline, marking=False) if vocab.marking_of_line(b.line.text)]


def _misread_closing_line(text: str) -> bool:
    """A line shaped like a 成文日期 (年 … 月 …, short) that does not read as a date, or like a 附注
    marking (此件/本件 … 公开, in parentheses or after a 公开方式 label) that does not read as one."""
    c = vocab.compact(text)
    if len(c) > 24:
        return False
    if "年" in c and "月" in c:
        return not vocab.is_date_line(c)
    return "公开" in c and _LOOKS_MARKING.search(c) is not None and vocab.marking_of_line(c) is None


_LOOKS_MARKING = re.compile(r"[此本该]件|公开(?:形式|方式|属性|选项)")


def _reread_closing_line(image, data: dict, run: list[int], deadline: float) -> str | None:
    """The date or marking line read again alone, as it is, then enlarged twice and three times:
    the first reading that is a date or a marking (the page's reading of one line is often thrown
    off by the specks and strokes around it — a seal, a rule)."""
    for scale in (1, 2, 3):
        text = _reread(image, data, run, scale, deadline, keep=_is_closing_line)
        if text:
            return text
    return None


def _is_closing_line(text: str) -> bool:
    return vocab.is_date_line(text) or vocab.marking_of_line(text) is not None


#: A line that may be a 发文字号 read wrong: short, a year and a serial and 号 (《日卫发:62023]15号7).
_LOOKS_NUMBER = re.compile(r"^.{0,14}(?:19|20)\d{2}\D{0,3}\d{1,4}\s*号.{0,2}$")


#: A place's name in running text (…青禾市…): the character before 省/市/县… may abbreviate it.
#: Not a word that stands before 市/县 in a sentence (各市, 县和区, 全省, 本市).
_PLACE_NAME = re.compile(r"(?![各和及与或等全本该每])[\u4e00-\u9fff](?=[省市县区州旗盟])")


def _organ_text(texts: list[str]) -> str:
    """The names of organs read on the page: 发文机关标志, signatures, the organ a title starts with."""
    names = []
    for text in texts:
        c = vocab.compact(text)
        if "关于" in c:
            names.append(c.split("关于", 1)[0])
        elif c.endswith("文件") or vocab.looks_like_organ(c):
            names.append(c)
    return "".join(names)


def _best_number_line(image, data: dict, run: list[int], read: str, organs: str, deadline: float) -> str:
    """The 发文字号 line as read on the page or as read again alone and enlarged (at two scales):
    the reading that is a number whose 代字 is most made of the organs' names — it abbreviates
    them (卫 of 卫生厅) — starting with a character of them or the one before a 省/市/县 on the
    page (禾 of 青禾市); the page's reading on a tie (皖 is not in 安徽省…). The strokes of a code are
    what Tesseract misreads most (禾 as 条 or 大, 卫 as 了), differently at each scale."""
    readings = [read, *(r for r in (_reread(image, data, run, scale, deadline) for scale in (2, 3)) if r)]

    def code_of(text: str) -> tuple[str, str]:
        number = _number_of_line(text) or ""
        code = re.split(r"[〔\[(（【﹝［]|(?:19|20)\d{2}", number, maxsplit=1)[0]
        return code, number[len(code):]

    def score(text: str) -> tuple:
        code, rest = code_of(text)
        return (bool(rest), code[:1] in organs if code else False, sum(ch in organs for ch in code))

    best = max(readings, key=score)  # max keeps the first of equals
    code, rest = code_of(best)
    if not rest:
        return best
    # Each reading misreads other strokes (丁卫发, 西了发): a character of the organs' names read at
    # the same place in another reading of the same length replaces one that is in none of them.
    mended = list(code)
    for other in readings:
        other_code, other_rest = code_of(other)
        if len(other_code) == len(code) and other_rest:
            for i, ch in enumerate(other_code):
                if mended[i] not in organs and ch in organs:
                    mended[i] = ch
    for i, ch in enumerate(mended):  # a look-alike of a character of the organs' names (自 for 白)
        if ch not in organs:
            mended[i] = next((alike for alike in _LOOK_ALIKE.get(ch, "") if alike in organs), ch)
    # A speck, or the stroke of the parenthesis a number is printed in, read as a character before
    # the 代字 ((上白卫发…), 和白卫发…): one the organs' names do not hold, before one they do.
    if len(mended) >= 3 and mended[0] in _BRACKET_STROKE and mended[0] not in organs and mended[1] in organs:
        mended = mended[1:]
    return best if "".join(mended) == code else best.replace(code, "".join(mended), 1)



#: Characters Tesseract's chi_sim model reads for one another in the header's large strokes.
#: (丁 for 西, 用 and 不 for 禾: the blurred strokes of a 150 dpi scan.)
_LOOK_ALIKE_GROUPS = ("白自日目百", "西四酉丁", "卫了工", "禾末未来条木用不林", "青育责", "省眷", "县具", "局后")
#: What a speck or the stroke of an opening parenthesis before a 代字 is read as.
_BRACKET_STROKE = "上卜丨l|I1和"
_LOOK_ALIKE = {ch: group.replace(ch, "") for group in _LOOK_ALIKE_GROUPS for ch in group}


def _number_of_line(text: str) -> str | None:
    """The 发文字号 of a number line, or of a title line that ends with it in parentheses (the
    layout of web pages and 公报 copies: 关于……的通知（白卫发〔2009〕31号）)."""
    found = vocab.number_of_line(text)
    if found is None and (end := _NUMBER_AT_END.search(vocab.compact(text))):
        found = vocab.number_of_line(end[0])
    return found


_NUMBER_AT_END = re.compile(r"[（(][^（）()]{2,24}号[)）]$")


def _reread(image, data: dict, run: list[int], scale: int, deadline: float, keep=_number_of_line) -> str | None:
    """The line read again alone, enlarged ``scale`` times, if ``keep`` accepts the reading."""
    from PIL import Image

    pad = max(data["height"][k] for k in run) // 2
    left = max(0, min(data["left"][k] for k in run) - pad)
    top = max(0, min(data["top"][k] for k in run) - pad)
    right = min(image.width, max(data["left"][k] + data["width"][k] for k in run) + pad)
    bottom = min(image.height, max(data["top"][k] + data["height"][k] for k in run) + pad)
    crop = image.crop((left, top, right, bottom))
    if scale != 1:
        crop = crop.resize((crop.width * scale, crop.height * scale), Image.LANCZOS)
    try:
        text = tesseract.text(crop, 7, _left(deadline), data.get("lang", tesseract.LANG))
        if data.get("lang", tesseract.LANG) != tesseract.LANG:
            text = to_simplified(text)
    except tesseract.Timeout:
        return None
    text = repair(_join(text.split()))
    return text if keep(text) else None


def _number_with_date(data: dict, runs: list[list[int]]) -> list[list[int]]:
    """Older documents print the 成文日期 (or 特急, 秘密…) far right on the 发文字号's line: one line,
    as a text PDF gives it, not a date line of its own that would pass for the 成文日期."""
    if len(runs) < 2:
        return runs
    first = repair(_join([data["text"][k].strip() for k in runs[0]]))
    both = repair(_join([data["text"][k].strip() for k in runs[0] + runs[1]]))
    if vocab.number_of_line(first) and vocab.number_of_line(both):
        return [runs[0] + runs[1], *runs[2:]]
    return runs


def _runs(data: dict, ks: list[int]) -> list[list[int]]:
    """A line of Tesseract's split where the gap between two words is wider than three characters:
    things set side by side (a marking in a text box beside the date, joint signatures)."""
    ks = sorted(ks, key=lambda k: data["left"][k])
    height = max(data["height"][k] for k in ks) or 1
    runs = [[ks[0]]]
    for prev, k in zip(ks, ks[1:], strict=False):
        if data["left"][k] - (data["left"][prev] + data["width"][prev]) > 3 * height:
            runs.append([k])
        else:
            runs[-1].append(k)
    return runs


#: 号 after a bracketed year and a serial, read as a look-alike (与, 亏, 弓 …).
_SERIAL_MARK = re.compile(
    r"([〔\[(（【﹝［]\s*(?:19|20)\d{2}\s*[〕\])）】﹞］]\s*(?:第\s*)?\d{1,6})\s*[与亏弓兮专写丐咎]"
)
#: A line that is a 发文字号 and nothing else (a short 代字, the bracketed year, the serial) ends in
#: 号 whatever its last character was read as (21瑟).
_LAST_MARK = re.compile(
    r"^([\u4e00-\u9fff]{1,8}\s*[〔\[(（【﹝［]\s*(?:19|20)\d{2}\s*[〕\])）】﹞］]\s*(?:第\s*)?\d{1,6})\s*[\u4e00-\u9fff]$"
)


#: A 附注 whose parentheses were read as other strokes: \此件不予公开) → （此件不予公开）.
_MARKING = re.compile(r"^[\\/|lI1(（\[【{<〈]?\s*((?:此|本|该)件[^()（）\[\]]{2,10}?)\s*[)）\]】}>〉|lI1]?$")


#: A stray Latin stroke between the year's closing bracket and the serial: 【2022]j 22号.
_STRAY = re.compile(r"([〕\])）】﹞］])\s*[A-Za-z|]?\s*(?=\d{1,6}\s*号)")


#: The hexagonal brackets of a 发文字号 read as one or two other strokes: 禾卫发【2021j 40号.
_BRACKETS = re.compile(
    r"([\u4e00-\u9fff]{2,12}?)\s*[^\u4e00-\u9fff\d\s，。；：、]{0,2}\s*((?:19|20)\d{2})"
    r"\s*[^\u4e00-\u9fff\d\s，。；：、]{1,2}\s*(\d{1,6})\s*号"
)


#: The opening bracket of a 发文字号's year read as 和 (its two halves as two characters): a 代字,
#: then 和, a year and a closing bracket can only be a number (禾卫发和2021〕40号).
_YEAR_SERIAL = r"(?:19|20)\d{2}\s*[〕\])）】﹞］]\s*\d{1,6}\s*号"
_OPEN_AS_AND = re.compile(rf"(?<=[\u4e00-\u9fff])\s*和\s*[〔\[(（【﹝［]?\s*(?={_YEAR_SERIAL})")
#: The closing bracket's stroke read as a digit after the year: 禾卫基层发[20191]5号 (a bracketed
#: year has four digits, so the fifth is the bracket's).
_YEAR_STROKE = re.compile(r"([〔\[(（【﹝［]\s*(?:19|20)\d{2})[1lI|]\s*([〕\])）】﹞］]\s*\d{1,6}\s*号)")
#: The closing bracket lost between the year and the serial (松卫发(2023 3号): the year has four
#: digits and the serial is a word of its own.
_NO_CLOSING = re.compile(r"([\u4e00-\u9fff]\s*[〔\[(（【﹝［]\s*(?:19|20)\d{2})\s+(\d{1,6}\s*号)")
#: 函 (a letter's 代字: …办函〔2023〕) read as 图 or 国, which no 代字 ends with.
_LETTER_AS_PICTURE = re.compile(rf"(?<=[\u4e00-\u9fff])[图国](?=\s*[〔\[(（【﹝［]\s*{_YEAR_SERIAL})")


#: 〇 in a year written in Chinese numerals, read as a symbol: 二@一九年.
_ZERO = re.compile(r"(?<=[二一])[@©®Θθ](?=[〇○O0一二三四五六七八九@©®Θθ]{2}年)|(?<=[二一][〇○O0@©®Θθ])[@©®Θθ](?=\S年)")


#: Specks read as punctuation inside a date line: 2020年7月8:日.
_DATE_SPECKS = re.compile(r"[:：;；.,，'`\"·|_~^]")


_CN_DIGIT = "〇○OoＯ0一二三四五六七八九十元"
#: What a 〇 is read as: a letter, a digit, a symbol — or two of them (the circle cut in halves).
_ZERO_LIKE = "〇○OoＯ0@©®ΘθGQDC"
#: A date line whose 年 or 日 was read as a look-alike (2023下6月5日, 2020年7月8目), or whose
#: Chinese-numeral year has a 〇 read as two characters (二O〇二三年, 二O〇二@〇年).
_DATE_SHAPE = re.compile(
    rf"^(\d{{4}}|[{_CN_DIGIT}@©®ΘθGQDC]{{4,6}})\s*[年下午牛车乍丰]\s*(\d{{1,2}}|[{_CN_DIGIT}]{{1,3}})\s*月"
    rf"\s*(\d{{1,2}}|[{_CN_DIGIT}]{{1,3}})\s*[日目曰白B晶旦口]$"
)


def _repair_date(text: str) -> str:
    match = _DATE_SHAPE.match(text.strip())
    if not match:
        return text
    year = match[1]
    # Each 〇 read as two zero-like characters becomes one again, from the left, until the year
    # has its four characters (二〇〇二 and 二〇〇〇 are left alone: they have four already).
    i = 1
    while len(year) > 4 and i < len(year) - 1:
        if year[i] in _ZERO_LIKE and year[i + 1] in _ZERO_LIKE:
            year = year[:i] + "〇" + year[i + 2:]
        i += 1
    if len(year) > 4:
        return text
    if not year.isdigit():
        year = "".join("〇" if ch in _ZERO_LIKE else ch for ch in year)
    candidate = f"{year}年{match[2]}月{match[3]}日"
    return candidate if parse_date(candidate) else text


#: 关于 at the start of a title (or after the organ's name) read as 天于; not 每天于 in a sentence.
_ABOUT = re.compile(r"(?:^|(?<=[会局厅委府室办院部]))天于")


#: Specks of the scan read as marks at the ends of a line: _松卫发〔2020〕6号, 2023年4月20日'.
_EDGE_SPECKS = re.compile(
    r"^[_|'`~^·.,:;。，、]+(?=[\u4e00-\u9fff（(〔\[【]|\d)|^[Il](?=[\u4e00-\u9fff])|(?<=[\u4e00-\u9fff）)〕\]】])[_|'`~^‘’·]+$"
)


#: The 版记's 抄送 label with its colon read as other punctuation (抄送;).
_IMPRINT_LABEL = re.compile(r"^(抄送|主送|分送)\s*[;；:：,，.。]")


#: A contact's label in a marking's parentheses with its colon read as other punctuation
#: (（此件主动公开，联系人：张明，电话;0871…）).
_CONTACT_LABEL = re.compile(r"(联系人|联系电话|电话|传真)\s*[;；:.,，。]")


#: 紧急程度 on a line of its own (GB/T 9704 7.2.4), its first character read as a look-alike.
_URGENT = re.compile(r"^[寺持待特]急$")


def repair(text: str) -> str:
    """Undo the misreadings of Tesseract that the layout rules would trip on (only in OCR text)."""
    marking = _MARKING.match(text.strip())  # its parentheses read as strokes: before specks go
    if marking and "公开" in marking[1] and not vocab.marking_of_line(text):
        return f"（{marking[1]}）"
    text = _URGENT.sub("特急", _EDGE_SPECKS.sub("", text.strip()))
    text = _IMPRINT_LABEL.sub(r"\1：", text)
    if _LOOKS_MARKING.search(text):
        text = _CONTACT_LABEL.sub(r"\1：", text)
    text = _ABOUT.sub("关于", _repair_date(_ZERO.sub("〇", text)))
    if "年" in text and "月" in text and len(text) <= 24 and not parse_date(text):
        cleaned = _DATE_SPECKS.sub("", text)
        if len(text) - len(cleaned) <= 2 and parse_date(cleaned):
            text = cleaned
    text = _STRAY.sub(r"\1", _SERIAL_MARK.sub(r"\1号", text))
    text = _LAST_MARK.sub(r"\1号", text)
    text = _OPEN_AS_AND.sub("〔", _YEAR_STROKE.sub(r"\1\2", text))
    text = _NO_CLOSING.sub(r"\1〕\2", text)
    text = _BRACKETS.sub(r"\1〔\2〕\3号", text)
    text = _LETTER_AS_PICTURE.sub("函", text)
    marking = _MARKING.match(text.strip())
    if marking and "公开" in marking[1] and not vocab.marking_of_line(text):
        return f"（{marking[1]}）"
    return text


def _join(words: list[str]) -> str:
    """Chinese words run together; a space only between two Latin or digit words."""
    out = ""
    for word in words:
        if out and out[-1].isascii() and out[-1].isalnum() and word[0].isascii() and word[0].isalnum():
            out += " "
        out += word
    return out
