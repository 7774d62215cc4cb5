"""Decision-gate underlag: assemble the beslutsunderlag of a gate from a process state as one content
model, render it as Markdown, DOCX or PDF with diagrams, and summarise a step. Pure functions: no database,
no Slack.

    d = build_document(flow, state, 2, "sv", process_name="Meningsfull fritid i Skogås", author="Anna")
    to_markdown(d, images=image_names(d, "underlag_steg2"))   # Markdown, linking the PNGs
    diagrams(d)                                               # {question id: PNG bytes}
    to_docx(d)                                                # DOCX bytes (A4, sv-SE), diagrams embedded
    to_pdf(d)                                                 # PDF/A-2a + PDF/UA-1 bytes (Typst), diarium
    step_summary(flow, state, 2, history=..., versions_since=..., fmt="mrkdwn")
    brief(build_underlag(flow, state, 2))                     # two lines to post beside the file
"""

from bot.underlag.build import build_underlag
from bot.underlag.compose import build_document
from bot.underlag.document import Beslutsunderlag, as_data
from bot.underlag.markdown import to_markdown
from bot.underlag.model import Underlag
from bot.underlag.pdf import to_pdf
from bot.underlag.pictures import diagrams, image_names
from bot.underlag.summary import brief, step_summary
from bot.underlag.word import to_docx

__all__ = ["Beslutsunderlag", "Underlag", "as_data", "brief", "build_document", "build_underlag", "diagrams",
           "image_names", "step_summary", "to_docx", "to_markdown", "to_pdf"]
