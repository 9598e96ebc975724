"""`preprocessing.geoparse` on hand-made text: offsets, coordinates and context-dependent readings."""

from __future__ import annotations

import pytest
from geopy.distance import geodesic

from preprocessing import geoparse


def by_name(text: str) -> dict[str, dict]:
    return {g["name"]: g for g in geoparse(text)}


def test_geoparse_returns_offsets_names_and_coordinates():
    text = ("The minister flew from Moscow to Komsomolsk-on-Amur and then on to the Vostochny Cosmodrome "
            "near the Chinese border.")
    found = geoparse(text)
    assert [g["name"] for g in found] == ["Moscow", "Komsomolsk-on-Amur", "Vostochny Cosmodrome"]
    for g in found:
        assert {"start", "end", "name", "lat", "lon"} <= set(g)
        assert text[g["start"]:g["end"]] == g["name"]
    places = {g["name"]: (g["lat"], g["lon"]) for g in found}
    assert geodesic(places["Moscow"], (55.76, 37.62)).km < 25
    assert geodesic(places["Komsomolsk-on-Amur"], (50.55, 137.01)).km < 25
    assert geodesic(places["Vostochny Cosmodrome"], (51.88, 128.33)).km < 25


@pytest.mark.parametrize("text, country, near", [
    ("After talks in Vladivostok, the governor drove to the nearby city of Artyom to open a new airport "
     "terminal.", "RU", (43.36, 132.19)),
    ("Officials in Baku said the ferry to Artyom, an island town on the Caspian Sea, was cancelled because "
     "of high winds.", "AZ", (40.41, 49.87)),
])
def test_artyom_is_read_from_its_neighbours(text, country, near):
    artyom = by_name(text)["Artyom"]
    assert artyom["country"] == country
    assert geodesic((artyom["lat"], artyom["lon"]), near).km < 100


@pytest.mark.parametrize("text, country", [
    ("Fans travelled from Manchester and Leeds to Birmingham for the cup final on Saturday.", "GB"),
    ("The storm moved from Montgomery toward Birmingham, Alabama, and reached Atlanta by nightfall.", "US"),
])
def test_birmingham_depends_on_the_text(text, country):
    assert by_name(text)["Birmingham"]["country"] == country


def test_regions_are_not_cities_and_capitals_win_their_names():
    found = by_name("Trade across the Korean Peninsula has stalled, officials in Seoul and Pyongyang said, "
                    "while Washington urged restraint.")
    assert found["Korean Peninsula"]["kind"] == "region"
    assert found["Seoul"]["country"] == "KR" and found["Pyongyang"]["country"] == "KP"
    assert geodesic((found["Washington"]["lat"], found["Washington"]["lon"]), (38.90, -77.04)).km < 25


def test_text_without_places_gives_nothing():
    assert geoparse("The committee met for three hours and agreed on nothing.") == []


@pytest.mark.parametrize("text, institution", [
    ("The White House said on Monday that the talks would resume next month.", "White House"),
    ("The Kremlin stated that the visit had been a success.", "Kremlin"),
    ("The Pentagon announced new sanctions against the regime.", "Pentagon"),
    ("The Bank of Japan raised interest rates for the first time in years.", "Japan"),
    ("Voice of America reported the launch an hour later.", "America"),
])
def test_institutions_named_after_places_are_not_places(text, institution):
    assert institution not in by_name(text)


def test_seat_of_power_and_country_names_still_place_when_used_as_places():
    found = by_name("The Moscow Kremlin and Red Square were closed, and flights from Japan were cancelled.")
    assert {"Moscow Kremlin", "Red Square", "Japan"} <= set(found)
    assert found["Moscow Kremlin"]["kind"] == "facility"
