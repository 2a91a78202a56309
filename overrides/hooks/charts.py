"""Draw the site's charts as SVG at build time from CSV files (MkDocs hook).

Why: a chart drawn by hand cannot be checked and goes stale. Here every chart
is computed from a data file that sits beside the page that uses it (and is
published with the site, so readers can download it). No JavaScript and no
third-party library: only the standard library and inline SVG.

Staff write a marker where a chart belongs::

    <!-- md:chart co2-concentration -->

``on_page_markdown`` replaces it with a ``<figure>`` that holds

- an SVG with ``role="img"``, a ``<title>`` and a ``<desc>`` (named by
  ``aria-labelledby``) that says in words what the chart shows, computed
  from the data; text is drawn in the page's colour, every series and bar is
  labelled in words, so nothing depends on colour; a ``viewBox`` and
  ``width:100%`` let it shrink to a 375 px wide phone;
- a ``<details>`` data table (a ten-year summary for long series, with a
  link to the full CSV);
- a ``<figcaption>`` with the title and the source with its link.

Labels follow the page's language (``page.file.locale``: "ja" or "en").

Charts (name → data file under ``docs/``) are listed in ``CHARTS``. An unknown
chart name (with the nearest name, 「もしかして」), a missing file or a malformed
CSV stops the build with one Japanese sentence that names the file and the line
to fix, as markers.py does: the page's line for a name, the CSV's line for the
data (``ChartDataError``). Staff edit the CSV files every year, so
``page_problems`` and ``data_problems`` give the same sentences without a build,
for ``tools/dev check``'s first lines (tools/staff_check.py).

This hook must run before ``markers.py``, which rejects any ``<!-- md:… -->``
marker it does not know; ``mkdocs.yml`` lists it first.
"""

from __future__ import annotations

import csv
import difflib
import html
import io
import math
import re
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import Any, NamedTuple

from mkdocs.exceptions import PluginError

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"
CHART_MARKER = re.compile(r"<!--\s*md:chart\b((?:(?!-->).)*)-->", re.DOTALL)

# Drawing constants, in viewBox units. The viewBox is 360 wide, so on a
# 375 px phone (about 340 px of content) text of 13 units shows at about 12 px.
WIDTH = 360
FONT = 13
LEFT, RIGHT, TOP, BOTTOM = 40, 14, 30, 30
LINE_COLOUR = "#1b5e20"  # dark green, 9:1 against white
MAX_WIDTH = "560px"  # keeps text from growing too large on wide screens


# Reading data -----------------------------------------------------------------


def _rel(path: Path) -> str:
    try:
        return path.relative_to(ROOT).as_posix()
    except ValueError:
        return str(path)


class ChartDataError(PluginError):
    """A chart's data file is wrong: the file as staff see it (``path``), the line (0 for
    the whole file) and one Japanese sentence (``sentence``) that says what to do.
    The message starts with the file and the line, as markers.py's do."""

    def __init__(self, path: Path, line: int, sentence: str) -> None:
        self.path = _rel(path)
        self.line = line
        self.sentence = sentence
        where = f"{self.path} {line}行目" if line else self.path
        super().__init__(f"{where}: {sentence}")


def nearest(word: str, known: list[str]) -> str | None:
    """The known name closest to WORD (difflib), for 「もしかして」."""
    found = difflib.get_close_matches(word, known, n=1, cutoff=0.6)
    return found[0] if found else None


def read_rows(path: Path, columns: list[str]) -> list[tuple[int, dict[str, str]]]:
    """Rows of a CSV file as (line number, {column: text}); checks the header and the shape."""
    if not path.exists():
        raise ChartDataError(
            path,
            0,
            "グラフのデータのファイルがありません。"
            "ファイルの名前と置き場所を元にもどしてください（名前は charts.py で決まっています）",
        )
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ChartDataError(
            path,
            raw.count(b"\n", 0, exc.start) + 1,
            "文字コードが UTF-8 ではありません。"
            "文字コードを「UTF-8（BOMなし）」にして保存しなおしてください",
        ) from None
    if text.startswith("\ufeff"):
        raise ChartDataError(
            path,
            1,
            "ファイルの先頭に見えない印（BOM）がついています。"
            "文字コードを「UTF-8（BOMなし）」にして保存しなおしてください",
        )
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader)
    except StopIteration:
        raise ChartDataError(
            path,
            1,
            f"ファイルが空です。1行目に列の名前（{','.join(columns)}）を書き、"
            "2行目から1年に1行ずつ数を書いてください",
        ) from None
    header = [h.strip() for h in header]
    missing = [c for c in columns if c not in header]
    if missing:
        extra = [h for h in header if h not in columns]
        near = {m: nearest(m, extra) for m in missing}
        fixes = "、".join(f"「{n}」を {m}" for m, n in near.items() if n)
        raise ChartDataError(
            path,
            1,
            f"列の名前に {'、'.join(missing)} がありません。"
            + (
                f"{fixes} に直してください"
                if fixes
                else f"1行目を {','.join(columns)} のように、コンマで区切った列の名前にしてください"
            ),
        )
    rows: list[tuple[int, dict[str, str]]] = []
    for cells in reader:
        line = reader.line_num
        if not cells or all(not c.strip() for c in cells):
            continue
        if len(cells) != len(header):
            decimal = "（小数点はコンマではなく . で書きます）" if len(cells) > len(header) else ""
            raise ChartDataError(
                path,
                line,
                f"値が{len(cells)}個ありますが、1行目の列（{','.join(header)}）は{len(header)}個です。"
                f"コンマで区切った値の数を1行目とそろえてください{decimal}",
            )
        rows.append((line, {h: c.strip() for h, c in zip(header, cells, strict=True)}))
    if not rows:
        raise ChartDataError(
            path, 2, "数の行がありません。2行目から、1行目の列の順に数を書いてください"
        )
    return rows


def number(path: Path, line: int, column: str, text: str) -> float:
    """A finite decimal number from a CSV cell, or a ChartDataError naming file, line and column."""
    if is_number(text) and text.isascii():
        return float(text)
    raise ChartDataError(path, line, not_a_number(column, text))


def is_number(text: str) -> bool:
    try:
        return math.isfinite(float(text))
    except ValueError:
        return False


def not_a_number(column: str, text: str) -> str:
    """What to write instead of TEXT in COLUMN, in one sentence (the number meant, if clear)."""
    if not text:
        return (
            f"{column} の列が空です。数を書いてください（まだ数がない年は、行ごと消してください）"
        )
    half = unicodedata.normalize("NFKC", text).replace("−", "-").replace("ー", "-")
    if half != text and is_number(half) and half.isascii():
        return f"{column} の列の「{text}」には全角の文字があります。半角で {half} と書いてください"
    if "," in text:
        return (
            f"{column} の列の「{text}」にコンマがあります。"
            "小数点は . で書き、3けたごとの区切りは入れないでください"
        )
    return (
        f"{column} の列の「{text}」は数ではありません。"
        "半角の数字と小数点（.）で書いてください（まだ数がない年は、行ごと消してください）"
    )


def read_series(path: Path, year_column: str, value_column: str) -> list[tuple[int, float]]:
    """(year, value) pairs; years must be whole numbers in increasing order."""
    series: list[tuple[int, float]] = []
    for line, row in read_rows(path, [year_column, value_column]):
        year = number(path, line, year_column, row[year_column])
        if not year.is_integer():
            raise ChartDataError(
                path,
                line,
                f"{year_column} の列の「{row[year_column]}」は年ではありません。"
                "2025 のように、4けたの年を書いてください",
            )
        if series and year == series[-1][0]:
            raise ChartDataError(
                path,
                line,
                f"{int(year)}年の行が2つあります（すぐ上の行も{int(year)}年です）。"
                "どちらか1行だけにしてください",
            )
        if series and year < series[-1][0]:
            raise ChartDataError(
                path,
                line,
                f"{int(year)}年の行が、{series[-1][0]}年の行の後にあります。"
                "上から年の古い順に並べてください",
            )
        series.append((int(year), number(path, line, value_column, row[value_column])))
    return series


# Formatting ---------------------------------------------------------------------


def fmt(value: float, decimals: int, signed: bool = False) -> str:
    """A number for display, with a real minus sign (and a plus sign when asked)."""
    text = f"{abs(value):,.{decimals}f}"
    if value < 0 and float(text.replace(",", "")) != 0:
        return "−" + text
    return ("+" if signed and float(text.replace(",", "")) != 0 else "") + text


def esc(text: str) -> str:
    return html.escape(text, quote=True)


def text_width(text: str, size: float = FONT) -> float:
    """Rough width of a label in viewBox units (full-width characters are about 1 em)."""
    return sum(size if ord(c) > 0x2E7F else size * 0.56 for c in text)


def nice_step(span: float, target: int = 5) -> float:
    """A round tick step (1, 2, 2.5 or 5 times a power of ten) giving about TARGET ticks."""
    raw = span / target
    power: float = 10.0 ** math.floor(math.log10(raw))
    for m in (1, 2, 2.5, 5, 10):
        if raw <= m * power:
            return m * power
    return 10 * power


def step_decimals(step: float) -> int:
    """How many decimals tick labels need so that every tick of this step is exact."""
    decimals = 0
    while decimals < 4 and abs(step * 10**decimals - round(step * 10**decimals)) > 1e-9:
        decimals += 1
    return decimals


def svg_open(uid: str, height: float, title: str, desc: str) -> list[str]:
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height:.0f}" '
        f'role="img" aria-labelledby="{uid}-title {uid}-desc" '
        f'style="width:100%;height:auto;max-width:{MAX_WIDTH};display:block" '
        f'font-size="{FONT}" font-family="inherit">',
        f'<title id="{uid}-title">{esc(title)}</title>',
        f'<desc id="{uid}-desc">{esc(desc)}</desc>',
    ]


# Line chart -----------------------------------------------------------------------


class LineSpec(NamedTuple):
    title: str
    desc: str
    unit: str
    decimals: int
    signed: bool
    x_step: int
    reference: tuple[float, str] | None = None
    label_first: bool = True  # off when the first point sits in a busy part of the line


def line_chart(uid: str, points: list[tuple[int, float]], spec: LineSpec) -> str:
    """An SVG line chart of yearly values; the highest (and usually the first) point is labelled."""
    height = 250
    values = [v for _, v in points] + ([spec.reference[0]] if spec.reference else [])
    step = nice_step(max(values) - min(values))
    y_lo = math.floor(min(values) / step) * step
    y_hi = math.ceil(max(values) / step) * step
    x_lo, x_hi = points[0][0], points[-1][0]
    plot_w, plot_h = WIDTH - LEFT - RIGHT, height - TOP - BOTTOM

    def sx(year: float) -> float:
        return LEFT + (year - x_lo) / max(x_hi - x_lo, 1) * plot_w

    def sy(value: float) -> float:
        return TOP + (y_hi - value) / (y_hi - y_lo) * plot_h

    out = svg_open(uid, height, spec.title, spec.desc)
    out.append('<g fill="currentColor">')
    out.append(f'<text x="4" y="{TOP - 14}">{esc(spec.unit)}</text>')
    tick = y_lo
    while tick <= y_hi + step / 1000:
        y = sy(tick)
        out.append(
            f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y:.1f}" y2="{y:.1f}" '
            'stroke="currentColor" stroke-opacity="0.2"/>'
        )
        label = fmt(tick, step_decimals(step))
        out.append(f'<text x="{LEFT - 5}" y="{y + 4:.1f}" text-anchor="end">{label}</text>')
        tick += step
    first_tick = math.ceil(x_lo / spec.x_step) * spec.x_step
    for year in range(first_tick, x_hi + 1, spec.x_step):
        x = sx(year)
        out.append(
            f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{TOP + plot_h}" y2="{TOP + plot_h + 4}" '
            'stroke="currentColor"/>'
        )
        out.append(f'<text x="{x:.1f}" y="{height - 10}" text-anchor="middle">{year}</text>')
    out.append(
        f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{TOP + plot_h}" y2="{TOP + plot_h}" '
        'stroke="currentColor"/>'
    )
    if spec.reference:
        ref_value, ref_label = spec.reference
        y = sy(ref_value)
        out.append(
            f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y:.1f}" y2="{y:.1f}" '
            'stroke="currentColor" stroke-width="1.5" stroke-dasharray="6 4"/>'
        )
        out.append(
            f'<text x="{WIDTH - RIGHT - 2}" y="{y + 16:.1f}" text-anchor="end">'
            f"{esc(ref_label)}</text>"
        )
    coords = " ".join(f"{sx(year):.1f},{sy(value):.1f}" for year, value in points)
    out.append(
        f'<polyline points="{coords}" fill="none" stroke="{LINE_COLOUR}" '
        'stroke-width="2" stroke-linejoin="round"/>'
    )
    first = points[0]
    top = max(points, key=lambda p: p[1])
    marked = ([(first, "start")] if spec.label_first else []) + [(top, "end")]
    for (year, value), anchor in marked:
        x, y = sx(year), sy(value)
        out.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3.5" fill="{LINE_COLOUR}"/>')
        label = f"{year}: {fmt(value, spec.decimals, spec.signed)}"
        dx = 6 if anchor == "start" else -6
        # The first point: below and to the right, clear of a rising line; the
        # highest point: above and to the left.
        dy = 18 if anchor == "start" and y + 18 < TOP + plot_h else -8
        out.append(
            f'<text x="{x + dx:.1f}" y="{y + dy:.1f}" text-anchor="{anchor}" '
            f'font-weight="bold">{esc(label)}</text>'
        )
    out.append("</g></svg>")
    return "".join(out)


def decade_table(
    points: list[tuple[int, float]], lang: str, unit: str, decimals: int, signed: bool
) -> str:
    """Ten-year means with the lowest and highest year, as an HTML table."""
    heads = (
        ["期間", f"平均（{unit}）", f"最低（{unit}）", f"最高（{unit}）"]
        if lang == "ja"
        else ["Period", f"Mean ({unit})", f"Lowest ({unit})", f"Highest ({unit})"]
    )
    decades: dict[int, list[tuple[int, float]]] = {}
    for year, value in points:
        decades.setdefault(year // 10 * 10, []).append((year, value))
    rows = []
    for group in decades.values():
        period = f"{group[0][0]}" if len(group) == 1 else f"{group[0][0]}–{group[-1][0]}"
        mean = sum(v for _, v in group) / len(group)
        lo = min(group, key=lambda p: p[1])
        hi = max(group, key=lambda p: p[1])
        rows.append(
            [
                period,
                fmt(mean, decimals, signed),
                f"{fmt(lo[1], decimals, signed)} ({lo[0]})",
                f"{fmt(hi[1], decimals, signed)} ({hi[0]})",
            ]
        )
    return html_table(heads, rows, numeric_from=1)


def html_table(heads: list[str], rows: list[list[str]], numeric_from: int) -> str:
    out = ["<table><thead><tr>"]
    out += [f'<th scope="col">{esc(h)}</th>' for h in heads]
    out.append("</tr></thead><tbody>")
    for row in rows:
        out.append("<tr>")
        for i, cell in enumerate(row):
            if i == 0:
                out.append(f'<th scope="row">{esc(cell)}</th>')
            else:
                align = ' style="text-align:right"' if i >= numeric_from else ""
                out.append(f"<td{align}>{esc(cell)}</td>")
        out.append("</tr>")
    out.append("</tbody></table>")
    return "".join(out)


# Bar chart ------------------------------------------------------------------------


BAR_FILLS = ["#8a3b00", "#0d47a1", "#1b5e20", "#4a4a4a"]  # all ≥ 7:1 against white text


def bar_chart(
    uid: str, bars: list[tuple[str, list[tuple[str, float]]]], title: str, desc: str, unit: str
) -> str:
    """Horizontal bars; a bar may have several parts. Every part is named in words."""
    row_h = 58
    height = TOP + row_h * len(bars) + 10
    left, right = 8, WIDTH - 8
    top_value = max(sum(v for _, v in parts) for _, parts in bars)
    scale = (right - left) / top_value
    out = svg_open(uid, height, title, desc)
    out.append('<g fill="currentColor">')
    out.append(f'<text x="{left}" y="{TOP - 12}">{esc(unit)}</text>')
    colour = 0
    for i, (name, parts) in enumerate(bars):
        y = TOP + i * row_h
        total = sum(v for _, v in parts)
        out.append(
            f'<text x="{left}" y="{y + 12}" font-weight="bold">{esc(name)}: {fmt(total, 1)}</text>'
        )
        x: float = left
        for part, value in parts:
            w = value * scale
            fill = BAR_FILLS[colour % len(BAR_FILLS)]
            colour += 1
            out.append(
                f'<rect x="{x:.1f}" y="{y + 18}" width="{w:.1f}" height="28" fill="{fill}" '
                'stroke="#ffffff" stroke-width="1.5"/>'
            )
            label = f"{part} {fmt(value, 1)}"
            if text_width(label) + 10 <= w:
                out.append(f'<text x="{x + 5:.1f}" y="{y + 37}" fill="#ffffff">{esc(label)}</text>')
            else:
                out.append(f'<text x="{x + w + 5:.1f}" y="{y + 37}">{esc(label)}</text>')
            x += w
    out.append("</g></svg>")
    return "".join(out)


# The charts --------------------------------------------------------------------------

TEXT: dict[str, dict[str, str]] = {
    "ja": {
        "figure": "図",
        "source": "出典",
        "table": "データの表",
        "table_decades": "データの表（10年ごとの平均）",
        "csv": "全データ（CSV）",
        "co2_title": "大気中のCO₂濃度（マウナロア観測所の年平均、{y0}〜{y1}年）",
        "co2_desc": (
            "{y0}年の{v0} ppmから{y1}年の{v1} ppmへ、{n}年分の年平均を結んだ折れ線です。"
            "最も高いのは{ymax}年の{vmax} ppm、最も低いのは{ymin}年の{vmin} ppmです。"
        ),
        "co2_source": (
            '<a href="https://gml.noaa.gov/ccgg/trends/">'
            "米国海洋大気庁 地球監視研究所（NOAA GML）</a>"
            "とスクリプス海洋研究所（1974年4月までは C. David Keeling による観測）。"
            "2022年12月〜2023年7月は噴火のためマウナケア山での観測。2023年までは2024年12月作成のファイル、"
            "2024年と2025年は2026年1月に更新されたファイルの値（第三者による写しで確認。最後の年は暫定値）。"
        ),
        "temp_title": "世界の平均気温（1850〜1900年の平均との差、{y0}〜{y1}年）",
        "temp_desc": (
            "1850〜1900年の平均を0とした、{n}年分の世界の年平均気温の折れ線です。"
            "{y0}年は{v0} °C、{y1}年は{v1} °Cで、最も高いのは{ymax}年の{vmax} °C、"
            "最も低いのは{ymin}年の{vmin} °Cです。"
        ),
        "temp_reference": "1850〜1900年の平均（0）",
        "temp_source": (
            "英国気象庁ハドレーセンターとイースト・アングリア大学気候研究ユニットの "
            '<a href="https://www.metoffice.gov.uk/hadobs/hadcrut5/">HadCRUT5</a>'
            "（Morice ほか、2021年、世界の年平均。版 5.1.0.0 を第三者による写しで確認）。"
            "2025年は、データのファイルが見つからなかったため、英国気象庁とイースト・アングリア大学が"
            "2026年1月14日に発表した値（1850〜1900年より{last} °C高い）を使っています。"
            "元のデータは1961〜1990年の平均との差です。"
            "ここでは同じデータの1850〜1900年の平均（{base} °C）を"
            "引いて、1850〜1900年との差にしています。"
        ),
        "balance_title": "世界のCO₂の収支（2019年、炭素の重さ）",
        "balance_desc": (
            "2019年に人間の活動が出したCO₂は炭素の重さで{emit} GtC。"
            "そのうち海が{ocean} GtC、陸が{land} GtC、あわせて{sink} GtCを吸収し、"
            "大気には{atm} GtCが残りました。排出は吸収の約{ratio}倍です。"
        ),
        "balance_unit": "GtC/年（炭素10億トン/年）",
        "balance_source": (
            '国立環境研究所ほか「<a href="https://web3.nies.go.jp/whatsnew/20201211/20201211.html">'
            "世界のCO₂収支 2020年版</a>」（グローバル・カーボン・プロジェクト、2020年）。"
            "推定には誤差があるため、吸収と大気の増加の合計は排出量とぴったりは一致しません。"
        ),
        "balance_heads": "区分|内訳|GtC/年",
    },
    "en": {
        "figure": "Figure",
        "source": "Source",
        "table": "Data table",
        "table_decades": "Data table (ten-year averages)",
        "csv": "full data (CSV)",
        "co2_title": "Atmospheric CO₂ at Mauna Loa, annual mean, {y0}–{y1}",
        "co2_desc": (
            "A line joining {n} annual means, from {v0} ppm in {y0} to {v1} ppm in {y1}. "
            "The highest is {vmax} ppm in {ymax}; the lowest is {vmin} ppm in {ymin}."
        ),
        "co2_source": (
            '<a href="https://gml.noaa.gov/ccgg/trends/">'
            "NOAA Global Monitoring Laboratory (GML)</a> "
            "and Scripps Institution of Oceanography "
            "(measurements up to April 1974 by C. David Keeling). "
            "December 2022 to July 2023 were measured on Maunakea because of the eruption. "
            "Values up to 2023 are from the file created in December 2024; 2024 and 2025 are "
            "from the file updated in January 2026 (checked in third-party copies; "
            "the last year is provisional)."
        ),
        "temp_title": "Global mean temperature compared with 1850–1900, {y0}–{y1}",
        "temp_desc": (
            "A line of {n} annual global mean temperatures, with the 1850–1900 average as zero. "
            "{y0} was {v0} °C and {y1} was {v1} °C; the highest is {vmax} °C in {ymax}, "
            "the lowest {vmin} °C in {ymin}."
        ),
        "temp_reference": "1850–1900 average (0)",
        "temp_source": (
            "Met Office Hadley Centre and Climatic Research Unit, University of East Anglia, "
            '<a href="https://www.metoffice.gov.uk/hadobs/hadcrut5/">HadCRUT5</a> '
            "(Morice et al., 2021; global annual series, version 5.1.0.0, "
            "checked in third-party copies). "
            "For 2025, whose data file was not found, the chart uses the value the Met Office "
            "and the University of East Anglia announced on 14 January 2026 "
            "({last} °C above 1850–1900). "
            "The data are differences from the 1961–1990 average; "
            "here the 1850–1900 average of the "
            "same series ({base} °C) is subtracted to show differences from 1850–1900."
        ),
        "balance_title": "The global CO₂ budget in 2019 (as weight of carbon)",
        "balance_desc": (
            "In 2019 human activities emitted {emit} GtC of CO₂, counted as carbon. "
            "The ocean took up {ocean} GtC and land {land} GtC, {sink} GtC together, "
            "and {atm} GtC stayed in the atmosphere. Emissions were about {ratio} times the uptake."
        ),
        "balance_unit": "GtC per year (billion tonnes of carbon)",
        "balance_source": (
            'National Institute for Environmental Studies et al., “<a href="https://web3.nies.go.jp/'
            'whatsnew/20201211/20201211.html">Global CO₂ budget 2020</a>” '
            "(Global Carbon Project, 2020). "
            "Because the estimates are uncertain, uptake plus the increase in the atmosphere does "
            "not add up exactly to the emissions."
        ),
        "balance_heads": "Category|Part|GtC per year",
    },
}


class Rendered(NamedTuple):
    svg: str
    table: str
    caption_title: str
    source: str
    csv: str | None  # file name of the full data, under docs/global-warming/


def extremes(points: list[tuple[int, float]], decimals: int, signed: bool) -> dict[str, Any]:
    top = max(points, key=lambda p: p[1])
    low = min(points, key=lambda p: p[1])
    return {
        "n": len(points),
        "y0": points[0][0],
        "v0": fmt(points[0][1], decimals, signed),
        "y1": points[-1][0],
        "v1": fmt(points[-1][1], decimals, signed),
        "ymax": top[0],
        "vmax": fmt(top[1], decimals, signed),
        "ymin": low[0],
        "vmin": fmt(low[1], decimals, signed),
    }


def co2_concentration(lang: str, uid: str) -> Rendered:
    name = "noaa-co2-annmean-mlo.csv"
    points = read_series(DOCS / "global-warming" / name, "year", "mean_ppm")
    t = TEXT[lang]
    facts = extremes(points, 2, False)
    title = t["co2_title"].format(**facts)
    spec = LineSpec(title, t["co2_desc"].format(**facts), "ppm", 2, False, 10)
    return Rendered(
        line_chart(uid, points, spec),
        decade_table(points, lang, "ppm", 2, False),
        title,
        t["co2_source"],
        name,
    )


def temperature(lang: str, uid: str) -> Rendered:
    name = "hadcrut5-global-annual.csv"
    path = DOCS / "global-warming" / name
    raw = read_series(path, "year", "anomaly_c_vs_1961_1990")
    base = [v for year, v in raw if 1850 <= year <= 1900]
    if len(base) != 51:
        missing = sorted(set(range(1850, 1901)) - {year for year, _ in raw})
        years = "、".join(f"{year}年" for year in missing[:3]) + (
            "など" if len(missing) > 3 else ""
        )
        raise ChartDataError(
            path,
            0,
            f"{years}の行がありません。"
            "1850〜1900年の平均をグラフの基準にするので、この51年の行は消さずにもどしてください",
        )
    mean = sum(base) / len(base)
    points = [(year, v - mean) for year, v in raw]
    t = TEXT[lang]
    facts = extremes(points, 2, True)
    title = t["temp_title"].format(**facts)
    spec = LineSpec(
        title, t["temp_desc"].format(**facts), "°C", 2, True, 25, (0.0, t["temp_reference"]), False
    )
    return Rendered(
        line_chart(uid, points, spec),
        decade_table(points, lang, "°C", 2, True),
        title,
        t["temp_source"].format(base=fmt(mean, 3), last=fmt(points[-1][1], 2)),
        name,
    )


def carbon_balance(lang: str, uid: str) -> Rendered:
    path = DOCS / "global-warming" / "carbon-balance-2019.csv"
    bar_col, part_col = f"bar_{lang}", f"part_{lang}"
    rows = read_rows(path, ["bar_ja", "bar_en", "part_ja", "part_en", "gtc_per_year"])
    bars: dict[str, list[tuple[str, float]]] = {}
    flat: list[list[str]] = []
    for line, row in rows:
        value = number(path, line, "gtc_per_year", row["gtc_per_year"])
        if value < 0:
            raise ChartDataError(
                path,
                line,
                f"gtc_per_year の列の「{row['gtc_per_year']}」はマイナスです。"
                "排出も吸収も0以上の数で書いてください（吸収は棒の名前で分けます）",
            )
        # Both languages' names, whichever page is built first: the other page shows them too.
        empty = [c for c in ("bar_ja", "bar_en", "part_ja", "part_en") if not row[c]]
        if empty:
            raise ChartDataError(
                path,
                line,
                f"{'、'.join(empty)} の列が空です。棒の名前（bar_…）と内訳の名前（part_…）を、"
                "日本語と英語の両方で書いてください",
            )
        bars.setdefault(row[bar_col], []).append((row[part_col], value))
        flat.append([row[bar_col], row[part_col], fmt(value, 1)])
    groups = list(bars.items())
    if len(groups) != 3:
        raise ChartDataError(
            path,
            0,
            f"{bar_col} の列の名前が{len(groups)}種類あります。"
            "同じ棒の行には同じ名前を書いて、排出・吸収・大気に残った量の3種類にしてください",
        )
    emit = sum(v for _, v in groups[0][1])
    uptake = groups[1][1]
    sink = sum(v for _, v in uptake)
    atm = sum(v for _, v in groups[2][1])
    t = TEXT[lang]
    desc = t["balance_desc"].format(
        emit=fmt(emit, 1),
        ocean=fmt(uptake[0][1], 1),
        land=fmt(uptake[-1][1], 1),
        sink=fmt(sink, 1),
        atm=fmt(atm, 1),
        ratio=fmt(emit / sink, 1),
    )
    return Rendered(
        bar_chart(uid, groups, t["balance_title"], desc, t["balance_unit"]),
        html_table(t["balance_heads"].split("|"), flat, numeric_from=2),
        t["balance_title"],
        t["balance_source"],
        path.name,
    )


CHARTS: dict[str, Callable[[str, str], Rendered]] = {
    "carbon-balance": carbon_balance,
    "co2-concentration": co2_concentration,
    "temperature": temperature,
}


def render(name: str, lang: str, uid: str | None = None, to_root: str = "../") -> str:
    """The whole figure (SVG, data table, caption) for chart NAME in language LANG, as HTML.

    TO_ROOT leads from the page's URL to the site root. The data files are
    published once, beside the Japanese page (the i18n plugin does not copy
    them under ``en/``), so every language links to that copy.
    """
    if name not in CHARTS:
        raise PluginError(unknown_chart(name))
    lang = lang if lang in TEXT else "ja"
    t = TEXT[lang]
    chart = CHARTS[name](lang, uid or f"chart-{name}")
    summary = t["table_decades"] if chart.table.count("<tr>") > 8 else t["table"]
    href = f"{to_root}global-warming/{chart.csv}"
    csv_link = f' <a href="{esc(href)}" type="text/csv">{t["csv"]}</a>' if chart.csv else ""
    sep = "：" if lang == "ja" else ": "
    return (
        '<figure class="chart" style="width:100%;max-width:none;margin:1.5em 0;display:block">'
        + chart.svg
        + f"<details><summary>{summary}</summary>{chart.table}</details>"
        + '<figcaption style="max-width:none;font-style:normal;text-align:left">'
        + f"<strong>{esc(chart.caption_title)}</strong><br>"
        + f"{t['source']}{sep}{chart.source}{csv_link}"
        + "</figcaption></figure>"
    )


def unknown_chart(name: str) -> str:
    """One sentence for staff: the chart is unknown, the nearest name, the names to use."""
    near = nearest(name, sorted(CHARTS))
    guess = f"もしかして {near} ですか？" if near else ""
    return (
        f"グラフ「{name}」はありません。{guess}"
        f"<!-- md:chart 名前 --> の名前は {'、'.join(sorted(CHARTS))} のどれかにしてください"
    )


def marker_mistake(args: list[str]) -> str | None:
    """What is wrong with a ``<!-- md:chart … -->`` marker's words, or None (the build and
    ``page_problems`` both ask here, so they say the same)."""
    if len(args) != 1:
        return "<!-- md:chart 名前 --> のように、グラフの名前を1つだけ書いてください"
    if args[0] not in CHARTS:
        return unknown_chart(args[0])
    return None


def expand(markdown: str, lang: str, src: str, to_root: str = "../", lines_before: int = 0) -> str:
    """Replace every ``<!-- md:chart NAME -->`` in MARKDOWN; SRC names the page in errors.

    LINES_BEFORE: lines of the file above MARKDOWN (the front matter), so an error
    names the line as the editor sees it. A mistake in the chart's data file is
    reported at the data file's line (ChartDataError), where it is to be fixed."""
    count = 0

    def replace(match: re.Match[str]) -> str:
        nonlocal count
        args = match.group(1).split()
        line = lines_before + markdown.count("\n", 0, match.start()) + 1
        mistake = marker_mistake(args)
        if mistake:
            raise PluginError(f"docs/{src} {line}行目: {mistake}")
        count += 1
        return "\n\n" + render(args[0], lang, f"chart-{args[0]}-{count}", to_root) + "\n\n"

    return CHART_MARKER.sub(replace, markdown)


# Checks without a build (tools/dev check) ------------------------------------------------


def page_problems(text: str) -> list[tuple[int, str]]:
    """(line, message) for each chart marker in TEXT (a whole Markdown file) that names no chart."""
    problems = []
    for match in CHART_MARKER.finditer(text):
        mistake = marker_mistake(match.group(1).split())
        if mistake:
            problems.append((text.count("\n", 0, match.start()) + 1, mistake))
    return problems


def data_problems() -> list[ChartDataError]:
    """The first mistake in each chart's data file (both languages drawn), each once."""
    found: dict[str, ChartDataError] = {}
    for name, draw in sorted(CHARTS.items()):
        for lang in TEXT:
            try:
                draw(lang, f"check-{name}")
            except ChartDataError as exc:
                found.setdefault(str(exc), exc)
                break
    return list(found.values())


# Hook -----------------------------------------------------------------------------------


def on_page_markdown(markdown: str, page: Any, config: Any, files: Any) -> str:
    lang = str(getattr(page.file, "locale", None) or "ja")
    # page.url is like "en/global-warming/" (directory URLs): one "../" per level.
    to_root = "../" * page.url.count("/")
    return expand(markdown, lang, page.file.src_uri, to_root, lines_before_body(page))


def lines_before_body(page: Any) -> int:
    """Lines of the file above the Markdown that hooks get (front matter, blank lines)."""
    from mkdocs.utils.meta import YAML_RE

    try:
        source = Path(page.file.abs_src_path).read_text(encoding="utf-8-sig")
    except (OSError, TypeError):
        return 0
    match = YAML_RE.match(source)
    if match is None:
        return 0
    rest = source[match.end() :]
    return source[: match.end()].count("\n") + len(rest) - len(rest.lstrip("\n"))
