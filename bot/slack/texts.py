"""Slack-only UI strings, Swedish first (shared strings stay in bot/i18n.py)."""

from __future__ import annotations

STRINGS: dict[str, dict[str, str]] = {
    "sv": {
        "btn_answer": "Svara",
        "btn_guidance": "Vägledning",
        "btn_skip": "Hoppa över",
        "btn_back": "Tillbaka",
        "btn_show_all": "Visa allt",
        "btn_decide": "Registrera beslut",
        "btn_continue": "Fortsätt",
        "btn_add_row": "Lägg till rad",
        "modal_save": "Spara",
        "modal_cancel": "Avbryt",
        "modal_close": "Stäng",
        "modal_title": "Svara",
        "modal_decide_title": "Beslut",
        "modal_full_title": "Hela svaret",
        "step_parent": "*Steg {n} av {total}: {title}*",
        "progress": "{answered} av {total_q} frågor besvarade · {status}",
        "gate_ready": ":white_check_mark: Redo för beslut vid beslutspunkten.",
        "gate_missing": "Inför beslut saknas:",
        "gate_more": "… och {k} till",
        "thread_hint": "Frågor, svar och vägledning för steget finns i tråden.",
        "question_head": "Steg {n} · fråga {pos} av {total}",
        "optional": "(frivillig)",
        "source": "Källa: {title}, {locator}",
        "current": "Nuvarande svar (version {version}):",
        "skipped_before": "Frågan hoppades över tidigare.",
        "reply_hint": "Svara direkt här i tråden, eller tryck *Svara*.",
        "reply_list_hint": "Svara här i tråden med en punkt per rad, eller tryck *Svara*.",
        "form_hint": "Tryck *Svara* för att fylla i formuläret.",
        "saved": ":white_check_mark: <@{user}> sparade svaret på «{question}» (version {version}).",
        "skipped": ":fast_forward: <@{user}> hoppade över «{question}» – den kan tas senare.",
        "unchanged": "Svaret är oförändrat – ingen ny version sparades.",
        "gate_head": "*Beslutspunkt steg {n}: {title}*",
        "gate_decision": "Beslut som ska fattas: {text}",
        "done": ":tada: Alla steg är beslutade. Bra jobbat!",
        "created": ":seedling: Processen «{name}» är startad i den här kanalen. <@{user}> är koordinator. "
                   "Varje steg får en egen tråd – steg 1 börjar nedan.",
        "already_bound": "Den här kanalen har redan processen «{name}». Skriv `/coach status`.",
        "no_process_here": "Det finns ingen process i den här kanalen. Starta en med `/coach ny <namn>`.",
        "need_name": "Ge processen ett namn: `/coach ny Meningsfull fritid i Skogås`.",
        "step_posted": "Steg {n} fortsätter i sin tråd: {link}",
        "bad_step": "Ange ett steg 1–{n}: `/coach steg 2`.",
        "need_query": "Skriv vad du vill veta: `/coach fråga hur gör vi en gapanalys?`",
        "guidance_head": "*Vägledning* – {question}",
        "search_head": "*Vägledning* – «{query}»",
        "no_guidance": "Jag hittade inget i vägledningen som passar just det.",
        "status_head": "*{name}* – du är {role}",
        "members_head": "*Roller i {name}*",
        "role_usage": "Så här: `/coach roll @person koordinator|projektledare|medlem`.",
        "role_set": "<@{user}> är nu {role} i processen.",
        "export_sent": "Export av «{name}» – alla svar, versioner och beslut. Läs in med `coach import FIL`.",
        "export_done": "Exporten är skickad till dig som direktmeddelande.",
        "export_hint": "Exporten finns i kommandoraden: `coach export \"{name}\" -o fil.json`. "
                       "Underlag per beslutspunkt: `coach underlag \"{name}\" --step N --format docx`.",
        "not_in_thread": "Den här tråden gäller steg {n}. Aktuell fråga finns i steg {current} – "
                         "skriv `/coach fortsätt` eller `/coach steg {n}` för att svara här.",
        "use_button": "Den här frågan besvaras i ett formulär – tryck *Svara* under frågan.",
        "no_question": "Det finns ingen fråga att svara på just nu.",
        "problems": "Det gick inte att spara:",
        "error": "Förlåt, något gick fel och inget sparades. Försök igen om en stund.",
        "mention": "Hej! Jag är Processcoach. Skriv `/coach hjälp` för att se vad jag kan.",
        "stale": "Den frågan är redan besvarad eller flyttad – se den senaste frågan i tråden.",
        "rows_hidden": "*{field}*: formuläret visar de första {shown} raderna – fler får inte plats. "
                       "Övriga rader behålls oförändrade när du sparar; ändra dem i terminalen (`coach chat`).",
        "rows_lost": "Svaret har fler rader än formuläret kan visa, och versionen formuläret öppnades på finns "
                     "inte längre. Inget sparades – ändra svaret i terminalen (`coach chat`) så att inga rader "
                     "går förlorade.",
        "gate_decided": ":white_check_mark: Beslutad vid beslutspunkten.",
        "decide_anyway": "Registrera beslutet ändå",
        "decide_confirm_label": "Kriterier saknas",
        "decide_confirm_hint": "{k} kriterier är inte uppfyllda. De noteras vid beslutet och i underlaget.",
        "decide_now_unmet": "Sedan formuläret öppnades saknas kriterier. Läs dem och kryssa i "
                            "«Registrera beslutet ändå» om beslutet ska registreras ändå.",
        "decided_post": ":ballot_box_with_check: <@{user}> registrerade beslutet för steg {n}: {forum}, {date}.",
        "decided_unmet_post": "Beslutet fattades trots {k} ouppfyllda kriterier.",
        "underlag_started": "Underlaget för steg {n} tas fram och läggs i stegets tråd.",
        "underlag_posted": ":page_facing_up: <@{user}> tog fram underlaget för beslutspunkten i steg {n}.",
        "underlag_next": "Registrera beslutet med `/coach beslut {n}`.",
        "summary_since": "Förra sammanfattningen: {when}.",
        "summary_posted": "Sammanfattningen av steg {n} ligger i stegets tråd.",
        "bad_step_arg": "Ange ett steg 1–{n}, till exempel `/coach {word} 2`.",
        "home_head": "Dina processer",
        "home_help": "Skriv `/coach hjälp` i en processkanal för alla kommandon.",
        "home_empty": "Du är inte med i någon process ännu. Starta en i en kanal med `/coach ny <namn>`, "
                      "eller be en koordinator lägga till dig.",
        "home_next": "*Nästa fråga:* {text}",
        "home_channel": "Kanal: <#{channel}> · du är {role}",
        "home_gate": "*Beslutspunkt {n}:* {state}",
        "help": (
            "*Processcoach – kommandon*\n"
            "`/coach ny <namn>` starta en process i kanalen (du blir koordinator)\n"
            "`/coach status` var processen står, steg för steg\n"
            "`/coach steg [N]` gå till steg N (utan N: aktuellt steg)\n"
            "`/coach fortsätt` visa aktuell fråga i stegets tråd\n"
            "`/coach fråga <text>` sök i vägledningen\n"
            "`/coach roller` vem har vilken roll\n"
            "`/coach roll @person <roll>` ge någon en roll (koordinator)\n"
            "`/coach sammanfatta [N]` sammanfatta steg N i stegets tråd (utan N: aktuellt steg)\n"
            "`/coach underlag N` underlaget för beslutspunkt N som Word-fil i stegets tråd (koordinator)\n"
            "`/coach beslut N` registrera beslutet vid beslutspunkt N (koordinator)\n"
            "`/coach export` exportera processen\n"
            "`/coach hjälp` den här hjälpen\n"
            "I ett stegs tråd kan du svara direkt, eller skriva «hoppa över», «tillbaka», «vägledning».\n"
            "Engelska namn går också: new, step, continue, ask, roles, role, summary, decision, help."
        ),
    },
}


def st(key: str, lang: str = "sv", **kw: object) -> str:
    table = STRINGS.get(lang, STRINGS["sv"])
    return table.get(key, STRINGS["sv"][key]).format(**kw)
