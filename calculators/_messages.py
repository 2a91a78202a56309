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
    },
    "en": {
        "people": "people",
        "kWh": "kWh",
        "yen": "yen",
        "m3": "m³",
        "L": "L",
        "kg-CO2/kWh": "kg-CO₂/kWh",
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
            "Copy the figures from your electricity bill (meter-reading slip).",
        ),
        "gas": (
            "Gas and kerosene",
            "From your gas bill and kerosene purchases. Leave blank what you do not use.",
        ),
        "car": ("Car", "Gasoline and diesel you filled up. Leave blank if you have no car."),
        "water": ("Water", "In Tokyo the water bill covers two months."),
    },
}

# key: (label, help, placeholder)
FIELDS: dict[str, dict[str, tuple[str, str | None, str | None]]] = {
    "ja": {
        "household_size": ("世帯の人数", "一緒に暮らしている人数（1〜20人）。", "2"),
        "period": ("入力する量の期間", "検針票の数字をそのまま入れるなら「1か月」。", None),
        "electricity_kwh": (
            "電気の使用量",
            "検針票の「ご使用量」（kWh）。わからなければ下の料金を入れてください。",
            "260",
        ),
        "electricity_yen": (
            "電気料金（使用量がわからないとき）",
            "検針票の「請求金額」。目安単価で kWh に換算するので推計になります。",
            "8000",
        ),
        "electricity_supplier": (
            "電気の契約",
            "わからなければ「全国平均」のままで構いません。",
            None,
        ),
        "electricity_factor": (
            "排出係数（その他を選んだとき）",
            "電力会社が公表している排出係数（kg-CO₂/kWh）。例：0.423",
            "0.423",
        ),
        "city_gas_m3": ("都市ガスの使用量", "ガスの検針票の「ご使用量」（m³）。", "25"),
        "city_gas_supplier": (
            "都市ガスの会社",
            "わからなければ「標準値」のままで構いません。",
            None,
        ),
        "lpg_m3": ("LPガス（プロパンガス）の使用量", "LPガスの検針票の「ご使用量」（m³）。", "8"),
        "kerosene_l": ("灯油の使用量", "買った量（L）。18Lのポリタンク1つで18です。", "18"),
        "gasoline_l": ("ガソリンの給油量", "レシートの給油量（L）。", "30"),
        "diesel_l": ("軽油の給油量", "レシートの給油量（L）。", "0"),
        "water_m3": ("水道の使用量", "水道の検針票の「今回使用水量」（m³）。", "40"),
        "water_period": (
            "水道の量の期間",
            "東京都水道局の検針票は2か月分です。選ばないときは、1か月分の入力なら2か月分（検針票どおり）、1年分の入力なら1年分として計算します。",
            None,
        ),
    },
    "en": {
        "household_size": ("People in the household", "Everyone who lives here (1–20).", "2"),
        "period": (
            "Period of the amounts",
            "Choose 'one month' to copy the figures from a monthly bill.",
            None,
        ),
        "electricity_kwh": (
            "Electricity used",
            "The 'amount used' (kWh) on the bill. If you do not know it, enter the bill in yen below.",
            "260",
        ),
        "electricity_yen": (
            "Electricity bill (if you do not know the kWh)",
            "The amount charged. It is converted with a guide unit price, so the result is an estimate.",
            "8000",
        ),
        "electricity_supplier": (
            "Electricity plan",
            "If you are not sure, keep 'national average'.",
            None,
        ),
        "electricity_factor": (
            "Emission factor (when 'other' is chosen)",
            "Your supplier's published factor in kg-CO₂/kWh, e.g. 0.423.",
            "0.423",
        ),
        "city_gas_m3": ("City gas used", "The 'amount used' (m³) on the gas bill.", "25"),
        "city_gas_supplier": (
            "City gas company",
            "If you are not sure, keep 'standard value'.",
            None,
        ),
        "lpg_m3": ("LPG (propane) used", "The 'amount used' (m³) on the LPG bill.", "8"),
        "kerosene_l": ("Kerosene used", "Litres bought; one 18 L can is 18.", "18"),
        "gasoline_l": ("Gasoline filled", "Litres on the fuel receipts.", "30"),
        "diesel_l": ("Diesel filled", "Litres on the fuel receipts.", "0"),
        "water_m3": ("Water used", "The 'water used this time' (m³) on the water bill.", "40"),
        "water_period": (
            "Period of the water amount",
            "Tokyo Waterworks bills every two months. If you choose nothing, monthly entries take the water amount as two months (as on the bill), and yearly entries as one year.",
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
            "national_average": "全国平均（わからないとき）",
            "tepco_residual": "東京電力エナジーパートナー（標準的なプラン・残差）",
            "tepco_company": "東京電力エナジーパートナー（事業者全体）",
            "zero_carbon": "実質CO₂ゼロのプラン",
            "custom": "その他（係数を入力）",
        },
        "city_gas_supplier": {"statutory": "標準値（わからないとき）", "tokyo_gas": "東京ガス"},
    },
    "en": {
        "period": {"month": "One month", "year": "One year"},
        "water_period": {
            "two_months": "Two months (as on the bill)",
            "month": "One month",
            "year": "One year",
        },
        "electricity_supplier": {
            "national_average": "National average (if unsure)",
            "tepco_residual": "TEPCO Energy Partner (standard plans, residual)",
            "tepco_company": "TEPCO Energy Partner (company-wide)",
            "zero_carbon": "Zero-carbon plan",
            "custom": "Other (enter the factor)",
        },
        "city_gas_supplier": {"statutory": "Standard value (if unsure)", "tokyo_gas": "Tokyo Gas"},
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
        "bad_request": "入力を読み取れませんでした。JSON のオブジェクトで送ってください。",
        "internal": "計算中に問題が起きました。入力を確かめて、もう一度お試しください。",
    },
    "en": {
        "not_number": "Enter a number (in {unit}).",
        "not_finite": "Enter a number (NaN and infinity are not allowed).",
        "negative": "Enter a number of 0 or more.",
        "too_large": "More than {max} {unit} for {period} is probably a typo. Check the digits and the unit.",
        "size_range": "Enter a whole number from {min} to {max}.",
        "unknown_option": "Choose one of the options.",
        "unknown_action": "Unknown action id ({ids}).",
        "factor_required": "When 'other' is chosen, enter the emission factor (kg-CO₂/kWh).",
        "bad_request": "The input could not be read. Send a JSON object.",
        "internal": "Something went wrong in the calculation. Check the input and try again.",
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

AVERAGES = {
    "ja": {
        "moe_kateico2_fy2022": (
            "環境省 家庭CO₂統計（2022年度）の平均",
            "{home}（電気・都市ガス・LPガス・灯油）に、自動車燃料の全国平均（1世帯あたり）を足した値です。"
            "この統計には水道が入っていないので、あなたの側も水道を除いて比べています。",
        ),
        "home_energy": ("家庭のエネルギー（電気・都市ガス・LPガス・灯油）", "{home}"),
        "car_fuel": ("自動車燃料（ガソリン・軽油）", "全世帯の平均（車を持たない世帯も含む）。"),
        "gio_per_person_fy2022": (
            "1人あたりの全国平均（GIO、2022年度）",
            "家庭からのCO₂ 1人あたり1,838 kg（車・ごみ・水道を含む）から、この計算機で聞いていない"
            "ごみの分を除いた値と、あなたの世帯の1人あたりを比べています。",
        ),
    },
    "en": {
        "moe_kateico2_fy2022": (
            "Average from the Ministry of the Environment household CO₂ survey (FY2022)",
            "{home} (electricity, city gas, LPG, kerosene) plus the national average for car fuel per "
            "household. The survey does not include water, so your water is left out of the comparison too.",
        ),
        "home_energy": ("Home energy (electricity, city gas, LPG, kerosene)", "{home}"),
        "car_fuel": (
            "Car fuel (gasoline and diesel)",
            "Average over all households, including those without a car.",
        ),
        "gio_per_person_fy2022": (
            "National average per person (GIO, FY2022)",
            "Household CO₂ of 1,838 kg per person (including car, waste and water), minus waste, which "
            "this calculator does not ask about, compared with your household's CO₂ per person.",
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
        "fixed": "The published yearly saving under the stated conditions, turned into CO₂ with this household's factor; never more than the household uses.",
        "share": "A fixed share ({share}%) of this household's own use, so it grows with use.",
        "factor": "Same use, but the factor becomes {value} (use × difference in factors).",
    },
}

CREDITS = {
    "ja": {
        "jcredit_renewable_energy_saving": "J-クレジット（再エネ・省エネ）",
        "jcredit_forest": "J-クレジット（森林）",
    },
    "en": {
        "jcredit_renewable_energy_saving": "J-Credits (renewable energy / energy saving)",
        "jcredit_forest": "J-Credits (forest)",
    },
}

MARKET_RANGE = {
    "ja": "市場の参考価格帯（2023〜2025年）。実際の価格は販売者や時期によって違います。",
    "en": "Market reference range (2023–2025). Actual prices vary by seller and date.",
}

WARD = {
    "ja": "足立区のカーボン・オフセット（交流自治体の森林によるクレジット）と脱炭素ロードマップ",
    "en": "Adachi City's own carbon offsetting (forest credits from partner towns) and its decarbonisation roadmap",
}
WARD_URL = "https://www.city.adachi.tokyo.jp/kankyo/kurashi/kankyo/roadmap.html"

UNCERTAINTY = {
    "ja": "係数の選び方による幅です。電気は契約がわからないとき全国平均・代替値・東京電力の係数の間、"
    "ガスと燃料は現在の係数と多くの環境家計簿が使う旧係数の間、水道は東京都の値と旧来の値の間で計算しました。",
    "en": "The spread that comes from the choice of factors: for electricity (when the plan is unknown) "
    "the national average, the substitute value and TEPCO's factors; for gas and fuels the current "
    "factors and the older ones many household ledgers still use; for water Tokyo's figure and an older one.",
}

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
        "zero_carbon_chosen": "すでに実質CO₂ゼロのプランなので、電気の節約はCO₂を減らしませんが、料金は減ります。",
    },
    "en": {
        "base": "CO₂ is calculated as amount used × emission factor and shown per year (kg-CO₂/yr).",
        "estimated_yen": "Electricity use was estimated from the bill with a guide unit price ({price} yen/kWh). Enter the kWh if you know it.",
        "kwh_wins": "Both kWh and yen were given for electricity, so the kWh were used.",
        "water": "Water uses Tokyo Waterworks' figure (treatment and supply); sewage treatment is not included.",
        "trees": "The number of cedar trees is an illustration of size, not an amount of offsetting.",
        "lpg": "LPG is converted from m³ to kg (1 m³ ≈ {density} kg) before applying the factor.",
        "zero_carbon_chosen": "Your plan is already zero-carbon, so saving electricity cuts your bill but not your CO₂.",
    },
}

# Class codes (``_classcode``): why a pasted line was not counted. {version} is a number.
CLASS_ERRORS = {
    "ja": {
        "missing": "この行にクラスコードが見つかりません。C1- で始まるコードをそのまま貼り付けてください。",
        "bad": "クラスコードの形になっていません。計算機の結果に出るコードを、そのままコピーしてください。",
        "truncated": "クラスコードが途中で切れています。最後の4文字まで、全部コピーしてください。",
        "checksum": "クラスコードの一部が変わっています（打ち間違いか書きかえ）。計算機の結果からもう一度コピーしてください。",
        "version": "このサイトが知らない版（{version}）のクラスコードです。計算機の結果からもう一度コピーしてください。",
    },
    "en": {
        "missing": "No class code on this line. Paste the code starting with C1- as it is.",
        "bad": "This is not a class code. Copy the code shown under the calculator's result as it is.",
        "truncated": "This class code is cut short. Copy all of it, including the last 4 characters.",
        "checksum": "Part of this class code has changed (a typo or an edit). Copy it again from the calculator's result.",
        "version": "This class code has a version ({version}) this site does not know. Copy it again from the calculator's result.",
    },
}
