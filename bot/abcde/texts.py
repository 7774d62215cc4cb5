"""The guide's five ABCDE questions, quoted from the source, and the Swedish UI strings around them."""

from __future__ import annotations

SOURCE = ("Huddinge kommun, Vägledning Datadriven områdesutveckling (2024), Bild 41 «Exempel på frågor för "
          "löpande uppföljning och lärande» och Bild 66 «Mall för löpande uppföljning och lärande»")

# field → (short label, the guide's question word for word)
QUESTIONS: dict[str, tuple[str, str]] = {
    "activities": ("A – Activities",
                   "Vilka aktiviteter har genomförts sedan förra uppföljningstillfället?"),
    "benefits": ("B – Benefits",
                 "Vilka framsteg har gjorts sedan förra uppföljningstillfället (vilka resultat har levererats)?"),
    "concerns": ("C – Concerns", "Vilka bekymmer kräver särskilt fokus?"),
    "do_next": ("D – Do Next", "Hur ser planerna ut för den närmaste tiden?"),
    "education": ("E – Education and Learning", "Vad har vi lärt oss sedan senaste utvärderingen?"),
}
FIELDS = tuple(QUESTIONS)
LETTER = {"activities": "A", "benefits": "B", "concerns": "C", "do_next": "D", "education": "E"}


def question_line(field: str) -> str:
    short, question = QUESTIONS[field]
    return f"{short}: {question}"


CADENCE_SV = {"weekly": "varje vecka", "biweekly": "varannan vecka", "monthly": "första {day} i månaden"}
WEEKDAYS_SV = ("måndag", "tisdag", "onsdag", "torsdag", "fredag", "lördag", "söndag")
TARGET_SV = {"channel": "i kanalen", "thread": "i processens ABCDE-tråd"}

S: dict[str, str] = {
    "reminder": ("Dags för ABCDE-rapporten för *{process}* ({period}). Det tar fem minuter: "
                 "aktiviteter, framsteg, bekymmer, nästa steg och lärdomar."),
    "nudge": ("Påminnelse: ingen ABCDE-rapport för *{process}* ({period}) har kommit in ännu. "
              "Några rader räcker – skriv det viktigaste."),
    "btn_report": "Skriv rapporten",
    "modal_title": "ABCDE-rapport",
    "modal_save": "Spara",
    "modal_cancel": "Avbryt",
    "last_do_next": "*Förra periodens D – nästa steg* ({period}):",
    "no_last_do_next": "Ingen tidigare plan (D) att rapportera mot.",
    "editing": "Du redigerar din rapport för {period} (version {version}); den tidigare versionen sparas.",
    "indicators_head": "*Indikatorvärden* (frivilligt) – värde och datum för processens indikatorer:",
    "value": "Värde: {name}",
    "value_date": "Datum för värdet: {name}",
    "posted_head": "*ABCDE-rapport – {process}* · {period} · <@{user}>",
    "edited": "(redigerad, version {version})",
    "saved": "Din ABCDE-rapport för *{process}* ({period}) är sparad (version {version}).",
    "need_value_date": "Ange ett datum när du anger ett värde.",
    "need_value": "Ange värdet för datumet.",
    "schedule_title": "ABCDE-schema",
    "no_schedule": "Processen «{process}» har inget ABCDE-schema ännu.",
    "schedule_line": ("ABCDE-rapport {cadence} {weekday} kl. {time} ({tz}), av {who}, publiceras {target}. "
                      "Knuff efter {nudge} timmar.{paused}"),
    "paused": " *Pausat.*",
    "who_all": "processens projektledare",
    "next_due": "Nästa påminnelse: {when}.",
    "skipped": "Perioden {period} hoppas över (ingen påminnelse).",
    "paused_set": "ABCDE-schemat är pausat. Återuppta med «schema fortsätt».",
    "resumed": "ABCDE-schemat gäller igen.",
    "history_head": "*ABCDE-rapporter – {process}* ({since} – {until})",
    "history_empty": "Inga ABCDE-rapporter i perioden.",
    "refused_report": "Det är processens projektledare (och koordinatorer) som skriver ABCDE-rapporter i «{name}».",
    "not_member": "Du är inte med i processen «{name}». Be en koordinator lägga till dig.",
    "refused_schedule": "Det är processens koordinator som bestämmer ABCDE-schemat i «{name}».",
    "bad_date": "«{text}» är inget datum. Skriv till exempel 2026-03-30.",
    "closed_period": "Perioden {period} är avslutad – rapporten kan inte längre ändras.",
    "usage": ("Så här: `/coach abcde` (rapport nu) · `/coach abcde schema varannan vecka måndag 09:00` · "
              "`/coach abcde schema paus|fortsätt|hoppa över [datum]` · `/coach abcde historik [från] [till]` · "
              "`/coach abcde sammanfattning [från] [till]`"),
}


def s(key: str, **values: object) -> str:
    return S[key].format(**values) if values else S[key]
