"""ABCDE in Slack: the report and schedule modals, `/coach abcde`, reminders and published reports.

The ABCDE domain (schedule, syntax, analysis, texts, the AbcdeService) stays in bot.abcde; like the rest of
bot.slack, these modules only call services and build Block Kit."""
