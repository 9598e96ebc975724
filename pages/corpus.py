"""Add & edit: upload or paste articles into the chosen corpus and edit its metadata; both rebuild
the tables in the background.  The writing is done by preprocessing/ingest/uploads.py."""

import pandas as pd
import streamlit as st

from components.url_params import md_escape
from pages import page_setup
from preprocessing import rebuild
from preprocessing.ingest import uploads
from preprocessing.settings import MAX_BYTES, MAX_PASTE_TITLE_CHARS, MAX_UPLOAD_FILES, MAX_UPLOAD_MB, MAX_ZIP_RATIO, MAX_ZIP_TOTAL_BYTES

view = page_setup()
corpus = view.corpus
st.title("Add & edit")
st.caption(f"Corpus **{md_escape(corpus.name)}**: {int((view.all['articles']['status'] == 'ok').sum())} article(s).")
if not corpus.can_edit:
    st.info("You may read this corpus but not change it: ask whoever runs the dashboard to list you as one of "
            "its editors.", icon=":material/lock:")
    st.stop()

articles_dir = corpus.path / "articles"


def _report(saved: uploads.Saved) -> None:
    """Keep what an action did for the reruns to come (the rebuild's end reruns the page), start the
    rebuild and empty the fields.  Actions are button callbacks: they run once, before the script."""
    st.session_state["_corpus_report"] = (list(saved.written), list(saved.refused))
    st.session_state["_corpus_form"] = st.session_state.get("_corpus_form", 0) + 1
    if saved.written:
        rebuild.start(corpus.path)


def _upload(files) -> None:
    _report(uploads.save_files(articles_dir, [(f.name, f.getvalue()) for f in files or []]))


def _paste(n: int) -> None:
    _report(uploads.save_paste(articles_dir, st.session_state.get(f"paste-title-{n}", ""),
                               st.session_state.get(f"paste-text-{n}", "")))


def _save_metadata(edited: pd.DataFrame, ids: list[str]) -> None:
    rows, problems = uploads.validate_metadata(edited, ids)
    if problems:  # nothing is saved: a bad row's earlier metadata must not be lost
        st.session_state["_meta_report"] = (problems, "Nothing was saved: fix these rows and save again.")
        return
    uploads.write_sources(corpus.path, rows)
    rebuild.start(corpus.path)
    st.session_state["_meta_report"] = ([], f"Saved {len(rows)} row(s) to sources.csv; the tables are being rebuilt.")


report = st.session_state.get("_corpus_report")
if report:
    written, refused = report
    if written:
        st.success(f"Added {len(written)} article(s): " + md_escape(", ".join(written))
                   + ". The tables are being rebuilt; the pages show them when ready.", icon=":material/check:")
    for msg in refused:
        st.warning(md_escape(msg), icon=":material/warning:")

add, paste, meta = st.tabs(["Upload files", "Paste text", "Metadata"])
n = st.session_state.setdefault("_corpus_form", 0)  # a new key empties the fields after an action
with add:
    st.caption(f".txt, .md, .html or a .zip of them; up to {MAX_UPLOAD_FILES} files of {MAX_UPLOAD_MB} MB an upload, "
               f"an article up to {MAX_BYTES:,} bytes; a zip up to {MAX_ZIP_TOTAL_BYTES:,} bytes unpacked and "
               f"{MAX_ZIP_RATIO}:1 compression. A file the build would refuse is named and not added.")
    files = st.file_uploader("Articles", type=["txt", "md", "html", "htm", "zip"], accept_multiple_files=True,
                             max_upload_size=MAX_UPLOAD_MB, key=f"upload-files-{n}")
    st.button("Add to the corpus", key="upload-submit", icon=":material/upload:", type="primary",
              disabled=not files, on_click=_upload, args=(files,))
with paste:
    st.text_input("Title", key=f"paste-title-{n}", max_chars=MAX_PASTE_TITLE_CHARS)
    st.text_area("Text", key=f"paste-text-{n}", height=240, max_chars=MAX_BYTES // 4)
    st.button("Add to the corpus", key="paste-submit", icon=":material/post_add:", type="primary",
              on_click=_paste, args=(n,))
with meta:
    st.caption("The outlet, title, publication date and address of each article, saved to the corpus' "
               "sources.csv. The date anchors 'on Wednesday'; only http(s) addresses become links.")
    arts = view.all["articles"]
    arts = arts[arts["status"] == "ok"]
    current = pd.DataFrame({
        "article_id": arts["article_id"], "source": arts["source"], "title": arts["title"],
        "published": pd.to_datetime(arts["published"], errors="coerce").dt.date, "url": arts["url"]})
    edited = st.data_editor(current, key=f"meta-{corpus.name}", hide_index=True, num_rows="fixed",
                            disabled=["article_id"], width="stretch", column_config={
                                "source": st.column_config.TextColumn("source (outlet)", max_chars=200),
                                "published": st.column_config.DateColumn("published", format="YYYY-MM-DD"),
                                "url": st.column_config.TextColumn("url", validate=r"^(https?://.*)?$"),
                                "title": st.column_config.TextColumn("title", width="large")})
    st.button("Save and rebuild", key="save-meta", icon=":material/save:", type="primary",
              on_click=_save_metadata, args=(edited, list(arts["article_id"])))
    if meta_report := st.session_state.pop("_meta_report", None):
        problems, outcome = meta_report
        for p in problems:
            st.warning(md_escape(p), icon=":material/warning:")
        (st.error if problems else st.success)(md_escape(outcome))
