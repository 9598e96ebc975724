"""Claims: who says what across the (filtered) sources, where they disagree, and how alike they are.

Wires components/claims.py and components/claim_figures.py: headline counts, the events × sources table and one
event's claims by source side by side (URL ``event``), the group × source
matrix (conflicts first, URL ``claim_view``), one group's members side by side (URL ``group``, a
group id), each source's own claims, and source similarity.
"""

import streamlit as st

from components.basemap import PLOTLY_CONFIG
from components.claim_figures import matrix_figure, similarity_figure
from components.claims import (VIEWS, as_list, event_cards, event_table, group_label, group_labels, group_members,
                               headline, matrix_table, member_card, option_labels, ordered_groups, pairs_table,
                               representatives, rewrite_source_pairs, shorten, source_map, source_similarity,
                               stance_matrix, unique_claims)
from components.links import page_link
from components.registry import CLAIMS as PAGE, READER
from components.tables import table
from components.url_params import md_escape
from pages import note_page_params, page_setup, raw_params

MAX_ROWS = 60  # groups drawn in the matrix; the table under it has them all
MAX_OPTIONS = 500  # groups in the picker, matrix order (a URL may still name any other kept group)
CARDS_PER_ROW = 3

VIEW_HELP = {"shared": "claims two or more sources make", "conflicts": "shared claims the sources disagree on",
             "all": "every claim, shared ones first"}

# Shared, not copied, like the tables (see pages/__init__.py): derived once per tables (and filters) key.
@st.cache_resource(show_spinner=False, max_entries=4)
def _representatives(key: tuple, _groups, _claims):
    return representatives(_groups, _claims)


@st.cache_resource(show_spinner=False, max_entries=32)
def _labels(key: tuple, _groups, _reps) -> dict[str, str]:
    return group_labels(_groups, _reps)


view = page_setup()
st.title("Claims")
st.caption("What each source claims, matched across sources: who states a claim, who states it differently "
           "(another number, certainty or day), and who is silent.")

claims, groups, pairs, articles = view["claims"], view["claim_groups"], view["source_pairs"], view["articles"]
all_groups = view.all["claim_groups"]
note_page_params(PAGE.param("claim_view", choices=VIEWS),
                 PAGE.param("group", choices=set(all_groups["group_id"])))
url_group = st.query_params.get("group")
if url_group and url_group not in set(all_groups["group_id"]):
    del st.query_params["group"]  # noted above; the picker is not bound, so drop it as Streamlit would
    url_group = None

if claims.empty:
    st.info("The filtered articles make no claim the comparison could read. Widen the sidebar filters "
            "(sources, entities, dates) to compare claims.", icon=":material/info:")
    st.stop()

# Links to the reader keep the global filters, so the article opens in the same view.
url = raw_params()
reps = _representatives(view.key[:2], all_groups, view.all["claims"])
labels = _labels(view.key, groups, reps)
source_of = source_map(articles)

counts = headline(claims, groups, pairs)
m1, m2, m3, m4 = st.columns(4)
m1.metric("Claims", f"{counts['claims']:,}", help="Checkable clauses in the filtered articles.")
m2.metric("Shared by ≥2 sources", f"{counts['shared']:,}", help="Claim groups with members from two or more sources.")
m3.metric("Conflicts", f"{counts['conflicts']:,}",
          help="Shared claims where sources give other numbers, certainty, a denial or other days.")
m4.metric("Rewrite pairs", f"{counts['rewrites']:,}",
          help="Article pairs where one looks like a rewrite of the other (shared claims, same order).")

# ---- events ------------------------------------------------------------------------------------
st.subheader("Events", anchor=False)
events = event_table(view.all["event_groups"], claims, articles, groups)
st.caption(f"{len(events)} event(s): what happened, grouped across the filtered sources however each tells it, "
           "most sources first. A source column says whether it reports the event (“differs”: one of its claims "
           "about it states a number, certainty or day differently); first reported by: the outlet published first "
           "(sources.csv dates, else a dateline), when known.")
table(events, "claims_events", column_config={"what happened": st.column_config.TextColumn(width="large")})
all_events = view.all["event_groups"]
note_page_params(PAGE.param("event", choices=set(all_events["event_id"])))
url_event = st.query_params.get("event")
event_options = list(events["event"][:MAX_OPTIONS])
if url_event and url_event in set(events["event"]):
    if url_event not in event_options:
        event_options.append(url_event)
    if st.session_state.get("event") != url_event:
        st.session_state["event"] = url_event
elif url_event:
    del st.query_params["event"]  # noted above, or left out by the filters
event_text = {e: f"{shorten(t, 90)} · {n} source{'s' if n != 1 else ''}" + (f" · conflict: {c}" if c else "")
              for e, t, n, c in zip(events["event"], events["what happened"], events["sources"], events["conflict"])}


def _event_to_url() -> None:
    chosen = st.session_state.get("event")
    if chosen:
        st.query_params["event"] = chosen
    elif "event" in st.query_params:
        del st.query_params["event"]


if event_options:
    chosen_event = st.selectbox("Event", event_options, key="event", format_func=lambda e: event_text.get(e, e),
                                on_change=_event_to_url, help="Most sources first: each source's claims about it, side by side.")
    ev_row = all_events.set_index("event_id").loc[chosen_event]
    first_art = ev_row["first_article"]
    if first_art:
        later = [source_of.get(a, a) for a in as_list(ev_row["repeated_by"])]
        st.caption(md_escape(f"First reported by {source_of.get(first_art, first_art)}"
                             + (f"; then {', '.join(dict.fromkeys(later))}" if later else "")))
    ecards = event_cards(chosen_event, claims, articles, first_art, url, groups)
    for start in range(0, len(ecards), CARDS_PER_ROW):
        cols = st.columns(max(2, min(CARDS_PER_ROW, len(ecards))))
        for col, card in zip(cols, ecards[start:start + CARDS_PER_ROW]):
            with col:
                st.html(card)

# ---- the matrix ---------------------------------------------------------------------------------
st.subheader("Who says what", anchor=False)
shown = st.segmented_control(
    "Show", VIEWS, default="shared", required=True, key="claim_view", bind="query-params",
    persist_state="session", help="; ".join(f"{k}: {v}" for k, v in VIEW_HELP.items()) + ".") or "shared"
rows = ordered_groups(groups, shown)
if rows.empty and shown != "all":
    st.info(("No claim is shared by two or more of the filtered sources" if shown == "shared" else
             "The filtered sources do not disagree on any shared claim") + ": showing every claim.",
            icon=":material/info:")
    rows = ordered_groups(groups, "all")
matrix = stance_matrix(rows, claims, articles, sorted(set(articles["source"])))
drawn = matrix.iloc[:MAX_ROWS]
chart = st.container()  # drawn once the picker below says which row to outline
note = (f"{len(matrix)} claim group(s) × {matrix.shape[1]} source(s)"
        + (f"; the first {MAX_ROWS} are drawn, the table has them all" if len(matrix) > MAX_ROWS else "")
        + ". Bold rows: the sources disagree (≠ names how); ▶ the claim compared below. Hover a cell for that "
        "source's wording.")
st.caption(note)
with st.expander("The matrix as a table", icon=":material/table:"):
    table(matrix_table(matrix, rows, labels), "claims_matrix")

# ---- one group side by side -----------------------------------------------------------------------
st.subheader("Compare the wordings", anchor=False)
ordered = ordered_groups(groups, "all")
options = list(ordered["group_id"][:MAX_OPTIONS])
kept_ids = set(groups["group_id"])
if url_group and url_group not in kept_ids:
    st.info("The claim group in the address has no member in the filtered articles. Widen the sidebar filters "
            "to see it.", icon=":material/info:")
elif url_group:
    if url_group not in options:
        options.append(url_group)
    if st.session_state.get("group") != url_group:
        st.session_state["group"] = url_group
option_text = option_labels(groups.set_index("group_id").loc[options].reset_index(), reps)


def _group_to_url() -> None:
    chosen = st.session_state.get("group")
    if chosen:
        st.query_params["group"] = chosen
    elif "group" in st.query_params:
        del st.query_params["group"]


# Not bound to the URL: a bound selectbox puts its label in the address, and a link should carry the
# group's stable id; _group_to_url and the lines above keep the two in step.
group_id = st.selectbox("Claim", options, index=0, key="group", format_func=lambda g: option_text.get(g, g),
                        on_change=_group_to_url, help="Shared claims first, conflicts first among them.")
with chart:
    st.plotly_chart(matrix_figure(drawn, rows, claims, articles, labels, highlight=group_id),
                    config=PLOTLY_CONFIG, key="claims-matrix")
group = groups.set_index("group_id").loc[group_id]
kinds = as_list(group["conflict"])
st.markdown(f"**{md_escape(group_label(group['label'], reps.at[group_id, 'subject'], limit=200))}**")
if kinds:
    st.warning(f"Conflict ({', '.join(kinds)}): {md_escape(group['conflict_note'])}", icon=":material/compare_arrows:")
why = [f"{group['n_sources']} source(s)"]
if group["matched_on"]:
    why.append(f"matched on {group['matched_on']}")
if group.get("first_article"):
    repeats = [source_of.get(a, a) for a in as_list(group.get("repeated_by"))]
    why.append(f"first reported by {source_of.get(group['first_article'], group['first_article'])}"
               + (f", repeated by {', '.join(dict.fromkeys(repeats))}" if repeats else ""))
if group["score"] == group["score"]:  # NaN for a one-member group
    why.append(f"mean match score {group['score']:.2f}")
st.caption(md_escape(" · ".join(why)) + f" · group `{group_id}`")

members = claims[claims["group_id"] == group_id]
rep_id = reps.at[group_id, "claim_id"]
reference = reps.at[group_id, "text"]
ref_numbers = reps.at[group_id, "numbers"]
members = members.assign(source=members["article_id"].map(source_of),
                         _ref=members["claim_id"] == rep_id).sort_values("_ref", ascending=False, kind="stable")
if rep_id not in set(members["claim_id"]):
    st.caption("Differences are measured against the group's central wording, from an article the filters leave "
               f"out: “{md_escape(reference)}”")
cards = members.to_dict("records")
for start in range(0, len(cards), CARDS_PER_ROW):
    cols = st.columns(max(2, min(CARDS_PER_ROW, len(cards))))
    for col, member in zip(cols, cards[start:start + CARDS_PER_ROW]):
        with col:
            st.html(member_card(member, reference, ref_numbers, is_reference=member["_ref"],
                                href=page_link(READER, {"article": member["article_id"], "claim": member["claim_id"]},
                                              keep_filters=url)))
st.caption("Highlighted: what a member says differently in meaning from the central wording (qualifiers, "
           "negation, modality, names); numbers in solid orange. Other rewording is left plain.")
table(group_members(group_id, claims, articles, url), "claim_group_members", column_config={
    "reader": st.column_config.LinkColumn("reader", display_text="Open in reader"),
    "claim": st.column_config.TextColumn("claim", width="large")})

# ---- each source's own claims ---------------------------------------------------------------------
st.subheader("Claims only one source makes", anchor=False)
own = unique_claims(groups, claims, articles, url)
if own.empty:
    st.info("Every claim of the filtered articles is made by two or more sources.", icon=":material/info:")
else:
    by_source = {s: own[own["source"] == s].drop(columns="source") for s in sorted(set(own["source"]))}
    st.caption("Claims no other filtered source makes, by source: what a source adds, or a mistake only it makes.")
    tabs = st.tabs([f"{md_escape(s)} ({len(df)})" for s, df in by_source.items()])
    for k, (tab, (s, df)) in enumerate(zip(tabs, by_source.items())):
        with tab:
            table(df, f"claims_only_source_{k + 1}", column_config={
                "reader": st.column_config.LinkColumn("reader", display_text="Open in reader"),
                "claim": st.column_config.TextColumn("claim", width="large")})

# ---- how alike the sources are ----------------------------------------------------------------------
st.subheader("How alike the sources are", anchor=False)
sim = source_similarity(claims, articles)
if len(sim) < 2:
    st.info("One source only: nothing to compare it with.", icon=":material/info:")
else:
    st.plotly_chart(similarity_figure(sim, rewrite_source_pairs(pairs, articles)), config=PLOTLY_CONFIG,
                    key="claims-similarity", width="content")
    st.caption("Share of claim groups two sources have in common (Jaccard), among the claims the filters keep. "
               "“rewrite”: one of their articles looks like a rewrite of the other.")
if len(pairs):
    st.markdown("**Article pairs sharing claims**")
    table(pairs_table(pairs, articles), "claims_source_pairs", column_config={
        "similarity": st.column_config.NumberColumn(format="%.2f"),
        "coverage": st.column_config.NumberColumn(format="%.2f"),
        "same order": st.column_config.NumberColumn(format="%.2f"),
        "evidence": st.column_config.TextColumn("evidence", width="large",
                                                help="Why the pair is flagged as a rewrite")})
