"""The chart of a report's appendix: the pledges of each year as a bar, split by the rating
each pledge was given, drawn in whole units of an SVG drawing that
templates/reports/_report_appendix.html lays out.

The chart is printed, often on a black-and-white printer: every rating has its own fill (dark
grey, hatching, light grey, cross-hatching; white for pledges not yet rated) rather than a
colour, the legend draws the same fills, and the numbers are written on and above the bars.
Every label lies inside the drawing: the room above the tallest bar, beside the axis and under
it is reserved for the labels' font size.
"""

import math

from django.utils.translation import gettext_lazy as _

WIDTH = 600  # CSS pixels: 159 mm, within the 165 mm of text width
PLOT_HEIGHT = 180
VALUE_FONT = 13  # the number of pledges above each bar, the years under the axis
SMALL_FONT = 11  # the numbers on the bars, the scale, the legend
# Liberation Serif (Times' metrics): digits are 0.5 em wide and 0.68 em high; accents rise to
# about 0.75 em above the baseline, descenders reach about 0.22 em below it.
DIGIT_WIDTH = 0.5
DIGIT_HEIGHT = 0.68
ASCENT = 0.75
DESCENT = 0.25
GAP = 3  # between a label and what it names
PLATE_PADDING = 2  # around a number written on a bar
TICK_COUNT = 5  # at most this many steps on the scale
LEGEND_COLUMNS = 3
LEGEND_ROW = 18
LEGEND_SWATCH = 12

RATINGS = ["excellent", "good", "fulfilled", "not_fulfilled"]
NOT_RATED = "not_rated"
# The fill of each part of a bar: dark grey, hatching, light grey, cross-hatching, white. The
# template defines the patterns (PATTERN_PREFIX + key); solid fills are plain colours, since a
# pattern of one colour prints with seams between its tiles.
PATTERN_PREFIX = "chart-pattern-"
FILLS = {
    "excellent": "#333",
    "good": f"url(#{PATTERN_PREFIX}good)",
    "fulfilled": "#bbb",
    "not_fulfilled": f"url(#{PATTERN_PREFIX}not_fulfilled)",
    NOT_RATED: "#fff",
}
LABELS = {
    "excellent": _("Excellent"),
    "good": _("Good"),
    "fulfilled": _("Fulfilled"),
    "not_fulfilled": _("Not fulfilled"),
    NOT_RATED: _("Not yet rated"),
}


def text_width(text: str, font_size: int) -> int:
    """The width of a number written in the chart's font (digits are half an em wide)."""
    return math.ceil(len(text) * DIGIT_WIDTH * font_size)


def nice_step(top: int) -> int:
    """The step of the scale: 1, 2 or 5 times a power of ten, at most TICK_COUNT steps to the top."""
    power = 1
    while True:
        for factor in (1, 2, 5):
            step = factor * power
            if step * TICK_COUNT >= top:
                return step
        power *= 10


def pledge_chart(figures: dict) -> dict:
    """Pledges and ratings per year as stacked bars. `figures["years"]` holds one dict per
    year with "year", "members", "pledges" and "ratings" (rating value → count).

    The result is what the template draws: the drawing's size, the axis, the scale, one bar per
    year with its segments (from the bottom: excellent, good, fulfilled, not fulfilled, then the
    pledges not yet rated) and its labels, and the legend."""
    years = figures.get("years") or []
    highest = max(
        [
            max(year["members"], year["pledges"], sum(year["ratings"].get(key, 0) for key in RATINGS))
            for year in years
        ]
        + [1]
    )
    step = nice_step(highest)
    scale_top = step * math.ceil(highest / step)

    # Room for the labels: the pledges above the tallest bar, the scale at the left, the years
    # under the axis, the legend under them.
    top = GAP + math.ceil(ASCENT * VALUE_FONT) + GAP
    left = text_width(str(scale_top), SMALL_FONT) + 2 * GAP
    axis_y = top + PLOT_HEIGHT
    year_y = axis_y + GAP + math.ceil(ASCENT * VALUE_FONT)
    legend_top = year_y + math.ceil(DESCENT * VALUE_FONT) + 2 * GAP
    legend_rows = math.ceil(len(LABELS) / LEGEND_COLUMNS)
    height = legend_top + legend_rows * LEGEND_ROW

    def y_of(value: int) -> int:
        return axis_y - round(PLOT_HEIGHT * value / scale_top)

    slot = (WIDTH - left) / max(len(years), 1)
    bar_width = min(round(slot * 0.6), 48)
    year_font = VALUE_FONT if text_width("2026", VALUE_FONT) + GAP <= slot else SMALL_FONT
    bars = []
    for index, year in enumerate(years):
        centre = round(left + slot * index + slot / 2)
        x = centre - bar_width // 2
        segments = []
        base = 0
        counts = [(key, year["ratings"].get(key, 0)) for key in RATINGS]
        counts.append((NOT_RATED, max(year["pledges"] - sum(number for _, number in counts), 0)))
        for key, number in counts:
            if not number:
                continue
            y_top, y_bottom = y_of(base + number), y_of(base)
            base += number
            segment = {
                "key": key,
                "fill": FILLS[key],
                "y": y_top,
                "height": y_bottom - y_top,
                "count": number,
            }
            # The number on its segment, on a white plate so that the hatching does not hide
            # it; only where the plate fits (the appendix's table has every number anyway).
            label = str(number)
            plate_width = text_width(label, SMALL_FONT) + 2 * PLATE_PADDING
            plate_height = SMALL_FONT + 2 * PLATE_PADDING
            if segment["height"] >= plate_height + 2 and plate_width + 2 <= bar_width:
                middle = (y_top + y_bottom) / 2
                segment.update(
                    label=label,
                    label_y=round(middle + DIGIT_HEIGHT * SMALL_FONT / 2),
                    plate_x=centre - plate_width // 2,
                    plate_y=round(middle - plate_height / 2),
                    plate_width=plate_width,
                    plate_height=plate_height,
                )
            segments.append(segment)
        bar_top = y_of(max(year["pledges"], base))
        bars.append(
            {
                "year": year["year"],
                "pledges": year["pledges"],
                "x": x,
                "width": bar_width,
                "centre": centre,
                "top": bar_top,
                "height": axis_y - bar_top,
                "segments": segments,
                "label_y": bar_top - GAP,
            }
        )
    ticks = [{"value": value, "y": y_of(value)} for value in range(0, scale_top + 1, step)]
    column = (WIDTH - left) // LEGEND_COLUMNS
    legend = [
        {
            "key": key,
            "label": label,
            "fill": FILLS[key],
            "x": left + column * (index % LEGEND_COLUMNS),
            "y": legend_top + LEGEND_ROW * (index // LEGEND_COLUMNS),
            "text_x": left + column * (index % LEGEND_COLUMNS) + LEGEND_SWATCH + GAP + 1,
            "text_y": legend_top + LEGEND_ROW * (index // LEGEND_COLUMNS) + LEGEND_SWATCH - 2,
        }
        for index, (key, label) in enumerate(LABELS.items())
    ]
    return {
        # Printed only where it compares: a single year's bar, or bars of nothing (a cell without
        # members: a scale of 0–1 and a row of "0"), says no more than the table above it.
        "printed": len(years) > 1 and any(year["pledges"] for year in years),
        "width": WIDTH,
        "height": height,
        "top": top,
        "left": left,
        "axis_y": axis_y,
        "year_y": year_y,
        "value_font": VALUE_FONT,
        "year_font": year_font,
        "small_font": SMALL_FONT,
        "swatch": LEGEND_SWATCH,
        "bars": bars,
        "ticks": ticks,
        "legend": legend,
        "scale_top": scale_top,
        "pattern_prefix": PATTERN_PREFIX,
    }
