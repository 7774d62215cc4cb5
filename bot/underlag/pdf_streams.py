"""Stream ends a PDF validator cannot misread.

Typst (like most writers) ends each stream as `<data>\\nendstream` with the exact byte count in /Length.
When the compressed data happens to end with a CR byte (one stream in 256), the bytes before `endstream`
read `\\r\\n`, which a validator may take for one CRLF end-of-line and then count the data a byte short:
`page` (the PDF/A checker of tests/underlag/test_pdf_conformance.py) reported gate 7's PDF as failing PDF/A
for exactly this. Such a stream is given a CRLF end-of-line instead (`<data>\\r\\r\\nendstream`), whose
reading is the same either way, and the cross-reference offsets after it move by one byte. PDFs with a
cross-reference stream instead of a table are returned unchanged (Typst writes a table).
"""

from __future__ import annotations

import re

_STREAM = re.compile(rb"/Length (\d+)[^>]*>>\s*stream(\r\n|\n)")
_XREF = re.compile(rb"\nxref\n(\d+) (\d+)\n")


def _cr_ended(pdf: bytes) -> list[int]:
    """Positions of the `\\n` before `endstream` of each stream whose data ends with CR."""
    spots = []
    for m in _STREAM.finditer(pdf):
        end = m.end() + int(m.group(1))
        if pdf[end - 1:end] == b"\r" and pdf.startswith(b"\nendstream", end):
            spots.append(end)
    return spots


def unambiguous_stream_ends(pdf: bytes) -> bytes:
    spots = _cr_ended(pdf)
    xref = list(_XREF.finditer(pdf))
    if not spots or len(xref) != 1:
        return pdf
    table = xref[0]
    start, count = table.end(), int(table.group(2))
    entries = pdf[start:start + 20 * count]
    if len(entries) != 20 * count or spots[-1] > table.start():
        return pdf

    def moved(offset: int) -> int:
        return offset + sum(1 for spot in spots if spot < offset)

    rows = []
    for i in range(count):
        row = entries[20 * i:20 * i + 20]
        if row[17:18] == b"n":
            row = b"%010d" % moved(int(row[:10])) + row[10:]
        rows.append(row)
    body = bytearray()
    last = 0
    for spot in spots:
        body += pdf[last:spot] + b"\r"
        last = spot
    body += pdf[last:start]
    tail = pdf[start + 20 * count:]
    tail = re.sub(rb"startxref\s+(\d+)", lambda m: b"startxref\n%d" % moved(int(m.group(1))), tail, count=1)
    return bytes(body) + b"".join(rows) + tail
