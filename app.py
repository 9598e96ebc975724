"""Triangulate dashboard entry point: `streamlit run app.py`.

Makes sure the processed tables exist and are newer than the articles (building them first, with a
progress bar, when they are not), then hands over to the pages.
"""

import streamlit as st

from pages.shared import ensure_tables

st.set_page_config(page_title="Triangulate", page_icon="🔺", layout="wide")

ensure_tables()

page = st.navigation([
    st.Page("pages/overview.py", title="Overview", icon="📰", default=True),
])
page.run()
