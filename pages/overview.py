"""Overview: what the (filtered) corpus holds, one card per source, what the build refused."""

import streamlit as st

from components.registry import READER
from components.summary import articles_table, corpus_summary, source_cards
from components.tables import table
from components.url_params import md_escape
from pages import page_setup


def _open_in_reader(article_id: str) -> None:
    st.session_state["_go_to_reader"] = article_id


view = page_setup()
if article := st.session_state.pop("_go_to_reader", None):
    # The global filters' bound parameters come back by themselves; a page link would drop them.
    st.switch_page(READER.path, query_params={"article": article})
summary = corpus_summary(view.data.tables)

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
else:
    st.caption("No article carries a date (add a sources.csv with a published column to date them).")

warnings = corpus_summary(view.all)["warnings"]  # the build's warnings concern files, not a filter
if warnings:
    refused = int((view.all["articles"]["status"] != "ok").sum())
    with st.expander(f"⚠️ {len(warnings)} build warning(s), {refused} file(s) refused", expanded=refused > 0):
        for w in warnings:
            st.text(w)  # st.text never interprets markup: file names and messages are untrusted

st.subheader("Sources")
cards = source_cards(view["articles"], view["mentions"], view["entities"])
if cards.empty:
    st.info("No article matches the filters.")
for start in range(0, len(cards), 3):
    for col, (_, card) in zip(st.columns(3), cards.iloc[start:start + 3].iterrows()):
        with col.container(border=True):
            st.markdown(f"**{md_escape(card['source'])}**")
            if card["headline"]:
                st.caption(md_escape(card["headline"]))
            st.text(f"{card['articles']} article(s) · {card['words']} words · {card['mentions']} mentions"
                    + (f" · {card['dates']}" if card["dates"] else ""))
            if card["people"]:
                st.text("People: " + ", ".join(card["people"]))
            if card["places"]:
                st.text("Places: " + ", ".join(card["places"]))
            st.button("Read", key=f"read-{card['source']}", icon=":material/menu_book:",
                      on_click=_open_in_reader, args=(card["article_ids"][0],))

st.subheader("Articles")
table(articles_table(view["articles"]), "articles")
