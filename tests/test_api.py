"""The library API on raw text (extract_entities)."""

from __future__ import annotations

from preprocessing import extract_entities

TEXT = ("The U.S. envoy met President Kim Jong Un in Pyongyang on Monday.\n"
        "Kim said North Korea\u2019s ties with the United States would improve, and Vladimir Putin agreed.\n"
        "Officials from the DPRK later travelled to Vladivostok.")


def test_extract_entities_returns_canonical_mentions():
    got = extract_entities(TEXT)
    assert got and all(set(d) == {"start", "end", "text", "label", "entity"} for d in got)
    assert [d["start"] for d in got] == sorted(d["start"] for d in got)
    for d in got:
        assert TEXT[d["start"]:d["end"]] == d["text"]
    by_text = {d["text"]: d for d in got}
    assert by_text["U.S."]["entity"] == by_text["United States"]["entity"] == "United States"
    assert by_text["Kim"]["entity"] == "Kim Jong Un" and by_text["Kim"]["label"] == "PERSON"
    assert by_text["Kim Jong Un"]["label"] == "PERSON"          # "President" is not part of the name
    assert by_text["North Korea"]["entity"] == by_text["DPRK"]["entity"] == "North Korea"
    assert by_text["Vladivostok"]["label"] == "GPE"
    assert "North Korea\u2019s" not in by_text and "the United States" not in by_text


def test_extract_entities_on_text_without_names():
    assert extract_entities("nothing to see here, just lowercase words.") == []


def test_extract_entities_joins_acronyms_and_reads_the_kremlin_as_an_institution():
    text = ("Envoys of the Harbour Workers' Union of Riga (HWUR) arrived on Monday.\n"
            "The Kremlin said the HWUR delegation flew to Vladivostok.")
    got = extract_entities(text)
    by_text = {}
    for d in got:
        by_text.setdefault(d["text"], []).append(d)
    assert {d["entity"] for d in by_text["HWUR"]} == {"Harbour Workers' Union of Riga"}
    assert by_text["Harbour Workers' Union of Riga"][0]["label"] == by_text["HWUR"][0]["label"] == "ORG"
    assert by_text["Kremlin"][0]["label"] == "ORG"
