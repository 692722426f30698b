"""Scans made from text PDFs: each page rendered to a grey image (150–300 dpi), turned by a slight
angle, speckled with noise and softened, then wrapped back into an image-only PDF."""
from __future__ import annotations

import io
import random

import pypdfium2 as pdfium
from PIL import Image, ImageFilter


def scan(data: bytes, *, dpi: int = 200, max_angle: float = 0.8, noise: float = 0.003, seed: int = 1) -> bytes:
    rnd = random.Random(seed)
    doc = pdfium.PdfDocument(data)
    pages = []
    try:
        for index in range(len(doc)):
            page = doc[index]
            image = page.render(scale=dpi / 72, grayscale=True).to_pil().convert("L")
            page.close()
            image = image.rotate(rnd.uniform(-max_angle, max_angle), resample=Image.BICUBIC, fillcolor=255)
            pixels = image.load()
            width, height = image.size
            for _ in range(int(width * height * noise)):
                pixels[rnd.randrange(width), rnd.randrange(height)] = rnd.choice((0, 60, 120, 200))
            pages.append(image.filter(ImageFilter.GaussianBlur(0.5)))
    finally:
        doc.close()
    buf = io.BytesIO()
    pages[0].save(buf, "PDF", save_all=True, append_images=pages[1:], resolution=dpi)
    return buf.getvalue()
