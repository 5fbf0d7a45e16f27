"""The second language: Spanish pages from ?lang= and Accept-Language, a complete catalogue,
decimal commas on the page, and an API, CSV and JSON twins that stay English."""

from __future__ import annotations

import gettext
import io
import re
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from bs4 import BeautifulSoup
from fastapi.testclient import TestClient
from hypothesis import given
from hypothesis import strategies as st

from app import __version__, i18n
from app.formatting import number
from app.pages.registry import LESSONS, js_messages
from tests.pages import stray_scripts

ROOT = Path(__file__).resolve().parents[1]
PO = ROOT / "app" / "locale" / "es" / "LC_MESSAGES" / "messages.po"
MO = PO.with_suffix(".mo")
SPANISH = {"Accept-Language": "es-ES,es;q=0.9"}
PAGES = [
    "/",
    "/samples",
    "/batches",
    "/weights",
    "/descent",
    "/descent?mode=weights",
    "/losses",
    "/why",
    "/exercise?seed=5",
    "/embed/loss",
    "/embed/weights-contour",
]


def _soup(client: TestClient, url: str, headers: dict[str, str] | None = None) -> BeautifulSoup:
    r = client.get(url, headers=headers or {})
    assert r.status_code == 200, url
    return BeautifulSoup(r.text, "html.parser")


def _catalogue():  # type: ignore[no-untyped-def]
    with PO.open("rb") as f:
        return read_po(f)


def _extracted() -> set[str | tuple[str, ...]]:
    """Every message Babel finds in app/ and templates/, as scripts/i18n extracts them."""
    with (ROOT / "babel.cfg").open() as f:
        method_map, options_map = parse_mapping_cfg(f)
    found: set[str | tuple[str, ...]] = set()
    for _file, _line, message, _comments, _context in extract_from_dir(
        str(ROOT), method_map, options_map
    ):
        found.add(message if isinstance(message, str) else tuple(message))
    return found


# ---- the catalogue


def test_every_message_has_a_spanish_translation_and_none_is_stale() -> None:
    catalogue = _catalogue()
    in_po = {m.id if isinstance(m.id, str) else tuple(m.id) for m in catalogue if m.id}
    extracted = _extracted()
    assert len(extracted) > 400
    assert sorted(map(str, extracted - in_po)) == [], "run scripts/i18n and translate"
    assert sorted(map(str, in_po - extracted)) == [], "stale entries: run scripts/i18n"
    untranslated = [
        m.id
        for m in catalogue
        if m.id and (m.fuzzy or not all(m.string if isinstance(m.string, tuple) else [m.string]))
    ]
    assert untranslated == []


_SLOTS = re.compile(r"%\(\w+\)s|\{\w+\}|</?[a-z]+[^>]*>|SLOT\w+")


def test_translations_keep_every_slot_and_tag() -> None:
    for m in _catalogue():
        if not m.id:
            continue
        ids = [m.id] if isinstance(m.id, str) else list(m.id)
        strings = [m.string] if isinstance(m.string, str) else list(m.string)
        for text in strings:
            assert sorted(_SLOTS.findall(text)) == sorted(_SLOTS.findall(ids[-1])), m.id


def _messages(mo: bytes) -> dict[object, str]:
    """A compiled catalogue's messages, without its header (which names the Babel version)."""
    catalog = gettext.GNUTranslations(io.BytesIO(mo))._catalog  # type: ignore[attr-defined]
    return {key: text for key, text in catalog.items() if key != ""}


def test_the_committed_mo_is_compiled_from_the_po() -> None:
    out = io.BytesIO()
    write_mo(out, _catalogue())
    fresh = _messages(out.getvalue())
    assert len(fresh) > 400
    assert _messages(MO.read_bytes()) == fresh, "run scripts/i18n (it compiles the .mo)"


def test_the_script_messages_are_in_the_catalogue() -> None:
    catalogue = _catalogue()
    for message in js_messages():
        assert catalogue.get(message) is not None and catalogue.get(message).string


# ---- choosing the language


@pytest.mark.parametrize(
    ("lang", "header", "expected"),
    [
        (None, None, "en"),
        ("es", None, "es"),
        ("ES", None, "es"),
        (None, "es-ES,es;q=0.9", "es"),
        (None, "en-GB,en;q=0.9,es;q=0.8", "en"),
        (None, "fr;q=1, es;q=0.7, en;q=0.3", "es"),
        (None, "es;q=0, en", "en"),
        (None, "es;q=banana", "en"),
        (None, "*", "en"),
        ("en", "es-ES,es;q=0.9", "en"),
        ("fr", "es", "en"),
        ("", "es", "en"),
    ],
)
def test_negotiate(lang: str | None, header: str | None, expected: str) -> None:
    assert i18n.negotiate(lang, header).code == expected


def test_lang_in_the_url_wins_over_accept_language(client: TestClient) -> None:
    soup = _soup(client, "/?lang=en", SPANISH)
    assert soup.html["lang"] == "en"  # type: ignore[index]
    assert soup.h1.get_text() == "Squaring the error hides its sign. The gradient keeps it."  # type: ignore[union-attr]


def test_accept_language_gives_spanish(client: TestClient) -> None:
    r = client.get("/?t=1&o=0.3&lr=0.5", headers=SPANISH)
    assert "Accept-Language" in r.headers["vary"]
    soup = BeautifulSoup(r.text, "html.parser")
    assert soup.html["lang"] == "es"  # type: ignore[index]
    assert (
        soup.h1.get_text()
        == "Elevar el error al cuadrado oculta su signo. El gradiente lo conserva."
    )  # type: ignore[union-attr]
    # the language came from the header: links carry it so a shared link stays Spanish
    assert soup.select_one('nav[aria-label="Lecciones"] a[href^="/samples"]')["href"] == (  # type: ignore[index]
        "/samples?lang=es"
    )


@pytest.mark.parametrize("lang", ["fr", "xx-yy", "<script>", "e" * 300])
def test_an_unknown_lang_falls_back_to_english_with_a_note(client: TestClient, lang: str) -> None:
    r = client.get("/", params={"lang": lang}, headers=SPANISH)
    assert r.status_code == 200
    soup = BeautifulSoup(r.text, "html.parser")
    assert soup.html["lang"] == "en"  # type: ignore[index]
    note = soup.select_one("#lang-note").get_text()  # type: ignore[union-attr]
    assert note.startswith("The language “") and note.endswith("the page is in English.")
    assert not stray_scripts(soup.select_one("main"))  # the asked value is text, escaped


def test_the_language_does_not_leak_into_the_next_request(client: TestClient) -> None:
    client.get("/?lang=es")
    assert _soup(client, "/").html["lang"] == "en"  # type: ignore[index]
    assert i18n.current() == "en"


# ---- the Spanish page


def test_spanish_sentence_table_and_mathml_write_a_decimal_comma(client: TestClient) -> None:
    r = client.get("/?t=1&o=0.3&lr=0.5&lang=es")
    state = r.context["state"]  # type: ignore[attr-defined]
    assert state["shown"]["loss"] == "0,245"
    assert state["shown"]["gradient"] == "−0,70"
    assert state["result"]["loss"] == 0.245  # the numbers themselves do not change
    soup = BeautifulSoup(r.text, "html.parser")
    assert soup.select_one("#sentence").get_text() == (  # type: ignore[union-attr]
        "o = 0,30 está por debajo de t = 1,00, así que dL/do = −0,70 es negativo"
        " y el paso sube o a 0,65."
    )
    assert soup.select_one('output[data-shown="loss"]').get_text() == "0,245"  # type: ignore[union-attr]
    plotted = [td.get_text() for td in soup.select("#plotted td")]
    assert plotted and all("." not in cell for cell in plotted)
    assert "−5,00" in plotted
    loss = soup.select_one("#formula-loss")
    assert "0,245" in [mn.get_text() for mn in loss.find_all("mn")]  # type: ignore[union-attr]
    alts = [math["alttext"] for math in loss.find_all("math")]  # type: ignore[union-attr]
    assert "= 0,245" in alts[-1] and "." not in alts[-1]
    # inputs keep "." values, as HTML requires
    assert soup.select_one("#lr-number")["value"] == "0.5"  # type: ignore[index]
    assert soup.select_one("#lr-range")["step"] == "0.01"  # type: ignore[index]


def test_spanish_page_passes_its_words_to_the_scripts(client: TestClient) -> None:
    soup = _soup(client, "/?lang=es")
    import json

    words = json.loads(soup.select_one("#i18n").get_text())  # type: ignore[union-attr]
    assert words["Copy"] == "Copiar"
    assert set(words) == set(js_messages(LESSONS[0]))  # the core's, the exercise's, its own
    descent = _soup(client, "/descent?lang=es").select_one("#i18n")
    assert json.loads(descent.get_text())["Play"] == "Reproducir"  # type: ignore[union-attr]
    state = json.loads(soup.select_one("#state-data").get_text())  # type: ignore[union-attr]
    assert state["sentences"]["increase"].startswith("o = {o} está por debajo de t = {t}")
    assert _soup(client, "/").select_one("#i18n") is None  # English pages need none


def test_the_language_stays_in_the_urls(client: TestClient) -> None:
    soup = _soup(client, "/?t=2&lang=es")
    nav = [a["href"] for a in soup.select('nav[aria-label="Lecciones"] a')]
    assert nav and all(href.endswith("lang=es") for href in nav)  # type: ignore[union-attr]
    assert soup.select_one('#controls input[name="lang"]')["value"] == "es"  # type: ignore[index]
    assert soup.select_one("#share-url")["value"].endswith("/?t=2&lang=es")  # type: ignore[index,union-attr]
    code = soup.select_one("#share-iframe").get_text()  # type: ignore[union-attr]
    assert 'src="http://testserver/embed/loss?t=2&amp;o=-2&amp;' in code
    assert '&amp;lang=es" width=' in code
    assert "lang%3Des" in soup.select_one("#share-oembed")["value"]  # type: ignore[operator]
    assert soup.select_one('a[data-ex="next"]')["href"].endswith("lang=es")  # type: ignore[index,union-attr]
    # an English page asked for by ?lang=en keeps it too (it overrides a Spanish browser)
    english = _soup(client, "/?lang=en", SPANISH)
    assert english.select_one('#controls input[name="lang"]')["value"] == "en"  # type: ignore[index]


def test_the_switcher_links_both_languages_with_the_state(client: TestClient) -> None:
    soup = _soup(client, "/samples?seed=3&n=4&lang=es")
    links = soup.select(".lang-switch a")
    assert [(a["lang"], a["hreflang"], a.get_text()) for a in links] == [
        ("en", "en", "English"),
        ("es", "es", "Español"),
    ]
    assert links[0]["href"] == "/samples?seed=3&n=4&lang=en"
    assert links[1].get("aria-current") == "true"


@pytest.mark.parametrize("url", PAGES)
def test_every_page_renders_in_spanish_with_no_english_text_left(
    client: TestClient, url: str
) -> None:
    """No message of the catalogue shows up untranslated on a Spanish page."""
    sep = "&" if "?" in url else "?"
    soup = _soup(client, f"{url}{sep}lang=es")
    assert soup.html["lang"] == "es"  # type: ignore[index]
    for tag in soup.select("script, code, pre, textarea"):  # code, not prose
        tag.decompose()
    text = " ".join(soup.get_text(" ").split())
    english = [
        m.id
        for m in _catalogue()
        if isinstance(m.id, str) and len(m.id) > 12 and m.string != m.id and " " in m.id
    ]
    assert [m for m in english if m in text] == []
    # no number on the page (outside the code snippets and the version) has a decimal point
    assert re.findall(r"\d\.\d", text.replace(f"sse-explainer {__version__}", "")) == []


def test_spanish_field_errors(client: TestClient) -> None:
    soup = _soup(client, "/?o=abc&lr=99&lang=es")
    assert soup.select_one("#o-error").get_text() == "salida o debe ser un número, no «abc»."  # type: ignore[union-attr]
    assert soup.select_one("#lr-error").get_text() == (  # type: ignore[union-attr]
        "tasa de aprendizaje η debe ser mayor que 0 y como máximo 10, no 99."
    )


def test_the_tour_is_built_once_per_language(client: TestClient) -> None:
    es = _soup(client, "/why?lang=es").select_one("#step-square-title").get_text()  # type: ignore[union-attr]
    en = _soup(client, "/why").select_one("#step-square-title").get_text()  # type: ignore[union-attr]
    assert es == "1. Si t − o es negativo, ¿no elimina el cuadrado el signo?"
    assert en == "1. If t − o is negative, doesn't the square remove the sign?"


def test_a_spanish_embed(client: TestClient) -> None:
    soup = _soup(client, "/embed/loss?t=1&o=0.3&lang=es")
    assert soup.html["lang"] == "es"  # type: ignore[index]
    assert soup.title.get_text() == "Pérdida frente a la salida · sse-explainer"  # type: ignore[union-attr]
    assert "0,30" in soup.select_one("#sentence").get_text()  # type: ignore[union-attr]
    assert soup.select_one('#controls input[name="lang"]')["value"] == "es"  # type: ignore[index]


# ---- what stays English


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/loss?t=1&o=0.3&lr=0.5",
        "/api/v1/samples?t=1,2&o=2,2",
        "/api/v1/descent?lr=2.5",
        "/index.csv?t=1&o=0.3",
        "/samples.csv",
        "/api/v1/loss?t=1&o=abc",
        "/openapi.json",
    ],
)
def test_api_and_csv_ignore_the_language(client: TestClient, url: str) -> None:
    english = client.get(url)
    for spanish in (
        client.get(url + "&lang=es" if "?" in url else url + "?lang=es", headers=SPANISH),
        client.get(url, headers=SPANISH),
    ):
        assert spanish.status_code == english.status_code
        assert spanish.content == english.content


@pytest.mark.parametrize("twin", ["/index.json?o=0.3", "/samples.json?n=3", "/descent.json?lr=2.5"])
def test_a_twin_is_english_unless_the_page_asks(client: TestClient, twin: str) -> None:
    english = client.get(twin).json()
    assert client.get(twin, headers=SPANISH).json() == english
    assert client.get(twin + "&lang=fr").json() == english
    # the page's script asks with ?lang=es: the same state, written in Spanish
    spanish = client.get(twin + "&lang=es").json()
    assert spanish["query"] == english["query"]
    assert spanish["result"].keys() == english["result"].keys()
    assert spanish["sentence"] != english["sentence"]
    assert "," in spanish["sentence"] and "Vary" not in client.get(twin).headers.get("vary", "")


def test_the_exercise_api_answers_in_the_language_it_is_asked(client: TestClient) -> None:
    body = {"kind": "single", "seed": 3, "half": True, "sign": "positive", "move": "increase"}
    english = client.post("/api/v1/exercises/check", json=body, headers=SPANISH).json()
    spanish = client.post("/api/v1/exercises/check?lang=es", json=body).json()
    assert english["verdict"] in (
        "Right on both counts.",
        "The sign is right, but the step goes the other way.",
        "The step's direction is right, but the gradient has the other sign.",
        "Not this time: both answers are the other way round.",
    )
    assert spanish["verdict"] != english["verdict"]
    assert {k: v for k, v in spanish.items() if k not in ("verdict", "explanation")} == {
        k: v for k, v in english.items() if k not in ("verdict", "explanation")
    }
    question = client.get("/api/v1/exercises/new?seed=3&lang=es").json()["question"]
    assert "¿Es dL/do positivo o negativo aquí?" in question


# ---- numbers


@given(st.floats(allow_nan=False, allow_infinity=False, width=64))
def test_spanish_numbers_are_the_english_ones_with_a_decimal_comma(x: float) -> None:
    english = number(x)
    with i18n.use("es"):
        spanish = number(x)
    assert spanish == english.replace(".", ",")
    assert spanish.count(",") <= 1


def test_number_examples_in_spanish() -> None:
    with i18n.use("es"):
        assert (number(0.245), number(-0.7), number(1 / 3)) == ("0,245", "−0,70", "≈0,333333333333")
        assert i18n.with_lang("/?t=1") == "/?t=1&lang=es"
    assert number(-0.7) == "−0.70"


def test_a_spanish_static_export(tmp_path: Path) -> None:
    import threading

    from app.export import export

    # its own thread: export runs the app with asyncio.run, and a browser test of the same
    # session may have left an event loop running in this one
    worker = threading.Thread(target=export, args=(tmp_path, ["single", "samples"], {"lang": "es"}))
    worker.start()
    worker.join(60)
    page = BeautifulSoup((tmp_path / "index.html").read_text(), "html.parser")
    assert page.html["lang"] == "es"  # type: ignore[index]
    assert page.select_one("#sentence").get_text().startswith("o = −2,00 está por debajo")  # type: ignore[union-attr]
    assert page.select_one("#i18n") is not None
    assert page.select_one(".lang-switch") is None  # one language per offline copy
    hrefs = [a["href"] for a in page.select('nav[aria-label="Lecciones"] a[href]')]
    assert hrefs == ["index.html", "samples.html"]


def test_the_module_examples() -> None:
    import doctest

    assert doctest.testmod(i18n).failed == 0
