"""Standings as PNG pictures, drawn with matplotlib.

matplotlib is imported inside the functions, so start-up never pays for it, and only its
object-oriented API is used (a Figure of its own, no pyplot state): the cogs draw in a worker
thread (``asyncio.to_thread``), off the event loop, and several drawings may run at once.
"""

import io
from datetime import timedelta

from bot.ui.text import escape
from db.services.standings_report import NPCTimeline, StandingGrid
from rules.relationships import SCORE_MAX, SCORE_MIN, bands, label

DPI = 100
CHART_SIZE = (1200, 700)  # pixels, what a test expects and Discord previews well
GRID_SIZE = (1200, 800)
# One colour per label, Hostile to Allied; readable for the common colour-vision deficiencies.
BAND_COLOURS = {
    "Hostile": "#b2182b",
    "Unfriendly": "#ef8a62",
    "Indifferent": "#bdbdbd",
    "Friendly": "#67a9cf",
    "Allied": "#2166ac",
}
NO_STANDING_COLOUR = "#ffffff"
DARK_BANDS = {"Hostile", "Allied"}  # their cells take white text


def _figure(size: tuple[int, int]):
    from matplotlib.figure import Figure

    return Figure(figsize=(size[0] / DPI, size[1] / DPI), dpi=DPI)


def _png(figure) -> bytes:
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    FigureCanvasAgg(figure)
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=DPI)  # no bbox "tight": the size stays as set
    return buffer.getvalue()


def npc_chart_png(timeline: NPCTimeline) -> bytes:
    """Step lines of the NPC's standing toward each character over time, over shaded label bands."""
    figure = _figure(CHART_SIZE)
    axes = figure.add_subplot()
    for low, high, name in bands():
        axes.axhspan(low - 0.5, high + 0.5, color=BAND_COLOURS[name], alpha=0.18, linewidth=0)
        axes.text(
            1.005, (low + high) / 2, name, transform=axes.get_yaxis_transform(), va="center", fontsize=9
        )
    latest = max((s.times[-1] for s in timeline.series if s.times), default=None)
    for series in timeline.series:
        if not series.times:
            continue
        # Each line runs on to the latest entry of any pair, so every line ends at the same moment.
        times = [*series.times, latest or series.times[-1]]
        scores = [*series.scores, series.scores[-1]]
        axes.step(times, scores, where="post", linewidth=2, label=series.character_name[:40])
    if latest is not None:
        first = min(s.times[0] for s in timeline.series if s.times)
        if first == latest:
            axes.set_xlim(first - timedelta(hours=1), latest + timedelta(hours=1))
    axes.set_ylim(SCORE_MIN - 5, SCORE_MAX + 5)
    axes.set_ylabel("Standing")
    axes.set_title(f"{timeline.npc_name[:80]}: standing toward each character")
    if any(s.times for s in timeline.series):
        axes.legend(loc="upper left", fontsize=9)
    figure.autofmt_xdate()
    figure.subplots_adjust(left=0.07, right=0.9, top=0.93, bottom=0.14)
    return _png(figure)


def standings_grid_png(grid: StandingGrid) -> bytes:
    """Characters across, NPCs down, each cell coloured by its label and holding the score."""
    from matplotlib.colors import BoundaryNorm, ListedColormap

    figure = _figure(GRID_SIZE)
    axes = figure.add_subplot()
    edges = [low - 0.5 for low, _, _ in bands()] + [SCORE_MAX + 0.5]
    colours = ListedColormap([BAND_COLOURS[name] for _, _, name in bands()]).with_extremes(
        bad=NO_STANDING_COLOUR
    )
    values = [[float("nan") if s is None else s for s in row] for row in grid.scores]
    if values and values[0]:
        axes.imshow(values, cmap=colours, norm=BoundaryNorm(edges, colours.N), aspect="auto")
        for i, row in enumerate(grid.scores):
            for j, score in enumerate(row):
                text = "–" if score is None else str(score)
                ink = "white" if score is not None and label(score) in DARK_BANDS else "black"
                axes.text(j, i, text, ha="center", va="center", fontsize=8, color=ink)
    axes.set_xticks(range(len(grid.character_names)), [n[:20] for n in grid.character_names], rotation=30)
    axes.set_yticks(range(len(grid.npc_names)), [n[:24] for n in grid.npc_names])
    axes.tick_params(labelsize=8)
    axes.set_title(f"{grid.campaign_name[:80]}: how each NPC stands with each character")
    handles = [_patch(BAND_COLOURS[name], f"{name} ({low}..{high})") for low, high, name in bands()] + [
        _patch(NO_STANDING_COLOUR, "– no dealings yet")
    ]
    axes.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.01, 1), fontsize=8)
    figure.subplots_adjust(left=0.16, right=0.8, top=0.93, bottom=0.16)
    return _png(figure)


def _patch(colour: str, text: str):
    from matplotlib.patches import Patch

    return Patch(facecolor=colour, edgecolor="#555555", label=text)


def chart_caption(timeline: NPCTimeline) -> str | None:
    """The message with the NPC chart; None when there is nothing to draw."""
    drawn = [s for s in timeline.series if s.times]
    if not drawn:
        return None
    left_out = timeline.characters_total - len(timeline.series)
    more = f" ({len(timeline.series)} of {timeline.characters_total}: the busiest)" if left_out > 0 else ""
    return f"How **{escape(timeline.npc_name)}** has stood with each character over time{more}."


def nothing_to_chart(npc_name: str) -> str:
    return f"**{escape(npc_name)}** has no logged dealings with any character yet: see /npc interact."


def grid_caption(grid: StandingGrid) -> str | None:
    if not grid.npc_names or not grid.character_names:
        return None
    shown = []
    if grid.npcs_total > len(grid.npc_names):
        shown.append(f"{len(grid.npc_names)} of {grid.npcs_total} NPCs")
    if grid.characters_total > len(grid.character_names):
        shown.append(f"{len(grid.character_names)} of {grid.characters_total} characters")
    more = f" ({', '.join(shown)}: the busiest)" if shown else ""
    return f"How each NPC of **{escape(grid.campaign_name)}** stands with each character{more}."


def nothing_in_grid(grid: StandingGrid) -> str:
    missing = "NPCs" if not grid.npc_names else "characters"
    return f"**{escape(grid.campaign_name)}** has no {missing} yet, so there is nothing to draw."
