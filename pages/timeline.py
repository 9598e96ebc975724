"""Timeline: who did what when, a lane per source or per person, each event linked to its sentence."""

import streamlit as st

from components.registry import TIMELINE as PAGE
from components.route_map import source_map
from components.tables import table
from components.timeline import LANES, timeline_figure, timeline_points, timeline_table
from pages import note_page_params, page_setup, raw_params

view = page_setup()
st.title("Timeline")
note_page_params(PAGE.param("lanes", choices=list(LANES)), PAGE.param("planned"))

c1, c2 = st.columns([2, 1], vertical_alignment="bottom")
lanes = c1.segmented_control("One lane per", list(LANES), default="source", key="lanes", bind="query-params",
                             persist_state="session", help="Draw each source's events, or each person's, on a row.")
show_planned = c2.toggle("Planned events", value=True, key="planned", bind="query-params", persist_state="session",
                         help="Also draw what the articles announce (open diamonds), not only what they report done.")
lanes = lanes or "source"

points, axis = timeline_points(view["events"], source_map(view["articles"]), view.labels, lanes=lanes,
                               show_planned=show_planned, params=raw_params())
if points.empty:
    st.info("No event in the filtered articles has a date or a weekday. Widen the filters in the sidebar "
            "(sources, entities, dates) to see a timeline.", icon=":material/info:")
    st.stop()

st.plotly_chart(timeline_figure(points, axis, lanes=lanes), key="timeline-chart",
                config={"displaylogo": False})
exact = int((points["placed"] == "date").sum())
st.caption(f"{len(points)} event(s): {exact} with a date, {len(points) - exact} known by weekday only (outlined, "
           + ("placed on the week the dated events fix" if axis == "date" else "on a weekday axis: nothing in view "
              "is dated") + "). Filled circle: reported done; open diamond: announced. Hover a mark for its "
           "evidence; the table's links open the sentence in the reader.")
table(timeline_table(points), "timeline_events", column_config={
    "reader": st.column_config.LinkColumn("reader", display_text="Open sentence"),
    "sentence": st.column_config.TextColumn("sentence", width="large")})
