"""Overview: what the corpus holds, what the build refused, and the main traveller's route."""

import streamlit as st

from components.summary import articles_table, corpus_summary, default_traveller, route_table
from pages.shared import tables

t = tables()
summary = corpus_summary(t)

st.title("Triangulate")
st.caption("Multi-source coverage of one story: who went where, who is mentioned with whom, which source says what.")

cols = st.columns(5)
cols[0].metric("Articles", summary["articles"])
cols[1].metric("Sources", summary["sources"])
cols[2].metric("Entities", summary["entities"])
cols[3].metric("Places located", summary["places"])
cols[4].metric("Events", summary["events"])
if summary["date_span"]:
    lo, hi = summary["date_span"]
    st.caption(f"Dates in the articles' headers and metadata: {lo} – {hi}")

if summary["warnings"]:
    with st.expander(f"⚠️ {len(summary['warnings'])} build warning(s)", expanded=summary["refused"] > 0):
        for w in summary["warnings"]:
            st.text(w)  # st.text never interprets markup: file names and messages are untrusted

st.subheader("Articles")
st.dataframe(articles_table(t["articles"]), hide_index=True, width="stretch")

traveller = default_traveller(t["route"], t["entities"])
if traveller:
    name = t["entities"].set_index("entity_id").loc[traveller, "name"]
    st.subheader(f"Route of {name}")
    st.dataframe(route_table(t["route"], traveller), hide_index=True, width="stretch")
else:
    st.info("No route could be built: no person is reported moving between located places.")
