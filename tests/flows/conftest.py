from __future__ import annotations

import pytest

from flows.loader import load_flow_text

TWO_STEPS = """
id: demo
version: 1
title: {sv: Demo}
documents:
  - {id: "001", title: "Vägledning Datadriven områdesutveckling", publisher: Huddinge kommun, year: 2024}
steps:
  - id: starta_upp
    number: 1
    title: {sv: Starta upp utvecklingsprocess}
    source: {doc: "001", locator: "Bild 9"}
    sections:
      - id: forankring
        title: {sv: Förankring}
        questions:
          - id: s1.mal
            text: {sv: "Vilket är det långsiktiga målet?", en: "What is the long-term goal?"}
            type: text
            retrieval_hint: långsiktiga målet
            source: {doc: "001", locator: "Bild 8"}
          - id: s1.aktorer
            text: {sv: "Vilka interna och externa aktörer och funktioner behöver involveras?"}
            type: list
            required: false
            retrieval_hint: aktörer involveras
            source: {doc: "001", locator: "Bild 10"}
          - id: s1.styrning
            text: {sv: "Hur bör processen styras?"}
            type: choice
            options:
              - {value: styrgrupp, label: {sv: Styrgrupp}}
              - {value: linjen, label: {sv: I linjen}}
            retrieval_hint: styrning
            source: {doc: "001", locator: "Bild 9"}
    gate:
      id: beslut_1
      title: {sv: Beslut om uppstart}
      decision: {sv: "Beslut fattas om syfte, mål, organisation, roller och tidplan för utvecklingsprocessen."}
      source: {doc: "001", locator: "Bild 9"}
      criteria:
        - {id: besvarade, kind: answered, questions: [s1.mal, s1.styrning], text: {sv: Obligatoriska frågor besvarade}}
  - id: definiera_utfall
    number: 2
    title: {sv: Definiera utfall}
    source: {doc: "001", locator: "Bild 21"}
    sections:
      - id: indikatorer
        title: {sv: Indikatorer}
        questions:
          - id: s2.indikatorer
            text: {sv: "Formulera indikatorer för uppföljning"}
            type: smart_indicators
            retrieval_hint: indikatorer
            source: {doc: "001", locator: "Bild 25"}
    gate:
      id: beslut_2
      title: {sv: Beslut om utfall}
      decision: {sv: "Beslut fattas om vilka utfall och indikatorer som ska användas för uppföljning."}
      source: {doc: "001", locator: "Bild 21"}
      criteria:
        - {id: besvarade, kind: answered, questions: [s2.indikatorer], text: {sv: Indikatorer finns}}
        - {id: datakalla, kind: check, check: indicators_have_data_source, params: {question: s2.indikatorer},
           text: {sv: Varje indikator har en datakälla}}
"""


@pytest.fixture
def flow():
    return load_flow_text(TWO_STEPS, "inline")
