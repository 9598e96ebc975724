"""Search: a phrase in the filtered articles' sentences, claims and titles, each hit linked to its sentence."""

import streamlit as st

from components.registry import SEARCH as PAGE
from components.search import KINDS, hits_html, search
from components.tables import table
from pages import note_page_params, page_setup, raw_params
from preprocessing.settings import MAX_SEARCH_CHARS, MAX_SEARCH_HITS

view = page_setup()
st.title("Search")
note_page_params(PAGE.param("q", hi=MAX_SEARCH_CHARS), PAGE.param("kinds", choices=list(KINDS)))

c1, c2 = st.columns([3, 2], vertical_alignment="bottom")
query = c1.text_input("Search the articles", key="q", bind="query-params", persist_state="session",
                      max_chars=MAX_SEARCH_CHARS, placeholder="a word or a phrase, e.g. Vostochny",
                      help="Case-insensitive; the words as one phrase. Searches the articles the sidebar's "
                           "filters keep.")
kinds = c2.pills("In", list(KINDS), selection_mode="multi", default=list(KINDS), key="kinds",
                 bind="query-params", persist_state="session") or list(KINDS)

if not query.strip():
    st.info("Type a word or a phrase: every sentence, claim and title holding it is listed with a link to "
            "that sentence in the reader.", icon=":material/search:")
    st.stop()

hits, counts = search(view.data.tables, query, kinds)
st.caption(" · ".join(f"{n} {k}" + (f" (first {MAX_SEARCH_HITS} shown)" if n > MAX_SEARCH_HITS else "")
                      for k, n in counts.items()))
if hits.empty:
    st.info("Nothing in the filtered articles holds that phrase.", icon=":material/search_off:")
    st.stop()
st.html(hits_html(hits, raw_params()))
with st.expander("As a table"):
    table(hits[["kind", "source", "article_id", "sent_id", "text"]], "search_hits")
