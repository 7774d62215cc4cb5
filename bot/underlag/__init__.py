"""Decision-gate underlag: assemble it from a process state, render it as Markdown or DOCX with diagrams,
and summarise a step. Pure functions: no database, no Slack.

    u = build_underlag(flow, state, 2, "sv", process_name="Meningsfull fritid i Skogås")
    to_markdown(u, images=image_names(u, "underlag_steg2"))   # Markdown, linking the PNGs
    diagrams(u)                                               # {question id: PNG bytes}
    to_docx(u)                                                # DOCX bytes, diagrams embedded
    step_summary(flow, state, 2, history=..., versions_since=..., fmt="mrkdwn")
    brief(u)                                                  # two lines to post beside the file
"""

from bot.underlag.build import build_underlag
from bot.underlag.markdown import to_markdown
from bot.underlag.model import Underlag
from bot.underlag.pictures import diagrams, image_names
from bot.underlag.summary import brief, step_summary
from bot.underlag.word import to_docx

__all__ = ["Underlag", "brief", "build_underlag", "diagrams", "image_names", "step_summary", "to_docx",
           "to_markdown"]
