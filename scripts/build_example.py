"""Build bot/examples/skogas.json, the shipped worked example, from tests/fixtures/skogas.json.

The fixture holds every answer and decision; this adds what a real process has around them: three people
with roles, answers dated step by step with a few earlier drafts (version history), the audit log, a
monthly ABCDE schedule and reports with indicator values over the school year 2025/26. Deterministic:
`python scripts/build_example.py --check` fails when the shipped file is not what the fixture gives.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.abcde.schedule import Rhythm, period_for_key  # noqa: E402
from bot.examples import example_path  # noqa: E402
from bot.examples.answers_file import TZ, to_export  # noqa: E402
from flows.answers import ANSWER_TYPES, AbcdeReport  # noqa: E402
from flows.loader import get_flow  # noqa: E402
from storage.export import dumps_export, iso_utc  # noqa: E402

FIXTURE = ROOT / "tests" / "fixtures" / "skogas.json"
PEOPLE = [("anna", "Anna Lindqvist", "koordinator"), ("erik", "Erik Johansson", "projektledare"),
          ("sara", "Sara Ahmed", "medlem")]
AUTHOR_BY_STEP = {1: "anna", 2: "sara", 3: "sara", 4: "erik", 5: "erik", 6: "erik", 7: "anna"}
RHYTHM = Rhythm(cadence="monthly", weekday=0, at=time(9, 0), tz="Europe/Stockholm", anchor=date(2025, 9, 1))
DECIDED_BY = "anna"


def local(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=TZ).astimezone(UTC)


def drafts(answers: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Earlier versions a team would have written before the final answer (shown by «historik <id>»)."""
    utfall = answers["s3.utfall"]
    indikatorer = answers["s3.indikatorer"]
    logic = answers["s5.effektlogik"]
    return {
        "s3.utfall": {"outcomes": [{k: v for k, v in o.items() if k != "root_causes"} for o in utfall["outcomes"]]},
        "s3.indikatorer": {"indicators": indikatorer["indicators"][:4]},
        "s5.effektlogik": {k: v for k, v in logic.items() if k != "connections"},
    }


REPORTS: list[tuple[str, int, dict[str, str], list[tuple[str, str, str]]]] = [
    ("2025-09-01", 26, {
        "activities": "Torgidén genomfördes 6 september med 7 föreningar. Aktiviteter i skolan startade 15 september "
                      "tre dagar i veckan. Digital närvaroregistrering infördes i KUF:s aktiviteter.",
        "benefits": "Cirka 140 barn och vårdnadshavare besökte Torgidén; 38 anmälningar till nybörjargrupper.",
        "concerns": "Två föreningar saknar ledare för nybörjargrupper. Få flickor från västra Skogås kom till torget.",
        "do_next": "Ledarutbildning via RF-SISU i oktober. Riktad inbjudan till flickor via skolan.",
        "education": "Barnen kom med en kompis eller en vuxen de kände; direkt anmälan på plats fungerade bäst."},
     [("Antal föreningar på plats vid Torgidén", "7", "2025-09-06"),
      ("Antal aktivitetstillfällen per vecka för 10–12 år i Skogås", "11", "2025-09-26"),
      ("Andel aktivitetstillfällen för 10–12 år med registrerad närvaro", "55 %", "2025-09-26")]),
    ("2025-10-06", 24, {
        "activities": "Ledarutbildning för 12 unga ledare. Fokusgrupp med barn som inte deltar (8 barn, åk 5).",
        "benefits": "Två nya nybörjargrupper (innebandy och dans). 18 % av eleverna i åk 4–6 har provat en "
                    "aktivitet i skolan.",
        "concerns": "Aktivitetscoacherna är inte anställda: beslut om extern finansiering dröjer.",
        "do_next": "Information om fritidskortet på föräldramöten i åk 4–6. Planera vårterminens Torgidé.",
        "education": "Fokusgruppen: barnen vill prova utan att behöva vara bra; «nybörjare» i namnet hjälper."},
     [("Antal aktivitetstillfällen per vecka för 10–12 år i Skogås", "12", "2025-10-24"),
      ("Andel elever i åk 4–6 som provat en aktivitet i skolan", "18 %", "2025-10-24"),
      ("Andel aktivitetstillfällen för 10–12 år med registrerad närvaro", "70 %", "2025-10-24")]),
    ("2025-11-03", 21, {
        "activities": "Finansiering beviljad; två aktivitetscoacher anställda från 17 november. Föräldramöten "
                      "med information om fritidskortet i fyra klasser.",
        "benefits": "Ansökningar om fritidskortet från Skogås ökade från 9 till 23 på en månad.",
        "concerns": "Skolans lokaler dubbelbokas på onsdagar.",
        "do_next": "Lokalfrågan tas upp i arbetsgruppen med rektor. Coacherna börjar i västra Skogås.",
        "education": "Information via klasslärare når fler vårdnadshavare än information via anslagstavlor."},
     [("Antal aktivitetstillfällen per vecka för 10–12 år i Skogås", "13", "2025-11-21"),
      ("Andel elever i åk 4–6 som provat en aktivitet i skolan", "31 %", "2025-11-21"),
      ("Andel aktivitetstillfällen för 10–12 år med registrerad närvaro", "85 %", "2025-11-21")]),
    ("2026-01-05", 23, {
        "activities": "Torgidé vid vårterminens start med 9 föreningar. Coacherna har följt 14 flickor till "
                      "en första aktivitet.",
        "benefits": "11 av de 14 flickorna är kvar efter tre veckor.",
        "concerns": "Coacherna hinner inte med fler än cirka 15 barn samtidigt.",
        "do_next": "Pröva gruppvisa introduktioner i stället för enskilda. Förbered elevenkäten vt 2026.",
        "education": "Att en känd vuxen följer med de första gångerna avgör för flickor som aldrig provat."},
     [("Antal föreningar på plats vid Torgidén", "9", "2026-01-10"),
      ("Andel elever i åk 4–6 som provat en aktivitet i skolan", "40 %", "2026-01-23"),
      ("Andel aktivitetstillfällen för 10–12 år med registrerad närvaro", "88 %", "2026-01-23")]),
    ("2026-03-02", 20, {
        "activities": "Gruppvisa introduktioner två gånger i månaden. Gemensamt planeringsmöte skola, fritidsgård "
                      "och föreningar (det tredje denna termin).",
        "benefits": "Utbudet är nu 14 aktivitetstillfällen per vecka för 10–12 år.",
        "concerns": "Deltagandet sjunker när aktiviteterna flyttar från skolan till hallarna.",
        "do_next": "Följeslagning från skolan till hallen. Elevenkäten genomförs i april.",
        "education": "Platsen betyder mer än vi trodde: skolan upplevs trygg, vägen till hallen inte."},
     [("Antal aktivitetstillfällen per vecka för 10–12 år i Skogås", "14", "2026-03-20"),
      ("Antal gemensamma planeringsmöten skola, fritidsgård och föreningar per termin", "3", "2026-03-20"),
      ("Andel elever i åk 4–6 som provat en aktivitet i skolan", "52 %", "2026-03-20")]),
    ("2026-05-04", 22, {
        "activities": "Elevenkäten åk 5 genomförd och analyserad. Fokusgrupper med deltagande och icke-deltagande "
                      "barn. Underlag till områdesstyrgruppens beslut i juni.",
        "benefits": "Andelen som deltar varje vecka ökade från 38 % till 46 %; bland flickor i västra Skogås "
                    "från 27 % till 31 %.",
        "concerns": "Flickornas ökning är mindre än målet (40 % till vt 2027).",
        "do_next": "Föreslå att skala upp skolan som arena och starta en ny process om flickors deltagande.",
        "education": "Skolan som arena och följeslagning ger mest; Torgidén ger kontakt men få nya deltagare."},
     [("Andel barn 10–12 år i Skogås som deltar i ledarledd fritidsaktivitet varje vecka", "46 %", "2026-04-30"),
      ("Andel flickor 10–12 år i västra Skogås som deltar i ledarledd aktivitet", "31 %", "2026-04-30"),
      ("Antal aktivitetstillfällen per vecka för 10–12 år i Skogås", "15", "2026-05-22"),
      ("Andel elever i åk 4–6 som provat en aktivitet i skolan", "63 %", "2026-05-22")]),
]


def build() -> dict[str, Any]:
    flow = get_flow()
    fixture = json.loads(FIXTURE.read_text(encoding="utf-8"))
    created = local(date(2025, 1, 8), 9)
    doc = to_export(fixture, {flow.id: flow}, author="anna", now=created)
    doc["process"] |= {"current_step": 7, "cursor": None}
    doc["members"] = [{"user_id": uid, "display_name": name, "role": role, "added_by": "anna",
                       "added_at": iso_utc(created + timedelta(minutes=i))}
                      for i, (uid, name, role) in enumerate(PEOPLE)]
    audit = [{"actor": "anna", "action": "process_created", "created_at": iso_utc(created),
              "detail": {"name": fixture["name"], "flow_id": flow.id, "flow_version": flow.version,
                         "channel_id": None}}]
    audit += [{"actor": "anna", "action": "member_added", "created_at": m["added_at"],
               "detail": {"user_id": m["user_id"], "role": m["role"]}} for m in doc["members"][1:]]
    decided = {d["step_number"]: date.fromisoformat(d["value"]["date"]) for d in doc["decisions"]}
    earlier = drafts(fixture["answers"])
    answers = []
    for step in flow.steps:
        day = decided[step.number] - timedelta(days=14)
        for i, q in enumerate(q for q in step.questions() if q.id in fixture["answers"]):
            author = AUTHOR_BY_STEP[step.number]
            via = "slack_thread" if q.type in ("text", "list", "choice") else "slack_modal"
            versions = ([earlier[q.id]] if q.id in earlier else []) + [fixture["answers"][q.id]]
            for version, raw in enumerate(versions, start=1):
                value = ANSWER_TYPES[q.type].model_validate(raw)
                when = local(day + timedelta(days=7 * (version - 1)), 9, i)
                who = author if version == 1 else "anna"
                answers.append({"question_id": q.id, "version": version, "value": value.model_dump(mode="json"),
                                "skipped": False, "warnings": value.warnings(), "author": who, "via": via,
                                "created_at": iso_utc(when)})
                audit.append({"actor": who, "action": "answer", "created_at": iso_utc(when),
                              "detail": {"question_id": q.id, "version": version, "via": via}})
    doc["answers"] = sorted(answers, key=lambda a: (a["created_at"], a["question_id"], a["version"]))
    for d in doc["decisions"]:
        when = local(decided[d["step_number"]], 15)
        d |= {"author": DECIDED_BY, "via": "slack_modal", "created_at": iso_utc(when)}
        audit.append({"actor": DECIDED_BY, "action": "decision", "created_at": iso_utc(when),
                      "detail": {"step": d["step_number"], "unmet": []}})
    set_at = local(date(2025, 8, 25), 10)
    doc["abcde_schedule"] = {
        "cadence": RHYTHM.cadence, "weekday": RHYTHM.weekday, "at_time": "09:00", "timezone": RHYTHM.tz,
        "anchor": RHYTHM.anchor.isoformat(), "target": "channel", "channel_id": None, "thread_ts": None,
        "reporters": ["erik"], "nudge_hours": 24, "paused": True, "active_from": iso_utc(set_at), "set_by": "anna",
        "created_at": iso_utc(set_at), "updated_at": iso_utc(set_at), "skips": []}
    audit.append({"actor": "anna", "action": "abcde_schedule", "created_at": iso_utc(set_at),
                  "detail": {"cadence": "monthly", "weekday": "0", "at_time": "09:00", "reporters": "['erik']"}})
    reports = []
    for key, day, fields, values in REPORTS:
        period = period_for_key(RHYTHM, key)
        when = local(date.fromisoformat(key).replace(day=day), 16)
        value = AbcdeReport.model_validate(fields | {"indicator_values": [
            {"indicator": n, "value": v, "date": d} for n, v, d in values]})
        reports.append({"period_key": period.key, "period_start": iso_utc(period.start),
                        "period_end": iso_utc(period.end), "author": "erik", "version": 1,
                        "value": value.model_dump(mode="json"), "via": "slack_modal", "created_at": iso_utc(when)})
        audit.append({"actor": "erik", "action": "abcde_report", "created_at": iso_utc(when),
                      "detail": {"period": period.key, "version": 1, "via": "slack_modal"}})
    doc["abcde_reports"] = reports
    doc["audit"] = sorted(audit, key=lambda e: e["created_at"])
    return doc


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="fail if the shipped example differs")
    args = parser.parse_args()
    text = dumps_export(build())
    target = example_path()
    if args.check:
        if target.read_text(encoding="utf-8") != text:
            print(f"{target} is out of date: run python scripts/build_example.py", file=sys.stderr)
            return 1
        return 0
    target.write_text(text, encoding="utf-8")
    print(f"wrote {target.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
