"""Action ids, callback ids and Block Kit limits."""

from __future__ import annotations

# Buttons on a question message (and the step parent).
ANSWER = "coach_answer"  # Svara → modal fitting the answer type
GUIDANCE = "coach_guidance"  # Vägledning → ephemeral cited passages
SKIP = "coach_skip"  # Hoppa över
BACK = "coach_back"  # Tillbaka
SHOW_ALL = "coach_show_all"  # Visa allt → modal with a long answer in full
DECIDE = "coach_decide"  # Registrera beslut → gate decision modal
CONTINUE = "coach_continue"  # Fortsätt (App Home, step parent)
SAVE_DRAFT = "coach_save_draft"  # Spara som svar (ephemeral offer under a thread reply)
DISCARD_DRAFT = "coach_discard_draft"  # Nej, det var diskussion

# Inside modals.
ADD_ROW = "coach_add_row"  # + ":<field>": adds a row to a row-based modal (views.update, never a new view)
REMOVE_ROW = "coach_remove_row"  # value "<field>.<index>": removes that row (views.update)
CONFIRM_BLOCK = "confirm"  # gate decision modal: the required box when criteria are unmet
DESPITE_UNMET = "despite_unmet"  # its one option → Decide(..., despite_unmet=True)

# Views.
ANSWER_VIEW = "coach_answer_view"
DECIDE_VIEW = "coach_decide_view"
SHOW_ALL_VIEW = "coach_show_all_view"

# Shortcuts (manifest).
SHORTCUT_STATUS = "coach_status_shortcut"

# Slack's limits (https://docs.slack.dev/reference/block-kit).
MAX_MESSAGE_BLOCKS = 50
MAX_MODAL_BLOCKS = 100
MAX_SECTION_TEXT = 3000
MAX_INPUT_TEXT = 3000
MAX_MODAL_TITLE = 24
MAX_BUTTON_TEXT = 75
MAX_OPTION_TEXT = 75
MAX_PRIVATE_METADATA = 3000
MAX_HEADER_TEXT = 150
MAX_CONTEXT_TEXT = 2000
