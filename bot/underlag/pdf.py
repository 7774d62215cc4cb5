"""The beslutsunderlag as a PDF for the diarium: HTML from prompts/underlag/document.html.j2 and the
stylesheet beside it, laid out by WeasyPrint on A4.

The PDF is PDF/A-2a: archivable (PDF/A-2, fonts embedded, sRGB output intent, XMP metadata) and
tagged with its structure and language (/Lang sv-SE), the accessible conformance level. Its XMP also
names PDF/UA-1 (as WeasyPrint's own PDF/UA variant does: tags plus the identifier) and viewers show the
document's title. Diagrams are embedded as PNG with their title as alternative text; nothing is fetched from
anywhere (the only URLs the layout may open are the diagrams', served from memory by `_Diagrams`).
"""

from __future__ import annotations

import atexit
import base64
import hashlib
import threading
from collections.abc import Mapping
from functools import lru_cache

from bot.underlag.document import Beslutsunderlag
from prompts.render import PROMPTS_DIR, render

VARIANT = "pdf/a-2a"
_LAYOUT = threading.Lock()  # one font configuration is shared: Slack handlers lay out one PDF at a time


@lru_cache(maxsize=1)
def stylesheet() -> str:
    return (PROMPTS_DIR / "underlag" / "document.css").read_text(encoding="utf-8")


@lru_cache(maxsize=1)
def _resources():
    """The font configuration and the parsed stylesheet (with the subset fonts' @font-face rules), made once
    per process: loading fonts and parsing CSS anew is a third of a render."""
    from weasyprint import CSS
    from weasyprint.text.fonts import FontConfiguration

    from bot.underlag import pdf_speed
    from bot.underlag.fonts import font_faces

    pdf_speed.apply()
    fonts = FontConfiguration()
    atexit.register(_resources.cache_clear)  # freed while pango is still loaded, not during interpreter teardown
    return fonts, CSS(string=font_faces() + "\n" + stylesheet(), font_config=fonts)


def css_string(text: str) -> str:
    """`text` as a quoted CSS string: quotes, backslashes, angle brackets and control characters escaped."""
    return '"' + "".join(f"\\{ord(c):X} " if c in '"\\<>' or ord(c) < 32 else c for c in text) + '"'


def _drawn(d: Beslutsunderlag, diagrams: Mapping[str, bytes] | None) -> Mapping[str, bytes]:
    if diagrams is None:
        from bot.underlag.pictures import diagrams as draw

        diagrams = draw(d)
    return diagrams


def to_html(d: Beslutsunderlag, diagrams: Mapping[str, bytes] | None = None) -> str:
    """The HTML the PDF is laid out from, self-contained (diagrams as data URIs; the stylesheet,
    prompts/underlag/document.css, comes beside it); `diagrams` maps a question id to PNG bytes (default:
    drawn now)."""
    images = {qid: "data:image/png;base64," + base64.b64encode(png).decode("ascii")
              for qid, png in _drawn(d, diagrams).items()}
    return _html(d, images)


def _html(d: Beslutsunderlag, images: Mapping[str, str]) -> str:
    """The HTML with `images` (question id -> the picture's URL)."""
    L = d.labels
    page_word, _, rest = L["page_of"].partition("{page}")
    of_word = rest.partition("{pages}")[0]
    rows = [(c.text, L[c.status], c.motivation) for c in d.assessment]
    return render("underlag/document.html.j2", d=d, L=L, images=images, criteria_rows=rows,
                  page_word=css_string(page_word.strip()), of_word=css_string(of_word.strip()),
                  header=css_string(d.title.header))


# PDF/A allows XMP properties outside its predefined schemas only when declared: pdfuaid:part is (a validator
# flagged the undeclared property).
_UA_SCHEMA = (
    b'<rdf:Description xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" rdf:about="" '
    b'xmlns:pdfaExtension="http://www.aiim.org/pdfa/ns/extension/" '
    b'xmlns:pdfaSchema="http://www.aiim.org/pdfa/ns/schema#" '
    b'xmlns:pdfaProperty="http://www.aiim.org/pdfa/ns/property#"><pdfaExtension:schemas><rdf:Bag>'
    b'<rdf:li rdf:parseType="Resource"><pdfaSchema:schema>PDF/UA Universal Accessibility Schema</pdfaSchema:schema>'
    b'<pdfaSchema:namespaceURI>http://www.aiim.org/pdfua/ns/id/</pdfaSchema:namespaceURI>'
    b'<pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix><pdfaSchema:property><rdf:Seq>'
    b'<rdf:li rdf:parseType="Resource"><pdfaProperty:name>part</pdfaProperty:name>'
    b'<pdfaProperty:valueType>Integer</pdfaProperty:valueType><pdfaProperty:category>internal</pdfaProperty:category>'
    b'<pdfaProperty:description>Part of ISO 14289 the document conforms to</pdfaProperty:description></rdf:li>'
    b'</rdf:Seq></pdfaSchema:property></rdf:li></rdf:Bag></pdfaExtension:schemas></rdf:Description>')


def _also_pdf_ua(document, pdf) -> None:
    """Finisher: the XMP names PDF/A-2a and PDF/UA-1; viewers display the title rather than the file name."""
    import pydyf

    pdf.catalog["ViewerPreferences"] = pydyf.Dictionary({"DisplayDocTitle": "true"})
    rdf = document.metadata.generate_rdf_metadata("a", 2, "A")
    ua = (b'<rdf:Description xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
          b'xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/" rdf:about="" pdfuaid:part="1" />')
    rdf = rdf.replace(b"</rdf:RDF>", ua + _UA_SCHEMA + b"</rdf:RDF>")
    xmp = (b'<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?>\n<x:xmpmeta xmlns:x="adobe:ns:meta/">\n' + rdf
           + b'\n</x:xmpmeta>\n<?xpacket end="r"?>')
    stream = pydyf.Stream([xmp], {"Type": "/Metadata", "Subtype": "/XML"}, False)
    pdf.add_object(stream)
    pdf.catalog["Metadata"] = stream.reference


def to_pdf(d: Beslutsunderlag, diagrams: Mapping[str, bytes] | None = None) -> bytes:
    """PDF/A-2a bytes of `d` (tagged, A4, the document's language)."""
    from weasyprint import HTML  # heavy: only when a PDF is made

    from bot.underlag.pdf_images import SCHEME, Diagrams, prepared

    pngs = _drawn(d, diagrams)
    digests = {qid: hashlib.md5(png, usedforsecurity=False).hexdigest() for qid, png in pngs.items()}
    pictures = {digests[qid]: png for qid, png in pngs.items()}
    html = _html(d, {qid: f"{SCHEME}:{digest}" for qid, digest in digests.items()})
    with _LAYOUT:
        fonts, css = _resources()
        return HTML(string=html, url_fetcher=Diagrams(pictures)).write_pdf(
            stylesheets=[css], font_config=fonts, pdf_variant=VARIANT, pdf_tags=True, finisher=_also_pdf_ua,
            cache=prepared(pictures))
