"""The agenda as a timeline (Gantt chart by domain, plotly): one bar per item from its first to its last year.

Years are inclusive: an item 2026-2027 covers the two columns 2026 and 2027. No Streamlit.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from lib.agenda import items as agenda_items
from lib.agenda.view import area_name, domain_label, euro, period, status_label
from lib.text.i18n import t

#: One colour per domain (Okabe-Ito, readable for colour-blind people).
DOMAIN_COLOURS = {"beheer": "#E69F00", "ruimte": "#56B4E9", "sociaal": "#CC79A7", "onderwijs": "#0072B2",
                  "sport": "#009E73", "zorg": "#D55E00", "cultuur": "#F0E442", "overig": "#999999"}
MAX_LABEL = 40  # characters of a bar label (the full name is in the hover text)


def labels(items: pd.DataFrame, area: str | None, names: dict[str, str]) -> list[str]:
    """Bar labels: the item's name, with its area when that is not ``area`` (unique: the id is added to repeats)."""
    out = []
    for name, code in zip(items["name"], items["area_code"], strict=True):
        label = str(name) if code == area else f"{name} · {area_name(code, names)}"
        out.append(label)
    out = [lab if len(lab) <= MAX_LABEL else lab[: MAX_LABEL - 1] + "…" for lab in out]
    seen: dict[str, int] = {}
    for label in out:
        seen[label] = seen.get(label, 0) + 1
    return [f"{lab} ({pid})" if seen[lab] > 1 else lab for lab, pid in zip(out, items["project_id"], strict=True)]


def gantt(items: pd.DataFrame, first: int, last: int, names: dict[str, str], area: str | None = None,
          lang: str = "nl", title: str | None = None) -> go.Figure:
    """A horizontal bar per item on a year axis ``first`` … ``last``, coloured and grouped by domain (legend),
    finished items hatched; hover: domain, period, area, kind, stage, budget, owner."""
    fig = go.Figure()
    order = {d: i for i, d in enumerate(agenda_items.DOMAINS)}
    df = items.assign(_d=items["domain"].map(order)).sort_values(["_d", "start_year", "name"]).reset_index(drop=True)
    df["label"] = labels(df, area, names)
    for domain in [d for d in agenda_items.DOMAINS if d in set(df["domain"])]:
        part = df[df["domain"] == domain]
        hover = [f"<b>{r['name']}</b><br>{domain_label(domain, lang)} · {period(r['start_year'], r['end_year'])}"
                 f"<br>{area_name(r['area_code'], names)} ({r['area_code']})<br>{r['kind'] or ''}"
                 f"<br>{t('cs_ag_status', lang)}: {status_label(r['status'], lang)}"
                 f"<br>{t('ag_col_budget', lang)}: {euro(r['budget_eur'], lang)}<br>{r['owner'] or ''}"
                 + (f"<br><i>{t('ag_illustrative_mark', lang)}</i>" if r["illustrative"] else "")
                 for r in part.to_dict("records")]
        done = (part["status"] == "afgerond").to_numpy()
        for finished in (False, True):  # finished work hatched, in its own trace so the legend shows the plain colour
            sel = done == finished
            if not sel.any():
                continue
            fig.add_trace(go.Bar(
                y=part["label"][sel], x=(part["end_year"] - part["start_year"] + 1)[sel],
                base=part["start_year"][sel], orientation="h", name=domain_label(domain, lang),
                legendgroup=domain, showlegend=not finished or not (~done).any(),
                marker_color=DOMAIN_COLOURS.get(domain, "#999999"), marker_pattern_shape="/" if finished else "",
                hovertext=[h for h, k in zip(hover, sel, strict=True) if k], hoverinfo="text"))
    years = list(range(int(first), int(last) + 1))
    fig.update_layout(
        barmode="overlay", height=max(260, 150 + 24 * len(df)), margin={"l": 10, "r": 10, "t": 40 if title else 10,
                                                                       "b": 10},
        title=title, legend={"orientation": "h", "yanchor": "top", "y": -0.08, "xanchor": "left", "x": 0},
        xaxis={"range": [first, last + 1], "tickvals": [y + 0.5 for y in years], "ticktext": [str(y) for y in years],
               "showgrid": False, "tickangle": 0},
        yaxis={"categoryorder": "array", "categoryarray": list(df["label"]), "autorange": "reversed",
               "automargin": True})
    for y in years[1:]:
        fig.add_vline(x=y, line_width=1, line_color="#dddddd")
    return fig
