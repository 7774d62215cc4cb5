"""Slack-only UI strings, Swedish first (shared strings stay in bot/i18n.py)."""

from __future__ import annotations

STRINGS: dict[str, dict[str, str]] = {
    "sv": {
        "btn_save_draft": "Spara som svar",
        "btn_discard_draft": "Nej, det var diskussion",
        "btn_edit_answer": "Ändra",
        "draft_offer": "Spara som svar på «{question}»?",
        "draft_preview": "Ditt inlägg ({k} tecken): {preview}",
        "draft_form_offer": "«{question}» besvaras i ett formulär – tryck *Svara*. Det du skrev står kvar i "
                            "tråden som diskussion.",
        "draft_done": "Det här inlägget är redan hanterat.",
        "draft_discussion": "Okej – inlägget står kvar som diskussion och sparas inte som svar.",
        "draft_not_yours": "Bara den som skrev inlägget kan spara det som svar.",
        "answered_by": ":white_check_mark: *Svar* (version {version}) – <@{user}>",
        "skipped_by": ":fast_forward: <@{user}> hoppade över frågan – den kan tas senare.",
        "saved_elsewhere": ":white_check_mark: <@{user}> sparade svaret på «{question}» (version {version}).",
        "parent_next": "Nästa fråga: {text}",
        "parent_gate": "Beslutspunkt: ✓ {met} · ✗ {unmet} av {total} kriterier",
        "gate_who_decides": "En koordinator registrerar beslutet med `/coach beslut {n}`.",
        "gate_decide_private": "Du är koordinator: registrera beslutet för steg {n} här när ni är klara.",
        "step_done_elsewhere": "Stegets frågor är besvarade. Teamets nästa fråga finns i steg {n}: «{text}» – "
                               "svara i den trådens fråga (*Svara*). Det du skrev här sparas inte som svar.",
        "dm_pointer": "Hej! Svaren sparas i processkanalens trådar, inte här. Under varje fråga finns *Svara*; "
                      "skriver du i tråden frågar jag om inlägget ska sparas som svar.\n{processes}\n"
                      "`/coach status` i kanalen visar nästa fråga, `/coach hjälp` alla kommandon.",
        "dm_process": "• «{name}» i <#{channel}> – {next}",
        "dm_next_gate": "nästa: beslutspunkten i steg {n}",
        "status_next_gate": "*Nästa:* beslutspunkten i steg {n}.",
        "dm_no_process": "Du är inte med i någon process ännu. Starta en i en kanal med `/coach ny <namn>`.",
        "mention_here": "Hej! Frågorna besvaras i stegens trådar här i kanalen. Nästa fråga finns i steg {n}: "
                        "«{text}». Tryck *Svara* under frågan i tråden, eller skriv `/coach fortsätt`.",
        "mention_gate": "Hej! Steg {n} står vid sin beslutspunkt – se stegets tråd, eller skriv `/coach status`.",
        "role_told": ":bust_in_silhouette: <@{by}> gav dig rollen *{role}* i processen «{name}» i <#{channel}>. "
                     "{what}",
        "role_what_koordinator": "Som koordinator kan du också ta fram underlag, registrera beslut och ge roller.",
        "role_what_projektledare": "Som projektledare svarar du på frågorna och lämnar ABCDE-rapporter.",
        "role_what_medlem": "Som medlem svarar du på frågorna i stegens trådar.",
        "btn_answer": "Svara",
        "btn_guidance": "Vägledning",
        "btn_skip": "Hoppa över",
        "btn_back": "Tillbaka",
        "btn_show_all": "Visa allt",
        "btn_decide": "Registrera beslut",
        "btn_continue": "Fortsätt",
        "btn_add_row": "Lägg till rad",
        "btn_remove_row": "Ta bort rad",
        "too_big_for_modal": "Svaret är för stort för ett Slack-formulär, även uppdelat i delar. Inget har "
                             "ändrats. Ändra det i terminalen (`coach chat`), där hela texten ryms.",
        "parent_top": "– (överst, under ingen annan)",
        "part_label": "{title} (del {k} av {n})",
        "parts_hint": "Texten är längre än ett fält rymmer och visas i {n} delar. De sätts ihop när du sparar – "
                      "inget kortas.",
        "outcome_gone": "Utfallet finns inte längre bland processens utfall. Välj ett av dem.",
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
        "thread_hint": "Frågor, svar och diskussion finns i tråden.",
        "question_head": "Steg {n} · fråga {pos} av {total}",
        "optional": "(frivillig)",
        "source": "Källa: {title}, {locator}",
        "current": "Nuvarande svar (version {version}):",
        "skipped_before": "Frågan hoppades över tidigare.",
        "reply_hint": "Tryck *Svara*, eller skriv svaret i tråden och bekräfta med *Spara som svar*.",
        "reply_list_hint": "Tryck *Svara*, eller skriv en punkt per rad i tråden och bekräfta med *Spara som svar*.",
        "form_hint": "Tryck *Svara* för att fylla i formuläret.",
        "saved": ":white_check_mark: <@{user}> sparade svaret på «{question}» (version {version}).",
        "skipped": ":fast_forward: <@{user}> hoppade över «{question}» – den kan tas senare.",
        "unchanged": "Svaret är oförändrat – ingen ny version sparades.",
        "gate_head": "*{title}*",
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
        "unknown_subcommand": "Jag känner inte igen `{word}`. Så här kan du skriva:",
        "guidance_head": "*Vägledning* – {question}",
        "search_head": "*Vägledning* – «{query}»",
        "no_guidance": "Jag hittade inget i vägledningen som passar just det.",
        "guidance_preparing": ":hourglass_flowing_sand: Vägledningen förbereds, klar om ungefär {n} s. "
                              "Passagerna visas här när de är klara.",
        "guidance_searching": ":mag: Söker … Vägledningen förbereds, klar om ungefär {n} s. Svaret kommer här.",
        "status_head": "*{name}* – du är {role}",
        "members_head": "*Roller i {name}*",
        "role_usage": "Så här: `/coach roll @person koordinator|projektledare|medlem` – eller `ingen` för att ta bort "
                      "personen ur processen.",
        "role_set": "<@{user}> är nu {role} i processen.",
        "member_removed": "<@{user}> är inte längre med i processen. Det hen har svarat finns kvar.",
        "removed_told": ":bust_in_silhouette: <@{by}> har tagit bort dig från processen «{name}» i <#{channel}>. "
                        "Det du har svarat finns kvar.",
        "export_sent": "Export av «{name}» – alla svar, versioner och beslut. Läs in med `coach import FIL`.",
        "export_done": "Exporten är skickad till dig som direktmeddelande.",
        "export_hint": "Exporten finns i kommandoraden: `coach export \"{name}\" -o fil.json`. "
                       "Underlag per beslutspunkt: `coach underlag \"{name}\" --step N --format docx`.",
        "not_in_thread": "Den här tråden gäller steg {n}. Aktuell fråga finns i steg {current} – "
                         "skriv `/coach fortsätt` eller `/coach steg {n}` för att svara här.",
        "use_button": "Den här frågan besvaras i ett formulär – tryck *Svara* under frågan.",
        "no_question": "Det finns ingen fråga att svara på just nu.",
        "problems": "Det gick inte att spara:",
        "error": "Förlåt, något gick fel. Försök igen om en stund.",
        "error_saved": "Det du sparade är sparat, men något gick fel efteråt. Skriv `/coach status` för att se "
                       "var processen står.",
        "error_slack": "Slack svarar inte just nu, så det gick inte att slutföra. Försök igen om en stund.",
        "db_busy": "Databasen är upptagen just nu – inget sparades. Försök igen om en stund.",
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
        "language_set": ":speech_balloon: <@{user}> ändrade processens språk till svenska. "
                        "Frågor och knappar visas nu på svenska.",
        "language_usage": "Så här: `/coach språk sv|en` (sv = svenska, en = engelska). Nu: {current}.",
        "language_name": "svenska",
        "status_counts": "{answered}/{total} besvarade",
        "status_skipped": "{k} överhoppade",
        "step_fallback": "Steg {n}: {title} – {progress}",
        "blocks_hidden": "… {k} delar visas inte här.",
        "row_label": "*{title} – rad {n}*",
        "row_needs": " · fyller du i raden krävs {fields}",
        "choice_label": "Val",
        "flags_label": "Kryssa i det som stämmer",
        "lines_hint": "En punkt per rad.",
        "home_head": "Dina processer",
        "home_help": "Skriv `/coach hjälp` i en processkanal för alla kommandon.",
        "home_empty": "Du är inte med i någon process ännu. Starta en i en kanal med `/coach ny <namn>`, "
                      "eller be en koordinator lägga till dig.",
        "home_next": "*Nästa fråga:* {text}",
        "home_channel": "Kanal: <#{channel}> · du är {role}",
        "home_gate": "*Beslutspunkt {n}:* {state}",
        "renamed": "<@{user}> bytte namn på processen till «{name}».",
        "rename_usage": "Skriv `/coach namn <nytt namn>`. Processen heter nu «{name}».",
        "archived": "<@{user}> arkiverade processen «{name}». Inget är raderat: den finns kvar för export och "
                    "underlag, och kan återställas med `coach process restore`. Kanalen är fri för en ny "
                    "process (`/coach ny <namn>`).",
        "help": (
            "*Processcoach – kommandon*\n"
            "`/coach ny <namn>` starta en process i kanalen (du blir koordinator)\n"
            "`/coach status` var processen står, steg för steg\n"
            "`/coach steg [N]` gå till steg N (utan N: aktuellt steg)\n"
            "`/coach fortsätt` visa nästa fråga i stegets tråd\n"
            "`/coach fråga <text>` sök i vägledningen\n"
            "`/coach roller` vem har vilken roll\n"
            "`/coach roll @person <roll>` ge någon en roll, `ingen` tar bort personen (koordinator)\n"
            "`/coach sammanfatta [N]` sammanfatta steg N i stegets tråd (utan N: aktuellt steg)\n"
            "`/coach underlag N` underlaget för beslutspunkt N som Word- och PDF-fil i stegets tråd (koordinator)\n"
            "`/coach beslut N` registrera beslutet vid beslutspunkt N (koordinator)\n"
            "`/coach export` exportera processen (koordinator)\n"
            "`/coach språk sv|en` processens språk: svenska eller engelska (koordinator)\n"
            "`/coach namn <nytt namn>` byt namn på processen (koordinator)\n"
            "`/coach arkivera` arkivera en avslutad process; inget raderas (koordinator)\n"
            "`/coach abcde` skriv periodens ABCDE-rapport · `/coach abcde schema …` påminnelser (koordinator) · "
            "`/coach abcde historik [från] [till]` tidigare rapporter · `/coach abcde sammanfattning` lärandet\n"
            "`/coach hjälp` den här hjälpen\n"
            "*Så sparas svar:* tryck *Svara* under frågan. Skriver du i stegets tråd är det diskussion – jag frågar "
            "bara dig (ingen annan ser det) om inlägget ska sparas som svar, och inget sparas utan ditt klick på "
            "*Spara som svar*.\n"
            "I tråden kan du också skriva «status», «fortsätt», «hoppa över», «tillbaka», «vägledning», «hjälp».\n"
            "Engelska namn går också: new, step, continue, ask, roles, role, summary, decision, language, rename, "
            "archive, help."
        ),
    },
    "en": {
        "btn_save_draft": "Save as answer",
        "btn_discard_draft": "No, it was discussion",
        "btn_edit_answer": "Edit",
        "draft_offer": "Save as the answer to «{question}»?",
        "draft_preview": "Your post ({k} characters): {preview}",
        "draft_form_offer": "«{question}» is answered in a form – press *Answer*. What you wrote stays in the "
                            "thread as discussion.",
        "draft_done": "This post has already been handled.",
        "draft_discussion": "Fine – the post stays as discussion and is not saved as an answer.",
        "draft_not_yours": "Only the person who wrote the post can save it as an answer.",
        "answered_by": ":white_check_mark: *Answer* (version {version}) – <@{user}>",
        "skipped_by": ":fast_forward: <@{user}> skipped the question – it can be answered later.",
        "saved_elsewhere": ":white_check_mark: <@{user}> saved the answer to «{question}» (version {version}).",
        "parent_next": "Next question: {text}",
        "parent_gate": "Decision point: ✓ {met} · ✗ {unmet} of {total} criteria",
        "gate_who_decides": "A coordinator records the beslut (decision) with `/coach decision {n}`.",
        "gate_decide_private": "You are coordinator: record the beslut (decision) for step {n} here when you "
                               "are ready.",
        "step_done_elsewhere": "This step's questions are answered. The team's next question is in step {n}: "
                               "«{text}» – answer it in that thread (*Answer*). What you wrote here is not "
                               "saved as an answer.",
        "dm_pointer": "Hi! Answers are saved in the process channel's threads, not here. Under each question "
                      "there is *Answer*; if you write in the thread I ask whether to save the post as the "
                      "answer.\n{processes}\n`/coach status` in the channel shows the next question, "
                      "`/coach help` every command.",
        "dm_process": "• «{name}» in <#{channel}> – {next}",
        "dm_next_gate": "next: the decision point of step {n}",
        "status_next_gate": "*Next:* the decision point of step {n}.",
        "dm_no_process": "You are not in any process yet. Start one in a channel with `/coach new <name>`.",
        "mention_here": "Hi! The questions are answered in the steps' threads in this channel. The next question "
                        "is in step {n}: «{text}». Press *Answer* under the question in the thread, or type "
                        "`/coach continue`.",
        "mention_gate": "Hi! Step {n} is at its decision point – see the step's thread, or type `/coach status`.",
        "role_told": ":bust_in_silhouette: <@{by}> gave you the role *{role}* in the process «{name}» in "
                     "<#{channel}>. {what}",
        "role_what_koordinator": "As coordinator you can also prepare underlag, record beslut (decisions) and "
                                 "give roles.",
        "role_what_projektledare": "As project lead you answer the questions and write ABCDE reports.",
        "role_what_medlem": "As member you answer the questions in the steps' threads.",
        "btn_answer": "Answer",
        "btn_guidance": "Guidance",
        "btn_skip": "Skip",
        "btn_back": "Back",
        "btn_show_all": "Show all",
        "btn_decide": "Record decision",
        "btn_continue": "Continue",
        "btn_add_row": "Add row",
        "btn_remove_row": "Remove row",
        "too_big_for_modal": "The answer is too large for a Slack form, even split into parts. Nothing has "
                             "changed. Edit it in the terminal (`coach chat`), where the whole text fits.",
        "parent_top": "– (top level, under no other)",
        "part_label": "{title} (part {k} of {n})",
        "parts_hint": "The text is longer than one field holds and is shown in {n} parts. They are joined when you "
                      "save – nothing is cut.",
        "outcome_gone": "That outcome is no longer among the process's outcomes. Choose one of them.",
        "modal_save": "Save",
        "modal_cancel": "Cancel",
        "modal_close": "Close",
        "modal_title": "Answer",
        "modal_decide_title": "Beslut (decision)",
        "modal_full_title": "Full answer",
        "step_parent": "*Step {n} of {total}: {title}*",
        "progress": "{answered} of {total_q} questions answered · {status}",
        "gate_ready": ":white_check_mark: Ready for the beslut (decision) at the decision point.",
        "gate_missing": "Missing before the beslut (decision):",
        "gate_more": "… and {k} more",
        "thread_hint": "Questions, answers and discussion are in the thread.",
        "question_head": "Step {n} · question {pos} of {total}",
        "optional": "(optional)",
        "source": "Source: {title}, {locator}",
        "current": "Current answer (version {version}):",
        "skipped_before": "This question was skipped earlier.",
        "reply_hint": "Press *Answer*, or write the answer in the thread and confirm with *Save as answer*.",
        "reply_list_hint": "Press *Answer*, or write one item per line in the thread and confirm with "
                           "*Save as answer*.",
        "form_hint": "Press *Answer* to fill in the form.",
        "saved": ":white_check_mark: <@{user}> saved the answer to «{question}» (version {version}).",
        "skipped": ":fast_forward: <@{user}> skipped «{question}» – it can be answered later.",
        "unchanged": "The answer is unchanged – no new version was saved.",
        "gate_head": "*{title}*",
        "gate_decision": "Beslut (decision) to take: {text}",
        "done": ":tada: Every step is decided. Well done!",
        "created": ":seedling: The process «{name}» has started in this channel. <@{user}> is coordinator. "
                   "Each step gets its own thread – step 1 begins below.",
        "already_bound": "This channel already has the process «{name}». Type `/coach status`.",
        "no_process_here": "There is no process in this channel. Start one with `/coach new <name>`.",
        "need_name": "Give the process a name: `/coach new Meningsfull fritid i Skogås`.",
        "step_posted": "Step {n} continues in its thread: {link}",
        "bad_step": "Give a step 1–{n}: `/coach step 2`.",
        "need_query": "Type what you want to know: `/coach ask how do we do a gapanalys (gap analysis)?`",
        "unknown_subcommand": "I don't know `{word}`. This is what you can type:",
        "guidance_head": "*Guidance* – {question}",
        "search_head": "*Guidance* – «{query}»",
        "no_guidance": "I found nothing in the guidance that fits that.",
        "guidance_preparing": ":hourglass_flowing_sand: The guidance is being prepared, ready in about {n} s. "
                              "The passages will appear here when ready.",
        "guidance_searching": ":mag: Searching … The guidance is being prepared, ready in about {n} s. "
                              "The answer will appear here.",
        "status_head": "*{name}* – you are {role}",
        "members_head": "*Roles in {name}*",
        "role_usage": "Like this: `/coach role @person koordinator|projektledare|medlem` "
                      "(coordinator, project lead, member) – or `ingen` (none) to remove them from the process.",
        "role_set": "<@{user}> is now {role} in the process.",
        "member_removed": "<@{user}> is no longer a member of the process. Their answers are kept.",
        "removed_told": ":bust_in_silhouette: <@{by}> removed you from the process «{name}» in <#{channel}>. "
                        "Your answers are kept.",
        "export_sent": "Export of «{name}» – every answer, version and beslut (decision). "
                       "Read it in with `coach import FILE`.",
        "export_done": "The export has been sent to you as a direct message.",
        "export_hint": "The export is in the command line: `coach export \"{name}\" -o file.json`. "
                       "Underlag (decision document) per decision point: "
                       "`coach underlag \"{name}\" --step N --format docx`.",
        "not_in_thread": "This thread is for step {n}. The current question is in step {current} – "
                         "type `/coach continue` or `/coach step {n}` to answer here.",
        "use_button": "This question is answered in a form – press *Answer* below the question.",
        "no_question": "There is no question to answer right now.",
        "problems": "Could not save:",
        "error": "Sorry, something went wrong. Please try again in a moment.",
        "error_saved": "What you saved is stored, but something went wrong afterwards. Type `/coach status` to "
                       "see where the process stands.",
        "error_slack": "Slack is not answering right now, so this could not be finished. Please try again in a "
                       "moment.",
        "db_busy": "The database is busy right now – nothing was saved. Please try again in a moment.",
        "mention": "Hi! I am Processcoach. Type `/coach help` to see what I can do.",
        "stale": "That question has already been answered or moved – see the latest question in the thread.",
        "rows_hidden": "*{field}*: the form shows the first {shown} rows – more do not fit. "
                       "The other rows are kept unchanged when you save; edit them in the terminal (`coach chat`).",
        "rows_lost": "The answer has more rows than the form can show, and the version the form was opened on "
                     "no longer exists. Nothing was saved – edit the answer in the terminal (`coach chat`) so that "
                     "no rows are lost.",
        "gate_decided": ":white_check_mark: Decided at the decision point.",
        "decide_anyway": "Record the beslut (decision) anyway",
        "decide_confirm_label": "Criteria missing",
        "decide_confirm_hint": "{k} criteria are not met. They are noted with the beslut and in the underlag.",
        "decide_now_unmet": "Since the form was opened, criteria have become unmet. Read them and tick "
                            "«Record the beslut (decision) anyway» if it should be recorded regardless.",
        "decided_post": ":ballot_box_with_check: <@{user}> recorded the beslut (decision) for step {n}: "
                        "{forum}, {date}.",
        "decided_unmet_post": "The beslut was taken despite {k} unmet criteria.",
        "underlag_started": "The underlag (decision document) for step {n} is being prepared and will be "
                            "posted in the step's thread.",
        "underlag_posted": ":page_facing_up: <@{user}> prepared the underlag (decision document) for the "
                           "decision point of step {n}.",
        "underlag_next": "Record the beslut (decision) with `/coach decision {n}`.",
        "summary_since": "Previous summary: {when}.",
        "summary_posted": "The summary of step {n} is in the step's thread.",
        "bad_step_arg": "Give a step 1–{n}, for example `/coach {word} 2`.",
        "language_set": ":speech_balloon: <@{user}> changed the process language to English. "
                        "Questions and buttons are now shown in English.",
        "language_usage": "Like this: `/coach language en|sv` (en = English, sv = Swedish). Now: {current}.",
        "language_name": "English",
        "status_counts": "{answered}/{total} answered",
        "status_skipped": "{k} skipped",
        "step_fallback": "Step {n}: {title} – {progress}",
        "blocks_hidden": "… {k} parts are not shown here.",
        "row_label": "*{title} – row {n}*",
        "row_needs": " · a row you fill in needs {fields}",
        "choice_label": "Choice",
        "flags_label": "Tick what applies",
        "lines_hint": "One item per line.",
        "home_head": "Your processes",
        "home_help": "Type `/coach help` in a process channel for every command.",
        "home_empty": "You are not in any process yet. Start one in a channel with `/coach new <name>`, "
                      "or ask a coordinator to add you.",
        "home_next": "*Next question:* {text}",
        "home_channel": "Channel: <#{channel}> · you are {role}",
        "home_gate": "*Decision point {n}:* {state}",
        "renamed": "<@{user}> renamed the process to «{name}».",
        "rename_usage": "Type `/coach rename <new name>`. The process is called «{name}» now.",
        "archived": "<@{user}> archived the process «{name}». Nothing is deleted: it stays available for export "
                    "and underlag and can be restored with `coach process restore`. The channel is free for a "
                    "new process (`/coach new <name>`).",
        "help": (
            "*Processcoach – commands*\n"
            "`/coach new <name>` start a process in the channel (you become coordinator)\n"
            "`/coach status` where the process stands, step by step\n"
            "`/coach step [N]` go to step N (without N: the current step)\n"
            "`/coach continue` show the next question in the step's thread\n"
            "`/coach ask <text>` search the guidance\n"
            "`/coach roles` who has which role\n"
            "`/coach role @person <role>` give someone a role, `ingen` removes them (coordinator)\n"
            "`/coach summary [N]` summarise step N in the step's thread (without N: the current step)\n"
            "`/coach underlag N` the underlag (decision document) for decision point N as Word and PDF files in the "
            "step's thread (coordinator)\n"
            "`/coach decision N` record the beslut (decision) at decision point N (coordinator)\n"
            "`/coach export` export the process (coordinator)\n"
            "`/coach language en|sv` the process language: English or Swedish (coordinator)\n"
            "`/coach rename <new name>` rename the process (coordinator)\n"
            "`/coach archive` archive a finished process; nothing is deleted (coordinator)\n"
            "`/coach abcde` write this period's ABCDE report · `/coach abcde schedule …` reminders (coordinator) · "
            "`/coach abcde history [from] [to]` earlier reports · `/coach abcde summary` the learning\n"
            "`/coach help` this help\n"
            "*How answers are saved:* press *Answer* under the question. Writing in the step's thread is "
            "discussion – I ask only you (nobody else sees it) whether the post should be saved as the answer, and "
            "nothing is saved without your click on *Save as answer*.\n"
            "In the thread you can also type «status», «continue», «skip», «back», «guidance», «help».\n"
            "Swedish names work too: ny, steg, fortsätt, fråga, roller, roll, sammanfatta, beslut, språk, namn, "
            "arkivera, hjälp."
        ),
    },
}


ROLE_NAMES = {"koordinator": "coordinator", "projektledare": "project lead", "medlem": "member"}


def role_name(role: str, lang: str = "sv") -> str:
    """A role as stored (Swedish), glossed in English: «koordinator (coordinator)»."""
    return f"{role} ({ROLE_NAMES[role]})" if lang == "en" and role in ROLE_NAMES else role


def st(key: str, lang: str = "sv", **kw: object) -> str:
    table = STRINGS.get(lang, STRINGS["sv"])
    return table.get(key, STRINGS["sv"][key]).format(**kw)
