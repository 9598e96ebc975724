"""Reader: one article's original text with its entity mentions highlighted and linked to filters."""

import streamlit as st

from components.reader import article_entities, highlight, legend, safe_url
from components.registry import READER as PAGE
from components.tables import table
from components.url_params import md_escape
from pages import note_page_params, page_setup, raw_params


def _forget_sentence() -> None:
    """A linked sentence or claim belongs to the linked article: choosing another article drops it."""
    for name in ("sentence", "claim"):
        if name in st.query_params:
            del st.query_params[name]


view = page_setup()
articles = view["articles"]

st.title("Reader")
if articles.empty:
    st.info("No article matches the filters.")
    st.stop()

ids = list(articles["article_id"])
url_article = (raw_params().get("article") or [""])[0]
article_sents = view.all["sentences"][view.all["sentences"]["article_id"] == url_article]
note_page_params(PAGE.param("article", choices=ids),
                 PAGE.param("sentence", hi=int(article_sents["sent_id"].max()) if len(article_sents) else -1))
article_id = st.selectbox("Article", ids, key="article", bind="query-params", persist_state="session",
                          format_func=str, help="The articles left by the filters.", on_change=_forget_sentence)
art = articles.set_index("article_id").loc[article_id]
focus = None
wanted = (raw_params().get("sentence") or [""])[0]
if wanted.isdigit() and article_id == url_article:
    hit = article_sents[article_sents["sent_id"] == int(wanted)]
    if len(hit):
        focus = (int(hit["start"].iloc[0]), int(hit["end"].iloc[0]))

st.subheader(md_escape(art["title"] or article_id), anchor=False)
facts = [f"Source: {art['source']}", f"{art['n_words']} words", f"file {art['path']}"]
if art["published"] is not None and str(art["published"]) != "NaT":
    facts.append(f"published {art['published']}")
elif art["header_date"] is not None and str(art["header_date"]) != "NaT":
    facts.append(f"header date {art['header_date']} ({art['header_date_kind']})")
st.caption(md_escape(" · ".join(facts)))
if url := safe_url(art["url"]):
    st.link_button("Open the original", url, icon=":material/open_in_new:")
for w in art["warnings"]:
    st.warning(md_escape(w))
if focus is not None:
    st.info(f"Linked sentence (marked yellow below): “{md_escape(art['text'][focus[0]:focus[1]])}”",
            icon=":material/format_quote:")

all_mentions = view.all["mentions"]
mentions = all_mentions[all_mentions["article_id"] == article_id]
# With an entity filter, underline the sentences that matched it.
hits = view["sentences"][view["sentences"]["article_id"] == article_id]
marked = set(zip(hits["start"], hits["end"])) if view.filters.entities else set()
# A link from the Claims page names a claim: its sentence is underlined and quoted on top.
all_claims = view.all.get("claims")
own_claims = all_claims[all_claims["article_id"] == article_id] if all_claims is not None else None
note_page_params(PAGE.param("claim", choices=set(own_claims["claim_id"]) if own_claims is not None else set()))
claim_id = st.query_params.get("claim")
if own_claims is not None and claim_id in set(own_claims["claim_id"]):
    c = own_claims.set_index("claim_id").loc[claim_id]
    sent = view.all["sentences"]
    sent = sent[(sent["article_id"] == article_id) & (sent["start"] <= c["start"]) & (sent["end"] >= c["end"])]
    marked.add((int(sent["start"].iloc[0]), int(sent["end"].iloc[0])) if len(sent) else (int(c["start"]), int(c["end"])))
    st.info(f"Evidence from the Claims page, underlined below: “{md_escape(c['text'])}”", icon=":material/fact_check:")

url = {**raw_params(), "article": [article_id]}  # the mentions' links reopen this article
text_col, side = st.columns([2, 1])
with text_col:
    st.html(legend(list(mentions["label"].unique())))
    if view.filters.entities:
        st.caption(f"Underlined: the {len(hits)} sentence(s) mentioning the chosen entities.")
    st.html(highlight(art["text"], mentions, view.labels, url, marked,
                      body=(int(art["body_start"]), int(art["body_end"])), focus=focus))
with side:
    st.markdown("**Entities in this article**")
    table(article_entities(mentions, view.all["entities"], view.labels), f"entities-{article_id}",
          height=min(600, 40 + 35 * max(len(mentions["entity_id"].unique()), 1)))
