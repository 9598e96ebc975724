"""Triangulate dashboard entry point: `streamlit run app.py`.

Makes sure the processed tables exist and are newer than the articles (building them first, with a
progress bar, when they are not), then hands over to the pages.  Each page draws the shared sidebar
filters itself (see ``pages/__init__.py``), so the filters and the URL travel with every page.
"""

import streamlit as st

from pages import ensure_tables

st.set_page_config(page_title="Triangulate", page_icon="🔺", layout="wide")

ensure_tables()

page = st.navigation([
    st.Page("pages/overview.py", title="Overview", icon=":material/newspaper:", default=True),
    st.Page("pages/reader.py", title="Reader", icon=":material/menu_book:"),
    st.Page("pages/route_map.py", title="Route map", icon=":material/map:"),
    st.Page("pages/co_mentions.py", title="Co-mentions", icon=":material/hub:"),
])
page.run()
