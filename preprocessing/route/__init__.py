"""The route stage: each traveller's ordered stops, combined and per source (:mod:`.resolve`)."""

from __future__ import annotations

from .resolve import build_routes, build_source_routes

__all__ = ["build_routes", "build_source_routes"]
