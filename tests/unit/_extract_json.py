"""``python -m tests.unit._extract_json FILE…``: one JSON line (``Elements.as_json``) per file, for
tests that parse in a process of their own (e.g. one that sees no system fonts)."""
from __future__ import annotations

import json
import sys

from review.extract import extract_path

if __name__ == "__main__":
    for path in sys.argv[1:]:
        print(json.dumps(extract_path(path).as_json(path), ensure_ascii=False))
