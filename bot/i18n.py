"""UI strings, Swedish first. Keys are shared by the terminal and Slack adapters."""

from __future__ import annotations

STRINGS: dict[str, dict[str, str]] = {
    "sv": {
        "bad_process_name": "Ge processen ett namn på 1–120 tecken, till exempel «Meningsfull fritid i Skogås».",
        "no_process": "Det finns ingen process som heter «{name}». Starta en med «coach chat --process NAMN».",
        "ambiguous_process": "Det finns flera processer som heter «{name}», i arbetsytorna {workspaces}. Be en "
                             "koordinator i den ena att byta namn med «/coach namn <nytt namn>».",
        "process_archived": "Processen «{name}» är arkiverad. En koordinator kan återställa den med "
                            "«coach process restore \"{name}\"».",
        "bad_role": "Okänd roll. Välj en av: {roles}.",
        "bad_language": "Okänt språk. Välj ett av: {languages} (sv = svenska, en = engelska).",
        "refused_not_member": "Du är inte med i processen «{name}». Be en koordinator lägga till dig.",
        "refused_role": "Det här får bara processens koordinator göra i «{name}».",
        "refused_reporter": "Det här får bara processens projektledare och koordinatorer göra i «{name}».",
        "not_a_member": "{user} är inte med i processen «{name}».",
        "last_coordinator": "{user} är den enda koordinatorn i «{name}» och kan inte tas bort eller få en annan "
                            "roll. Gör först någon annan till koordinator.",
        "member_removed": "{user} är inte längre med i processen. Det hen har svarat finns kvar.",
        "welcome": "Processcoach – {name} (du är {role}). Skriv «hjälp» för kommandon.",
        "created": "Ny process «{name}» är startad. Du är koordinator.",
        "step_header": "Steg {n} av {total}: {title}",
        "question_header": "Fråga {pos} av {total}  [{id}]",
        "optional": "(frivillig)",
        "source": "Källa: {title}, {locator}",
        "current_answer": "Nuvarande svar (version {version}):",
        "skipped_before": "Frågan hoppades över tidigare.",
        "history_skipped": "(överhoppad)",
        "gate_header": "Beslutspunkt steg {n}: {title}",
        "gate_ready": "Alla kriterier är uppfyllda – steget är redo för beslut.",
        "gate_unmet": "Det här saknas innan beslut:",
        "gate_decision": "Beslut som ska fattas: {text}",
        "gate_hint": "Skriv «beslut» för att registrera beslutet, «steg {next}» för att gå vidare, "
                     "eller «ändra <id>» för att ändra ett svar.",
        "decided_hint": "Steg {n} är beslutat ({forum}, {date}).",
        "done": "Alla sju steg är beslutade. Bra jobbat! Skriv «status» för en översikt.",
        "saved": "Sparat (version {version}).",
        "skipped": "Överhoppad – du kan ta frågan senare med «ändra {id}».",
        "bye": "Allt är sparat. Fortsätt senare med samma kommando.",
        "unknown_command": "Det känner jag inte igen. Skriv «hjälp» för kommandon.",
        "list_hint": "Skriv en punkt per rad. Avsluta med en tom rad («avbryt» sparar ingenting).",
        "text_hint": "Skriv ditt svar på en rad.",
        "form_hint": "Fyll i fält för fält. Tom rad hoppar över ett frivilligt fält; «avbryt» avbryter.",
        "add_row": "Lägga till rad {n} i «{what}»?",
        "status_counts": "{answered}/{total} besvarade",
        "status_skipped": ", {n} överhoppade",
        "status_next": "Nästa fråga (steg {n}): {text}",
        "status_next_gate": "Nästa: beslutspunkten i steg {n}.",
        "and_more": "… och {n} till",
        "findings_title": "Samstämmighet mellan stegen – {n} att åtgärda:",
        "finding_where": "steg {step}",
        "keep_value": "{what}: «{value}». Behålla?",
        "keep_rows": "Behålla de {n} raderna i «{what}»? (nya rader kan läggas till efter)",
        "required_field": "«{label}» måste fyllas i.",
        "choose": "Välj med nummer:",
        "outcome_pick": "Nummer, eller skriv ett eget utfall (tom rad = inget): ",
        "yes_no": "Svara ja eller nej.",
        "yes_no_prompt": "{title} (ja/nej): ",
        "yes": "ja",
        "no": "nej",
        "pick_numbers": "Ange nummer, separerade med mellanslag (tom rad = inga): ",
        "rating_prompt": "  {perspective} (+ / 0 / −, tom = ej bedömd): ",
        "no_guidance": "Jag hittade inget i vägledningen som passar just den här frågan.",
        "guidance_header": "Vägledning:",
        "guidance_wait": "Sökindexet för vägledningen byggs första gången – det tar ungefär en minut …",
        "form_aborted": "Avbrutet – inget sparades.",
        "decide_despite": "Registrera beslutet ändå, trots det som saknas? (ja/nej)",
        "role_set": "{user} är nu {role} i processen.",
        "history_header": "Versioner av {id}:",
        "error_prefix": "Det gick inte:",
        "help": (
            "Kommandon:\n"
            "  hjälp                 den här listan\n"
            "  status                var processen står, steg för steg\n"
            "  fortsätt              visa aktuell fråga\n"
            "  steg N                gå till steg N (1–7)\n"
            "  tillbaka              föregående fråga\n"
            "  hoppa över            ta frågan senare\n"
            "  ändra <id>            ändra ett tidigare svar (sparas som ny version)\n"
            "  vägledning            vad vägledningen säger om frågan, med källa\n"
            "  beslut                registrera beslutet vid stegets beslutspunkt (koordinator)\n"
            "  roll <namn> <roll>    ge någon en roll: koordinator, projektledare, medlem\n"
            "  roll <namn> ingen     ta bort någon ur processen (koordinator)\n"
            "  avsluta               spara och avsluta"
        ),
    },
    "en": {
        "bad_process_name": "Give the process a name of 1–120 characters, e.g. «Meningsfull fritid i Skogås».",
        "no_process": "There is no process called «{name}». Start one with «coach chat --process NAME».",
        "ambiguous_process": "There are several processes called «{name}», in the workspaces {workspaces}. Ask a "
                             "coordinator in one of them to rename it with «/coach rename <new name>».",
        "process_archived": "The process «{name}» is archived. A coordinator can restore it with "
                            "«coach process restore \"{name}\"».",
        "bad_role": "Unknown role. Choose one of: {roles}.",
        "bad_language": "Unknown language. Choose one of: {languages} (sv = Swedish, en = English).",
        "refused_not_member": "You are not a member of the process «{name}». Ask a coordinator to add you.",
        "refused_role": "Only the process coordinator may do this in «{name}».",
        "refused_reporter": "Only the process's project leads and coordinators may do this in «{name}».",
        "not_a_member": "{user} is not a member of the process «{name}».",
        "last_coordinator": "{user} is the only coordinator of «{name}» and cannot be removed or given another "
                            "role. Make someone else coordinator first.",
        "member_removed": "{user} is no longer a member of the process. Their answers are kept.",
        "welcome": "Processcoach – {name} (you are {role}). Type «help» for commands.",
        "created": "New process «{name}» started. You are its coordinator.",
        "step_header": "Step {n} of {total}: {title}",
        "question_header": "Question {pos} of {total}  [{id}]",
        "optional": "(optional)",
        "source": "Source: {title}, {locator}",
        "current_answer": "Current answer (version {version}):",
        "skipped_before": "This question was skipped earlier.",
        "history_skipped": "(skipped)",
        "gate_header": "Decision point step {n}: {title}",
        "gate_ready": "All criteria are met – the step is ready for decision.",
        "gate_unmet": "Missing before a decision:",
        "gate_decision": "Decision to take: {text}",
        "gate_hint": "Type «beslut» to record the decision, «steg {next}» to move on, or «ändra <id>» to edit.",
        "decided_hint": "Step {n} is decided ({forum}, {date}).",
        "done": "All seven steps are decided. Well done! Type «status» for an overview.",
        "saved": "Saved (version {version}).",
        "skipped": "Skipped – take it later with «ändra {id}».",
        "bye": "Everything is saved. Continue later with the same command.",
        "unknown_command": "I don't recognise that. Type «help» for commands.",
        "list_hint": "One item per line. Finish with an empty line («avbryt» saves nothing).",
        "text_hint": "Write your answer on one line.",
        "form_hint": "Fill in field by field. An empty line skips an optional field; «avbryt» cancels.",
        "add_row": "Add row {n} to «{what}»?",
        "status_counts": "{answered}/{total} answered",
        "status_skipped": ", {n} skipped",
        "status_next": "Next question (step {n}): {text}",
        "status_next_gate": "Next: the decision point of step {n}.",
        "and_more": "… and {n} more",
        "findings_title": "Consistency across the steps – {n} to fix:",
        "finding_where": "step {step}",
        "keep_value": "{what}: «{value}». Keep it?",
        "keep_rows": "Keep the {n} rows of «{what}»? (new rows can be added after them)",
        "required_field": "«{label}» is required.",
        "choose": "Choose by number:",
        "outcome_pick": "A number, or write an utfall (outcome) of your own (empty line = none): ",
        "yes_no": "Answer yes or no.",
        "yes_no_prompt": "{title} (yes/no): ",
        "yes": "yes",
        "no": "no",
        "pick_numbers": "Enter numbers separated by spaces (empty line = none): ",
        "rating_prompt": "  {perspective} (+ / 0 / −, empty = not rated): ",
        "no_guidance": "I found nothing in the guidance that fits this question.",
        "guidance_header": "Guidance:",
        "guidance_wait": "The guidance index is built the first time – this takes about a minute …",
        "form_aborted": "Cancelled – nothing was saved.",
        "decide_despite": "Record the decision anyway, despite what is missing? (yes/no)",
        "role_set": "{user} is now {role} in the process.",
        "history_header": "Versions of {id}:",
        "error_prefix": "That did not work:",
        "help": "Commands: help, status, fortsätt, steg N, tillbaka, hoppa över, ändra <id>, vägledning, "
                "beslut, roll <name> <role> (role «ingen» removes the member), avsluta "
                "(English aliases: continue, step N, back, skip, edit <id>, "
                "guidance, decide, role, quit)",
    },
}


def t(lang: str, key: str, **kw: object) -> str:
    table = STRINGS.get(lang, STRINGS["sv"])
    return table.get(key, STRINGS["sv"][key]).format(**kw)
