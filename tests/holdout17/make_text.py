#!/usr/bin/env python3
"""Regenerate the encoded plain-text files of this set from UTF-8 sources in src/.

    python3 make_text.py

- bad_jijin_zhibo_zhuzigao.txt : GBK, CRLF line endings (no BOM), metadata in the
  sidecar bad_jijin_zhibo_zhuzigao.txt.meta.yaml
- bad_options_app_push.txt     : UTF-8 with BOM, LF line endings, metadata in the
  sidecar bad_options_app_push.txt.meta.yaml
"""
from pathlib import Path

HERE = Path(__file__).resolve().parent
JOBS = [
    # (source, target, encoding, newline)
    ("src/bad_jijin_zhibo_zhuzigao.utf8.txt", "bad_jijin_zhibo_zhuzigao.txt", "gbk", "\r\n"),
    ("src/bad_options_app_push.utf8.txt", "bad_options_app_push.txt", "utf-8-sig", "\n"),
]

for src, dst, enc, nl in JOBS:
    text = (HERE / src).read_text(encoding="utf-8")
    data = text.replace("\r\n", "\n").replace("\n", nl).encode(enc)  # raises if not encodable
    (HERE / dst).write_bytes(data)
    print(f"wrote {dst} ({len(data)} bytes, {enc})")
