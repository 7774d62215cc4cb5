"""Pure summary pieces: items, Swedish stems, plans followed up, the chart."""

from __future__ import annotations

from datetime import date

from bot.abcde.analysis import items, stems
from bot.abcde.chart import indicator_chart, number


def test_items_split_lines_bullets_semicolons_and_sentences() -> None:
    assert items("• Möte med skolan\n- Prova-på-dag; Enkät. Läxhjälp startad!") == [
        "Möte med skolan", "Prova-på-dag", "Enkät.", "Läxhjälp startad!"]
    assert items(None) == []


def test_stems_drop_stopwords_and_join_inflections() -> None:
    assert stems("Föräldrarna och föräldrar") == stems("föräldrar")
    assert stems("det är inte som vi") == frozenset()


def test_numbers_and_chart() -> None:
    assert number("15,5") == 15.5 and number("1 200") == 1200 and number("40 %") == 40 and number("hög") is None
    png = indicator_chart({"Trygghet": [(date(2026, 3, 1), "40 %"), (date(2026, 4, 1), "45 %")],
                           "Känsla": [(date(2026, 3, 1), "bra")]})
    assert png is not None and png.startswith(b"\x89PNG")
    assert indicator_chart({"Känsla": [(date(2026, 3, 1), "bra")]}) is None
