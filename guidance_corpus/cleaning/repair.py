"""Generic repairs of text extracted from PDFs and web pages: characters, line breaks and hyphenation,
bullets, tab tables, long URLs. Nothing here knows a particular document (see fixes.yaml)."""

from __future__ import annotations

import re
import unicodedata

# Words that follow a suspended compound ("uppföljnings- och lärandesystemet"): keep the hyphen.
_SUSPENDED_NEXT = {"och", "eller", "samt", "till", "respektive", "som", "resp", "men", "så"}
_BULLET = re.compile(r"^\s*(?:[•▪■◦]|- ✓|✓|-(?=\s)|o(?=\s+\S))\s*\ufffd?\s*")
END_SENTENCE = re.compile(r"[.!?:;)”\"]\s*$")
PAGE_NO = re.compile(r"^\s*(?:\d{4}-\d\d-\d\d\s+)?\d{1,3}\s*$")


def normalize_chars(text: str) -> str:
    text = unicodedata.normalize("NFC", text)
    text = text.replace("\u00ad", "").replace("\xa0", " ").replace("\r\n", "\n")
    return text


def starts_lower(s: str) -> bool:
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
        if starts_lower(b) and _first_word(b) not in _SUSPENDED_NEXT:
            if m.group(1).isupper() or m.group(1).isdigit():
                return a + b  # "ABCDE-" + "rapportering"
            return a[:-1] + b  # "förvaltnings-" + "övergripande"
        return a + " " + b  # "uppföljnings- och", "Förvaltnings- Övergripande"
    return a + " " + b


def is_bullet(line: str) -> bool:
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
        bullet = is_bullet(line)
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
            continues = (join_blank_lowercase and not END_SENTENCE.search(cur)
                         and (starts_lower(stripped) or cur.endswith("-")))
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


def norm(s: str) -> str:
    s = normalize_chars(s)
    s = re.sub(r"(\w)-\s*\n\s*(?=[a-zåäö])", r"\1", s)
    return re.sub(r"\s+", " ", s).strip().lower()


def split_pages_loose(body: str) -> list[str]:
    """Candidate blocks: split at blank-line runs (3+ newlines) and at page starts (a line opening
    with one space, where the extractor put the page break)."""
    parts = re.split(r"\n\s*\n\s*\n+|\n(?= \S)|^(?= \S)", body)
    return [p for p in parts if p and p.strip()]
