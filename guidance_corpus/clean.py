"""Clean the five seed documents (plain text extracted from PDFs and a web page) into Markdown.

The output (``guidance_corpus/documents/*.md``) keeps the documents' structure as headings — slides as
``## Bild N: Title``, report sections as ``## N. Title`` / ``### Subheading`` with page markers
``<!-- sida N -->`` — repairs PDF line breaks and hyphenation, turns bullets into Markdown lists and
tab tables into Markdown tables, and starts each file with YAML front matter.

Deterministic: the same seeds give byte-identical files. Run ``python scripts/clean_corpus.py``.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import yaml

DOCUMENTS_DIR = Path(__file__).resolve().parent / "documents"

# Words that follow a suspended compound ("uppföljnings- och lärandesystemet"): keep the hyphen.
_SUSPENDED_NEXT = {"och", "eller", "samt", "till", "respektive", "som", "resp", "men", "så"}
_BULLET = re.compile(r"^\s*(?:[•▪■◦]|- ✓|✓|-(?=\s)|o(?=\s+\S))\s*\ufffd?\s*")
_END_SENTENCE = re.compile(r"[.!?:;)”\"]\s*$")
_PAGE_NO = re.compile(r"^\s*(?:\d{4}-\d\d-\d\d\s+)?\d{1,3}\s*$")


@dataclass(frozen=True)
class SeedSpec:
    id: str
    prefix: str
    slug: str
    title: str
    publisher: str | None
    year: int | None
    source: str | None
    kind: str
    extra: dict = field(default_factory=dict)


SEEDS: tuple[SeedSpec, ...] = (
    SeedSpec("000", "000_", "ett-larande-system", "Ett lärande system", None, None,
             "Presentationsbilder (PDF), Ett lärande system: vägval för mål, förändringsteori, "
             "uppföljning och lärande", "slides-000"),
    SeedSpec("001", "001_", "vagledning-datadriven-omradesutveckling",
             "Vägledning Datadriven områdesutveckling", "Huddinge kommun (i samarbete med RISE)", 2024,
             "Huddinge kommun, Vägledning Datadriven områdesutveckling, november 2024 (PDF, 66 bilder)",
             "slides-001"),
    SeedSpec("002", "002_", "planering-uppfoljning-analys",
             "Att omsätta behov och prioriteringar i mål och uppdrag och följa upp effekterna", None, None,
             "Presentationsbilder (PDF): styrsnurran, resultatkedjan, uppföljning och analys, "
             "konsekvensbeskrivning, styrlogiker", "slides-002"),
    SeedSpec("003", "003_", "sociala-investeringar-en-guide", "Sociala investeringar – en guide",
             "Sveriges Kommuner och Landsting (SKL), Uppdrag Psykisk Hälsa", 2017,
             "SKL / Uppdrag Psykisk Hälsa, Sociala investeringar – en guide, oktober 2017 (PDF)", "report"),
    SeedSpec("004", "004_", "planera-uppfoljning", "Planera uppföljning",
             "Brottsförebyggande rådet (Brå), Samverkanshandboken", None,
             "Samverkanshandboken, Brå: Planera uppföljning (webbsida om lokalt brottsförebyggande arbete)",
             "web"),
)


# --------------------------------------------------------------------------- generic text repair

def normalize_chars(text: str) -> str:
    text = unicodedata.normalize("NFC", text)
    text = text.replace("\u00ad", "").replace("\xa0", " ").replace("\r\n", "\n")
    return text


def _starts_lower(s: str) -> bool:
    s = s.lstrip()
    return bool(s) and (s[0].islower())


def _first_word(s: str) -> str:
    m = re.match(r"\s*(\w+)", s)
    return m.group(1).lower() if m else ""


def join_lines(a: str, b: str) -> str:
    """Join two lines of one paragraph, repairing end-of-line hyphenation."""
    a = a.rstrip()
    b = b.strip()
    if not a:
        return b
    if not b:
        return a
    m = re.search(r"(\w)-$", a)
    if m and not a.endswith(" -"):
        if _starts_lower(b) and _first_word(b) not in _SUSPENDED_NEXT:
            if m.group(1).isupper() or m.group(1).isdigit():
                return a + b  # "ABCDE-" + "rapportering"
            return a[:-1] + b  # "förvaltnings-" + "övergripande"
        return a + " " + b  # "uppföljnings- och", "Förvaltnings- Övergripande"
    return a + " " + b


def _is_bullet(line: str) -> bool:
    return bool(_BULLET.match(line)) and bool(_BULLET.sub("", line).strip())


def blocks_from_lines(lines: list[str], *, join_blank_lowercase: bool = True,
                      indent_bullets: bool = False) -> list[str]:
    """Group raw lines into Markdown blocks: paragraphs and ``- `` list items.

    A blank line ends a paragraph unless the sentence obviously continues (the previous line does not
    end a sentence and the next begins in lower case) — slide text breaks mid-sentence all the time.
    """
    blocks: list[str] = []
    cur: str | None = None
    cur_is_item = False
    blank_before = False
    for raw in lines:
        line = raw.rstrip()
        if not line.strip():
            blank_before = True
            continue
        stripped = line.strip()
        bullet = _is_bullet(line)
        if indent_bullets and re.match(r"^ {3,}\ufffd?\S", line):
            bullet = True
        if bullet:
            if cur is not None:
                blocks.append(("- " if cur_is_item else "") + cur)
            cur = _BULLET.sub("", line).replace("\ufffd", "").strip()
            cur_is_item = True
            blank_before = False
            continue
        stripped = stripped.replace("\ufffd", "")
        if cur is None:
            cur, cur_is_item = stripped, False
        elif blank_before:
            continues = (join_blank_lowercase and not _END_SENTENCE.search(cur)
                         and (_starts_lower(stripped) or cur.endswith("-")))
            if continues:
                cur = join_lines(cur, stripped)
            else:
                blocks.append(("- " if cur_is_item else "") + cur)
                cur, cur_is_item = stripped, False
        else:
            cur = join_lines(cur, stripped)
        blank_before = False
    if cur is not None:
        blocks.append(("- " if cur_is_item else "") + cur)
    return [re.sub(r"[ \t]+", " ", b).strip() for b in blocks if b.strip()]


# "Jämställd- het" in a table cell: a word hyphenated at a line break of the cell (not "hälso- och")
_CELL_HYPHEN = re.compile(r"(?<=[a-zåäö])- (?=[a-zåäö])(?!(?:och|eller|samt|som|till)\b)")


def tab_table(lines: list[str]) -> list[str]:
    """Tab-separated rows to a Markdown table (first row is the header)."""
    rows = [[_CELL_HYPHEN.sub("", c.strip()) for c in ln.split("\t")] for ln in lines]
    width = max(len(r) for r in rows)
    rows = [r + [""] * (width - len(r)) for r in rows]
    out = ["| " + " | ".join(rows[0]) + " |", "|" + "---|" * width]
    out += ["| " + " | ".join(r) + " |" for r in rows[1:]]
    return ["\n".join(out)]


def render_blocks(lines: list[str], **kw) -> list[str]:
    """Like blocks_from_lines, but runs of tab-separated rows become tables."""
    out: list[str] = []
    buf: list[str] = []
    i = 0
    while i < len(lines):
        if lines[i].count("\t") >= 2:
            j = i
            rows = []
            while j < len(lines) and (lines[j].count("\t") >= 2 or not lines[j].strip()):
                if lines[j].strip():
                    rows.append(lines[j])
                j += 1
            if len(rows) >= 2:
                out += blocks_from_lines(buf, **kw)
                buf = []
                out += tab_table(rows)
                i = j
                continue
        buf.append(lines[i])
        i += 1
    out += blocks_from_lines(buf, **kw)
    return out


def shorten_urls(text: str) -> str:
    """Very long URLs (map views with all their parameters) keep only scheme and host."""
    return re.sub(r"(https?://[^/\s]+)/\S{60,}", r"\1/", text)


def _norm(s: str) -> str:
    s = normalize_chars(s)
    s = re.sub(r"(\w)-\s*\n\s*(?=[a-zåäö])", r"\1", s)
    return re.sub(r"\s+", " ", s).strip().lower()


# --------------------------------------------------------------------------- seed 001: 66 slides

_STEP_NAV = ["Starta upp utvecklingsprocess", "Kartlägga nuläge", "Definiera utfall", "Analysera gap",
             "Utveckla insatser", "Implementera insatser", "Följa upp och lära"]


def _slide_titles_001(tail: str) -> list[tuple[int, str]]:
    titles = []
    for m in re.finditer(r"^\s*Bild (\d+)(?::\s*(.*?))?\s*$", tail, re.M):
        titles.append((int(m.group(1)), re.sub(r"\s+", " ", (m.group(2) or "")).strip()))
    return titles


def _split_pages_loose(body: str) -> list[str]:
    """Candidate blocks: split at blank-line runs (3+ newlines) and at page starts (a line opening
    with one space, where the extractor put the page break)."""
    parts = re.split(r"\n\s*\n\s*\n+|\n(?= \S)|^(?= \S)", body)
    return [p for p in parts if p and p.strip()]


def _title_in_block(title: str, block: str) -> bool:
    if not title:
        return False
    t = _norm(title)
    lines = [ln for ln in block.split("\n") if ln.strip()]
    head = _norm("\n".join(lines[:4]))
    if len(t) < 25:  # short titles must be a line of their own
        joined = [_norm(ln) for ln in lines]
        return t in joined or head.startswith(t)
    return t[:40] in _norm(block)


def _clean_001(text: str, spec: SeedSpec) -> str:
    cut = text.index("\tStandardavsnitt")
    body, tail = text[:cut], text[cut:]
    titles = _slide_titles_001(tail)
    blocks = _split_pages_loose(body)
    slides: dict[int, list[str]] = {}
    pos = 0  # index into titles of the next slide expected
    current = None
    for block in blocks:
        strong = True
        matched = None
        for j in range(pos, min(pos + 4, len(titles))):
            n, title = titles[j]
            if _title_in_block(title, block):
                matched = j
                break
        if matched is None and pos < len(titles) and not titles[pos][1] and current is not None \
                and strong and _is_new_untitled_slide(block, slides.get(current, [])):
            matched = pos
        if matched is not None:
            current = titles[matched][0]
            pos = matched + 1
        if current is None:
            current = 3
        slides.setdefault(current, []).append(block)
    out = []
    for n, title in titles:
        heading = f"## Bild {n}: {title}" if title else f"## Bild {n}"
        content = slides.get(n)
        if not content:
            if n in (1, 2):
                continue  # title page and table of contents: no text of their own
            out.append(heading)
            out.append("*(Bilden har ingen text utöver rubriken.)*")
            continue
        body = _slide_body_001(content, title)
        if not title and (found := _bottom_title(body)):
            heading, body = f"## Bild {n}: {found}", body[:-1]
        out.append(heading)
        out.extend(body)
    return "\n\n".join(out)


def _bottom_title(blocks: list[str]) -> str | None:
    """Template slides the slide list leaves untitled carry their name as the last line
    ("Mall för att granska antaganden kring samband"): use it as the heading a person can cite."""
    last = blocks[-1].strip() if blocks else ""
    if last.startswith(("Mall för ", "Exempel ")) and len(last) <= 90 and "\n" not in last:
        return last
    return None


def _is_new_untitled_slide(block: str, current_blocks: list[str]) -> bool:
    # An untitled slide (a diagram continued from the previous one) starts at a blank-line run,
    # i.e. the block does not begin with a page-start space.
    return not block.startswith(" ") and bool(current_blocks)


_VERTICAL_LABELS_001 = {  # table row labels printed one or two letters per line
    "M\nål": "Mål", "U\ntf\nal\nl": "Utfall", "A\nkt\niv\nit\net\ner": "Aktiviteter",
    "R\nes\nur\nse\nr": "Resurser",
}


def _slide_body_001(content: list[str], title: str) -> list[str]:
    text = "\n\n".join(c.strip("\n") for c in content)
    for k, v in _VERTICAL_LABELS_001.items():
        text = text.replace(k, v)
    text = text.replace("▪", "\n▪ ")
    lines = [ln for ln in text.split("\n") if not _PAGE_NO.match(ln) or not ln.strip()]
    blocks = render_blocks(lines)
    # drop the title itself (it is the heading) and the step navigation on section slides
    tnorm = _norm(title)
    blocks = [b for b in blocks if _norm(b) != tnorm]
    is_divider = bool(re.match(r"^\d\.\s", title))
    if is_divider:
        nav = {_norm(s) for s in _STEP_NAV}
        blocks = [b for b in blocks if _norm(b) not in nav]
    return blocks or ["*(Bilden har ingen text utöver rubriken.)*"]


# --------------------------------------------------------------------------- seeds 000 and 002: slides

# Seed 000 has no slide titles of its own: the pages are named by what they hold.
_PAGES_000 = [
    ("INSATSER RESULTAT", "Insatser och resultat: uppföljning och utvärdering"),
    ("Ett lärande system", "Vägval för ett lärande system"),
    ("Finns en förändringsteori", "Förändringsteorins närvaro"),
    ("Följer vi upp den generella", "Mål och indikatorer"),
    ("Avgränsa från start", "Lärandesystemets omfattning och utformning"),
    ("Sätt en relevant plan", "Lärandet som en del av genomförandet"),
]
_VAGVAL_000 = ["Mål och indikatorer", "Förändringsteorins närvaro", "Lärandesystemets omfattning och utformning",
               "Lärandet som en del av genomförandet"]
_NAV_000 = {"mål och indikatorer förändringsteorins närvaro", "lärandesystemets omfattning och utformning",
            "lärandet som en del av genomförandet", "mål och indikatorer", "förändringsteorins närvaro",
            "vägval för ett lärande system", "lärandesystemets omfattning och utformning lärandet som en del "
            "av genomförandet"}


def _clean_000(text: str, spec: SeedSpec) -> str:
    out: list[str] = []
    for page in _split_pages_loose(text):
        blocks = blocks_from_lines(page.split("\n"))
        content = [b for b in blocks if _norm(b) not in _NAV_000]
        probe = _norm(" ".join(blocks))
        title = next((t for marker, t in _PAGES_000 if _norm(marker) in probe), None)
        if title is None or (not content and title != "Vägval för ett lärande system"):
            if out and content:
                out.extend(content)
            continue
        if title == "Vägval för ett lärande system":
            if any(o == f"## {title}" for o in out):
                continue
            content = ["Fyra vägval:"] + [f"- {v}" for v in _VAGVAL_000]
        content = [b for b in content if _norm(b) != _norm("Ett lärande system")]
        out.append(f"## {title}")
        out.extend(content)
    return "\n\n".join(out)


def _nest_sub_bullets(blocks: list[str]) -> list[str]:
    """Sub-bullets (``o``) follow their parent item without a blank line between."""
    out: list[str] = []
    for b in blocks:
        if b.startswith("  - ") and out:
            out[-1] = out[-1] + "\n" + b
        else:
            out.append(b)
    return out


_TITLES_002 = [
    "Att omsätta behov och prioriteringar", "Kommuner och regioners uppdrag!", "Exempel på perspektiv att beakta",
    "Tre komponenter som måste samverka", "Styrsnurran", "Reflektera i mindre grupp", "Planering",
    "Resultatkedjan", "Uppföljning & Analys", "Gå tillbaka till planeringen",
    "Hur går vi vidare från uppföljning och analys?", "Hur gör vi en konsekvensanalys utifrån förslag till åtgärder?",
    "Att göra en konsekvensbeskrivning utifrån förslag till åtgärder!", "Hantera åtgärdsförslag",
    "Processen för konsekvensbeskrivning", "Konsekvensbeskrivning – ”pyramiden”",
    "Exempel: Pojkar har lägre behörighet", "Ett beslut måste omsättas till handling!", "Styrlogiker",
    "En förändrad syn på uppföljning",
]


# Titles that the extractor put after the slide's content rather than before it.
_TRAILING_002 = {"Kommuner och regioners uppdrag!", "Exempel på perspektiv att beakta",
                 "Tre komponenter som måste samverka"}


def _clean_002(text: str, spec: SeedSpec) -> str:
    text = text.replace("**", "")
    text = re.sub(r"(\w)-\n(\w)", r"\1-\2", text)  # "Demokrati-\nuppdrag" on slides
    text = text.replace("Demokrati-uppdrag", "Demokratiuppdrag").replace(
        "Samhälls-bygggaruppdrag", "Samhällsbyggaruppdrag").replace("Service/\ntjänsteuppdrag",
                                                                    "Service/tjänsteuppdrag")
    text = text.replace("VÄLFAÄRD", "VÄLFÄRD")
    sections: list[tuple[str, list[str]]] = []
    pending: list[str] = []
    current: list[str] | None = None
    for line in text.split("\n"):
        s = line.strip()
        title = next((t for t in _TITLES_002 if s.startswith(t) and len(s) <= len(t) + 40), None)
        if s == spec.title:
            continue
        if title is None or s.startswith("-"):
            pending.append(line)
            continue
        if title == _TITLES_002[0]:
            continue  # the document title (the H1)
        heading = s if title.startswith("Exempel: ") else title
        if title in _TRAILING_002:
            sections.append((heading, pending))
            pending, current = [], None
            continue
        if current is not None:
            current.extend(pending)
        elif sections:
            sections[-1][1].extend(pending)
        pending = []
        current = []
        sections.append((heading, current))
    if current is not None:
        current.extend(pending)
    out = []
    seen: dict[str, int] = {}
    for title, lines in sections:
        seen[title] = seen.get(title, 0) + 1
        heading = title if seen[title] == 1 else f"{title} ({seen[title]})"
        blocks = render_blocks(lines)
        blocks = [re.sub(r"^- - ", "  - ", re.sub(r"^- ✓ ", "- ", b)) for b in blocks]
        out.append(f"## {heading}")
        out.extend(blocks or ["*(Bilden har ingen text utöver rubriken.)*"])
    return "\n\n".join(out)


# --------------------------------------------------------------------------- seed 003: the SKL report

_RUNNING_HEADER = re.compile(r"^\s*(Avsnitt \d+( - .*)?|Bilaga [ABC](\s+-\s+.*)?|A|vs|ni|tt|vsnitt \d+|\t\s*\d+)\s*$")
_SECTION = re.compile(r"^\s*(?:\d+\s+)?([1-8])\.\s+(\S.*?)\s*$")
_AVSNITT = re.compile(r"^\s*Avsnitt ([1-8]) - (.+?)\s*$", re.M)
_BILAGA = re.compile(r"^\s*Bilaga ([ABC])\s+-\s+(.+?)\s*$")
_FOOTNOTE = re.compile(r"^(\d{1,2})\t\s*(.+)$")


def _clean_003(text: str, spec: SeedSpec) -> str:
    avsnitt = {m.group(1): m.group(2) for m in _AVSNITT.finditer(text)}
    pages = re.split(r"\n(?= \S)|^(?= \S)", text)
    pages = [p for p in pages if p.strip()]
    out: list[str] = []
    seen_bilaga: set[str] = set()
    for pno, page in enumerate(pages, 1):
        out.append(f"<!-- sida {pno} -->")
        lines = page.split("\n")
        body: list[str] = []
        i = 0
        while i < len(lines):
            line = lines[i]
            m_sec = _SECTION.match(line)
            if m_sec and not _norm(m_sec.group(2))[:6] == _norm(avsnitt.get(m_sec.group(1), "-"))[:6]:
                m_sec = None
            m_bil = _BILAGA.match(line)
            if m_sec:
                heading = m_sec.group(2)
                while (i + 1 < len(lines) and _starts_lower(lines[i + 1]) and len(heading) < 70
                       and len(lines[i + 1].strip()) < 70):
                    i += 1
                    heading = join_lines(heading, lines[i])
                out.extend(_report_blocks(body))
                body = []
                out.append(f"## {m_sec.group(1)}. {heading.strip()}")
            elif m_bil and m_bil.group(1) not in seen_bilaga:
                seen_bilaga.add(m_bil.group(1))
                heading = m_bil.group(2).strip()
                while i + 1 < len(lines) and _starts_lower(lines[i + 1]) and len(lines[i + 1].strip()) < 45:
                    i += 1  # "Hållpunkter för arbetet" / "med sociala investeringar med" / "illustrativa exempel"
                    heading = join_lines(heading, lines[i])
                out.extend(_report_blocks(body))
                body = []
                out.append(f"## Bilaga {m_bil.group(1)} – {heading.strip()}")
            elif _RUNNING_HEADER.match(line) or _PAGE_NO.match(line) and line.strip():
                pass
            elif line.strip() == "Förord" and pno == 1:
                out.append("## Förord")
            else:
                fm = _FOOTNOTE.match(line)
                if fm:
                    body.append("")
                    body.append(f"Fotnot {fm.group(1)}: {fm.group(2)}")
                    body.append("")
                else:
                    body.append(line)
            i += 1
        out.extend(_report_blocks(body))
    return _restore_templates("\n\n".join(_merge_page_breaks(out)))


# Empty template tables of the report whose grid the PDF text lost: the column heads come out as one
# line (or loose lines) and the row numbers are dropped as page numbers. Restored as Markdown tables;
# a seed without them fails loudly rather than silently keeping the garbled text.
_TEMPLATES_003 = {
    "Nr Riskbeskrivning Sannolikhet Påverkan Prioritet Åtgärd och ansvarig …":
        (["Nr", "Riskbeskrivning", "Sannolikhet", "Påverkan", "Prioritet", "Åtgärd och ansvarig"],
         [["1"], ["2"], ["3"], ["4"], ["…"]]),
    "Intressent Vilken koppling har intressenten till satsningen?\n\nMetod för informationsinhämtning\n\n"
    "Vilken information har intressenten?":
        (["Intressent", "Vilken koppling har intressenten till satsningen?", "Vilken information har intressenten?",
          "Metod för informationsinhämtning"], [[]]),
}


def _restore_templates(text: str) -> str:
    for garbled, (columns, rows) in _TEMPLATES_003.items():
        if garbled not in text:
            raise ValueError(f"template table not found in seed 003: {garbled[:40]!r}")
        width = len(columns)
        lines = ["| " + " | ".join(columns) + " |", "|" + "---|" * width]
        lines += ["| " + " | ".join(r + [" "] * (width - len(r))) + " |" for r in rows]
        text = text.replace(garbled, "\n".join(lines))
    return text


def _report_blocks(lines: list[str]) -> list[str]:
    """Paragraphs of the report, with subheadings detected by layout: a short line without final
    punctuation directly followed by a full-width body line, or a short paragraph of its own before one."""
    if not lines:
        return []
    out_lines: list[str] = []
    n = len(lines)
    for i, line in enumerate(lines):
        s = line.strip().replace("\ufffd", "")
        nxt = lines[i + 1] if i + 1 < n else ""
        nxt2 = lines[i + 2] if i + 2 < n else ""
        prev = lines[i - 1].strip() if i > 0 else ""
        short = 3 <= len(s) < 75 and not _END_SENTENCE.search(s) and not s.endswith(",") \
            and s[:1].isupper() and not _is_bullet(line) and not line.startswith("   ") \
            and not re.match(r"^(Figur|Tabell|Fotnot)\b", s)
        starts_block = not prev or _END_SENTENCE.search(prev) is not None and len(prev) < 80 or prev == ""
        if short and starts_block:
            follow = nxt if nxt.strip() else nxt2
            if len(follow.rstrip()) >= 80 and follow.strip()[:1].isupper() and not _is_bullet(follow):
                # a heading may wrap onto a second short line ("... för att" / "möjliggöra ...")
                out_lines += ["", f"### {s}", ""]
                continue
            if nxt.strip() and _starts_lower(nxt) and len(nxt.rstrip()) < 75 and len(nxt2.rstrip()) >= 80:
                out_lines += ["", f"### {s} ", ""]
                out_lines.append("\0HEADCONT")
                continue
        if out_lines and out_lines[-1] == "\0HEADCONT":
            out_lines.pop()
            # attach to the heading line written two entries back
            idx = max(k for k, v in enumerate(out_lines) if v.startswith("### "))
            out_lines[idx] = join_lines(out_lines[idx], s)
            out_lines.append("")
            continue
        out_lines.append(line)
    blocks: list[str] = []
    buf: list[str] = []
    for line in out_lines:
        if line.startswith("### "):
            blocks += render_blocks(buf, indent_bullets=True)
            buf = []
            blocks.append(line.strip())
        else:
            buf.append(line)
    blocks += render_blocks(buf, indent_bullets=True)
    return blocks


def _merge_page_breaks(blocks: list[str]) -> list[str]:
    """A paragraph cut by a page break (no final punctuation; the next page goes on in lower case)
    is joined again; the page marker moves before the paragraph."""
    out: list[str] = []
    i = 0
    while i < len(blocks):
        b = blocks[i]
        j = len(out) - 1
        while j >= 0 and out[j].startswith("Fotnot "):
            j -= 1  # the page's footnotes stand between the two halves of the paragraph
        if (b.startswith("<!-- sida") and j >= 0 and i + 1 < len(blocks)
                and not out[j].startswith(("#", "<!--", "|", "- ")) and not _END_SENTENCE.search(out[j])
                and _starts_lower(blocks[i + 1]) and not blocks[i + 1].startswith(("#", "- "))):
            notes = out[j + 1:]
            del out[j + 1:]
            out[j] = join_lines(out[j], blocks[i + 1]) + f" <!-- sida {b[10:-4].strip()} -->"
            out.extend(notes)
            i += 2
            continue
        out.append(b)
        i += 1
    return out


# --------------------------------------------------------------------------- seed 004: web page

_HEADINGS_004 = ["Ta hjälp av Steg 5, Uppföljning", "Tänk på att avsätta tid och resurser",
                 "Stöd för att planera uppföljningen"]
_DROP_004 = ("Created with Sketch.", "Sidan senast uppdaterad", "Samverkanshandboken",
             "Samverkan i lokalt brottsförebyggande arbete är ett samarbete mellan", "Brottsförebyggande rådet")


def _clean_004(text: str, spec: SeedSpec) -> str:
    lines = text.split("\n")
    out: list[str] = []
    buf: list[str] = []
    for i, line in enumerate(lines):
        s = line.strip()
        if i == 0 and s == "Planera uppföljning":
            continue
        if s.startswith(_DROP_004):
            continue
        if s in _HEADINGS_004:
            out += blocks_from_lines(buf)
            buf = []
            out.append(f"## {s}")
            continue
        buf.append(line)
    out += blocks_from_lines(buf)
    return "\n\n".join(out)


# --------------------------------------------------------------------------- driver

_CLEANERS = {"slides-000": _clean_000, "slides-001": _clean_001, "slides-002": _clean_002,
             "report": _clean_003, "web": _clean_004}


def front_matter(spec: SeedSpec, seed_name: str, seed_sha: str) -> str:
    meta = {
        "id": spec.id,
        "title": spec.title,
        "publisher": spec.publisher,
        "year": spec.year,
        "source": spec.source,
        "language": "sv",
        "structure": {"slides-001": "slides", "slides-000": "slides", "slides-002": "slides",
                      "report": "pages", "web": "sections"}[spec.kind],
        "seed_file": seed_name,
        "seed_sha256": seed_sha,
    }
    dumped = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=1000)
    return f"---\n{dumped}---\n"


def clean_seed(spec: SeedSpec, raw: str, seed_name: str) -> str:
    sha = hashlib.sha256(raw.encode("utf-8")).hexdigest()
    text = normalize_chars(raw)
    body = shorten_urls(_CLEANERS[spec.kind](text, spec))
    body = re.sub(r"\n{3,}", "\n\n", body).strip()
    return front_matter(spec, seed_name, sha) + f"\n# {spec.title}\n\n{body}\n"


def find_seed(seeds_dir: Path, spec: SeedSpec) -> Path:
    hits = sorted(seeds_dir.glob(f"{spec.prefix}*.txt"))
    if not hits:
        raise FileNotFoundError(f"no seed {spec.prefix}*.txt in {seeds_dir}")
    return hits[0]


def clean_all(seeds_dir: Path, out_dir: Path = DOCUMENTS_DIR) -> list[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for spec in SEEDS:
        seed = find_seed(seeds_dir, spec)
        md = clean_seed(spec, seed.read_text(encoding="utf-8"), seed.name)
        path = out_dir / f"{spec.id}-{spec.slug}.md"
        path.write_text(md, encoding="utf-8")
        written.append(path)
    return written
