"""Draw the teaching diagrams as SVG at build time (MkDocs hook).

Pictures to project in class, drawn from the text below so they stay in step with
the site's words and translate with it. Staff write::

    <!-- md:diagram steps -->          know → reduce → offset
    <!-- md:diagram sources -->        where a household's CO₂ comes from
    <!-- md:diagram credit -->         how a forest credit is made and cancelled

and ``on_page_markdown`` puts a ``<figure>`` there: an SVG with ``role="img"``, a
``<title>`` and a ``<desc>`` (named by ``aria-labelledby``) that says in words all
the picture says, and a ``<figcaption>``. Every box is numbered or labelled in
text and joined by arrows, so nothing depends on colour. Text follows the page's
language; on the children's page (``kids/``) the Japanese is written in kana, as
SVG text cannot carry furigana. An unknown name stops the build with the file, the
line and the nearest name (「もしかして」), in Japanese as markers.py says it;
``page_problems`` finds the same without a build for ``tools/dev check``. This
hook runs before ``markers.py`` (``mkdocs.yml`` lists it first).

Room size: the smallest text is ``SUB`` units in a ``WIDTH``-unit picture, so the
figure must be drawn at least WIDTH × 18 / SUB px wide for 18 px text; classroom.css
gives it the whole column (at least 560 px on a 1366 px screen,
tests/browser/test_classroom.py measures it). For a projector or a printout, each
figure links to the same picture alone (``on_post_build`` writes
``assets/diagrams/NAME-VARIANT.svg``), which fills the browser window or one page.
A "\n" in a box's second line breaks it in two.
"""

from __future__ import annotations

import difflib
import html
import re
from pathlib import Path
from typing import Any

from mkdocs.exceptions import PluginError

# Each description is kept whole on one line so translators read it in one piece.
# ruff: noqa: E501

MARKER = re.compile(r"<!--\s*md:diagram\b((?:(?!-->).)*)-->", re.DOTALL)
WIDTH = 360
FONT = 14  # the formula and the home's label
HEAD = 14  # a box's first line (bold)
SUB = 12  # a box's other lines: the smallest text of every diagram
TITLE = 16  # the title at the top of the picture on its own
BOX_FILL = "#e8f5e9"  # pale green: decoration only, text carries the meaning
INK = "#1b1b1b"
# Fonts for the picture on its own (inline, the page's font is inherited).
STANDALONE_FONTS = "system-ui, 'Hiragino Sans', 'Noto Sans CJK JP', 'Yu Gothic', Meiryo, sans-serif"
# Written by on_page_markdown, saved as files by on_post_build: (name, variant) → SVG.
STANDALONE: dict[tuple[str, str], str] = {}

# Text of each diagram: title, description (everything the picture says), and boxes.
# "kids" is Japanese in kana for the children's page.
TEXT: dict[str, dict[str, dict[str, Any]]] = {
    "steps": {
        "ja": {
            "title": "カーボン・オフセットの3つのステップ",
            "desc": "1 知る：家庭のCO₂の量を計算する。2 減らす：省エネなどで、できるだけ減らす。"
            "3 埋め合わせる：どうしても減らせない分を、ほかの場所の削減や森林の吸収によるクレジットで埋め合わせる。"
            "矢印は、1から2、2から3の順に進むことを示しています。",
            "boxes": [
                ("1 知る", "CO₂の量を計算する"),
                ("2 減らす", "できるだけ減らす"),
                ("3 埋め合わせる", "残りはクレジットで"),
            ],
        },
        "kids": {
            "title": "CO₂をへらす 3つの ステップ",
            "desc": "1 しる：いえの CO₂の りょうを けいさんする。2 へらす：できるだけ へらす。"
            "3 うめあわせる：どうしても へらせない ぶんを、ほかの ばしょで へらした ぶんや もりが すいこんだ ぶんで うめあわせる。"
            "やじるしは 1から 2、2から 3の じゅんばんを しめします。",
            "boxes": [
                ("1 しる", "りょうを けいさん"),
                ("2 へらす", "できるだけ\nへらす"),
                ("3 うめあわせる", "のこりを ほかで"),
            ],
        },
        "en": {
            "title": "The three steps of carbon offsetting",
            "desc": "1 Know: work out how much CO₂ the household releases. "
            "2 Reduce: cut as much as you can, for example by saving energy. "
            "3 Offset: balance only what cannot be cut with credits from reductions or forest "
            "uptake elsewhere. Arrows lead from 1 to 2 and from 2 to 3.",
            "boxes": [
                ("1 Know", "work out\nyour CO₂"),
                ("2 Reduce", "cut what\nyou can"),
                ("3 Offset", "credits for\nthe rest"),
            ],
        },
    },
    "sources": {
        "ja": {
            "title": "家庭のCO₂はどこから出るか",
            "desc": "家庭の暮らしから出るCO₂は4つの場所で出ます。"
            "電気：発電所で燃料を燃やすときに出る。"
            "ガス・灯油：家のコンロ、ふろ、暖房で燃やすときに出る。"
            "ガソリン・軽油：車のエンジンで燃やすときに出る。"
            "水道：浄水場で水をきれいにして送る電気から出る。"
            "どれも「使った量×排出係数」で計算します。",
            "center": "家庭",
            "boxes": [
                ("電気", "発電所で出る"),
                ("ガス・灯油", "家で燃やして出る"),
                ("ガソリン・軽油", "車で燃やして出る"),
                ("水道", "浄水場の電気から"),
            ],
            "formula": "CO₂ ＝ 使った量 × 排出係数",
        },
        "kids": {
            "title": "いえの CO₂は どこから でるの",
            "desc": "いえの くらしから でる CO₂は 4つの ばしょで でます。"
            "でんき：はつでんしょで ねんりょうを もやす ときに でる。"
            "ガス・とうゆ：いえで もやす ときに でる。"
            "ガソリン：くるまで もやす ときに でる。"
            "すいどう：みずを きれいにして おくる でんきから でる。"
            "どれも「つかった りょう × はいしゅつけいすう」で けいさんします。",
            "center": "いえ",
            "boxes": [
                ("でんき", "はつでんしょで でる"),
                ("ガス・とうゆ", "いえで もやして でる"),
                ("ガソリン", "くるまで もやして でる"),
                ("すいどう", "みずを おくる でんき"),
            ],
            "formula": "CO₂ ＝ つかった りょう × けいすう",
        },
        "en": {
            "title": "Where a household's CO₂ comes from",
            "desc": "A household's CO₂ comes out in four places. "
            "Electricity: at the power station, when fuel is burned. "
            "Gas and kerosene: at home, burned for cooking, baths and heating. "
            "Gasoline and diesel: in the car's engine. "
            "Water: from the electricity used to clean and pump it. "
            "Each is worked out as amount used × emission factor.",
            "center": "Home",
            "boxes": [
                ("Electricity", "at the\npower station"),
                ("Gas, kerosene", "burned\nat home"),
                ("Gasoline, diesel", "burned\nin the car"),
                ("Water", "power to\nclean, pump"),
            ],
            "formula": "CO₂ = amount used × emission factor",
        },
    },
    "credit": {
        "ja": {
            "title": "森林のクレジットができて、使われるまで",
            "desc": "1 森林の手入れ：間伐などで森林を育て、CO₂の吸収を増やす。"
            "2 量を測る：増えた吸収量を決められた方法で測り、第三者が確かめる。"
            "3 認証・発行：国の制度（J-クレジット）が認証し、1トン＝1クレジットとして登録簿に発行する。"
            "4 買う：会社や自治体や個人がクレジットを買う。"
            "5 無効化：使ったクレジットを登録簿で取り消し、二度と使えないようにする。ここで埋め合わせが成立する。"
            "矢印は1から5への順番を示しています。",
            "boxes": [
                ("1 森林の手入れ", "吸収を増やす"),
                ("2 量を測る", "第三者が確かめる"),
                ("3 認証・発行", "1トン＝1クレジット"),
                ("4 買う", "会社・自治体・個人"),
                ("5 無効化", "登録簿で取り消す"),
            ],
        },
        "kids": {
            "title": "もりの クレジットが できて つかわれるまで",
            "desc": "1 もりの ていれ：きを そだてて、CO₂を たくさん すいこむ もりに する。"
            "2 はかる：ふえた ぶんを はかって、べつの ひとが たしかめる。"
            "3 くにが みとめる：1トンを 1クレジットと して きろくする。"
            "4 かう：かいしゃや くや ひとが クレジットを かう。"
            "5 とりけす：つかった クレジットを きろくから けして、2かい つかえない ように する。"
            "やじるしは 1から 5への じゅんばんを しめします。",
            "boxes": [
                ("1 もりの ていれ", "すいこむ りょうを ふやす"),
                ("2 はかる", "べつの ひとが たしかめる"),
                ("3 くにが みとめる", "1トン ＝ 1クレジット"),
                ("4 かう", "かいしゃ・く・ひと"),
                ("5 とりけす", "2かい つかえない"),
            ],
        },
        "en": {
            "title": "How a forest credit is made and used",
            "desc": "1 Forest care: thinning and care help the forest take up more CO₂. "
            "2 Measure: the extra uptake is measured by a set method and checked by a third party. "
            "3 Certify and issue: the national scheme (J-Credit) certifies it and issues one credit "
            "per tonne in its registry. "
            "4 Buy: a company, a local government or a person buys credits. "
            "5 Cancel: the credits used are cancelled in the registry so they can never be used "
            "again; only then is the offset made. Arrows lead from 1 to 5 in order.",
            "boxes": [
                ("1 Forest care", "more CO₂ taken up"),
                ("2 Measure", "checked by a third party"),
                ("3 Certify, issue", "1 tonne = 1 credit"),
                ("4 Buy", "company, city, person"),
                ("5 Cancel", "in the registry, once"),
            ],
        },
    },
}
CAPTION = {
    "ja": "図：",
    "kids": "ず：",
    "en": "Diagram: ",
}
# The link under each figure to the picture alone (for a projector or a printout).
ALONE = {
    "ja": "この図だけを開く（プロジェクターで映す・印刷する）",
    "kids": "この ずだけを ひらく",
    "en": "Open this diagram on its own (to project or print)",
}
LANG = {"ja": "ja", "kids": "ja", "en": "en"}


def esc(text: str) -> str:
    return html.escape(text, quote=True)


def _text(x: float, y: float, text: str, size: int = FONT, bold: bool = False) -> str:
    weight = ' font-weight="700"' if bold else ""
    return (
        f'<text x="{x:.0f}" y="{y:.0f}" font-size="{size}" text-anchor="middle"'
        f'{weight} fill="{INK}">{esc(text)}</text>'
    )


def _box(x: float, y: float, w: float, h: float, head: str, sub: str) -> str:
    """A box: the head in bold, then the sub (a "\n" starts a second line), centred."""
    cx = x + w / 2
    lines = sub.split("\n")
    block = HEAD + len(lines) * (SUB + 3)
    top = y + (h - block) / 2
    parts = [
        f'<rect x="{x:.0f}" y="{y:.0f}" width="{w:.0f}" height="{h:.0f}" rx="6" '
        f'fill="{BOX_FILL}" stroke="{INK}" stroke-width="1.5"/>',
        _text(cx, top + HEAD - 2, head, HEAD, bold=True),
    ]
    for i, line in enumerate(lines):
        parts.append(_text(cx, top + HEAD + (i + 1) * (SUB + 3) - 1, line, SUB))
    return "".join(parts)


def _arrow(x1: float, y1: float, x2: float, y2: float) -> str:
    return (
        f'<line x1="{x1:.0f}" y1="{y1:.0f}" x2="{x2:.0f}" y2="{y2:.0f}" stroke="{INK}" '
        f'stroke-width="2" marker-end="url(#{{uid}}-head)"/>'
    )


def _defs() -> str:
    return (
        '<defs><marker id="{uid}-head" viewBox="0 0 10 10" refX="9" refY="5" '
        'markerWidth="7" markerHeight="7" orient="auto-start-reverse">'
        f'<path d="M0,0 L10,5 L0,10 z" fill="{INK}"/></marker></defs>'
    )


def steps(t: dict[str, Any]) -> tuple[str, int]:
    """Three boxes in a row joined by arrows."""
    w, h, gap, top = 108, 64, 18, 8
    parts = [_defs()]
    for i, (head, sub) in enumerate(t["boxes"]):
        x = i * (w + gap)
        parts.append(_box(x, top, w, h, head, sub))
        if i:
            parts.append(_arrow(x - gap + 2, top + h / 2, x - 2, top + h / 2))
    return "".join(parts), top + h + 8


def sources(t: dict[str, Any]) -> tuple[str, int]:
    """The home in the middle, the four sources around it, arrows out of each, the formula below."""
    w, h = 140, 56
    parts = [_defs()]
    cx, cy = WIDTH / 2, 98
    parts.append(
        f'<polygon points="{cx - 30},{cy - 4} {cx},{cy - 30} {cx + 30},{cy - 4} '
        f'{cx + 24},{cy - 4} {cx + 24},{cy + 26} {cx - 24},{cy + 26} {cx - 24},{cy - 4}" '
        f'fill="#ffffff" stroke="{INK}" stroke-width="1.5"/>'
    )
    parts.append(_text(cx, cy + 16, t["center"], FONT, bold=True))
    spots = [(0, 8), (WIDTH - w, 8), (0, 132), (WIDTH - w, 132)]
    for (x, y), (head, sub) in zip(spots, t["boxes"], strict=True):
        parts.append(_box(x, y, w, h, head, sub))
        # Arrow from the home's side to the inner edge of each source box.
        left = x == 0
        top = y < cy
        hx = cx - 24 if left else cx + 24
        hy = cy + (2 if top else 20)
        bx = x + w + 4 if left else x - 4
        by = y + (h - 10 if top else 10)
        parts.append(_arrow(hx, hy, bx, by))
    parts.append(_text(WIDTH / 2, 216, t["formula"], FONT, bold=True))
    return "".join(parts), 226


def credit(t: dict[str, Any]) -> tuple[str, int]:
    """Five boxes down the page joined by arrows (fits a phone)."""
    w, h, gap = 250, 46, 18
    x = (WIDTH - w) / 2
    parts = [_defs()]
    for i, (head, sub) in enumerate(t["boxes"]):
        y = 4 + i * (h + gap)
        parts.append(_box(x, y, w, h, head, sub))
        if i:
            parts.append(_arrow(WIDTH / 2, y - gap + 2, WIDTH / 2, y - 3))
    return "".join(parts), 4 + 5 * (h + gap) - gap + 6


DIAGRAMS = {"steps": steps, "sources": sources, "credit": credit}


def svg(name: str, variant: str, uid: str, standalone: bool = False) -> str:
    """The SVG of diagram NAME in VARIANT; ``standalone``: a file of its own, with its
    title drawn above it, a white background and fonts named (nothing to inherit)."""
    if name not in DIAGRAMS:
        raise PluginError(unknown_diagram(name))
    t = TEXT[name][variant]
    body, height = DIAGRAMS[name](t)
    top, extra = (0, "")
    if standalone:
        top = TITLE + 16
        extra = (
            f'<rect x="-10" y="{-top}" width="{WIDTH + 20}" height="{height + top + 6}" fill="#fff"/>'
            + _text(WIDTH / 2, -10, t["title"], TITLE, bold=True)
        )
    fonts = STANDALONE_FONTS if standalone else "inherit"
    attrs = (
        f'xmlns="http://www.w3.org/2000/svg" xml:lang="{LANG[variant]}" '
        if standalone
        else 'xmlns="http://www.w3.org/2000/svg" '
    )
    return (
        f'<svg {attrs}viewBox="-4 {-top} {WIDTH + 8} {height + top}" '
        f'role="img" aria-labelledby="{uid}-title {uid}-desc" class="diagram__svg" '
        f'font-family="{esc(fonts)}">'
        f'<title id="{uid}-title">{esc(t["title"])}</title>'
        f'<desc id="{uid}-desc">{esc(t["desc"])}</desc>'
        + extra
        + body.replace("{uid}", uid)
        + "</svg>"
    )


def render(name: str, variant: str, uid: str, alone_href: str = "") -> str:
    """The <figure> for diagram NAME in VARIANT ("ja", "en" or "kids")."""
    picture = svg(name, variant, uid)
    t = TEXT[name][variant]
    link = (
        f'<a class="diagram__alone" href="{esc(alone_href)}">{ALONE[variant]}</a>'
        if alone_href
        else ""
    )
    caption = f"<figcaption>{CAPTION[variant]}{esc(t['title'])}{link}</figcaption>"
    return f'<figure class="diagram" id="{uid}">{picture}{caption}</figure>'


def unknown_diagram(name: str) -> str:
    """One sentence for staff: the diagram is unknown, the nearest name, the names to use."""
    near = difflib.get_close_matches(name.lower(), list(DIAGRAMS), n=1, cutoff=0.6)
    guess = f"もしかして {near[0]} ですか？" if near else ""
    return (
        f"授業の図「{name}」はありません。{guess}"
        f"<!-- md:diagram 名前 --> の名前は {'、'.join(DIAGRAMS)} のどれかにしてください"
    )


def marker_mistake(args: list[str]) -> str | None:
    """What is wrong with a ``<!-- md:diagram … -->`` marker's words, or None (the build and
    ``page_problems`` both ask here, so they say the same)."""
    if len(args) != 1:
        return "<!-- md:diagram 名前 --> のように、授業の図の名前を1つだけ書いてください"
    if args[0] not in DIAGRAMS:
        return unknown_diagram(args[0])
    return None


def file_line(page: Any, markdown: str, offset: int, text: str) -> int:
    """The line of the marker TEXT (at OFFSET of MARKDOWN) in the file as the editor sees it:
    hooks get the Markdown without its front matter and with earlier hooks' markers expanded,
    so the same occurrence of TEXT is looked up in the file (as markers.where does)."""
    line = markdown.count("\n", 0, offset) + 1
    try:
        source = Path(getattr(page.file, "abs_src_path", None)).read_text(encoding="utf-8-sig")
    except (OSError, TypeError):
        return line
    position = -1
    for _ in range(markdown.count(text, 0, offset) + 1):
        position = source.find(text, position + 1)
        if position < 0:
            return line
    return source.count("\n", 0, position) + 1


def on_page_markdown(markdown: str, page: Any, config: Any, files: Any) -> str:
    lang = str(getattr(page.file, "locale", None) or config.theme["language"])
    variant = "en" if lang == "en" else ("kids" if page.url == "kids/" else "ja")

    def replace(match: re.Match[str]) -> str:
        args = match.group(1).split()
        mistake = marker_mistake(args)
        if mistake:
            line = file_line(page, markdown, match.start(), match.group(0))
            raise PluginError(f"docs/{page.file.src_uri} {line}行目: {mistake}")
        name = args[0]
        STANDALONE[(name, variant)] = svg(name, variant, f"diagram-{name}", standalone=True)
        to_root = "../" * page.url.count("/")
        href = f"{to_root}assets/diagrams/{name}-{variant}.svg"
        return "\n\n" + render(name, variant, f"diagram-{name}", href) + "\n\n"

    return MARKER.sub(replace, markdown)


def page_problems(text: str) -> list[tuple[int, str]]:
    """(line, message) for each diagram marker in TEXT (a whole Markdown file) that names no
    diagram: tools/dev check's step before the build (tools/staff_check.py)."""
    problems = []
    for match in MARKER.finditer(text):
        mistake = marker_mistake(match.group(1).split())
        if mistake:
            problems.append((text.count("\n", 0, match.start()) + 1, mistake))
    return problems


def on_post_build(config: Any) -> None:
    """Save each diagram used on a page as a picture of its own (projector, printout)."""
    folder = Path(config.site_dir) / "assets" / "diagrams"
    folder.mkdir(parents=True, exist_ok=True)
    for (name, variant), picture in sorted(STANDALONE.items()):
        (folder / f"{name}-{variant}.svg").write_text(picture + "\n", encoding="utf-8")
