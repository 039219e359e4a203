"""Texts of the curated demo pages in the other content languages.

The English originals of Select, the collections, the case study, the endorsement
criteria and the endorsement rationale live in ``marketplace.demo.curation`` and
``marketplace.services.curation``; this module holds their Simplified Chinese
(``zh-hans``) and Japanese (``ja``) versions, plus the home page in all three
languages. Pure data: no Django, no database.

Lists follow the order of the English originals: ``notes`` one per collection item,
``roles`` one per solution of the case study. ``RATIONALE`` is rendered as
``best`` + ``in_service`` (only when there are reference cities) + ``closing``.
"""

from __future__ import annotations

from typing import Any

HOME: dict[str, dict[str, str]] = {
    "en": {
        "hero_title": "Compose your smart city, one proven solution at a time",
        "hero_text": (
            "Put together a package of solutions from verified vendors, pilot it in "
            "one district, and widen it to the whole city once it has proved itself."
        ),
        "body": (
            "<h2>Buying in three steps</h2>"
            "<ul>"
            "<li>Compose: choose cameras, parking, sensors and services from "
            "different vendors and put them in one package.</li>"
            "<li>Pilot: plan the first phase for one district. The package totals "
            "each phase and becomes a quote your approver signs off.</li>"
            "<li>Widen: once the pilot has proved itself, add phases until the whole "
            "city is covered.</li>"
            "</ul>"
            "<h2>What Select is</h2>"
            "<p>Select is the part of the store our curators vouch for. Every "
            "solution in it passed a published review, and its page gives the "
            "criteria, the curator's reasons and the date of the next re-review. "
            "Outside Select, any verified vendor may list, so compare before you "
            "buy.</p>"
        ),
    },
    "zh-hans": {
        "hero_title": "逐一选用成熟方案，组合出您的智慧城市",
        "hero_text": (
            "从已认证供应商中按需选配解决方案，组成方案包；"
            "先在一个片区试点，成效得到验证后再推广至全市。"
        ),
        "body": (
            "<h2>采购三步走</h2>"
            "<ul>"
            "<li>按需组合：摄像机、停车管理、各类传感器及配套服务，"
            "可分别选自不同供应商，统一纳入一个方案包。</li>"
            "<li>片区试点：第一阶段先在一个片区实施。方案包按阶段汇总费用，"
            "并生成报价单，报送审批人签批。</li>"
            "<li>全市推广：试点成效得到验证后，逐步追加实施阶段，直至覆盖全市。</li>"
            "</ul>"
            "<h2>什么是 Select 严选</h2>"
            "<p>Select 严选是经平台审核员把关、予以推荐的专区。"
            "入选的每一项解决方案均已通过公开审核，审核标准、入选理由"
            "及下次复审日期均在其页面公示。Select 以外的商品由已认证供应商"
            "自行上架，请在采购前充分比较。</p>"
        ),
    },
    "ja": {
        "hero_title": "実績あるソリューションを一つずつ選んで、スマートシティを構成",
        "hero_text": (
            "認証済みベンダーのソリューションを組み合わせてパッケージを作り、"
            "まず一つの地区で試験導入したうえで、効果を確かめながら市全域へ"
            "広げられます。"
        ),
        "body": (
            "<h2>調達は3ステップ</h2>"
            "<ul>"
            "<li>組み合わせる：カメラ、駐車場管理、各種センサー、関連サービスを"
            "ベンダーを問わず選び、一つのパッケージにまとめます。</li>"
            "<li>試験導入する：第1フェーズは一つの地区に絞って計画します。"
            "フェーズごとの合計が自動で集計され、そのまま決裁用の見積になります。"
            "</li>"
            "<li>全域に広げる：試験導入で効果を確認できたら、フェーズを追加して"
            "市全域へ展開します。</li>"
            "</ul>"
            "<h2>Select（厳選）とは</h2>"
            "<p>Select は、当プラットフォームのキュレーターが推奨するソリューション"
            "を集めたコーナーです。掲載中のソリューションはすべて公開の審査を通過"
            "しており、審査基準、認定理由、次回の再審査日を各ページでご確認"
            "いただけます。Select 以外は認証済みベンダーであればどなたでも掲載"
            "できますので、導入前に十分に比較検討してください。</p>"
        ),
    },
}

SELECT: dict[str, dict[str, str]] = {
    "zh-hans": {
        "title": "Select 严选",
        "intro": (
            "<p>Select 严选是经平台审核把关、予以推荐的专区。"
            "区内每一项解决方案均已通过公开审核，审核标准、审核员给出的"
            "入选理由、入选日期及下次复审日期均在其页面公示。"
            "Select 以外，任何已认证供应商均可自行上架商品，"
            "采购前请多方比较。</p>"
        ),
    },
    "ja": {
        "title": "Select（厳選）",
        "intro": (
            "<p>Select（厳選）は、当プラットフォームが責任をもって推奨する"
            "ソリューションを集めたコーナーです。掲載中のソリューションはすべて"
            "公開の審査を通過しており、審査基準、キュレーターによる認定理由、"
            "認定日、次回の再審査日を各ページに掲載しています。"
            "Select 以外では、認証済みベンダーであればどなたでもソリューションを"
            "掲載できます。導入前に十分に比較検討してください。</p>"
        ),
    },
}

COLLECTIONS: dict[str, dict[str, dict[str, Any]]] = {
    "zh-hans": {
        "smart-parking-one-district": {
            "title": "片区智慧停车试点",
            "intro": (
                "停车场出入口配置车牌识别摄像机，路侧泊位安装地磁传感器，"
                "车主用一个 App 即可找车位、缴停车费；"
                "适合在一个约 2000 个泊位的片区先行试点。"
            ),
            "notes": [
                "六个停车场的后台管理：收费标准、停车许可、缴费及车主 App。",
                "每个停车场的入口和出口各配置一套车牌识别摄像机和道闸。",
                "出入口车道的云服务，每个停车场一套。",
                "为 600 个路侧泊位安装传感器，App 上即可查看空余车位。",
                "泊位占用监测服务，按传感器计费。",
                "为收费员配备手持终端：未使用 App 的车主可刷卡或扫码缴费，"
                "平台的收款也经由这些终端完成。",
                "手持终端的设备管理服务。",
            ],
            "text": (
                "<h2>实施步骤</h2>"
                "<p>先从车流量最大的两个停车场及其周边道路入手，"
                "运行三个月后再覆盖片区内其余停车场和路段。</p>"
            ),
        },
        "flood-early-warning": {
            "title": "城市内涝预警",
            "intro": (
                "沿河布设的地下水位计在道路积水之前发出告警，"
                "并通过警报器和公众预警渠道及时通知每一位居民。"
            ),
            "notes": [
                "在沿河及低洼路段下方的监测孔内布设水位计。",
                "水位数据每隔几分钟上报一次，按水位计计费。",
                "在地图上展示所有监测孔，并按路段设置告警水位。",
                "通过短信、语音电话和 App 向居民发布预警，预警范围在地图上划定。",
                "在地势最低的四个路口安装警报器，照顾没有手机的居民。",
                "警报器的告警服务。",
            ],
            "text": (
                "<h2>为何这样组合</h2>"
                "<p>水位计负责及早发现险情，地图标明受影响的路段，"
                "预警平台和警报器则在数分钟内将预警送达居民。</p>"
            ),
        },
        "safe-manholes-county": {
            "title": "县域井盖安全监测",
            "intro": (
                "井盖内置倾斜传感器，排水管网中安装水位和气体监测仪，"
                "一个平台统一监测，杜绝暴雨过后井口敞开等安全隐患。"
            ),
            "notes": [
                "为 300 个井盖安装传感器，优先覆盖主干道及学校周边。",
                "监测平台及告警服务，按井盖计费。",
                "在排水管网的低洼点安装水位和气体监测仪。",
                "其监测数据接入同一个平台。",
            ],
            "text": (
                "<h2>运维建议</h2>"
                "<p>传感器电池续航可达五年。"
                "建议每年按十分之一的比例对井盖进行抽检。</p>"
            ),
        },
    },
    "ja": {
        "smart-parking-one-district": {
            "title": "一地区から始めるスマート駐車場",
            "intro": (
                "駐車場の出入口にはナンバー認識カメラ、路上の駐車区画には"
                "センサーを設け、空き区画の検索から支払いまで一つのアプリで"
                "行えます。約2,000台分の駐車区画がある一つの地区での"
                "試験導入を想定しています。"
            ),
            "notes": [
                "6か所の駐車場の管理システムです。料金設定、駐車許可、"
                "支払い、利用者向けアプリを含みます。",
                "各駐車場の入口と出口に、ナンバー認識カメラとゲートを"
                "1組ずつ設置します。",
                "出入口レーンのクラウドサービスです。駐車場ごとに1契約です。",
                "路上の600区画にセンサーを設置し、空き区画をアプリに表示します。",
                "区画の利用状況サービスです。センサーごとの料金です。",
                "巡回員用のハンディ端末です。アプリを使わない利用者はカードや"
                "QRコードで支払えます。プラットフォームの決済もこの端末を"
                "通して行います。",
                "端末の管理サービスです。",
            ],
            "text": (
                "<h2>導入の進め方</h2>"
                "<p>まず利用の多い駐車場2か所とその周辺の道路から始め、"
                "3か月後に地区内の残りの駐車場と道路へ広げます。</p>"
            ),
        },
        "flood-early-warning": {
            "title": "浸水の早期警報",
            "intro": (
                "河川沿いの地下水位計が、道路が冠水する前に警報を出します。"
                "サイレンと住民への情報伝達手段もあわせて整備します。"
            ),
            "notes": [
                "河川沿いと低地の道路下の観測井に水位計を設置します。",
                "数分おきに送られる観測データのサービスです。水位計ごとの料金です。",
                "すべての観測井を地図に表示し、道路ごとに警報水位を設定します。",
                "SMS、音声電話、アプリで住民に警報を届けます。"
                "対象範囲は地図上で指定します。",
                "最も低い4か所の交差点にサイレンを設置し、"
                "携帯電話を持たない人にも知らせます。",
                "サイレンの警報サービスです。",
            ],
            "text": (
                "<h2>この組み合わせの理由</h2>"
                "<p>水位計がいち早く異変をとらえ、地図が影響を受ける道路を示し、"
                "警報プラットフォームとサイレンが数分以内に住民へ知らせます。</p>"
            ),
        },
        "safe-manholes-county": {
            "title": "自治体全域のマンホール安全対策",
            "intro": (
                "マンホール蓋に傾きセンサーを、下水管に水位・ガスの計測器を"
                "設置し、一つのダッシュボードで監視します。豪雨のあと蓋が"
                "外れたままになる事態を防ぎます。"
            ),
            "notes": [
                "300か所の蓋にセンサーを設置します。幹線道路と学校周辺から優先します。",
                "ダッシュボードと警報のサービスです。蓋ごとの料金です。",
                "下水管の低い地点に水位・ガスの計測器を設置します。",
                "計測データは同じダッシュボードに表示されます。",
            ],
            "text": (
                "<h2>保守について</h2>"
                "<p>電池寿命は5年です。毎年、全体の1割程度の蓋を目安に"
                "点検を計画してください。</p>"
            ),
        },
    },
}

CASE_STUDY: dict[str, dict[str, Any]] = {
    "zh-hans": {
        "title": "青云县智慧井盖建设",
        "summary": (
            "常住人口 38 万的青云县用 18 个月为 1200 个井盖加装传感器，"
            "群众反映的井口敞开问题实现清零。"
        ),
        "place": "山东省青云县",
        "text": (
            "<h2>存在问题</h2>"
            "<p>每年汛期，暴雨都会把主干道上的井盖顶起，"
            "养护人员往往要等到居民反映才能发现。</p>"
            "<h2>主要做法</h2>"
            "<p>先对学校周边的 200 个井盖进行改造，再逐步推进到主干道。"
            "每个井盖实时上报倾斜、水位和气体数据，"
            "由沿路路灯中继传输信号。</p>"
        ),
        "quote": "现在哪个井盖被顶开，不等有人靠近，我们就已经掌握了。",
        "roles": [
            "井盖传感器及监测平台",
            "沿路路灯兼作通信网关",
        ],
    },
    "ja": {
        "title": "青雲県のスマートマンホール導入事例",
        "summary": (
            "人口38万人の青雲県では、18か月で1,200か所のマンホール蓋に"
            "センサーを設置し、蓋が開いたままのマンホールに関する通報は"
            "ゼロになりました。"
        ),
        "place": "山東省青雲県",
        "text": (
            "<h2>課題</h2>"
            "<p>毎年夏になると豪雨で幹線道路のマンホール蓋が浮き上がり、"
            "道路管理の担当者は住民からの通報で初めて事態を把握していました。</p>"
            "<h2>県の取り組み</h2>"
            "<p>まず学校周辺の200か所から着手し、その後幹線道路へ広げました。"
            "各蓋が傾き・水位・ガスを検知して通知し、その信号を"
            "街路灯が中継します。</p>"
        ),
        "quote": "いまでは、誰かが近づく前に蓋の開きを把握できるようになりました。",
        "roles": [
            "マンホール蓋のセンサーとダッシュボード",
            "道路沿いで通信ゲートウェイを兼ねる街路灯",
        ],
    },
}

CRITERIA: dict[str, dict[str, tuple[str, str]]] = {
    "zh-hans": {
        "Security review passed": (
            "通过安全审查",
            "平台安全团队已对该解决方案完成安全审查。",
        ),
        "At least two reference deployments": (
            "至少两个落地案例",
            "至少有两个公开的落地项目，采购方可直接联系了解使用情况。",
        ),
        "SLA of 99.5 % or better": (
            "SLA 可用性不低于 99.5%",
            "合同中明确约定服务可用性承诺。",
        ),
        "Support in the buyer's region": (
            "采购方所在地区可获技术支持",
            "供应商在其服务地区配备支持人员，并明确服务时间。",
        ),
    },
    "ja": {
        "Security review passed": (
            "セキュリティ審査に合格",
            "当プラットフォームのセキュリティチームがソリューションを審査済みです。",
        ),
        "At least two reference deployments": (
            "導入実績2件以上",
            "購入者が問い合わせできる公開の導入実績が2件以上あります。",
        ),
        "SLA of 99.5 % or better": (
            "SLA 稼働率99.5%以上",
            "契約で稼働率が保証されています。",
        ),
        "Support in the buyer's region": (
            "購入者の地域でのサポート",
            "ベンダーが対応する地域にサポート担当者を置き、対応時間を定めています。",
        ),
    },
}

RATIONALE: dict[str, dict[str, str]] = {
    "zh-hans": {
        "best": "本平台{kind}类落地案例最多的解决方案",
        "in_service": "，已在{cities}投入使用",
        "closing": "。技术文档与支持服务均达到审核要求。",
    },
    "ja": {
        "best": "当ストアの{kind}分野で導入実績が最も多いソリューションです。",
        "in_service": "{cities}で稼働しています。",
        "closing": "ドキュメントとサポートも審査基準を満たしています。",
    },
}


def _self_check() -> None:
    """Every language, slug, criterion and list is present and nothing is empty."""
    import re
    import string

    languages = ("zh-hans", "ja")
    collections = {
        "smart-parking-one-district": 7,
        "flood-early-warning": 6,
        "safe-manholes-county": 4,
    }
    criteria = (
        "Security review passed",
        "At least two reference deployments",
        "SLA of 99.5 % or better",
        "Support in the buyer's region",
    )
    rich_text = {"h2", "h3", "p", "ul", "li", "strong", "em"}
    home_body = {"h2", "p", "ul", "li"}
    strings = 0

    def check(condition: bool, message: str) -> None:
        if not condition:
            raise AssertionError(message)

    def text(value: Any, where: str, tags: set[str] | None = None) -> None:
        nonlocal strings
        check(isinstance(value, str) and value.strip() != "", f"{where}: empty")
        if tags is not None:
            used = set(re.findall(r"</?([a-z0-9]+)", value))
            check(used <= tags, f"{where}: tags {sorted(used - tags)}")
            check(value.startswith("<"), f"{where}: not HTML")
        else:
            check("<" not in value, f"{where}: unexpected HTML")
        strings += 1

    def fields(value: str) -> set[str]:
        return {name for _, name, _, _ in string.Formatter().parse(value) if name}

    check(set(HOME) == {"en", *languages}, f"HOME languages: {sorted(HOME)}")
    for table in (SELECT, COLLECTIONS, CASE_STUDY, CRITERIA, RATIONALE):
        check(set(table) == set(languages), f"languages: {sorted(table)}")
    check(
        HOME["en"]["hero_title"]
        == "Compose your smart city, one proven solution at a time",
        "HOME en hero_title changed",
    )
    for language, home in HOME.items():
        check(set(home) == {"hero_title", "hero_text", "body"}, f"HOME {language}")
        text(home["hero_title"], f"HOME {language} hero_title")
        text(home["hero_text"], f"HOME {language} hero_text")
        text(home["body"], f"HOME {language} body", home_body)
    for language in languages:
        select = SELECT[language]
        check(set(select) == {"title", "intro"}, f"SELECT {language}")
        text(select["title"], f"SELECT {language} title")
        check("Select" in select["title"], f"SELECT {language}: brand name")
        text(select["intro"], f"SELECT {language} intro", rich_text)

        check(
            set(COLLECTIONS[language]) == set(collections),
            f"COLLECTIONS {language}: {sorted(COLLECTIONS[language])}",
        )
        for slug, count in collections.items():
            spec = COLLECTIONS[language][slug]
            where = f"COLLECTIONS {language} {slug}"
            check(set(spec) == {"title", "intro", "notes", "text"}, where)
            text(spec["title"], f"{where} title")
            text(spec["intro"], f"{where} intro")
            text(spec["text"], f"{where} text", rich_text)
            check(len(spec["notes"]) == count, f"{where}: {count} notes expected")
            for number, note in enumerate(spec["notes"]):
                text(note, f"{where} note {number}")

        case = CASE_STUDY[language]
        where = f"CASE_STUDY {language}"
        check(
            set(case) == {"title", "summary", "place", "text", "quote", "roles"},
            where,
        )
        for key in ("title", "summary", "place", "quote"):
            text(case[key], f"{where} {key}")
        text(case["text"], f"{where} text", rich_text)
        check(len(case["roles"]) == 2, f"{where}: two roles expected")
        for number, role in enumerate(case["roles"]):
            text(role, f"{where} role {number}")

        check(set(CRITERIA[language]) == set(criteria), f"CRITERIA {language}")
        for name in criteria:
            pair = CRITERIA[language][name]
            check(len(pair) == 2, f"CRITERIA {language} {name}")
            text(pair[0], f"CRITERIA {language} {name} name")
            text(pair[1], f"CRITERIA {language} {name} description")

        rationale = RATIONALE[language]
        where = f"RATIONALE {language}"
        check(set(rationale) == {"best", "in_service", "closing"}, where)
        for key, expected in (
            ("best", {"kind"}),
            ("in_service", {"cities"}),
            ("closing", set()),
        ):
            text(rationale[key], f"{where} {key}")
            found = fields(rationale[key])
            check(found == expected, f"{where} {key}: {sorted(found)}")
        values = {"kind": "K", "cities": "A, B"}
        for cities in ("A, B", ""):
            rendered = (
                rationale["best"].format(**values)
                + (rationale["in_service"].format(cities=cities) if cities else "")
                + rationale["closing"]
            )
            check("{" not in rendered and "}" not in rendered, f"{where}: {rendered}")

    print(
        f"curation_text: ok ({len(HOME)} home languages, {len(languages)} languages "
        f"x {len(collections)} collections, {len(criteria)} criteria, "
        f"{strings} strings checked)"
    )
    for language in languages:
        rationale = RATIONALE[language]
        print(
            f"  {language}: "
            + rationale["best"].format(kind="K")
            + rationale["in_service"].format(cities="A, B")
            + rationale["closing"]
        )


if __name__ == "__main__":
    _self_check()
