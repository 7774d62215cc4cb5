"""Periodic ABCDE reporting (Huddinge, *Vägledning Datadriven områdesutveckling*, Bild 41 and 66).

schedule.py and syntax.py are pure time logic and parsing; analysis.py and chart.py turn reports into
the step-7 period summary; service.py stores and checks roles; reminders.py sends what is due;
slack.py and bot/commands/abcde.py are the adapters.
"""
