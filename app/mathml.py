"""Formulas as MathML (latex2mathml) with the current numbers in slots the client can refill.

A slot is written in TeX as \\text{SLOTname} and comes out as
<mrow data-slot="name">...</mrow>; static/js/core/format.js rebuilds the same children.
"""

from __future__ import annotations

import re
from functools import lru_cache
from html import escape

from latex2mathml.converter import convert

from app.formatting import MINUS

_SLOT = re.compile(r"<mtext>SLOT(\w+?)(P?)</mtext>")


_CACHED_TEX = 400  # longer TeX carries the learner's numbers: converting it is cheaper than
# keeping it (a 1000-row sum is ~100 KB of MathML; 512 of them held the soak's memory climbing)


def _block(tex: str) -> str:
    """latex2mathml's block MathML for one part; short, fixed TeX is converted once."""
    if len(tex) <= _CACHED_TEX:
        return _block_cached(tex)
    return str(convert(tex, display="block"))


@lru_cache(maxsize=256)
def _block_cached(tex: str) -> str:
    return str(convert(tex, display="block"))


def slot(text: str, paren: bool) -> str:
    """The MathML children for one number; negative numbers get brackets where `paren`."""
    negative = text.lstrip("\u2248").startswith(MINUS)
    digits = text.replace(MINUS, "", 1) if negative else text
    if not negative:
        return f"<mn>{escape(digits)}</mn>"
    # an inner mrow makes the minus a prefix sign, spaced tight, not a binary operator
    signed = f"<mrow><mo>{MINUS}</mo><mn>{escape(digits)}</mn></mrow>"
    return f"<mo>(</mo>{signed}<mo>)</mo>" if paren else signed


def formula(tex: str, values: dict[str, str]) -> str:
    """Convert TeX to block MathML and fill each \\text{SLOTname} (or SLOTnameP, bracketed).

    A formula may come in parts separated by "&": each part becomes its own <math>, so a
    narrow screen can wrap the line between the definition and the numbers.
    """

    def fill(match: re.Match[str]) -> str:
        name, paren = match.group(1), match.group(2) == "P"
        return (
            f'<mrow data-slot="{name}" data-paren="{int(paren)}">{slot(values[name], paren)}</mrow>'
        )

    parts = []
    for part in tex.split("&"):
        mathml = _SLOT.sub(fill, _block(part.strip()))
        # a plain-text version for assistive technology; the client refills its {slots}
        template = _spoken_cached(part) if len(part) <= _CACHED_TEX else spoken(part)
        alt = escape(_SLOT_NAME.sub(lambda m: values.get(m.group(1), m.group(0)), template))
        mathml = mathml.replace(
            "<math ", f'<math alttext="{alt}" data-alt="{escape(template, quote=True)}" ', 1
        )
        parts.append(f'<span class="formula-part">{mathml}</span>')
    return "".join(parts)


_SLOT_NAME = re.compile(r"\{(\w+)\}")


SINGLE_FORMULAS_WITHOUT_HALF = {
    "loss": r"L = (t - o)^2 & = (\text{SLOTt} - \text{SLOToP})^2 = \text{SLOTloss}",
    "gradient": r"\frac{dL}{do} = 2(o - t) & = 2(\text{SLOTo} - \text{SLOTtP})"
    r" = \text{SLOTgradient}",
    "step": r"o_{\text{next}} = o - \eta \cdot \frac{dL}{do} & = \text{SLOTo} - \text{SLOTlr}"
    r" \cdot \text{SLOTgradientP} = \text{SLOTnext_output}",
}

SINGLE_FORMULAS = {
    "loss": r"L = \tfrac{1}{2}(t - o)^2 & = \tfrac{1}{2}(\text{SLOTt} - \text{SLOToP})^2"
    r" = \text{SLOTloss}",
    "gradient": r"\frac{dL}{do} = o - t & = \text{SLOTo} - \text{SLOTtP} = \text{SLOTgradient}",
    "step": r"o_{\text{next}} = o - \eta \cdot \frac{dL}{do} & = \text{SLOTo} - \text{SLOTlr}"
    r" \cdot \text{SLOTgradientP} = \text{SLOTnext_output}",
}


def single_formulas(values: dict[str, str], half: bool = True) -> dict[str, str]:
    """The three formulas of the single-sample page with the current numbers plugged in."""
    texts = SINGLE_FORMULAS if half else SINGLE_FORMULAS_WITHOUT_HALF
    return {name: formula(tex, values) for name, tex in texts.items()}


_WORDS = {
    "cdot": "·",
    "times": "×",
    "eta": "η",
    "sigma": "σ",
    "delta": "δ",
    "partial": "∂",
    "sum": "Σ",
    "leftarrow": "←",
    "approx": "≈",
    "ldots": "…",
    "dots": "…",
    "cdots": "⋯",
    "left": "",
    "right": "",
}


def spoken(tex: str) -> str:
    r"""A plain-text reading of a formula's TeX, with each slot as {name}.

    >>> spoken(r"L = \tfrac{1}{2}(t - o)^2 = \text{SLOTloss}")
    'L = 1/2(t − o)² = {loss}'
    >>> spoken(r"o_{\text{next}} = o - \eta \cdot \frac{dL}{do}")
    'o_next = o − η · dL/do'
    """
    text = re.sub(r"\\text\{SLOT(\w+?)P?\}", r"{\1}", tex)
    text = re.sub(r"\\(?:text|mathrm|operatorname|bar)\{([^{}]*)\}", r"\1", text)
    for _ in range(4):  # nested fractions, innermost first
        text = re.sub(r"\\[td]?frac\{([^{}]*)\}\{([^{}]*)\}", r"\1/\2", text)
    text = re.sub(r"\^\{?2\}?", "²", text)
    text = re.sub(r"\^\{([^{}]*)\}", r"^\1", text)
    text = re.sub(r"_\{([^{}]*)\}", r"_\1", text)
    text = re.sub(r"\\[,;!]|\\quad", " ", text)
    text = re.sub(r"\\([a-zA-Z]+)", lambda m: _WORDS.get(m.group(1), m.group(1)), text)
    text = text.replace("{", "").replace("}", "") if "SLOT" not in tex else _keep_slots(text)
    text = text.replace(" - ", " − ").replace("&", "")
    return re.sub(r"\s+", " ", text).strip()


@lru_cache(maxsize=256)
def _spoken_cached(tex: str) -> str:
    """`spoken` of a short, fixed TeX part, read once: ~15 regular expressions a part."""
    return spoken(tex)


def _keep_slots(text: str) -> str:
    """Drop TeX grouping braces but keep {name} slot markers."""
    return re.sub(r"\{(?!\w+\})|(?<!\{\w)(?<!\w)\}", "", text)
