"""A stream whose compressed data ends with CR gets a CRLF end-of-line, and the cross-reference table still
points at every object (a validator had read `<data CR><LF>endstream` as data one byte short)."""

from __future__ import annotations

import io
import zlib

from pypdf import PdfReader, PdfWriter

from bot.underlag.pdf_streams import _cr_ended, unambiguous_stream_ends


def pdf_with_stream(data: bytes) -> bytes:
    objects = [b"<</Type/Catalog/Pages 2 0 R>>", b"<</Type/Pages/Kids[3 0 R]/Count 1>>",
               b"<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]/Contents 4 0 R>>",
               b"<</Length %d/Filter/FlateDecode>>\nstream\n" % len(data) + data + b"\nendstream",
               b"<</Producer(test)>>"]
    out, offsets = bytearray(b"%PDF-1.7\n"), []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f\r\n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n\r\n" % offset for offset in offsets)
    out += b"trailer\n<</Size %d/Root 1 0 R/Info 5 0 R>>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def cr_ended_content() -> tuple[bytes, bytes]:
    for n in range(10_000):
        content = b"0 0 m %d %d l S" % (n, n)
        packed = zlib.compress(content)
        if packed.endswith(b"\r"):
            return content, packed
    raise AssertionError("no content compresses to a CR-ended stream")


def test_a_cr_ended_stream_gets_a_crlf_and_offsets_move():
    content, packed = cr_ended_content()
    original = pdf_with_stream(packed)
    assert _cr_ended(original)
    fixed = unambiguous_stream_ends(original)
    assert len(fixed) == len(original) + 1 and b"\r\r\nendstream" in fixed and not _cr_ended(fixed)
    reader = PdfReader(io.BytesIO(fixed), strict=True)
    assert reader.pages[0].get_contents().get_data() == content
    assert reader.metadata.producer == "test"  # object 5, after the stream, found at its moved offset
    assert reader.xref[0][5] == original.index(b"5 0 obj") + 1


def test_other_pdfs_are_unchanged():
    plain = pdf_with_stream(zlib.compress(b"0 0 m 1 1 l S") + b"x")
    assert unambiguous_stream_ends(plain) == plain
    out = io.BytesIO()
    PdfWriter().write(out)
    assert unambiguous_stream_ends(out.getvalue()) == out.getvalue()
