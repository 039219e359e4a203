"""The words of the demo buyers' reviews (`demo.reviews`), in English, Chinese and
Japanese: a title and a text by number of stars, with `{kind}` (the kind of
solution), and how a deployment's scale and place are written in each language.
Self-check: python3 marketplace/demo/review_text.py
"""

from __future__ import annotations

REVIEWS: dict[str, dict[int, list[tuple[str, str]]]] = {
    "en": {
        5: [
            (
                "Does what it promised",
                "We rolled it out on schedule and it has run without a single "
                "outage since. The vendor's engineers answered every question "
                "within a day.",
            ),
            (
                "The best {kind} we have used",
                "Installation took less time than planned, the dashboard is "
                "clear, and our operators needed half a day of training.",
            ),
            (
                "Reliable, and support that knows the product",
                "Data arrives on time, alerts are accurate, and the monthly "
                "report goes straight to our management meeting.",
            ),
        ],
        4: [
            (
                "Solid, with a few rough edges",
                "It works well day to day. The reporting module could export "
                "more formats, but the vendor has it on their roadmap.",
            ),
            (
                "Good value for a {kind} project",
                "Prices held as quoted and delivery was on time. Setup needed "
                "more configuration than the brochure suggests.",
            ),
            (
                "Recommended, plan the integration",
                "The product is sound; budget a few extra days to connect it "
                "to your existing systems.",
            ),
        ],
        3: [
            (
                "Fine once it was configured",
                "The first weeks were bumpy: two devices had to be replaced. "
                "Since then it has been stable, if not remarkable.",
            ),
            (
                "Average",
                "It does the basics. Support is slow outside business hours, "
                "which matters for a {kind} system.",
            ),
        ],
        2: [
            (
                "Harder than expected",
                "Integration took three months instead of three weeks, and the "
                "documentation did not match the firmware we received.",
            ),
        ],
        1: [
            (
                "Not fit for our site",
                "Readings drop out every few days and the vendor has not found "
                "the cause. We are looking at alternatives.",
            ),
        ],
    },
    "zh-hans": {
        5: [
            (
                "完全达到预期",
                "按计划完成部署，上线以来未发生一次故障。厂商工程师对每个问题都在一天内给出答复。",
            ),
            (
                "用过最好的{kind}方案",
                "安装比计划更快，管理界面清晰，值班人员只培训了半天就能上手。",
            ),
            (
                "稳定可靠，支持专业",
                "数据按时上报，告警准确，月度报告可以直接用于我们的例会。",
            ),
        ],
        4: [
            (
                "整体不错，细节有待完善",
                "日常使用很顺畅。报表模块的导出格式偏少，厂商表示已列入开发计划。",
            ),
            (
                "{kind}项目性价比高",
                "价格与报价一致，交付准时。实际配置工作比宣传资料说的要多一些。",
            ),
            (
                "值得推荐，需预留对接时间",
                "产品本身扎实，建议多预留几天与现有系统对接。",
            ),
        ],
        3: [
            (
                "配置好之后还算稳定",
                "头几周问题较多，更换了两台设备。此后运行稳定，但没有特别出彩之处。",
            ),
            (
                "中规中矩",
                "基本功能都有。非工作时间的支持响应较慢，对{kind}系统来说影响不小。",
            ),
        ],
        2: [
            (
                "比预想的难用",
                "系统对接用了三个月而不是三周，文档与收到的固件版本也对不上。",
            )
        ],
        1: [
            (
                "不适合我们的现场",
                "数据每隔几天就中断一次，厂商至今没有找到原因，我们正在考虑替代方案。",
            )
        ],
    },
    "ja": {
        5: [
            (
                "期待どおりの仕上がり",
                "予定どおりに導入でき、稼働以来一度も停止していません。ベンダーの技術者は質問に毎回一日以内で回答してくれました。",
            ),
            (
                "これまでで最良の{kind}",
                "設置は計画より早く終わり、管理画面もわかりやすく、運用担当者は半日の研修で使えるようになりました。",
            ),
            (
                "安定していてサポートも的確",
                "データは時間どおりに届き、アラートも正確です。月次レポートはそのまま定例会議で使えます。",
            ),
        ],
        4: [
            (
                "堅実、ただし細かな改善点あり",
                "日々の運用は順調です。レポートの出力形式が少ない点はベンダーが改善予定とのことです。",
            ),
            (
                "{kind}として費用対効果が高い",
                "価格は見積どおりで、納期も守られました。設定作業はカタログの説明より多めでした。",
            ),
            (
                "おすすめ。連携の期間は余裕をもって",
                "製品自体はしっかりしています。既存システムとの連携に数日の余裕を見ておくとよいでしょう。",
            ),
        ],
        3: [
            (
                "設定後は安定",
                "最初の数週間は不具合があり、機器を2台交換しました。その後は安定していますが、特筆すべき点はありません。",
            ),
            (
                "標準的",
                "基本機能はそろっています。営業時間外のサポートが遅く、{kind}のシステムとしては気になります。",
            ),
        ],
        2: [
            (
                "想定より手間がかかった",
                "連携に3週間の予定が3か月かかり、資料も届いたファームウェアと合っていませんでした。",
            )
        ],
        1: [
            (
                "当方の現場には不向き",
                "数日おきにデータが途切れ、ベンダーも原因を特定できていません。代替製品を検討中です。",
            )
        ],
    },
}

# A deployment's scale, by the plan's unit.
SCALES: dict[str, dict[str, str]] = {
    "en": {
        "device": "{n} devices",
        "site": "{n} sites",
        "user": "{n} users",
        "flat": "one installation",
    },
    "zh-hans": {
        "device": "{n} 台设备",
        "site": "{n} 个站点",
        "user": "{n} 个用户",
        "flat": "1 套系统",
    },
    "ja": {
        "device": "{n}台",
        "site": "{n}拠点",
        "user": "{n}ユーザー",
        "flat": "1式",
    },
}

# The demo buyers' places, as their people write them.
CITIES: dict[str, dict[str, str]] = {
    "zh-hans": {
        "Guangming District, Shenzhen": "深圳市光明区",
        "Xihu District, Hangzhou": "杭州市西湖区",
        "Sha Tin": "沙田",
        "Dongguan": "东莞",
        "Wan Chai": "湾仔",
    },
    "ja": {"Kohoku Ward, Yokohama": "横浜市港北区", "Osaka": "大阪"},
}

# The vendor's public replies (the demo vendor answers its buyers), by stars.
REPLIES: dict[str, dict[bool, str]] = {
    "en": {
        True: "Thank you for the kind words; we will pass them on to the "
        "installation team.",
        False: "Thank you for telling us. Our support lead will call you this "
        "week to go through the problems and agree on a fix.",
    },
    "zh-hans": {
        True: "感谢您的认可，我们会转达给安装团队。",
        False: "感谢反馈。我们的技术支持负责人本周会与您联系，逐项排查并商定解决方案。",
    },
    "ja": {
        True: "ご評価ありがとうございます。設置チームにも伝えます。",
        False: "ご指摘ありがとうございます。今週中にサポート責任者からご連絡し、"
        "問題点を確認のうえ対応策をご相談します。",
    },
}

REPORT_REASON = (
    "This review describes a gateway we do not sell; it seems to be about another "
    "vendor's product."
)


def _check(condition: object, message: object) -> None:
    if not condition:
        raise AssertionError(message)


def _self_check() -> None:
    import string

    def fields(text: str) -> set[str]:
        return {name for _, name, _, _ in string.Formatter().parse(text) if name}

    for table in (REVIEWS, SCALES, REPLIES):
        _check(set(table) == {"en", "zh-hans", "ja"}, table)
    for language, by_stars in REVIEWS.items():
        _check(set(by_stars) == {1, 2, 3, 4, 5}, language)
        for stars, texts in by_stars.items():
            for title, text in texts:
                _check(len(title) <= 120 and len(text) <= 4000, (language, stars))
                _check(fields(title) | fields(text) <= {"kind"}, (language, title))
    for language, scales in SCALES.items():
        _check(set(scales) == {"device", "site", "user", "flat"}, language)
    print("review_text: ok")


if __name__ == "__main__":
    _self_check()
