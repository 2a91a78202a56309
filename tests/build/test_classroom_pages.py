"""The built classroom pages: furigana on every kanji of the children's pages (their own
text and the theme's), answer keys worked exactly from the pupil sheet's own inputs, the
example codes, QR codes back to the site, and the diagrams."""

from __future__ import annotations

import importlib.util
import json
import re
import tomllib
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from html.parser import HTMLParser
from pathlib import Path
from typing import Any, ClassVar

import pytest
from mkdocs.exceptions import PluginError

from calculators import web

# CJK Unified Ideographs, Extension A, and Compatibility Ideographs.
KANJI = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
# Attributes read aloud or shown as tooltips.
SPOKEN_ATTRIBUTES = ("title", "aria-label", "alt", "placeholder")
# Elements whose text is never shown or read.
SILENT = {"script", "style", "template"}


class ArticleText(HTMLParser):
    """Text of <article> outside <ruby>, and its spoken attributes, with line numbers."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.in_article = 0
        self.in_ruby = 0
        self.silent = 0
        self.bare: list[tuple[int, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "article":
            self.in_article += 1
        if not self.in_article:
            return
        if tag == "ruby":
            self.in_ruby += 1
        if tag in SILENT:
            self.silent += 1
        for name, value in attrs:
            if name in SPOKEN_ATTRIBUTES and value and KANJI.search(value):
                self.bare.append((self.getpos()[0], f'{tag} {name}="{value}"'))

    def handle_endtag(self, tag: str) -> None:
        if tag == "article":
            self.in_article -= 1
        if not self.in_article:
            return
        if tag == "ruby":
            self.in_ruby -= 1
        if tag in SILENT:
            self.silent -= 1

    def handle_data(self, data: str) -> None:
        if self.in_article and not self.in_ruby and not self.silent and KANJI.search(data):
            self.bare.append((self.getpos()[0], data.strip()))


def bare_kanji(html: str) -> list[tuple[int, str]]:
    parser = ArticleText()
    parser.feed(html)
    return parser.bare


@pytest.mark.parametrize("page", ["kids/index.html", "schools/sheet/index.html"])
def test_every_kanji_in_the_children_s_pages_is_in_ruby(built_site: Path, page: str) -> None:
    """The main text, including the theme's own (calculate button, 最終更新日, feedback
    link, heading links), has furigana on every kanji."""
    html = (built_site / page).read_text(encoding="utf-8")
    assert "<article" in html and "最終更新日" in html
    bare = bare_kanji(html)
    assert bare == [], "\n".join(
        f"{page}:{line}: ふりがなのない漢字: {text}" for line, text in bare
    )


def test_the_ruby_check_finds_bare_theme_text() -> None:
    """The checker itself: ruby passes, bare text and a kanji tooltip are reported."""
    html = (
        '<body><p>外</p><article class="md-content__inner">'
        "<p><ruby>地球<rt>ちきゅう</rt></ruby></p><p>最終更新日: 2026</p>"
        '<a title="この見出しへのリンク">¶</a></article></body>'
    )
    found = [text for _, text in bare_kanji(html)]
    assert found == ["最終更新日: 2026", 'a title="この見出しへのリンク"']


# Answer keys and example households -------------------------------------------------

ROOT = Path(__file__).resolve().parents[2]


def load_hook(name: str):  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location(name, ROOT / "overrides" / "hooks" / f"{name}.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def engine_result(letter: str) -> dict:  # type: ignore[type-arg]
    examples = tomllib.loads((ROOT / "docs" / "schools" / "examples.toml").read_text("utf-8"))
    raw = {k: str(v) for k, v in examples[letter].items()}
    return json.loads(web.run(json.dumps(raw), "ja"))["result"]  # type: ignore[no-any-return]


class Tables(HTMLParser):
    """The tables inside <article>, as rows of cell texts (furigana left out)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tables: list[list[list[str]]] = []
        self.in_article = self.in_rt = 0
        self.cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "article":
            self.in_article += 1
        elif self.in_article and tag == "table":
            self.tables.append([])
        elif self.in_article and tag == "tr" and self.tables:
            self.tables[-1].append([])
        elif self.in_article and tag in ("td", "th"):
            self.cell = []
        elif tag == "rt":
            self.in_rt += 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "article":
            self.in_article -= 1
        elif tag == "rt":
            self.in_rt -= 1
        elif tag in ("td", "th") and self.cell is not None and self.tables:
            self.tables[-1][-1].append(re.sub(r"\s+", " ", "".join(self.cell)).strip())
            self.cell = None

    def handle_data(self, data: str) -> None:
        if self.cell is not None and not self.in_rt:
            self.cell.append(data)


def tables_of(html: str) -> list[list[list[str]]]:
    parser = Tables()
    parser.feed(html)
    return parser.tables


NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?")


def numbers(cell: str) -> list[Decimal]:
    return [Decimal(n.replace(",", "")) for n in NUMBER.findall(cell)]


def half_up(value: Decimal | Fraction, digits: int) -> Decimal:
    """Round half up on the decimal value, as pupils are taught (written here again, on purpose)."""
    if isinstance(value, Fraction):
        value = Decimal(value.numerator) / Decimal(value.denominator)
    return value.quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP)


SHEET_ROWS = ("electricity", "city_gas", "lpg", "kerosene", "gasoline", "water")


def sheet_inputs(
    built_site: Path, prefix: str
) -> tuple[dict[str, Decimal], dict[str, dict[str, Decimal]]]:
    """The factors (part 1) and the example households (part 2), read from the printed sheet."""
    factor_table, example_table = tables_of(
        (built_site / prefix / "schools/sheet/index.html").read_text("utf-8")
    )[:2]
    rows = [numbers(row[1]) for row in factor_table[1:]]
    density = numbers(factor_table[3][0])[-1]  # "LPG, 1 m³ (1.992 kg of gas)"
    factors = {
        "electricity": rows[0][0],
        "city_gas": rows[1][0],
        # m³ → kg, then the factor per kg ("1 kgで 2.99 kg" / "2.99 kg for 1 kg").
        "lpg": density * next(n for n in rows[2] if n != 1),
        "kerosene": rows[3][0],
        "gasoline": rows[4][0],
        "water": rows[5][0],
        "tree": rows[6][0],
    }
    examples: dict[str, dict[str, Decimal]] = {letter: {} for letter in "ABC"}
    keys = ("size", *SHEET_ROWS)
    for key, row in zip(keys, example_table[1:], strict=True):
        for letter, cell in zip("ABC", row[1:], strict=True):
            found = numbers(cell)
            examples[letter][key] = found[0] if found else Decimal(0)
    return factors, examples


def worked(factors: dict[str, Decimal], household: dict[str, Decimal]) -> dict[str, Any]:
    """The sheet's steps, by hand: each line to 0.1 kg, the year from the month's total."""
    month = {}
    for source in SHEET_ROWS:
        amount = household[source] / 2 if source == "water" else household[source]
        if amount:
            month[source] = half_up(amount * factors[source], 1)
    total = sum(month.values(), Decimal(0))
    year = half_up(total * 12, 0)
    return {
        "month": month,
        "share": {s: half_up(Fraction(kg) / Fraction(total) * 100, 0) for s, kg in month.items()},
        "total": total,
        "year": year,
        "tonnes": year / 1000,
        "per_person": half_up(Fraction(year) / Fraction(household["size"]), 0),
        "trees": half_up(Fraction(year) / Fraction(factors["tree"]), 0),
    }


@pytest.mark.parametrize("prefix", ["", "en"])
def test_every_key_figure_is_the_sheet_worked_exactly(built_site: Path, prefix: str) -> None:
    """Issue 19: the key is the pupil sheet worked from the sheet's own printed inputs, each
    step rounded half up on the decimal value (148.1, not the float's 148.0)."""
    factors, households = sheet_inputs(built_site, prefix)
    html = (built_site / prefix / "schools/index.html").read_text("utf-8")
    key = next(t for t in tables_of(html) if len(t) == 13 and "A" in t[0][1])
    expected = {letter: worked(factors, households[letter]) for letter in "ABC"}
    for column, letter in enumerate("ABC", start=1):
        want = expected[letter]
        for row, source in zip(key[1:7], SHEET_ROWS, strict=True):
            cell = row[column]
            if source in want["month"]:
                assert numbers(cell) == [want["month"][source], want["share"][source]], (
                    letter,
                    source,
                    cell,
                )
            else:
                assert cell == "–", (letter, source, cell)
        figures = [numbers(row[column])[0] for row in key[7:12]]
        assert figures == [
            want["total"],
            want["year"],
            want["tonnes"],
            want["per_person"],
            want["trees"],
        ]
        # The last row is the calculator's own year, rounded half up on its decimal value.
        engine_total = Decimal(repr(engine_result(letter)["total_kg_per_year"]))
        assert numbers(key[12][column]) == [half_up(engine_total, 0)]
    # The key's figures follow the data file (a yearly update changes them), so the float
    # pitfall itself (350 × 0.423 = 148.05 → 148.1, not 148.0) is pinned in
    # tests/engine/test_exact.py with fixed inputs, not here.
    # Quiz 2 (a year of example A's electricity) and plan 2's question on its share.
    a = households["A"]
    year_electricity = half_up(a["electricity"] * 12 * factors["electricity"], 0)
    text = re.sub(r"<[^>]+>", "", html)
    assert f"{year_electricity:,}" in text
    assert f"{expected['A']['share']['electricity']}" in text


@pytest.mark.parametrize("page", ["schools/index.html", "en/schools/index.html"])
def test_example_codes_and_links_are_the_engine_s(built_site: Path, page: str) -> None:
    """The example households' class codes are the engine's, and break only between groups."""
    html = (built_site / page).read_text(encoding="utf-8")
    for letter in "ABC":
        code = engine_result(letter)["class_code"]
        assert code.replace("-", "-<wbr>") in html
    # The share links open the calculator with the example's inputs.
    assert "calculator/?household_size=5&amp;electricity_kwh=450&amp;lpg_m3=15" in html


def test_unknown_example_or_path_stops_the_build_with_file_and_line() -> None:
    hook = load_hook("classroom")

    class Page:
        url = "schools/"

        class file:  # mimics mkdocs' page.file
            src_uri = "schools/index.md"
            locale = "ja"

    class Config:
        theme: ClassVar[dict[str, str]] = {"language": "ja"}
        site_url = "http://127.0.0.1:8000/"

    for marker, expected in [
        (
            "<!-- md:example Z electricity_kwh -->",
            "例の家庭「Z」はありません。例の家庭は A、B、C のどれかにしてください",
        ),
        (
            "<!-- md:example a electricity_kwh -->",
            "例の家庭「a」はありません。もしかして A ですか？",
        ),
        (
            "<!-- md:example A electricity_kw -->",
            "例Aの項目「electricity_kw」はありません。もしかして electricity_kwh ですか？"
            "項目は household_size、electricity_kwh、city_gas_m3 のどれかにしてください",
        ),
        (
            "<!-- md:answer A total_kg -->",
            "計算の結果に「total_kg」はありません。もしかして total_kg_per_year ですか？",
        ),
        (
            "<!-- md:answer A sheet.month.coal -->",
            "シートの数「sheet.month.coal」はありません。"
            "sheet.month. のあとは electricity、city_gas、lpg、kerosene、gasoline、water のどれかにしてください",
        ),
        (
            "<!-- md:answer A sheet.year 1 -->",
            "sheet.year はシートのとおりに丸めるので、けた数を書かずに <!-- md:answer A sheet.year --> と書いてください",
        ),
        (
            "<!-- md:qr sit A -->",
            "QRコードの行き先「sit」はありません。もしかして site ですか？行き先は site、A、B、C のどれかにしてください",
        ),
    ]:
        with pytest.raises(PluginError) as caught:
            hook.on_page_markdown(f"# T\n\n{marker}\n", Page(), Config(), None)
        assert str(caught.value).startswith(f"docs/schools/index.md 3行目: {expected}")
    diagrams = load_hook("diagrams")
    with pytest.raises(PluginError) as caught:
        diagrams.on_page_markdown("<!-- md:diagram step -->", Page(), Config(), None)
    assert str(caught.value) == (
        "docs/schools/index.md 1行目: 授業の図「step」はありません。もしかして steps ですか？"
        "<!-- md:diagram 名前 --> の名前は steps、sources、credit のどれかにしてください"
    )


def test_a_marker_line_counts_the_front_matter(tmp_path: Path) -> None:
    """The line as the editor sees the file: front matter included (hooks get the body only)."""
    source = tmp_path / "index.md"
    body = (
        "# T\n\n<!-- md:diagram tree -->\n<!-- md:example A electricity_kwh -->\n<!-- md:qr Z -->\n"
    )
    source.write_text("---\ntitle: T\n---\n\n" + body, encoding="utf-8")

    class Page:
        url = "schools/"

        class file:
            src_uri = "schools/index.md"
            locale = "ja"
            abs_src_path = str(source)

    class Config:
        theme: ClassVar[dict[str, str]] = {"language": "ja"}
        site_url = "http://127.0.0.1:8000/"

    with pytest.raises(PluginError, match=r"^docs/schools/index.md 7行目: 授業の図「tree」"):
        load_hook("diagrams").on_page_markdown(body, Page(), Config(), None)
    with pytest.raises(PluginError, match=r"^docs/schools/index.md 9行目: QRコードの行き先「Z」"):
        load_hook("classroom").on_page_markdown(body, Page(), Config(), None)


def test_diagram_and_classroom_mistakes_are_found_without_a_build() -> None:
    """tools/dev check's step before the build: each mistake once, at its line in the file,
    with the same sentence as the build (an unknown diagram name, a lowercase example)."""
    text = (
        "---\ntitle: T\n---\n\n# T\n\n<!-- md:diagram steps -->\n<!-- md:diagram sorces -->\n"
        "<!-- md:example a electricity_kwh -->\n<!-- md:answer A total_kg_per_year -->\n"
    )
    assert load_hook("diagrams").page_problems(text) == [
        (
            8,
            "授業の図「sorces」はありません。もしかして sources ですか？"
            "<!-- md:diagram 名前 --> の名前は steps、sources、credit のどれかにしてください",
        )
    ]
    assert load_hook("classroom").page_problems(text) == [
        (
            9,
            "例の家庭「a」はありません。もしかして A ですか？例の家庭は A、B、C のどれかにしてください"
            "（docs/schools/examples.toml の [A] などの記号）",
        )
    ]


class QrCodes(HTMLParser):
    """Each QR code's accessible name and the address printed beside it."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[dict[str, str]] = []
        self.slot: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "li" and a.get("class") == "qr__item":
            self.found.append({"label": "", "address": "", "path": ""})
        elif tag == "svg" and self.found and "qr__svg" in (a.get("class") or ""):
            self.found[-1]["label"] = a.get("aria-label") or ""
            assert a.get("role") == "img"
        elif tag == "path" and self.found and a.get("class") == "qrline":
            self.found[-1]["path"] = a.get("d") or ""
        elif tag == "span" and a.get("class") == "qr__address":
            self.slot = "address"

    def handle_endtag(self, tag: str) -> None:
        self.slot = None

    def handle_data(self, data: str) -> None:
        if self.slot and self.found:
            self.found[-1][self.slot] += data


@pytest.mark.parametrize(
    ("page", "prefix"),
    [
        ("schools/sheet/index.html", ""),
        ("en/schools/sheet/index.html", "en/"),
        ("schools/index.html", ""),
        ("en/schools/index.html", "en/"),
    ],
)
def test_qr_codes_lead_back_to_the_site_and_each_example(
    built_site: Path, page: str, prefix: str
) -> None:
    """Paper leads back: a QR code for the site and for each example, holding the address
    printed beside it, built from site_url (the default here: no SITE_URL in tests)."""
    import segno

    parser = QrCodes()
    parser.feed((built_site / page).read_text("utf-8"))
    examples = tomllib.loads((ROOT / "docs" / "schools" / "examples.toml").read_text("utf-8"))
    site = "http://127.0.0.1:8000/" + prefix
    expected = [site] + [
        site + "calculator/?" + "&".join(f"{k}={v}" for k, v in examples[letter].items())
        for letter in "ABC"
    ]
    assert [qr["address"] for qr in parser.found] == expected
    for qr in parser.found:
        assert qr["label"].endswith(qr["address"])
        # The drawing is the QR code of that very address.
        again = segno.make(qr["address"], error="m").svg_inline(border=2, omitsize=True)
        assert f'd="{qr["path"]}"' in again


def test_qr_codes_follow_site_url() -> None:
    hook = load_hook("classroom")

    class Page:
        url = "schools/"

        class file:
            src_uri = "schools/index.md"
            locale = "ja"

    class Config:
        theme: ClassVar[dict[str, str]] = {"language": "ja"}
        site_url = "https://school.example/guide"

    out = hook.on_page_markdown("<!-- md:qr site A -->", Page(), Config(), None)
    assert ">https://school.example/guide/</span>" in out
    assert (
        ">https://school.example/guide/calculator/?household_size=4&amp;electricity_kwh=350" in out
    )


@pytest.mark.parametrize(
    ("text", "line", "sentence"),
    [
        (
            "[A]\nhousehold_size = 4\nelectricity_kwh = 3,50\n",
            3,
            "小数点はカンマではなくドット（3.50）です。electricity_kwh = 3.50 と書いてください",
        ),
        (
            "[A]\nhousehold_size = 4\nelectricity_kwh = 35O\n",
            3,
            "electricity_kwh の値「35O」に、数字に似た文字（O、l、I）があります。"
            "もしかして electricity_kwh = 350 ですか？数は半角の数字で書いてください",
        ),
        (
            "[A]\nhousehold_size = 4\nelectricity_kwh = 350 kWh\n",
            3,
            "electricity_kwh = のあとに書けるのは値1つだけです（いまは「350 kWh」）。"
            "数だけを書いてください（単位はいりません。説明は行の終わりの # のあとに書けます）",
        ),
        (
            '[A]\nhousehold_size = "よにん"\nelectricity_kwh = 350\n',
            1,
            "例Aの入力を計算機が読めません（household_size は「数字で入力してください（単位は人）。」）。"
            "[A] の値を直してください",
        ),
    ],
)
def test_a_broken_examples_file_is_named_in_japanese(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str, line: int, sentence: str
) -> None:
    """docs/schools/examples.toml that cannot be read or calculated: its line, in Japanese,
    for the build and for tools/dev check (which reports the file once, not each page)."""
    hook = load_hook("classroom")
    broken = tmp_path / "examples.toml"
    broken.write_text(text, encoding="utf-8")
    monkeypatch.setattr(hook, "EXAMPLES", broken)
    for marker in ("<!-- md:answer A total_kg_per_year -->", "<!-- md:answer A sheet.year -->"):
        with pytest.raises(hook.ExampleError) as caught:
            hook.page_problems(marker)
        assert (caught.value.path, caught.value.line) == ("docs/schools/examples.toml", line)
        assert caught.value.sentence == sentence
        assert str(caught.value) == f"docs/schools/examples.toml {line}行目: {sentence}"
        hook.examples.cache_clear()
        hook.example_result.cache_clear()
