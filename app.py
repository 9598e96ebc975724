"""Triangulate dashboard entry point: `streamlit run app.py`.

Builds the processed tables first when they are missing or older than the articles (with a progress
bar), draws the global filters that every page shares and that live in the URL, then runs the page
chosen in the navigation.  See ``pages/__init__.py``.
"""

from pages import run_app

run_app()
