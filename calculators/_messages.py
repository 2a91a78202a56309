"""Every text the engine shows, in Japanese and English (no arithmetic here).

Translators and staff edit this file; ids match ``_fields`` and the data files.
Labels of figures (factors, averages, actions) come from the data files.
"""

# Prose lines are kept whole so translators can read each message in one piece.
# ruff: noqa: E501

from __future__ import annotations

LANGS = ("ja", "en")


def lang_of(lang: object) -> str:
    """The supported language for ``lang`` (Japanese unless English is asked for)."""
    return "en" if isinstance(lang, str) and lang.lower().startswith("en") else "ja"


# Units as shown beside the boxes and in messages.
UNITS = {
    "ja": {
        "people": "人",
        "kWh": "kWh",
        "yen": "円",
        "m3": "m³",
        "L": "L",
        "kg-CO2/kWh": "kg-CO₂/kWh",
        "%": "%",
    },
    "en": {
        "people": "people",
        "kWh": "kWh",
        "yen": "yen",
        "m3": "m³",
        "L": "L",
        "kg-CO2/kWh": "kg-CO₂/kWh",
        "%": "%",
    },
}

PERIOD_NAMES = {
    "ja": {"month": "1か月", "two_months": "2か月", "year": "1年"},
    "en": {"month": "one month", "two_months": "two months", "year": "one year"},
}

GROUPS = {
    "ja": {
        "household": ("世帯", "人数と、入力する量が1か月分か1年分かを選びます。"),
        "electricity": ("電気", "電気の検針票（「電気ご使用量のお知らせ」）を見て入力します。"),
        "gas": (
            "ガス・灯油",
            "ガスの検針票と灯油の購入量を入力します。使っていないものは空欄のままにします。",
        ),
        "car": ("自動車", "給油したガソリン・軽油の量です。車がなければ空欄のままにします。"),
        "water": ("水道", "東京都の水道の検針票は2か月分です。"),
    },
    "en": {
        "household": (
            "Household",
            "How many people live here, and whether the amounts are for one month or one year.",
        ),
        "electricity": (
            "Electricity",
            "Copy the figures from your electricity bill (the meter-reading slip).",
        ),
        "gas": (
            "Gas and kerosene",
            "From your gas bill and the kerosene you buy. Leave blank anything you do not use.",
        ),
        "car": (
            "Car",
            "The gasoline or diesel you put in your car. Leave blank if you have no car.",
        ),
        "water": ("Water", "In Tokyo the water bill covers two months."),
    },
}

# key: (label, help, example). A field listed in ``_fields.EXAMPLE_FIGURES`` takes its
# example from the data file instead, so a yearly update of the factors changes it too.
FIELDS: dict[str, dict[str, tuple[str, str | None, str | None]]] = {
    "ja": {
        "household_size": ("世帯の人数", "一緒に暮らしている人数（1〜20人）。", "2"),
        "period": ("入力する量の期間", "検針票の数字をそのまま入れるなら「1か月」。", None),
        "electricity_kwh": (
            "電気の使用量",
            "検針票の「ご使用量」の数字（kWh）。わからなければ下の料金を入れてください。",
            "260",
        ),
        "electricity_yen": (
            "電気料金（使用量がわからないとき）",
            "検針票の「請求予定金額」。目安単価で kWh に換算するので推計になります。",
            "8000",
        ),
        "electricity_supplier": (
            "電気の契約",
            "わからなければ「わからない」のままで構いません。"
            "「東京電力のふつうのプラン」は、使った量に応じて料金が決まる家庭向けの契約（従量電灯）などのことで、東京電力の「メニューM（残差）」の排出係数で計算します。"
            "ふつうのプランがこのメニューにあたるかは、東京電力の資料でまだ確かめていない仮の対応です。",
            None,
        ),
        "electricity_factor": (
            "排出係数（その他を選んだとき）",
            "電力会社が公表している排出係数（kg-CO₂/kWh）を、ホームページなどで調べて入れます。",
            None,
        ),
        "city_gas_m3": ("都市ガスの使用量", "ガスの検針票の「ご使用量」（m³）。", "25"),
        "city_gas_supplier": (
            "都市ガスの会社",
            "わからなければ「わからない」のままで構いません。",
            None,
        ),
        "lpg_m3": ("LPガス（プロパンガス）の使用量", "LPガスの検針票の「ご使用量」（m³）。", "8"),
        "kerosene_l": ("灯油の使用量", "買った量（L）。18Lのポリタンク1つで18です。", "18"),
        "gasoline_l": ("ガソリンの給油量", "レシートの給油量（L）。", "30"),
        "diesel_l": ("軽油の給油量", "レシートの給油量（L）。", None),
        "water_m3": ("水道の使用量", "水道の検針票の「今回使用水量」（m³）。", "40"),
        "water_period": (
            "水道の量の期間",
            "東京都の水道の検針票は2か月分なので、最初は「2か月分」になっています。検針票の数字をそのまま入れるなら、このままにします。",
            None,
        ),
    },
    "en": {
        "household_size": ("People in the household", "Everyone who lives here (1–20).", "2"),
        "period": (
            "Period of the amounts",
            "Choose 'One month' to copy the figures straight from a monthly bill.",
            None,
        ),
        "electricity_kwh": (
            "Electricity used",
            "On the bill, the kWh next to 「ご使用量」 (amount used). If you do not know it, enter the bill in yen below.",
            "260",
        ),
        "electricity_yen": (
            "Electricity bill (if you do not know the kWh)",
            "The amount next to 「請求予定金額」 (amount charged). We turn it into kWh at a typical price per kWh, so the result is an estimate.",
            "8000",
        ),
        "electricity_supplier": (
            "Electricity plan",
            "If you are not sure, leave it at 'Not sure'. "
            "'TEPCO, standard plan' means a household plan where you pay for the kWh you use (従量電灯, Jūryō Dentō); "
            "we calculate it with the factor TEPCO reports for its 'menu M (residual)'. "
            "That this menu covers the standard plans is our assumption: it has not yet been checked against TEPCO's own documents.",
            None,
        ),
        "electricity_factor": (
            "Emission factor (when 'other' is chosen)",
            "The factor (kg-CO₂/kWh) your supplier publishes, for example on its website.",
            None,
        ),
        "city_gas_m3": (
            "City gas used",
            "On the gas bill, the m³ next to 「ご使用量」 (amount used).",
            "25",
        ),
        "city_gas_supplier": (
            "City gas company",
            "If you are not sure, keep 'Not sure'.",
            None,
        ),
        "lpg_m3": (
            "LPG (propane) used",
            "On the LPG bill, the m³ next to 「ご使用量」 (amount used).",
            "8",
        ),
        "kerosene_l": ("Kerosene used", "The litres you bought; one 18-litre can is 18.", "18"),
        "gasoline_l": ("Gasoline bought", "The litres on your fuel receipts.", "30"),
        "diesel_l": ("Diesel bought", "The litres on your fuel receipts.", None),
        "water_m3": (
            "Water used",
            "On the water bill, the m³ next to 「今回使用水量」 (water used this time).",
            "40",
        ),
        "water_period": (
            "Period of the water amount",
            "Tokyo's water bill covers two months, so this starts at 'Two months'. If you copy the figure from the bill, leave it as it is.",
            None,
        ),
    },
}

OPTIONS = {
    "ja": {
        "period": {"month": "1か月分", "year": "1年分"},
        "water_period": {
            "two_months": "2か月分（検針票どおり）",
            "month": "1か月分",
            "year": "1年分",
        },
        "electricity_supplier": {
            "national_average": "わからない（全国平均で計算）",
            "tepco_residual": "東京電力のふつうのプラン（従量電灯など。仮にメニューMで計算）",
            "tepco_company": "東京電力（会社全体の平均）",
            "zero_carbon": "「実質CO₂ゼロ」のプラン（再エネプランなど）",
            "custom": "その他の電力会社（係数を入力）",
        },
        "city_gas_supplier": {
            "statutory": "わからない（国の標準値で計算）",
            "tokyo_gas": "東京ガス",
        },
    },
    "en": {
        "period": {"month": "One month", "year": "One year"},
        "water_period": {
            "two_months": "Two months (as on the bill)",
            "month": "One month",
            "year": "One year",
        },
        "electricity_supplier": {
            "national_average": "Not sure (use the national average)",
            "tepco_residual": "TEPCO, standard plan (assumed to be menu M)",
            "tepco_company": "TEPCO, average over the whole company",
            "zero_carbon": "A 'zero-CO₂' plan (such as a renewable-energy plan)",
            "custom": "Another supplier (enter its factor)",
        },
        "city_gas_supplier": {
            "statutory": "Not sure (use the national standard value)",
            "tokyo_gas": "Tokyo Gas",
        },
    },
}

ERRORS = {
    "ja": {
        "not_number": "数字で入力してください（単位は{unit}）。",
        "not_finite": "数字で入力してください（NaN や無限大は使えません）。",
        "negative": "0以上の数を入力してください。",
        "too_large": "{period}で{max}{unit}を超える値は、入力の誤りと考えられます。桁や単位を確かめてください。",
        "size_range": "{min}〜{max}の整数で入力してください。",
        "unknown_option": "選択肢の中から選んでください。",
        "unknown_action": "知らない取り組みの番号です（{ids}）。",
        "factor_required": "「その他」を選んだときは排出係数（kg-CO₂/kWh）を入力してください。",
        "too_large_rate": "{max} {unit}を超える値は、入力の誤りと考えられます。桁や単位を確かめてください。",
        "not_money": "ここには金額ではなく、使った量を{unit}で入力してください（¥ や 円 は要りません）。",
        "too_long": "入力が長すぎます（{max}文字まで）。",
        "unknown_field": "この名前の項目はありません。使える名前：{known}",
        "unknown_field_near": "この名前の項目はありません。「{near}」のことですか。",
        "bad_request": "入力を読み取れませんでした。JSON のオブジェクトで送ってください。",
        "bad_json_at": "入力を読み取れませんでした。JSON のオブジェクトで送ってください（{line}行目の{column}文字目を確かめてください）。",
        "not_utf8": "入力を読み取れませんでした。文字コードを UTF-8 にして送ってください。",
        "internal": "計算中に問題が起きました。入力を確かめて、もう一度お試しください。",
        "more_errors": "ほかにも{more}件の誤りがあります（全部で{total}件。最初の{shown}件だけを示しました）。",
    },
    "en": {
        "not_number": "Enter a number (in {unit}).",
        "not_finite": "Enter a number (NaN and infinity are not allowed).",
        "negative": "Enter a number of 0 or more.",
        "too_large": "More than {max} {unit} for {period} is probably a typo. Check the digits and the unit.",
        "size_range": "Enter a whole number from {min} to {max}.",
        "unknown_option": "Choose one of the options.",
        "unknown_action": "Unknown action ID ({ids}).",
        "factor_required": "You chose 'Another supplier', so enter its emission factor (kg-CO₂/kWh).",
        "too_large_rate": "More than {max} {unit} is probably a typo. Check the digits and the unit.",
        "not_money": "Enter the amount used in {unit}, not money (no ¥ or yen).",
        "too_long": "This is too long (at most {max} characters).",
        "unknown_field": "There is no field with this name. Known names: {known}",
        "unknown_field_near": "There is no field with this name. Did you mean '{near}'?",
        "bad_request": "The input could not be read. Send a JSON object.",
        "bad_json_at": "The input could not be read. Send a JSON object (check line {line}, column {column}).",
        "not_utf8": "The input could not be read. Send it encoded as UTF-8.",
        "internal": "Something went wrong in the calculation. Check the input and try again.",
        "more_errors": "There are {more} more errors ({total} in all; only the first {shown} are shown).",
    },
}

SOURCES = {
    "ja": {
        "electricity": "電気",
        "city_gas": "都市ガス",
        "lpg": "LPガス",
        "kerosene": "灯油",
        "gasoline": "ガソリン",
        "diesel": "軽油",
        "water": "水道",
    },
    "en": {
        "electricity": "Electricity",
        "city_gas": "City gas",
        "lpg": "LPG",
        "kerosene": "Kerosene",
        "gasoline": "Gasoline",
        "diesel": "Diesel",
        "water": "Water",
    },
}

#: Labels of the averages: ``{period}`` is the data year of the average's first figure
#: (calculators/data/averages.toml), written as the reader writes it (2022年度, FY2022).
AVERAGES = {
    "ja": {
        "moe_kateico2_fy2022": (
            "環境省 家庭CO₂統計（{period}）の平均",
            # Replaced in the result by the words of COMPARISON (only the parts entered).
            "{home}",
        ),
        "home_energy": ("家庭のエネルギー（電気・都市ガス・LPガス・灯油）", "{home}"),
        "car_fuel": ("自動車燃料（ガソリン・軽油）", "全世帯の平均（車を持たない世帯も含む）。"),
        "gio_per_person_fy2022": (
            "1人あたりの全国平均（GIO、{period}）",
            # Replaced in the result by the words of COMPARISON (only the parts entered).
            "{home}",
        ),
    },
    "en": {
        "moe_kateico2_fy2022": (
            "Average from the Ministry of the Environment household CO₂ survey ({period})",
            # Replaced in the result by the words of COMPARISON (only the parts entered).
            "{home}",
        ),
        "home_energy": ("Home energy (electricity, city gas, LPG, kerosene)", "{home}"),
        "car_fuel": (
            "Car fuel (gasoline and diesel)",
            "Average over all households, including those without a car.",
        ),
        "gio_per_person_fy2022": (
            "National average per person (GIO, {period})",
            # Replaced in the result by the words of COMPARISON (only the parts entered).
            "{home}",
        ),
    },
}

SCALING = {
    "ja": {
        "fixed": "公表された前提条件（機器・使い方）での1年間の省エネ量を、この世帯の排出係数でCO₂に換算。使用量より多くは減らしません。",
        "share": "この世帯の使用量の一定割合（{share}%）を減らすとして計算。使う量が多いほど大きくなります。",
        "factor": "この世帯の使用量はそのままで、排出係数が{value}になるとして計算（使用量×係数の差）。",
    },
    "en": {
        "fixed": "The published yearly saving under the stated conditions, converted to CO₂ with this household's factor, and never more than the household uses.",
        "share": "A fixed share ({share}%) of this household's own use, so the saving grows with use.",
        "factor": "The same use at a factor of {value} (use × the difference between the two factors).",
    },
}

# Offset prices: id → (label, note). "municipal_forest" is what a household can
# pay; the others are market prices shown only as context.
CREDITS = {
    "ja": {
        "municipal_forest": (
            "森林のJ-クレジット（新潟県村上市と岩手県陸前高田市が2025年に販売）",
            "村上市と陸前高田市（税込）が公表している、CO₂ 1トンあたりの価格です。"
            "どちらも主に企業や団体に向けた販売です。"
            "個人でも買えるか、買ったクレジットをあなたの分として使い終わった扱いにする手続き（無効化）をしてオフセット証明書を出してもらえるかを、売り手に確かめてください。",
        ),
        "tse_renewable_power": (
            "東京証券取引所のカーボン・クレジット市場：再エネ（電力）のJ-クレジットが実際に売買された価格の幅（約定価格）",
            "",
        ),
        "tse_energy_saving": (
            "東京証券取引所のカーボン・クレジット市場：省エネのJ-クレジットが実際に売買された価格の幅（約定価格）",
            "",
        ),
        "tse_forest": (
            "東京証券取引所のカーボン・クレジット市場：森林のJ-クレジットの2025年7月の価格の水準",
            "取引所で売買される森林のクレジットはわずかです。",
        ),
        "gx_ets": (
            "GX-ETS（企業の排出量取引制度）で国が示した2つの目安の価格（2026年度）",
            "企業が持つ排出枠の価格で、クレジットの価格ではありません。"
            "低いほうは、国が市場に出す排出枠の量を調整するかどうかを決める目安の価格（調整基準取引価格）で、これより下がらないという下限ではありません。"
            "高いほうは、価格の上限の目安（参考上限取引価格）です。",
        ),
    },
    "en": {
        "municipal_forest": (
            "Forest J-Credits sold by two towns, Murakami and Rikuzentakata (2025 prices)",
            "The prices per tonne of CO₂ published by Murakami (Niigata) and Rikuzentakata (Iwate, tax included). "
            "Both towns sell mainly to companies and organisations. "
            "Ask the seller whether a household may buy, and whether they will cancel the credits in your name "
            "(so that nobody can use them again) and give you an offset certificate.",
        ),
        "tse_renewable_power": (
            "Tokyo Stock Exchange carbon credit market: J-Credits from renewable power, lowest and highest prices actually traded",
            "",
        ),
        "tse_energy_saving": (
            "Tokyo Stock Exchange carbon credit market: J-Credits from energy saving, lowest and highest prices actually traded",
            "",
        ),
        "tse_forest": (
            "Tokyo Stock Exchange carbon credit market: forest J-Credits, price level in July 2025",
            "Few forest credits are traded on the exchange.",
        ),
        "gx_ets": (
            "GX-ETS (the emissions trading scheme for companies): the two reference prices set by the government (FY2026)",
            "These are prices for companies' emission allowances, not for credits. "
            "The lower one is the price at which the government considers adjusting how many allowances it supplies; it is not a floor. "
            "The higher one is a reference ceiling.",
        ),
    },
}

# A seller who sells whole units: what that means for the reader ({unit}: t-CO₂ per unit).
SALE_UNIT = {
    "ja": "クレジットは{unit}トン単位で売られているので、端数も{unit}トン分として買うことになります（費用はその量で計算しています）。",
    "en": "Credits are sold in whole units of {unit} tonne, so a part of a tonne is bought as a whole one (the cost shown is for that amount).",
}

# Between the two ends of a range ("11,000〜15,000", "11,000–15,000").
RANGE_TO = {"ja": "〜", "en": "–"}

# The offset block: how much to offset, and who may trade at market prices.
OFFSET = {
    "ja": {
        "summary": "チェックした工夫のあとに残る{remaining} t-CO₂のうち、{share}%（{offset} t-CO₂）をオフセットするとした場合の費用です。",
        "partial": "オフセットは、減らしたあとに残る分の全部でも、一部だけでもかまいません。",
        "line": "オフセットするなら：クレジット{tonnes}トン分で{yen}円（自治体が販売している価格の例）",
        "line_none": "オフセットする分は残っていません。",
        "market": "東京証券取引所のカーボン・クレジット市場で売り買いできるのは、会社などの法人・国・地方公共団体・任意団体で、個人は参加できません。"
        "この市場で扱うのは、国が認証したJ-クレジットです。"
        "J-クレジットを持ったり、使い終わった扱いにしたり（無効化）するには、国の登録簿に口座が必要です。"
        "GX-ETSは、排出の多い企業が参加する排出量取引制度です。"
        "家庭がこれらの価格で買えるわけではありません。",
    },
    "en": {
        "summary": "The cost of offsetting {share}% ({offset} t-CO₂) of the {remaining} t-CO₂ left after the actions you ticked.",
        "partial": "You can offset all of what is left after reducing, or just part of it.",
        "line": "To offset: {tonnes} tonnes of credits, {yen} yen (examples of prices towns sell at)",
        "line_none": "There is nothing left to offset.",
        "market": "Only companies and other legal entities, the national and local governments, and voluntary associations "
        "may trade on the Tokyo Stock Exchange's carbon credit market; individuals may not. "
        "It trades J-Credits certified by the government. "
        "Holding J-Credits, or cancelling them so that nobody can use them again, needs an account in the government's registry. "
        "GX-ETS is the emissions trading scheme for companies with large emissions. "
        "A household cannot buy at these prices.",
    },
}

WARD = {
    "ja": "足立区のカーボン・オフセット（交流自治体の森林によるクレジット）と脱炭素ロードマップ",
    "en": "Adachi City's own carbon offsetting (forest credits from partner towns) and its decarbonisation roadmap",
}
WARD_URL = "https://www.city.adachi.tokyo.jp/kankyo/kurashi/kankyo/roadmap.html"

UNCERTAINTY = {
    "ja": "ほかの係数で計算し直した範囲です（電気は契約がわからないとき、全国平均や東京電力の値など。"
    "ガス・燃料・水道は、今の値と、多くの環境家計簿がまだ使う以前の値）。",
    "en": "The range you get with the other factors in use (for electricity when your plan is not known: the "
    "national average, TEPCO's figures and others; for gas, fuels and water: today's factors and the older "
    "ones that many household carbon diaries still use).",
}

# A placeholder is an example, never a value: "例：260" / "e.g. 260" (grey text in an empty box).
EXAMPLE = {"ja": "例：{example}", "en": "e.g. {example}"}

CUSTOM_FACTOR = {
    "ja": ("電気（入力された排出係数）", "利用者の入力"),
    "en": ("Electricity (factor you entered)", "entered by the user"),
}

NOTES = {
    "ja": {
        "base": "CO₂は「使った量×排出係数」で計算し、1年分（kg-CO₂/年）で示しています。",
        "estimated_yen": "電気は料金から目安単価（{price}円/kWh）で使用量を推計しました。実際の使用量がわかれば、そちらを入れてください。",
        "kwh_wins": "電気の使用量と料金の両方が入力されたので、使用量（kWh）を使いました。",
        "water": "水道は東京都水道局の値（浄水・配水まで）で、下水処理の分は含みません。",
        "trees": "スギの本数は大きさをイメージするための目安で、オフセットの量ではありません。",
        "lpg": "LPガスは m³ を kg に換算（1 m³ ≒ {density} kg）してから係数を掛けています。",
        "zero_carbon_chosen": "実質CO₂ゼロのプランは、国の報告制度で係数をゼロと数えるので、電気のCO₂を0として計算しています（多くは、CO₂を出さない発電でつくられたことを示す証書（非化石証書）を組み合わせたものです）。電気の節約で料金は減りますが、この計算のCO₂は減りません。",
        "tepco_assumed": "「東京電力のふつうのプラン」は、東京電力の「メニューM（残差）」の係数で計算しました。ふつうのプランがこのメニューにあたるかは東京電力の資料でまだ確かめていない、仮の対応です。",
    },
    "en": {
        "base": "CO₂ is worked out as amount used × emission factor, and shown per year (kg-CO₂ a year).",
        "estimated_yen": "Your electricity use was estimated from the bill at a typical price of {price} yen per kWh. If you know the kWh, enter them instead.",
        "kwh_wins": "You entered both kWh and yen for electricity, so the kWh were used.",
        "water": "Water uses Tokyo Waterworks' factor, which covers treating and supplying the water but not sewage treatment.",
        "trees": "The number of cedar trees only gives a sense of scale; it is not an amount you can offset.",
        "lpg": "LPG is converted from m³ to kg (1 m³ ≈ {density} kg) before the factor is applied.",
        "zero_carbon_chosen": "Under the national reporting system a zero-carbon plan counts as having a factor of zero, so your electricity counts as 0 kg here (most such plans add non-fossil certificates, which certify power generated without CO₂). Using less electricity still lowers your bill, but not the CO₂ counted here.",
        "tepco_assumed": "'TEPCO, standard plan' is calculated with the factor of TEPCO's 'menu M (residual)'. That this menu covers the standard plans is our assumption; it has not yet been checked against TEPCO's own documents.",
    },
}

KG_PER_YEAR = {"ja": "{kg} kg-CO₂/年", "en": "{kg} kg-CO₂ a year"}

# The headline comparisons: which average, and which of its parts (only those entered).
AVERAGE_PARTS = {
    "ja": {
        "home_energy": "家庭のエネルギー（電気・都市ガス・LPガス・灯油）",
        "car_fuel": "自動車燃料（ガソリン・軽油）",
        "water": "水道",
    },
    "en": {
        "home_energy": "home energy (electricity, city gas, LPG, kerosene)",
        "car_fuel": "car fuel (gasoline, diesel)",
        "water": "water",
    },
}

COMPARISON = {
    "ja": {
        "moe_which_size": "{size}人世帯の全国平均",
        "moe_which_6_plus": "6人以上の世帯の全国平均",
        "moe_which_all": "全世帯の全国平均（人数の入力がないため）",
        "gio_which": "1人あたりの全国平均",
        "compared": "{which}のうち、あなたが入力した{parts}の分と比べています。比べる平均は{kg}です。",
        "left_out": "{parts}は入力がないので、平均からも除いています。",
        "water": "水道はこの統計に入っていないので、あなたの側からも除いています。",
        "waste": "この計算機はごみについて聞いていないので、平均からごみの分を除いています。",
        "nothing": "比べられる量がまだ入力されていません。",
        "joiner": "、",
        "and": "と",
        "or": "と",
        "left_out_many": "{parts}は入力がないので、平均からも除いています。",
    },
    "en": {
        "moe_which_size": "national average for {size}-person households",
        "moe_which_6_plus": "national average for households of 6 or more",
        "moe_which_all": "national average for all households (you did not give a household size)",
        "gio_which": "national average per person",
        "compared": "This compares you with the {which}, counting only what you entered: {parts}. For those, the average is {kg}.",
        "left_out": " You entered no {parts}, so it is left out of the average as well.",
        "water": " The survey does not cover water, so your water is left out too.",
        "waste": " This calculator does not ask about waste, so waste is taken out of the average.",
        "nothing": "You have not entered anything that can be compared yet.",
        "joiner": ", ",
        "and": " and ",
        "or": " or ",
        "left_out_many": " You entered no {parts}, so they are left out of the average as well.",
    },
}

# A short verdict in plain words (no judgement of the household).
VERDICTS = {
    "ja": {
        "below": "比べた範囲では、平均より少なめです（平均の{percent}%）。",
        "about": "比べた範囲では、平均とほぼ同じです（平均の{percent}%）。",
        "above": "比べた範囲では、平均より多めです（平均の{percent}%）。"
        "家の広さや暖房のしかた、働き方などでも変わります。下の「減らす工夫」から、できそうなものを選んでみてください。",
        "none": "比べられる量を入力すると、ここに平均との比較が出ます。",
    },
    "en": {
        "below": "Your household emits less than the average for the parts compared: {percent}% of it.",
        "about": "Your household emits about the same as the average for the parts compared: {percent}% of it.",
        "above": "Your household emits more than the average for the parts compared: {percent}% of it. "
        "The size of your home, how you heat it and how you work all play a part; see which of the ways to reduce below suit you.",
        "none": "Enter amounts that can be compared, and the comparison with the average appears here.",
    },
}

# Figures whose confidence is NV (not verified) are marked wherever they are used.
UNVERIFIED = {
    "ja": {
        "mark": "未確認",
        "help": "出典の原文でまだ確かめていない数値です",
        "note": "「未確認」の印がある数値は、出典の原文でまだ確かめられていません：{labels}。",
    },
    "en": {
        "mark": "not verified",
        "help": "this figure has not yet been checked against its original source",
        "note": "Figures marked “not verified” have not yet been checked against their original source: {labels}.",
    },
}

# Extra words for some actions, keyed by action id.
ACTION_NOTES: dict[str, dict[str, str]] = {
    "ja": {
        "zero_carbon_menu": "実質CO₂ゼロのプランの多くは、ほかのプランと同じ送電網の電気に、CO₂を出さない発電でつくられたことを示す証書（非化石証書）を組み合わせたものです。"
        "ここでの削減量は、国の報告制度で係数をゼロと数える考え方によるもので、発電所の排出が同じだけ確実に減ることを意味するものではありません。",
    },
    "en": {
        "zero_carbon_menu": "Most zero-carbon plans supply the same grid electricity as other plans, combined with non-fossil certificates, which certify power generated without CO₂. "
        "The saving shown follows the national reporting system, which counts such a plan's factor as zero; it does not guarantee that power stations emit that much less.",
    },
}

# The choices of how much to offset (keys: per cent, see _fields.OFFSET_SHARE_CHOICES).
OFFSET_SHARE_OPTIONS = {
    "ja": {100: "残りの全部（100%）", 75: "4分の3（75%）", 50: "半分（50%）", 25: "4分の1（25%）"},
    "en": {
        100: "All of it (100%)",
        75: "Three quarters (75%)",
        50: "Half (50%)",
        25: "A quarter (25%)",
    },
}

# Class codes (``_classcode``): why a pasted line was not counted. {version} is a number.
CLASS_ERRORS = {
    "ja": {
        "missing": "この行にクラスコードが見つかりません。C2- などで始まるコードをそのまま貼り付けてください。",
        "bad": "クラスコードの形になっていません。計算機の結果に出るコードを、そのままコピーしてください。",
        "truncated": "クラスコードが途中で切れています。最後の4文字まで、全部コピーしてください。",
        "checksum": "クラスコードの一部が変わっています（打ち間違いか書きかえ）。計算機の結果からもう一度コピーしてください。",
        "version": "このサイトが知らない版（{version}）のクラスコードです。計算機の結果からもう一度コピーしてください。",
        "not_canonical": "数字の前に余分な0がついています。計算機はこの形のコードを作らないので、数えていません。計算機の結果からもう一度コピーしてください。",
        "size_range": "人数が{size}人になっています。計算機で入れられるのは1〜{max}人（入力なしは0）なので、数えていません。",
        "kg_range": "{source}が年に{kg} kgになっています。計算機で出せる最大（{max} kg）をこえるので、数えていません。",
    },
    "en": {
        "missing": "No class code on this line. Paste the code starting with C2- (or another version) as it is.",
        "bad": "This is not a class code. Copy the code shown under the calculator's result as it is.",
        "truncated": "This class code is cut short. Copy all of it, including the last 4 characters.",
        "checksum": "Part of this class code has changed (a typo or an edit). Copy it again from the calculator's result.",
        "version": "This class code has a version ({version}) this site does not know. Copy it again from the calculator's result.",
        "not_canonical": "A number in this code has extra leading zeros. The calculator never makes such a code, so it was not counted. Copy it again from the calculator's result.",
        "size_range": "This code says {size} people. The calculator takes 1 to {max} people (0 when not given), so it was not counted.",
        "kg_range": "This code gives {source} {kg} kg a year, more than the calculator can give ({max} kg), so it was not counted.",
    },
}

# The household CO₂ diary (環境家計簿, ``_diary``): month names, the file's header,
# why a month or a row of a file was not taken, and the words beside its figures.
DIARY = {
    "ja": {
        "month_label": "{year}年{month}月",
        "month_short": "{month}月",
        "month_header": "月",
        "total_header": "この月のCO2（kg-CO2、計算結果）",
        "code_header": "クラスコード（計算結果）",
        "header_unit": "{label}（{unit}）",
        "bad_month": "月は「2025-04」のように、年（4けた）と月で書いてください。",
        "month_range": "{first}年から{last}年までの月にしてください。",
        "empty_month": "この月の量を、少なくとも1つ入力してください。",
        "duplicate_month": "同じ月が{line}行目にもあります。最初の行を使いました。",
        "row": "{line}行目（{month}）：",
        "row_field": "{line}行目（{month}）、{field}：",
        "no_month_column": "1行目に「月」の列が見つかりません。書き出したファイルの1行目（見出し）をそのまま使ってください。",
        "unknown_column": "「{name}」の列は知らない見出しなので読みませんでした。",
        "not_a_file": "環境家計簿のファイル（CSV か JSON）として読み取れませんでした。",
        "bad_json": "JSON として読み取れませんでした（{line}行目の{column}文字目を確かめてください）。",
        "not_diary_json": "このサイトの環境家計簿の JSON ではありません（\"format\" が \"carbon-offset-guide-diary\" ではありません）。",
        "version": "このサイトが知らない版（{version}）の環境家計簿です。",
        "too_many_rows": "行が多すぎます（{max}行まで）。",
        "not_utf8": "ファイルを読み取れませんでした。文字コードを UTF-8 か Shift_JIS にしてください。",
        "imported": "{count}か月分を読み込みました。",
        "rejected": "{count}行は読み込めませんでした。下の一覧を見て、ファイルを直してもう一度読み込んでください。",
        "unknown_action": "知らない取り組みです（{id}）。",
        "action_start": "取り組みを始めた月を選んでください。",
    },
    "en": {
        "month_label": "{month_name} {year}",
        "month_short": "{month_abbr}",
        "month_header": "Month",
        "total_header": "CO2 this month (kg-CO2, calculated)",
        "code_header": "Class code (calculated)",
        "header_unit": "{label} ({unit})",
        "bad_month": "Write the month as year (4 digits) and month, like 2025-04.",
        "month_range": "Choose a month from {first} to {last}.",
        "empty_month": "Enter at least one amount for this month.",
        "duplicate_month": "The same month is also on line {line}; the first line was used.",
        "row": "Line {line} ({month}): ",
        "row_field": "Line {line} ({month}), {field}: ",
        "no_month_column": "The first line has no Month column. Keep the first line (the headings) of the exported file as it is.",
        "unknown_column": "The column “{name}” has a heading this site does not know, so it was not read.",
        "not_a_file": "This could not be read as a diary file (CSV or JSON).",
        "bad_json": "This could not be read as JSON (check line {line}, column {column}).",
        "not_diary_json": "This is not this site's diary JSON (its \"format\" is not \"carbon-offset-guide-diary\").",
        "version": "This diary file has a version ({version}) this site does not know.",
        "too_many_rows": "Too many lines (at most {max}).",
        "not_utf8": "The file could not be read. Save it as UTF-8 or Shift_JIS.",
        "imported": "{count} months were read.",
        "rejected": "{count} lines could not be read. See the list below, correct the file and read it again.",
        "unknown_action": "Unknown action ({id}).",
        "action_start": "Choose the month the action started.",
    },
}

MONTH_NAMES_EN = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)

# The diary's figures in words: the twelve months, the first year, the action's effect.
DIARY_VIEW = {
    "ja": {
        "window": "{first}〜{last}の12か月（記録のある月：{count}か月）",
        "partial_year": "記録のある月がまだ12か月そろっていないので、この合計は1年分より少なくなります。",
        "first_year": "最初の1年（{first}〜{last}、記録のある月：{count}か月）：{kg}",
        "first_year_change": "最初の1年より{kg}{direction}（{percent}%）。",
        "first_year_wait": "最初の1年と比べられるのは、最初の月から2年目の12か月がそろってからです。",
        "more": "多い",
        "less": "少ない",
        "same": "同じ",
        "average_basis": "全国平均との比較は、直近12か月の記録を1年分にそろえて（記録のある月の平均×12）計算機と同じ方法で比べています。",
        "not_entered": "「–」は入力がない月と排出源です（0ではありません）。合計には入力した分だけが入ります。",
        "split": "2か月分の水道の検針票は、計算機と同じく半分ずつに分けて、入力した月と前の月に数えます。",
        "from_bill": "{sources}は{month}に入力した検針票から",
        "overlap": "{sources}は2つ以上の検針票が重なっています。入力を確かめてください。",
        "estimated": "電気は料金から推計",
        "weather": "冷房や暖房に使うエネルギーは、その年の暑さ寒さで大きく変わります。前の年の同じ月との差には天気の違いも入っているので、差のすべてが取り組みの効果だとは言えません。",
        "effect_none": "取り組みと始めた月を選ぶと、その月からの変化をここに示します。",
        "effect_waiting": "{start}より前の年の同じ月の記録がまだないので、比べられません。始めた月の1年前の月から記録があると比べられます。",
        "effect_few": "始めてから{count}か月分を前の年の同じ月と比べると、{sources}のCO₂は{after}（前の年は{before}）でした。まだ{count}か月分なので、天気などによる月ごとの違いと見分けられません。",
        "effect_lower": "始めてから{count}か月分を前の年の同じ月と比べると、{sources}のCO₂は{after}で、前の年（{before}）より{kg}少なくなりました。",
        "effect_not_lower": "始めてから{count}か月分を前の年の同じ月と比べると、{sources}のCO₂は{after}で、前の年（{before}）より少なくなっていません。",
        "effect_expected": "計算機の方法で見込まれる減り方は、始める前の記録から1か月あたり約{kg}です。",
        "kg": "{kg} kg-CO₂",
    },
    "en": {
        "window": "the 12 months {first} – {last} (months with records: {count})",
        "partial_year": "Fewer than 12 months have records yet, so this total is less than a year's.",
        "first_year": "First year ({first} – {last}, months with records: {count}): {kg}",
        "first_year_change": "{kg} {direction} than in the first year ({percent}%).",
        "first_year_wait": "The comparison with the first year starts once the 12 months of the second year are there.",
        "more": "more",
        "less": "less",
        "same": "the same",
        "average_basis": "The comparison with the national average scales the last 12 months' records to a year (the average of the months with records × 12) and compares them as the calculator does.",
        "not_entered": "“–” marks a source not entered for that month (not zero). Totals include only what was entered.",
        "split": "A two-month water bill is split in half, as the calculator does, and counted in the month it was entered and the month before.",
        "from_bill": "{sources} from the bill entered for {month}",
        "overlap": "{sources}: two or more bills cover this month. Check what you entered.",
        "estimated": "electricity estimated from the bill in yen",
        "weather": "The energy used for cooling and heating changes a lot with how hot or cold the year is. A difference from the same month last year includes the weather, so not all of it can be put down to the action.",
        "effect_none": "Choose an action and the month you started it to see what changed from then on.",
        "effect_waiting": "There are no records yet for the same months in the year before {start}, so nothing can be compared. Records from a year before the start month make the comparison possible.",
        "effect_few": "Over {count} months since the start, compared with the same months a year earlier, the CO₂ from {sources} was {after} (a year earlier: {before}). With only {count} months, this cannot be told apart from month-to-month differences such as the weather.",
        "effect_lower": "Over {count} months since the start, compared with the same months a year earlier, the CO₂ from {sources} was {after}, {kg} less than a year earlier ({before}).",
        "effect_not_lower": "Over {count} months since the start, compared with the same months a year earlier, the CO₂ from {sources} was {after}, not less than a year earlier ({before}).",
        "effect_expected": " By the calculator's method, the expected cut is about {kg} a month, from the records before the start.",
        "kg": "{kg} kg-CO₂",
    },
}
