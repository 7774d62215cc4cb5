"""The guide's five ABCDE questions, quoted from the source, and the UI strings around them: Swedish first,
with an English twin of every string. The guide's slide 66 names the letters in English («A – Activities:
Vilka aktiviteter…»); the Swedish UI names them in Swedish with the guide's letter (A – Aktiviteter,
B – Framsteg, C – Bekymmer, D – Nästa steg, E – Lärdomar), the English UI with the slide's English."""

from __future__ import annotations

SOURCE = ("Huddinge kommun, Vägledning Datadriven områdesutveckling (2024), Bild 41 «Exempel på frågor för "
          "löpande uppföljning och lärande» och Bild 66 «Mall för löpande uppföljning och lärande»")

# field → (short label, the guide's question word for word)
QUESTIONS: dict[str, tuple[str, str]] = {
    "activities": ("A – Aktiviteter",
                   "Vilka aktiviteter har genomförts sedan förra uppföljningstillfället?"),
    "benefits": ("B – Framsteg",
                 "Vilka framsteg har gjorts sedan förra uppföljningstillfället (vilka resultat har levererats)?"),
    "concerns": ("C – Bekymmer", "Vilka bekymmer kräver särskilt fokus?"),
    "do_next": ("D – Nästa steg", "Hur ser planerna ut för den närmaste tiden?"),
    "education": ("E – Lärdomar", "Vad har vi lärt oss sedan senaste utvärderingen?"),
}
# The same questions in English, for processes whose language is English.
QUESTIONS_EN: dict[str, tuple[str, str]] = {
    "activities": ("A – Activities", "Which activities have been carried out since the last follow-up?"),
    "benefits": ("B – Benefits",
                 "What progress has been made since the last follow-up (which results have been delivered)?"),
    "concerns": ("C – Concerns", "Which concerns need particular focus?"),
    "do_next": ("D – Do Next", "What are the plans for the near future?"),
    "education": ("E – Education and Learning", "What have we learned since the last evaluation?"),
}
FIELDS = tuple(QUESTIONS)
LETTER = {"activities": "A", "benefits": "B", "concerns": "C", "do_next": "D", "education": "E"}


def questions(lang: str = "sv") -> dict[str, tuple[str, str]]:
    return QUESTIONS_EN if lang == "en" else QUESTIONS


def question_line(field: str, lang: str = "sv") -> str:
    short, question = questions(lang)[field]
    return f"{short}: {question}"


CADENCE_SV = {"weekly": "varje vecka", "biweekly": "varannan vecka", "monthly": "första {day} i månaden"}
WEEKDAYS_SV = ("måndag", "tisdag", "onsdag", "torsdag", "fredag", "lördag", "söndag")
TARGET_SV = {"channel": "i kanalen", "thread": "i processens ABCDE-tråd"}
CADENCE_EN = {"weekly": "every week", "biweekly": "every other week", "monthly": "on the first {day} of the month"}
WEEKDAYS_EN = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
TARGET_EN = {"channel": "in the channel", "thread": "in the process's ABCDE thread"}


def cadences(lang: str = "sv") -> dict[str, str]:
    return CADENCE_EN if lang == "en" else CADENCE_SV


def weekdays(lang: str = "sv") -> tuple[str, ...]:
    return WEEKDAYS_EN if lang == "en" else WEEKDAYS_SV


def targets(lang: str = "sv") -> dict[str, str]:
    return TARGET_EN if lang == "en" else TARGET_SV

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
    "in_channel": "i <#{channel}>",
    "source_note": "Frågorna kommer från {source}.",
    "indicator_values": "Indikatorvärden: {values}",
    "summary_title": "Uppföljning och lärande – {process}",
    "summary_counts": "{reports} rapporter från {periods} perioder",
    "summary_concern": "«{word}» i {n} perioder: {items}",
    "summary_concerns": "Återkommande bekymmer (C)",
    "summary_open_plans": "Nästa steg (D) som ingen senare aktivitet (A) följt upp",
    "summary_lessons": "Lärdomar (E)",
    "summary_indicators": "Indikatorvärden",
    "more": "… och {k} till",
    "chart_title": "Indikatorvärden över tid",
    "chart_file": "indikatorer.png",
    "since_start": "början",
    "until_today": "idag",
    "thread_parent": "ABCDE-rapporter – {process}",
    "home_sent": "ABCDE-rapport {period}: inskickad (version {version})",
    "home_not_sent": "ABCDE-rapport {period}: inte inskickad ännu",
    "cadence_label": "Hur ofta?",
    "cadence_weekly": "Varje vecka",
    "cadence_biweekly": "Varannan vecka",
    "cadence_monthly": "Varje månad (första veckodagen)",
    "weekday_label": "Veckodag",
    "time_label": "Klockslag",
    "tz_label": "Tidszon",
    "target_label": "Var publiceras rapporterna?",
    "target_channel": "I kanalen",
    "target_thread": "I processens ABCDE-tråd",
    "channel_label": "Annan kanal (tomt = processens kanal)",
    "reporters_label": "Vem rapporterar? (tomt = processens projektledare)",
    "nudge_label": "Knuff efter så många timmar utan rapport",
    "hint_activities": "Det ni faktiskt har gjort – en aktivitet per rad.",
    "hint_benefits": "Resultat som har levererats, stora som små.",
    "hint_concerns": "Det som oroar eller hindrar och behöver särskild uppmärksamhet.",
    "hint_do_next": "Nästa steg, en punkt per rad – nästa rapport följer upp dem.",
    "hint_education": "Lärdomar om målgruppen, insatserna eller samarbetet.",
    "usage": ("Så här: `/coach abcde` (rapport nu) · `/coach abcde schema varannan vecka måndag 09:00` · "
              "`/coach abcde schema paus|fortsätt|hoppa över [datum]` · `/coach abcde historik [från] [till]` · "
              "`/coach abcde sammanfattning [från] [till]`"),
}


S_EN: dict[str, str] = {
    "reminder": ("Time for the ABCDE report for *{process}* ({period}). It takes five minutes: "
                 "activities, benefits (progress), concerns, next steps and lessons learned."),
    "nudge": ("Reminder: no ABCDE report for *{process}* ({period}) has come in yet. "
              "A few lines are enough – write what matters most."),
    "btn_report": "Write the report",
    "modal_title": "ABCDE report",
    "modal_save": "Save",
    "modal_cancel": "Cancel",
    "last_do_next": "*Last period's D – Do Next* ({period}):",
    "no_last_do_next": "No earlier plan (D) to report against.",
    "editing": "You are editing your report for {period} (version {version}); the earlier version is kept.",
    "indicators_head": "*Indicator values* (optional) – value and date for the process's indicators:",
    "value": "Value: {name}",
    "value_date": "Date of the value: {name}",
    "posted_head": "*ABCDE report – {process}* · {period} · <@{user}>",
    "edited": "(edited, version {version})",
    "saved": "Your ABCDE report for *{process}* ({period}) is saved (version {version}).",
    "need_value_date": "Give a date when you give a value.",
    "need_value": "Give the value for the date.",
    "schedule_title": "ABCDE schedule",
    "no_schedule": "The process «{process}» has no ABCDE schedule yet.",
    "schedule_line": ("ABCDE report {cadence} {weekday} at {time} ({tz}), by {who}, posted {target}. "
                      "Nudge after {nudge} hours.{paused}"),
    "paused": " *Paused.*",
    "who_all": "the process's projektledare (project leads)",
    "next_due": "Next reminder: {when}.",
    "skipped": "The period {period} is skipped (no reminder).",
    "paused_set": "The ABCDE schedule is paused. Resume with «schedule resume».",
    "resumed": "The ABCDE schedule applies again.",
    "history_head": "*ABCDE reports – {process}* ({since} – {until})",
    "history_empty": "No ABCDE reports in the period.",
    "refused_report": "The process's projektledare (project leads) and coordinators write ABCDE reports in «{name}».",
    "not_member": "You are not a member of the process «{name}». Ask a coordinator to add you.",
    "refused_schedule": "The process's coordinator decides the ABCDE schedule in «{name}».",
    "bad_date": "«{text}» is not a date. Write for example 2026-03-30.",
    "closed_period": "The period {period} is closed – the report can no longer be changed.",
    "in_channel": "in <#{channel}>",
    "source_note": "The questions come from {source}.",
    "indicator_values": "Indicator values: {values}",
    "summary_title": "Uppföljning och lärande (follow-up and learning) – {process}",
    "summary_counts": "{reports} reports from {periods} periods",
    "summary_concern": "«{word}» in {n} periods: {items}",
    "summary_concerns": "Recurring concerns (C)",
    "summary_open_plans": "Next steps (D) that no later activity (A) followed up",
    "summary_lessons": "Lessons learned (E)",
    "summary_indicators": "Indicator values",
    "more": "… and {k} more",
    "chart_title": "Indicator values over time",
    "chart_file": "indicators.png",
    "since_start": "the start",
    "until_today": "today",
    "thread_parent": "ABCDE reports – {process}",
    "home_sent": "ABCDE report {period}: sent (version {version})",
    "home_not_sent": "ABCDE report {period}: not sent yet",
    "cadence_label": "How often?",
    "cadence_weekly": "Every week",
    "cadence_biweekly": "Every other week",
    "cadence_monthly": "Every month (first weekday)",
    "weekday_label": "Weekday",
    "time_label": "Time",
    "tz_label": "Time zone",
    "target_label": "Where are the reports posted?",
    "target_channel": "In the channel",
    "target_thread": "In the process's ABCDE thread",
    "channel_label": "Another channel (empty = the process's channel)",
    "reporters_label": "Who reports? (empty = the process's projektledare)",
    "nudge_label": "Nudge after this many hours without a report",
    "hint_activities": "What you have actually done – one activity per line.",
    "hint_benefits": "Results that have been delivered, large and small.",
    "hint_concerns": "What worries or hinders you and needs particular attention.",
    "hint_do_next": "Next steps, one per line – the next report follows them up.",
    "hint_education": "Lessons about the target group, the interventions or the collaboration.",
    "usage": ("Like this: `/coach abcde` (report now) · `/coach abcde schedule every two weeks monday 09:00` · "
              "`/coach abcde schedule pause|resume|skip [date]` · `/coach abcde history [from] [to]` · "
              "`/coach abcde summary [from] [to]`"),
}
STRINGS: dict[str, dict[str, str]] = {"sv": S, "en": S_EN}


def s(key: str, lang: str = "sv", **values: object) -> str:
    """The string `key` in `lang` (Swedish when `lang` has no table)."""
    text = STRINGS.get(lang, S).get(key, S[key])
    return text.format(**values) if values else text
