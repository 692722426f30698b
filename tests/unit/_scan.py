"""Scans made from text PDFs: each page rendered to a grey image (150–300 dpi), turned by a slight
angle, speckled with noise and softened, then wrapped back into an image-only PDF.

With ``seal`` the scan is in colour and a red seal (印章: a ring, a star, strokes of its text) is
stamped where the office stamps it, over the signature and the 成文日期: its centre is given in
points from the page's top left, on the last page (``text_centre`` finds a printed line's)."""
from __future__ import annotations

import io
import math
import random

import pypdfium2 as pdfium
from PIL import Image, ImageChops, ImageDraw, ImageFilter

SEAL_RED = (214, 36, 42)


def scan(data: bytes, *, dpi: int = 200, max_angle: float = 0.8, noise: float = 0.003, seed: int = 1,
         seal: tuple[float, float] | None = None) -> bytes:
    rnd = random.Random(seed)
    doc = pdfium.PdfDocument(data)
    pages = []
    try:
        for index in range(len(doc)):
            page = doc[index]
            colour = seal is not None
            image = page.render(scale=dpi / 72, grayscale=not colour).to_pil().convert("RGB" if colour else "L")
            last = index == len(doc) - 1
            page.close()
            if colour and last:
                image = ImageChops.multiply(image, _seal(image.size, seal, dpi, rnd))
            white = (255, 255, 255) if colour else 255
            image = image.rotate(rnd.uniform(-max_angle, max_angle), resample=Image.BICUBIC, fillcolor=white)
            pixels = image.load()
            width, height = image.size
            for _ in range(int(width * height * noise)):
                v = rnd.choice((0, 60, 120, 200))
                pixels[rnd.randrange(width), rnd.randrange(height)] = (v, v, v) if colour else v
            pages.append(image.filter(ImageFilter.GaussianBlur(0.5)))
    finally:
        doc.close()
    buf = io.BytesIO()
    pages[0].save(buf, "PDF", save_all=True, append_images=pages[1:], resolution=dpi)
    return buf.getvalue()


def _seal(size: tuple[int, int], centre: tuple[float, float], dpi: int, rnd: random.Random) -> Image.Image:
    """A red seal 42 mm across (GB/T 9704's usual size) on white: ring, five-pointed star, and the
    strokes of the organ's name along the ring."""
    layer = Image.new("RGB", size, (255, 255, 255))
    draw = ImageDraw.Draw(layer)
    px = dpi / 72
    cx, cy = centre[0] * px, centre[1] * px
    radius = 21 / 25.4 * dpi
    ring = max(2, int(1.2 / 25.4 * dpi))
    draw.ellipse((cx - radius, cy - radius, cx + radius, cy + radius), outline=SEAL_RED, width=ring)
    star = [(cx + (0.28 if k % 2 == 0 else 0.11) * radius * math.sin(k * math.pi / 5),
             cy - (0.28 if k % 2 == 0 else 0.11) * radius * math.cos(k * math.pi / 5)) for k in range(10)]
    draw.polygon(star, fill=SEAL_RED)
    for k in range(14):  # the name's characters: short strokes in an arc inside the ring
        angle = math.pi * (0.8 + 1.4 * k / 13)
        x, y = cx + 0.72 * radius * math.cos(angle), cy + 0.72 * radius * math.sin(angle)
        for _ in range(4):
            dx, dy = rnd.uniform(-0.09, 0.09) * radius, rnd.uniform(-0.09, 0.09) * radius
            draw.line((x - dx, y - dy, x + dx, y + dy), fill=SEAL_RED, width=max(1, ring // 2))
    return layer


def text_centre(data: bytes, text: str) -> tuple[float, float]:
    """Centre of the first place ``text`` is printed in a text PDF: points from the page's top left."""
    doc = pdfium.PdfDocument(data)
    try:
        for index in range(len(doc)):
            page = doc[index]
            textpage = page.get_textpage()
            searcher = textpage.search(text)
            found = searcher.get_next()
            if found:
                start, count = found
                boxes = [textpage.get_charbox(i) for i in range(start, start + count)]
                height = page.get_height()
                left, right = min(b[0] for b in boxes), max(b[2] for b in boxes)
                bottom, top = min(b[1] for b in boxes), max(b[3] for b in boxes)
                searcher.close()
                textpage.close()
                page.close()
                return (left + right) / 2, height - (top + bottom) / 2
            searcher.close()
            textpage.close()
            page.close()
    finally:
        doc.close()
    raise ValueError(f"{text!r} is not printed in this PDF")
