"""Tiny Streamlit app for the offline map browser test (?tiles=1 enables PDOK tiles)."""

import folium
import streamlit as st
from streamlit_folium import st_folium

from lib.ui.offline_map import add_legend, new_map


def square(x: float, y: float, size: float, name: str, colour: str) -> dict:
    ring = [[x, y], [x + size, y], [x + size, y + size], [x, y + size], [x, y]]
    return {
        "type": "Feature",
        "properties": {"naam": name, "kleur": colour},
        "geometry": {"type": "Polygon", "coordinates": [ring]},
    }


FEATURES = {
    "type": "FeatureCollection",
    "features": [
        square(5.05, 52.05, 0.08, "Wijk Noord", "#1f77b4"),
        square(5.18, 52.02, 0.06, "Wijk Oost", "#d62728"),
    ],
}

st.title("Offline kaart")
tiles = st.query_params.get("tiles") == "1"
m = new_map((52.08, 5.15), 11, tiles=tiles)
folium.GeoJson(
    FEATURES,
    style_function=lambda f: {
        "fillColor": f["properties"]["kleur"],
        "color": "#222222",
        "weight": 2,
        "fillOpacity": 0.6,
    },
    tooltip=folium.GeoJsonTooltip(["naam"]),
).add_to(m)
folium.Marker([52.09, 5.09], popup="Bibliotheek").add_to(m)
add_legend(
    m,
    [("Wijk Noord", "#1f77b4"), ("Wijk Oost", "#d62728"), ("<script>window.__pwned=1</script>", "gray")],
    "Voorzieningen",
)
st_folium(m, height=450, width=700, returned_objects=[], key="kaart")
