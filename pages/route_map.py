"""Route map: where one traveller went, stop by stop, and which sources say so."""

import streamlit as st

from components.basemap import PLOTLY_CONFIG
from components.route_geometry import FRAME_ASPECT as ROUTE_FRAME_ASPECT
from components.route_map import (in_frame, route_figure, source_map, source_orders, stops_of, stops_table,
                                  total_km, travellers)
from components.registry import ROUTE_MAP as PAGE
from components.summary import default_traveller
from components.tables import table
from pages import note_page_params, page_setup

view = page_setup()
st.title("Route map")

route = view["route"]
ids = travellers(route, view.labels)
label_of = {e: view.labels.get(e, e) for e in ids}
note_page_params(PAGE.param("traveller", choices=list(label_of.values())), PAGE.param("by_source"),
                 PAGE.param("faint_places"))

if not ids:
    st.info("No traveller has a stop in the articles the filters keep. Widen the filters in the sidebar "
            "(sources, entities, dates) to see a route.", icon=":material/info:")
    st.stop()

default = default_traveller(route, view["entities"]) or ids[0]
options = [label_of[e] for e in ids]
id_of = {v: k for k, v in label_of.items()}
c1, c2, c3 = st.columns([2, 1, 1], vertical_alignment="bottom")
chosen = c1.selectbox("Traveller", options, index=options.index(label_of.get(default, options[0])),
                      key="traveller", bind="query-params", persist_state="session",
                      help="People with at least one located stop in the filtered articles, most mentioned first.")
by_source = c2.toggle("Each source's version", key="by_source", bind="query-params", persist_state="session",
                      help="Draw one route per source: the stops that source reports, in route order.")
faint = c3.toggle("Other places mentioned", key="faint_places", bind="query-params", persist_state="session",
                  help="Places the filtered articles mention that are not stops of this route, in grey.")

traveller = id_of.get(chosen, default)
stops = stops_of(route, traveller)
versions = stops_of(view["source_routes"], traveller)
source_of = source_map(view["articles"])
others = None
if faint:
    places = view["places"]
    others = places[places["lat"].notna() & ~places["entity_id"].isin(stops["place_id"])]

fig = route_figure(stops, source_of=source_of, other_places=others, by_source=by_source, versions=versions,
                   max_sources=view["articles"]["source"].nunique())
# The chart fills a frame as wide as the page and ASPECT times less high (plus the legend's line), so
# the Mercator box fits it at any width: a fixed height left blank bands above and below the map at
# phone width.
st.html(f"<style>.st-key-route-frame {{ aspect-ratio: {ROUTE_FRAME_ASPECT}; min-height: 240px; }}</style>")
with st.container(key="route-frame"):
    st.plotly_chart(fig, config=PLOTLY_CONFIG, key="route-chart", height="stretch")
if by_source:
    st.caption("Each colour is one source's version: the stops it reports, in the order its own articles give. "
               "Rings mark the "
               "stops (a diamond when only announced); the dotted line is all sources combined, arrows point "
               "the way the traveller went. Hover a coloured dot for that source's sentence.")
else:
    st.caption("Filled circle: a stop reported as done; open circle and dashed leg: only announced. Colour: how "
               "many sources report the stop. Arrows point the way the traveller went. Hover a stop for its "
               "evidence.")
if others is not None:
    shown = in_frame(others, fig)
    st.caption(f"Grey dots: {len(others)} other located places the filtered articles mention, {shown} of them "
               "in this frame (zoom out with the map's − button).")

m1, m2, m3 = st.columns(3)
m1.metric("Stops", len(stops))
m2.metric("Total distance", f"{total_km(stops):,.0f} km", help="Sum of the great-circle legs between stops.")
m3.metric("Planned stops", int(stops["planned"].sum()))
table(stops_table(stops, source_of), "route_stops")

orders = source_orders(stops, versions)
if len(orders):
    disagree = int((~orders["agrees"]).sum())
    st.subheader("Each source's order", anchor=False)
    st.caption(f"{disagree} of {len(orders)} source(s) tell the stops in an order that differs from the combined "
               "route." if disagree else f"All {len(orders)} source(s) agree with the combined order.")
    table(orders, "route_source_orders")
