"""Placeholder while the page is built."""

from pages import page_setup

view = page_setup()
