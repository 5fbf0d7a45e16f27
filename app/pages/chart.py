"""What a lesson's chart is: each page module lists its charts (`CHARTS`) with these."""

from __future__ import annotations

from typing import NamedTuple

from app.assets import PLOTLY_CARTESIAN_JS, PLOTLY_JS


class Chart(NamedTuple):
    """One chart of a lesson, embeddable as /embed/<name>."""

    name: str  # its name in /embed/<name>, oEmbed and the notebook
    title: str  # its title (translated where shown)
    figure: str  # its key in the state's "figures"
    controls: tuple[str, ...] = ()  # the lesson's controls its embed may show (live charts)
    bundle: str = PLOTLY_JS  # the plotly.js build it needs: contours need the cartesian one


CARTESIAN = PLOTLY_CARTESIAN_JS
