"""Japanese text of the demo catalogue in ``catalog_data``.

Every table mirrors one in ``catalog_data`` and is aligned with it by key or by
index, so the same random choices pick the same listing text in Japanese. Bullets
are written in datasheet style, prose in polite form (です/ます). Placeholders are
those of the English strings.
"""

from __future__ import annotations

import re
import string
from types import ModuleType

LANGUAGE = "ja"


# --------------------------------------------------------------------------------------
# Sections and child categories: (name, description).

CATEGORIES: dict[str, tuple[str, str]] = {
    "public-safety": (
        "防犯・防災",
        (
            "公共空間での事件・事故を未然に防ぎ、"
            "発生時にはいち早く検知して対応するためのソリューション。"
        ),
    ),
    "video-surveillance": (
        "監視カメラシステム",
        "街頭、キャンパス、交通拠点向けのネットワークカメラ、録画装置、AI映像解析。",
    ),
    "emergency-alerts": (
        "緊急警報・情報伝達",
        (
            "住民への警報発信と救助要請を支えるサイレン、"
            "非常通報装置、マルチチャネル配信プラットフォーム。"
        ),
    ),
    "mobility": (
        "交通・モビリティ",
        "道路交通を円滑にし、駐車場を探しやすく、支払いやすくするシステム。",
    ),
    "unmanned-parking": (
        "無人駐車場",
        "駐車券不要のゲート、車室センサー、無人駐車場向けのクラウド管理システム。",
    ),
    "traffic-signal-control": (
        "交通信号制御",
        (
            "交差点向けの適応制御型信号制御機、"
            "車両感知器、信号現示の最適化プラットフォーム。"
        ),
    ),
    "lighting": (
        "照明",
        "省エネを実現し、故障も自動で通知するネットワーク対応の公共照明。",
    ),
    "smart-street-lights": (
        "スマート街路灯",
        "LED灯具、単灯制御器、スマートポール、街路灯の集中管理システム。",
    ),
    "utilities": (
        "上下水道・地下インフラ",
        "上水道、排水設備、地下管路網のセンシングと監視。",
    ),
    "groundwater-level-gauges": (
        "地下水位計",
        "観測井、ダム、掘削現場の地下水を監視する水位ロガーと間隙水圧計。",
    ),
    "smart-manholes": (
        "スマートマンホール",
        (
            "マンホール蓋の開閉、下水道の水位、"
            "有毒ガスを監視するセンサーとプラットフォーム。"
        ),
    ),
    "water-quality": (
        "水質監視",
        "水道水、河川、貯水池向けのオンライン水質計とデータプラットフォーム。",
    ),
    "environment": (
        "環境",
        "きれいな空気と清潔な街並みを守るためのモニタリングとサービス。",
    ),
    "air-quality": (
        "大気環境",
        (
            "都市の大気汚染を面的に把握する小型測定局、"
            "センサーノード、メッシュ監視プラットフォーム。"
        ),
    ),
    "waste-bin-sensors": (
        "ごみ箱センサー",
        "ごみ収集を効率化する満杯度センサー、スマートごみ箱、収集ルート計画システム。",
    ),
    "e-government": (
        "電子行政",
        "住民や事業者が行政手続きをオンラインで済ませられるデジタルサービス。",
    ),
    "digital-forms": (
        "電子申請フォーム",
        "オンライン申請のためのローコードフォーム作成ツールと書類の文字認識（OCR）。",
    ),
    "citizen-service": (
        "住民サービス",
        "住民向けアプリ、問い合わせ窓口の案件管理、行政サービスの案内アシスタント。",
    ),
    "collaboration": (
        "コラボレーション",
        "組織内外のチームで使うメールと会議のツール。",
    ),
    "email": (
        "メール",
        (
            "ホスティング型ビジネスメール、"
            "メールセキュリティゲートウェイ、メールアーカイブ。"
        ),
    ),
    "video-conferencing": (
        "ビデオ会議",
        "クラウド型Web会議、会議室システム、プライベート型の会議プラットフォーム。",
    ),
    "retail": (
        "小売・店舗",
        "商店、スーパーマーケット、飲食店向けの会計・決済テクノロジー。",
    ),
    "pos": (
        "POSシステム",
        "POSレジ、店舗向けソフトウェア、ハンディ決済端末。",
    ),
    "self-checkout": (
        "セルフレジ",
        "レジ待ちの列を短くするセルフレジ端末、スマホレジ、画像認識レジ。",
    ),
    "training": (
        "研修・教育",
        "人材育成のためのデジタル学習と実践的なシミュレーション訓練。",
    ),
    "e-learning": (
        "eラーニング",
        "あらゆる規模の組織に対応する学習プラットフォームと講座ライブラリ。",
    ),
    "simulation-training": (
        "シミュレーション訓練",
        "安全教育、防災訓練、オペレーター研修のためのVRキットとシミュレーター。",
    ),
    "cloud-storage": (
        "クラウドストレージ",
        "増え続ける業務データを保管・保護するストレージとデータ保護。",
    ),
    "object-storage": (
        "オブジェクトストレージ",
        (
            "クラウドサービス、アプライアンス、"
            "ソフトウェアの各形態で提供するS3互換オブジェクトストレージ。"
        ),
    ),
    "backup": (
        "バックアップ",
        "サーバー、仮想マシン、クラウドアプリケーションのバックアップとリカバリー。",
    ),
    "security": (
        "セキュリティ",
        "組織全体のデバイス、ID、アクセスを守るソリューション。",
    ),
    "endpoint-security": (
        "エンドポイントセキュリティ",
        (
            "ノートPC、デスクトップPC、"
            "サーバー向けのアンチウイルス、EDR、MDR（マネージド検知・対応）。"
        ),
    ),
    "identity-access": (
        "ID・アクセス管理",
        "シングルサインオン、多要素認証、特権ID管理、オンライン本人確認。",
    ),
}


# The platform's capability names (what a solution needs or brings).
CAPABILITIES: dict[str, str] = {
    "nb-iot-gateway": "NB-IoT ゲートウェイ",
    "lorawan-gateway": "LoRaWAN ゲートウェイ",
    "iot-platform": "IoT デバイス管理基盤",
    "video-storage": "映像ストレージ（NVR／クラウド）",
    "video-analytics": "AI 映像解析",
    "gis-platform": "GIS 地図基盤",
    "sso": "シングルサインオン",
    "directory": "ディレクトリサービス（LDAP／AD）",
    "e-id": "電子本人確認",
    "payment-gateway": "決済ゲートウェイ",
    "edge-compute": "エッジコンピューティングノード",
    "sms-gateway": "SMS・音声通知ゲートウェイ",
    "mobile-app": "住民・顧客向けモバイルアプリ",
    "object-storage": "S3 互換オブジェクトストレージ",
}


# --------------------------------------------------------------------------------------
# Per child category: who buys it (the audience line of its block).

AUDIENCES: dict[str, str] = {
    "video-surveillance": "警察機関、区の統合運用センター、キャンパスの警備部門",
    "emergency-alerts": "防災・危機管理部局、学校、工業団地",
    "unmanned-parking": "駐車場運営事業者、区の交通部局、商業施設のオーナー",
    "traffic-signal-control": "警察の交通管制部門、都市交通部局",
    "smart-street-lights": "自治体の道路照明担当部署、道路維持管理事業者",
    "groundwater-level-gauges": "水資源管理部局、地質調査機関、鉱山会社",
    "smart-manholes": "下水道事業者、通信事業者、自治体のインフラ事業者",
    "water-quality": "水道事業者、環境保全部局、河川管理者",
    "air-quality": "環境保全部局、工業団地、建設工事の監理者",
    "waste-bin-sensors": "清掃部局、ごみ収集事業者",
    "digital-forms": "行政サービスセンター、公的機関、国有企業",
    "citizen-service": "市役所、区の行政サービスセンター、公益事業者",
    "email": "企業、学校、公的機関",
    "video-conferencing": "企業、病院、官公庁",
    "pos": "小売チェーン、飲食店、コンビニエンスストア",
    "self-checkout": "スーパーマーケット、コンビニチェーン、社員食堂",
    "e-learning": "企業、研修センター、公的機関の人事部門",
    "simulation-training": (
        "消防・救急機関、電力・水道などのインフラ事業者、製造業、職業訓練校"
    ),
    "object-storage": "一般企業、メディア企業、研究機関",
    "backup": "中堅・大規模組織のIT部門",
    "endpoint-security": "企業や公的機関のIT・セキュリティ部門",
    "identity-access": "企業、大学、官公庁のIT部門",
}


# --------------------------------------------------------------------------------------
# Per child category: the reference scale template.

SCALES: dict[str, str] = {
    "video-surveillance": "{d}区にカメラ{n:,}台を導入",
    "emergency-alerts": "{d}区をカバーする警報端末{n:,}台",
    "unmanned-parking": "駐車場{d}か所、計{n:,}台分",
    "traffic-signal-control": "{d}路線の信号交差点{n:,}か所",
    "smart-street-lights": "{d}区で街路灯{n:,}基を管理",
    "groundwater-level-gauges": "{d}県で観測井{n:,}か所",
    "smart-manholes": "{d}区でマンホール{n:,}か所を監視",
    "water-quality": "流域・配水区域{d}か所で測定地点{n:,}か所",
    "air-quality": "{d}区に小型測定局{n:,}局を設置",
    "waste-bin-sensors": "収集ルート{d}本でごみ箱{n:,}基",
    "digital-forms": "{d}部署で電子申請フォーム{n:,}件",
    "citizen-service": "サービスセンター{d}か所、月間利用者{n:,}人",
    "email": "{org}でメールアカウント{n:,}件",
    "video-conferencing": "{org}でホストライセンス{n:,}件、会議室{d}室",
    "pos": "{d}店舗でレジ{n:,}台",
    "self-checkout": "{d}店舗でセルフレジ{n:,}台",
    "e-learning": "{org}で受講者{n:,}人",
    "simulation-training": "{org}で年間{n:,}人が受講",
    "object-storage": "{org}で{n:,}TBのデータを保管",
    "backup": "{org}でサーバー{n:,}台を保護",
    "endpoint-security": "{org}でエンドポイント{n:,}台",
    "identity-access": "{org}でユーザーID{n:,}件、連携アプリ{d}件",
}


# --------------------------------------------------------------------------------------
# Per child category: spec choices, aligned with the English by index.

SPECS: dict[str, dict[str, list]] = {
    "video-surveillance": {
        "ir": [
            30,
            40,
            50,
            80,
        ],
        "days": [
            30,
            60,
            90,
        ],
        "ch": [
            16,
            32,
            64,
        ],
        "tops": [
            4,
            8,
            16,
        ],
        "streams": [
            8,
            16,
            32,
        ],
        "lens": [
            "2.8～12mm電動バリフォーカル",
            "4mm固定焦点",
            "2.7～13.5mm電動バリフォーカル",
        ],
        "ai": [
            "侵入検知・ラインクロス検知",
            "混雑検知・うろつき検知",
            "人数カウント",
        ],
    },
    "emergency-alerts": {
        "db": [
            120,
            125,
            130,
        ],
        "km": [
            "1.5",
            2,
            3,
        ],
        "mins": [
            3,
            5,
        ],
        "hrs": [
            48,
            72,
        ],
    },
    "unmanned-parking": {
        "acc": [
            "99.5",
            "99.7",
            "99.8",
        ],
        "years": [
            5,
            6,
            8,
        ],
        "secs": [
            "1.5",
            2,
            3,
        ],
    },
    "traffic-signal-control": {
        "grp": [
            16,
            32,
            48,
        ],
        "pct": [
            12,
            15,
            18,
            22,
        ],
        "reach": [
            200,
            250,
            300,
        ],
    },
    "smart-street-lights": {
        "w": [
            60,
            80,
            100,
            120,
            150,
            200,
        ],
        "eff": [
            150,
            160,
            170,
            180,
        ],
        "cct": [
            3000,
            4000,
        ],
        "save": [
            40,
            45,
            50,
            55,
            60,
        ],
        "lamps": [
            2000,
            5000,
            10000,
        ],
    },
    "groundwater-level-gauges": {
        "span": [
            10,
            20,
            50,
            100,
        ],
        "acc": [
            "0.05",
            "0.1",
        ],
        "years": [
            3,
            5,
            8,
        ],
        "mins": [
            5,
            15,
            60,
        ],
    },
    "smart-manholes": {
        "tilt": [
            5,
            10,
            15,
        ],
        "years": [
            5,
            6,
            8,
        ],
        "lvl": [
            2,
            3,
            5,
        ],
        "gas": [
            "CH4・H2S",
            "CH4・H2S・CO",
            "CH4・H2S・CO・O2",
        ],
    },
    "water-quality": {
        "ntu": [
            100,
            1000,
        ],
        "cal": [
            7,
            14,
            30,
        ],
        "mins": [
            5,
            15,
        ],
        "params": [
            "pH、濁度、残留塩素、電気伝導率",
            "pH、溶存酸素、濁度、COD、アンモニア性窒素",
            "pH、ORP（酸化還元電位）、濁度、遊離残留塩素",
        ],
    },
    "air-quality": {
        "grid": [
            "500m",
            "1km",
        ],
        "mins": [
            2,
            5,
            10,
        ],
        "r2": [
            "0.85",
            "0.9",
        ],
        "params": [
            "PM2.5、PM10、NO2、O3、CO、SO2",
            "PM2.5、PM10、NO2、O3",
            "PM2.5、PM10、NO2、O3、TVOC",
        ],
    },
    "waste-bin-sensors": {
        "years": [
            5,
            7,
            10,
        ],
        "reach": [
            "0.3～3m",
            "0.25～4m",
        ],
        "cut": [
            20,
            25,
            30,
            35,
        ],
        "ratio": [
            5,
            6,
            8,
        ],
    },
    "digital-forms": {
        "fields": [
            40,
            60,
        ],
        "acc": [
            98,
            99,
            "99.5",
        ],
    },
    "citizen-service": {
        "answers": [
            3000,
            5000,
            8000,
        ],
    },
    "email": {
        "gb": [
            30,
            50,
            100,
        ],
        "spam": [
            "99.5",
            "99.7",
            "99.9",
        ],
        "yrs": [
            5,
            7,
            10,
        ],
    },
    "video-conferencing": {
        "people": [
            100,
            300,
            500,
            1000,
        ],
        "gb": [
            5,
            10,
            20,
        ],
        "mics": [
            6,
            8,
            12,
        ],
    },
    "pos": {
        "screen": [
            "15.6",
            14,
        ],
        "mah": [
            5000,
            5200,
        ],
    },
    "self-checkout": {
        "secs": [
            30,
            40,
            45,
        ],
        "items": [
            200,
            500,
            1000,
        ],
    },
    "e-learning": {
        "people": [
            500,
            1000,
            3000,
        ],
        "courses": [
            800,
            1500,
            3000,
        ],
    },
    "simulation-training": {
        "scen": [
            12,
            20,
            30,
        ],
        "seats": [
            10,
            20,
            30,
        ],
    },
    "object-storage": {
        "zones": [
            2,
            3,
        ],
        "tb": [
            648,
            864,
        ],
        "nodes": [
            288,
            512,
        ],
    },
    "backup": {
        "rto": [
            15,
            30,
            60,
        ],
        "days": [
            30,
            90,
            365,
        ],
        "tb": [
            96,
            192,
            384,
        ],
    },
    "endpoint-security": {
        "mins": [
            10,
            15,
            30,
        ],
    },
    "identity-access": {
        "apps": [
            1000,
            3000,
            5000,
        ],
    },
}


# --------------------------------------------------------------------------------------
# Per product template, keyed by the English noun template.

PRODUCTS: dict[str, dict] = {
    # video-surveillance
    "4 MP AI Bullet Camera": {
        "noun": "400万画素AIバレット型カメラ",
        "unit": "カメラ",
        "summary": (
            "H.265と赤外線照射距離{ir}mに対応し、"
            "カメラ本体で{ai}ができる屋外用400万画素バレット型カメラ。"
        ),
        "bullets": [
            "1/2.8型 400万画素プログレッシブスキャンCMOS、{lens}レンズ",
            "H.265/H.264トリプルストリーム、最大解像度で25fps",
            "照射距離{ir}mのスマートIRと120dBのTrue WDRで、逆光の街路も鮮明に撮影",
            (
                "CN:ONVIF Profile S/Tに対応、"
                "GB/T 28181で都市の映像プラットフォームに登録可能"
            ),
        ],
    },
    "8 MP 4K AI Dome Camera": {
        "noun": "800万画素4K AIドーム型カメラ",
        "unit": "カメラ",
        "summary": (
            "H.265、赤外線照射距離{ir}m、"
            "AI解析（{ai}）を備えた耐衝撃型の800万画素（4K）ドーム型カメラ。"
        ),
        "bullets": [
            "1/1.8型 800万画素CMOS、4K/25fps、{lens}レンズ",
            "H.265スマートコーデックにより、H.264比で録画容量を最大50%削減",
            (
                "ディープラーニングによるAI解析（{ai}）、"
                "アラーム発生時はスナップショットを保存"
            ),
            (
                "CN:ONVIF Profile S/G/Tに対応、"
                "公安向け映像プラットフォームとはGB/T 28181で接続"
            ),
        ],
    },
    "{ch}-channel AI Network Video Recorder": {
        "noun": "{ch}チャンネルAIネットワークビデオレコーダー",
        "unit": "レコーダー",
        "summary": (
            "ドライブベイ8基を備え、"
            "{days}日間の録画保存と人物・車両の属性検索に対応した{ch}チャンネルNVR。"
        ),
        "bullets": [
            "IPカメラ{ch}チャンネル（最大1200万画素）、受信帯域320Mbps",
            "SATAベイ×8（1台あたり最大16TB）、RAID 5/6、ホットスワップ対応",
            "400万画素・H.265・2Mbpsの映像{ch}チャンネル分を{days}日間保存",
            "CN:GB/T 28181で区・市の映像プラットフォームへカスケード接続",
        ],
    },
    "Cloud Video Surveillance Service": {
        "noun": "クラウド型映像監視サービス",
        "unit": "",
        "summary": (
            "カメラ映像をクラウドに直接保存し、{days}日間の"
            "録画とAIアラート（{ai}）をどの端末からでも確認できる映像監視サービス。"
        ),
        "bullets": [
            "既設のONVIFカメラをそのまま接続でき、機器の入れ替えは不要",
            "CN:GB/T 28181準拠の機器を収容し、市の映像プラットフォームへカスケード接続",
            (
                "クラウド上に{days}日間暗号化して保存、"
                "映像クリップは証拠用パッケージとして書き出し可能"
            ),
            "AIアラート（{ai}）を数秒で当直担当者へプッシュ通知",
        ],
    },
    "AI Video Analytics Edge Box": {
        "noun": "AI映像解析エッジボックス",
        "unit": "エッジボックス",
        "summary": (
            "カメラ{streams}台分の映像で{ai}を行う、"
            "{tops} TOPSのファンレス型エッジボックス。"
        ),
        "bullets": [
            "{tops} TOPSのNPUで1080p H.265映像{streams}本をリアルタイムにデコード",
            "アルゴリズムストア：{ai}、炎・煙検知、違法駐車検知、ヘルメット着用検知",
            (
                "ONVIF対応カメラならメーカーを問わず接続可能、"
                "イベントはMQTTとHTTPS Webhookで送信"
            ),
        ],
    },
    # emergency-alerts
    "Outdoor Emergency Broadcast Siren": {
        "noun": "屋外緊急放送サイレン",
        "unit": "サイレン",
        "summary": (
            "出力{db}dB(A)、4G/5G経由の肉声放送と音声合成放送に対応した屋外用サイレン。"
        ),
        "bullets": [
            "音圧{db}dB(A)（1m地点）、開けた地形では最大半径{km}kmまで到達",
            "警報音、録音メッセージ、肉声放送、{lang}の音声合成に対応",
            "4G/5GとEthernetの二重回線、停電時はバッテリーで{hrs}時間運転",
        ],
    },
    "Mass Notification Platform": {
        "noun": "一斉情報配信プラットフォーム",
        "unit": "",
        "summary": (
            "SMS、音声電話、アプリ、サイレンによる警報を、"
            "指定したエリアへ{mins}分以内に届ける一斉配信プラットフォーム。"
        ),
        "bullets": [
            "SMS、音声電話、アプリのプッシュ通知、{chat}、サイレンを1つの画面から操作",
            "地図上のポリゴンや行政区域の境界で配信エリアを指定",
            "台風、洪水・浸水、地震、化学物質事故の配信テンプレートを用意",
        ],
    },
    "Emergency Help Point": {
        "noun": "非常通報装置",
        "unit": "通報装置",
        "summary": (
            "ボタン1つで指令センターとSIPビデオ通話ができるステンレス製の非常通報装置。"
        ),
        "bullets": [
            "ワンボタンでSIPビデオ通話、1080pカメラとエコーキャンセラーを搭載",
            "騒がしい街頭や駐車場でも届く95dBスピーカーとストロボ警告灯",
            "光回線、Ethernet、4G/5Gに対応し、障害時は自動で回線を切り替え",
        ],
    },
    # unmanned-parking
    "ALPR Barrier Gate Lane Kit": {
        "noun": "車番認識ゲートキット",
        "unit": "ゲートキット",
        "summary": (
            "車番認識率{acc}%、出口でのスマホ決済に対応した、"
            "駐車券不要の駐車場ゲート機器一式。"
        ),
        "bullets": [
            "昼間の認識率{acc}%の車番認識カメラ、EV専用ナンバーや仮ナンバーにも対応",
            "ゲートバーの開放時間{secs}秒、衝突防止レーダーとループコイルで車両を検知",
            "{pay}で支払いができ、駐車券も出口での一時停止も不要",
        ],
    },
    "Geomagnetic Parking Bay Sensor": {
        "noun": "地磁気式車室センサー",
        "unit": "センサー",
        "summary": (
            "地磁気とレーダーで車両を検知し、NB-IoTで通信する路面埋込型の車室センサー。"
        ),
        "bullets": [
            "地磁気とマイクロ波レーダーの二重検知、在車検知精度{acc}%",
            "NB-IoT通信、1日40回の入出庫で電池寿命{years}年",
            "道路鋲方式で15分で設置、耐荷重20t、IP68",
        ],
    },
    "Smart Parking Cloud Platform": {
        "noun": "クラウド型駐車場管理プラットフォーム",
        "unit": "",
        "summary": (
            "ゲート式駐車場と路上の駐車枠をまとめて管理できる、"
            "スマホ決済対応のクラウド型管理システム。"
        ),
        "bullets": [
            "ゲート式駐車場と路上の駐車枠を1つの管理画面で運用",
            "ドライバーは{app}から{pay}で支払い",
            "月極定期、来訪者用の駐車許可、時間帯別料金に対応",
        ],
    },
    # traffic-signal-control
    "Adaptive Traffic Signal Controller": {
        "noun": "適応制御型交通信号制御機",
        "unit": "制御機",
        "summary": (
            "{grp}の信号グループを制御し、"
            "交差点の遅れ時間を最大{pct}%削減する適応制御型の信号制御機。"
        ),
        "bullets": [
            "信号グループ{grp}、感知器入力32点、ハードウェアによる矛盾表示監視",
            "スプリット、サイクル長、オフセットをサイクルごとに最適化",
            "CN:中央システムとの通信プロトコルGB/T 20999に対応",
            "NTCIP 1202オブジェクトに対応し、他社製の中央システムとも接続可能",
        ],
    },
    "Intersection Radar Traffic Detector": {
        "noun": "交差点用ミリ波レーダー車両感知器",
        "unit": "感知器",
        "summary": (
            "最大{reach}m先まで、車線ごとの滞留長、"
            "交通量、速度を計測する79GHz帯レーダー感知器。"
        ),
        "bullets": [
            "79GHz帯レーダーで最大128目標を{reach}m先まで追跡",
            "車線別の滞留長、交通量、占有率、速度を毎秒出力",
            "霧、雨、逆光、夜間でも計測精度が落ちない",
        ],
    },
    "Traffic Signal Optimisation Platform": {
        "noun": "交通信号最適化プラットフォーム",
        "unit": "",
        "summary": (
            "試験導入路線で遅れ時間を{pct}%削減した、"
            "系統制御（グリーンウェーブ）と信号現示の最適化プラットフォーム。"
        ),
        "bullets": [
            "幹線道路の系統制御（グリーンウェーブ）を設計し、制御パターンを自動生成",
            "信号制御機と感知器のデータから交差点のデジタルツインを構築",
            "信号現示を変更するたびに導入前後の効果検証レポートを作成",
        ],
    },
    # smart-street-lights
    "{w} W Smart LED Street Light": {
        "noun": "{w}WスマートLED街路灯",
        "unit": "灯具",
        "summary": (
            "調光スケジュールで{save}%の省エネを実現する、"
            "ネットワーク対応の{w}W LED街路灯。"
        ),
        "bullets": [
            (
                "{w}W LEDモジュール、発光効率{eff}lm/W、"
                "色温度{cct}K、Type II/III配光の道路用レンズ"
            ),
            "Zhaga Book 18ソケットにNB-IoT単灯制御器を内蔵",
            "0-10V・DALI調光のスケジュール制御で{save}%省エネ",
        ],
    },
    "Single-lamp Controller": {
        "noun": "単灯制御器",
        "unit": "制御器",
        "summary": (
            "既設の灯具に後付けで調光と電力計測の機能を追加できる、"
            "NEMA/Zhaga対応の単灯制御器。"
        ),
        "bullets": [
            "NEMA 7ピンまたはZhagaツイストロック方式、既設灯具に数分で取り付け",
            "点灯・消灯、0-10VまたはDALIによる調光、誤差±1%の電力計測",
            "LoRaWAN Class Cで通信、通信断時は天文時計で点消灯を継続",
        ],
    },
    "Street Lighting Central Management System": {
        "noun": "街路灯集中管理システム",
        "unit": "",
        "summary": (
            "1サイトあたり最大{lamps:,}灯の街路灯を地図上で管理し、"
            "スケジュール制御と電力計測を行うクラウド型システム。"
        ),
        "bullets": [
            "すべての灯具、分電盤、回路をGIS地図上に表示し、状態をリアルタイムで把握",
            "スケジュール制御、天文時計、交通量に応じた調光",
            "路線別・地区別の電力量とCO2排出量のレポート",
        ],
    },
    "Multi-function Smart Pole": {
        "noun": "多機能スマートポール",
        "unit": "ポール",
        "summary": (
            "{w}W LED灯具、カメラや5G基地局の取付部、"
            "エッジゲートウェイを一体化したスマートポール。"
        ),
        "bullets": [
            "溶融亜鉛めっき仕上げの高さ8～12mポール、{w}W LED灯具（発光効率{eff}lm/W）",
            "カメラ、5Gスモールセル、環境センサー、LEDディスプレイの取付部",
            "PoEポート×4とLoRaWANコンセントレーターを備えたエッジゲートウェイ",
        ],
    },
    # groundwater-level-gauges
    "Piezometric Groundwater Level Logger": {
        "noun": "圧力式地下水位ロガー",
        "unit": "ロガー",
        "summary": (
            "測定範囲0～{span}m、精度±{acc}%FS、電池寿命{years}年の観測井用水位ロガー。"
        ),
        "bullets": [
            "ピエゾ抵抗式センサー、測定範囲0～{span}m、精度±{acc}%FS",
            "大気圧補正は通気ケーブル方式または大気圧ロガー併用方式",
            "{mins}分間隔で記録し、本体に10万データを保存",
        ],
    },
    "Vibrating-wire Piezometer Node": {
        "noun": "振動弦式間隙水圧計ノード",
        "unit": "ノード",
        "summary": (
            "ダム、鉱さい集積場、掘削現場に"
            "設置した振動弦式間隙水圧計のデータを収集するLoRaWANノード。"
        ),
        "bullets": [
            "振動弦式間隙水圧計を最大4台接続、サーミスタで温度補正",
            "水頭0～{span}mの範囲で精度±{acc}%FS",
            "LoRaWAN Class A、{mins}分間隔の計測で電池寿命{years}年",
        ],
    },
    "Groundwater Monitoring Data Platform": {
        "noun": "地下水観測データプラットフォーム",
        "unit": "",
        "summary": (
            "観測井台帳、水位の経時変化グラフ、水位低下アラートを、"
            "メーカーを問わずあらゆるロガーで使えるプラットフォーム。"
        ),
        "bullets": [
            "さく井記録と写真を添付した観測井台帳をGIS地図上で管理",
            "大気圧補正済みの水位経時変化グラフ、欠測期間を明示",
            "水位低下のしきい値超過や異常な変化速度をアラート通知",
            (
                "CN:Modbus・MQTT対応ロガーに加え、"
                "SL 651規格の水文テレメータデータも取り込み可能"
            ),
        ],
    },
    # smart-manholes
    "Smart Manhole Cover Monitor": {
        "noun": "スマートマンホール蓋監視端末",
        "unit": "監視機器",
        "summary": (
            "蓋の開放と{tilt}°を超える傾きを検知してNB-IoTで通知する、"
            "電池寿命{years}年の監視端末。"
        ),
        "bullets": [
            "蓋の開放、ずれ、{tilt}°を超える傾きを検知",
            "NB-IoT（バンド3/5/8）、交換式バッテリーで{years}年動作",
            "10秒以内にアラーム通知、IP68、動作温度-40～85℃、土木工事不要",
        ],
    },
    "Manhole Water-level and Gas Monitor": {
        "noun": "マンホール水位・ガス監視装置",
        "unit": "監視機器",
        "summary": (
            "{gas}のガス検知機能を備え、"
            "下水道の溢水を事前に警告するレーダー式水位監視装置。"
        ),
        "bullets": [
            "レーダー式水位計、測定範囲0～{lvl}m、分解能±2mm",
            "定電位電解式・接触燃焼式センサーで{gas}を測定",
            "降雨予測と連動した溢水の早期警報",
        ],
    },
    "Underground Utility Monitoring Platform": {
        "noun": "地下管路網監視プラットフォーム",
        "unit": "",
        "summary": (
            "マンホールのアラーム、点検、"
            "作業指示を一元管理する、インフラ事業者向けのGISプラットフォーム。"
        ),
        "bullets": [
            "マンホール、管路、ポンプ場を1枚のGIS地図で管理",
            "アラームから作業指示までを点検員向けモバイルアプリで連携",
            "降雨と連動した排水区ごとの浸水予測",
        ],
    },
    "Multi-protocol IoT Edge Gateway": {
        "noun": "マルチプロトコルIoTエッジゲートウェイ",
        "unit": "ゲートウェイ",
        "summary": (
            "NB-IoT・4G/5Gのバックホールと"
            "センサー接続用のRS-485ポートを備えた屋外型LoRaWANゲートウェイ。"
        ),
        "bullets": [
            "8チャンネルLoRaWANコンセントレーター、通信距離は最大5km",
            "NB-IoT・4G/5Gのバックホール、障害時はEthernetに切り替え",
            "RS-485・Modbusポートで既設のメーターやセンサーを接続",
        ],
    },
    # water-quality
    "Multi-parameter Water Quality Station": {
        "noun": "多項目水質自動測定局",
        "unit": "測定局",
        "summary": "{params}を{mins}分ごとに測定する水質自動測定局。",
        "bullets": [
            "測定項目：{params}",
            "濁度0～{ntu}NTU（±2%）、残留塩素0～5mg/L",
            "自動洗浄ブラシを搭載し、{cal}日ごとに自動校正",
            "CN:HJ 212プロトコルで環境監視プラットフォームへデータを送信",
        ],
    },
    "Online Residual Chlorine Analyser": {
        "noun": "オンライン残留塩素計",
        "unit": "分析計",
        "summary": (
            "配水管網の残留塩素、pH、濁度を試薬なしで連続測定するオンライン分析計。"
        ),
        "bullets": [
            "無試薬の電流法で残留塩素を測定（0～5mg/L、精度±0.02mg/L）",
            "同じフローセルでpHと濁度（0～{ntu}NTU）も測定",
            "検水流量200mL/min未満、検水を配管へ戻す返送オプションあり",
        ],
    },
    "Water Quality Data Platform": {
        "noun": "水質監視データプラットフォーム",
        "unit": "",
        "summary": (
            "オンライン計測値と水質検査結果のダッシュボード、"
            "アラート、基準適合レポートを提供するプラットフォーム。"
        ),
        "bullets": [
            "すべての測定局と採水地点をリアルタイムのダッシュボードで表示",
            "しきい値超過、傾向変化、急変のアラートを{chat}とSMSで通知",
            "水質検査（LIMS）の結果をオンライン計測値と統合",
            "CN:生活飲用水の水質基準GB 5749-2022への適合状況をレポート",
        ],
    },
    # air-quality
    "Air Quality Micro-station": {
        "noun": "小型大気測定局",
        "unit": "測定局",
        "summary": "{params}を{mins}分ごとに測定する、ポール取付型の小型大気測定局。",
        "bullets": [
            "{params}に加え、気温、湿度、風向・風速を測定",
            "レーザー散乱式PMセンサーと補正機能付き電気化学式ガスセンサー",
            "常時監視測定局との併行測定で校正、決定係数R²≥{r2}",
        ],
    },
    "Compact Air Sensor Node": {
        "noun": "小型大気センサーノード",
        "unit": "ノード",
        "summary": (
            "{grid}メッシュの高密度監視網向けに、"
            "PM2.5、PM10、NO2を測定する重量1.2kgのセンサーノード。"
        ),
        "bullets": [
            "重量1.2kgの筐体でPM2.5、PM10、NO2を測定",
            "NB-IoTまたはLoRaWANで通信、{mins}分ごとに測定",
            "最寄りの常時監視測定局のデータでドリフトを自動補正",
        ],
    },
    "Air Quality Grid Management Platform": {
        "noun": "大気汚染メッシュ監視プラットフォーム",
        "unit": "",
        "summary": (
            "{grid}メッシュの汚染マップを毎時更新し、"
            "発生源の推定と72時間先までの予測を行うプラットフォーム。"
        ),
        "bullets": [
            "{grid}メッシュ解像度の汚染ヒートマップを毎時更新",
            "風況、交通量、届出排出事業所のデータから発生源を推定",
            "検知したイベントをモバイルアプリで担当区域の巡回員へ割り当て",
        ],
    },
    # waste-bin-sensors
    "Ultrasonic Fill-level Sensor": {
        "noun": "超音波式ごみ量センサー",
        "unit": "センサー",
        "summary": (
            "ごみ箱の満杯度を計測し、"
            "火災・転倒アラートも備えた電池寿命{years}年の超音波センサー。"
        ),
        "bullets": [
            "超音波式、測距範囲{reach}、精度±1cm、温度補正付き",
            "満杯度、傾き、火災（温度）、収集作業の実施を検知",
            "NB-IoTまたはLoRaWAN、1日24回の計測で電池寿命{years}年",
        ],
    },
    "Waste Collection Route Planner": {
        "noun": "ごみ収集ルート最適化システム",
        "unit": "",
        "summary": (
            "リアルタイムの満杯度から毎日の収集ルートを作成し、"
            "収集回数を約{cut}%削減するシステム。"
        ),
        "bullets": [
            "リアルタイムの満杯度と交通状況から毎朝ルートを作成",
            "標準的な導入例で、収集回数とそれに伴う燃料消費を{cut}%削減",
            "ターンバイターンのナビと収集完了の写真記録に対応したドライバー向けアプリ",
        ],
    },
    "Solar Compacting Smart Bin": {
        "noun": "ソーラー式圧縮スマートごみ箱",
        "unit": "ごみ箱",
        "summary": (
            "ごみを{ratio}:1に圧縮し、満杯度を自動で通知するソーラー式の街頭ごみ箱。"
        ),
        "bullets": [
            "標準的な120L街頭ごみ箱の最大{ratio}倍のごみを収容",
            "40Wソーラーパネルとバッテリーを搭載、商用電源の引き込み不要",
            "満杯度と扉の開放を4GまたはLoRaWANで通知",
        ],
    },
    # digital-forms
    "Low-code Government Forms Builder": {
        "noun": "ローコード電子申請フォーム作成ツール",
        "unit": "",
        "summary": (
            "ドラッグ＆ドロップで作った申請フォームと承認ワークフローを、"
            "Webと{app}に公開できる作成ツール。"
        ),
        "bullets": [
            "{fields}種類以上の入力項目、条件分岐、自動計算、入力チェック",
            "1つの設計からWebと{app}の両方に公開",
            "{eid}によるログイン、電子署名、電子印鑑",
        ],
    },
    "On-premise Digital Forms Platform": {
        "noun": "オンプレミス型電子申請フォームプラットフォーム",
        "unit": "",
        "summary": (
            "身分証明書のOCR読み取りによる自動入力に対応した、"
            "自社運用型のフォーム・ワークフローエンジン。"
        ),
        "bullets": [
            "x86/ARMサーバー、主要なLinuxディストリビューションとデータベースで動作",
            "身分証明書や営業許可証をOCRで読み取り、フォームに自動入力",
            "フォームのバージョン管理、監査証跡、データの一括エクスポート",
        ],
    },
    "Document OCR and Pre-fill Service": {
        "noun": "書類OCR・自動入力サービス",
        "unit": "",
        "summary": (
            "身分証明書や営業許可証を読み取り、"
            "オンライン申請フォームに自動で入力するサービス。"
        ),
        "bullets": [
            "身分証明書、パスポート、営業許可証、不動産権利証を読み取り",
            "印字された書類で項目単位の認識精度{acc}%以上",
            "JavaScript SDKでWebフォームや{app}に自動入力",
        ],
    },
    # citizen-service
    "Citizen Service App": {
        "noun": "住民サービスアプリ",
        "unit": "",
        "summary": (
            "{eid}でのログインと手続き状況の確認に対応し、"
            "{app}とWebで行政サービスを利用できる住民向けサービス。"
        ),
        "bullets": [
            "許認可、給付、公共料金など100種類以上のサービステンプレート",
            "{eid}でログイン、重要な手続きでは顔認証で本人確認",
            "来庁予約、整理券の発行、手続き状況のリアルタイム確認",
        ],
    },
    "Citizen Hotline Case Management System": {
        "noun": "住民ホットライン案件管理システム",
        "unit": "",
        "summary": (
            "AIによる振り分けとSLA管理を備えた、"
            "{hotline}向けのオムニチャネル案件管理システム。"
        ),
        "bullets": [
            "電話、Webチャット、{chat}、メールを1つの案件キューで管理",
            "AIが問い合わせ内容を分類し、担当部署を提案",
            "SLAタイマー、エスカレーション、満足度確認のコールバック",
        ],
    },
    "AI Government Service Assistant": {
        "noun": "AI行政案内アシスタント",
        "unit": "",
        "summary": (
            "地域の手続き案内をもとに、"
            "制度に関する質問に{lang}で回答するAIアシスタント。"
        ),
        "bullets": [
            "{lang}で回答し、根拠とした手続き案内を明示",
            "地域の手続き案内を学習し、制度改正に合わせて更新",
            "会話履歴を引き継いで有人対応に切り替え",
        ],
    },
    # email
    "Enterprise Email Service": {
        "noun": "法人向けメールサービス",
        "unit": "",
        "summary": (
            "容量{gb}GBのメールボックス、"
            "多層の迷惑メール対策、無償の移行支援を備えたビジネスメール。"
        ),
        "bullets": [
            (
                "1ユーザーあたり{gb}GBのメールボックス、"
                "最大2GBの添付ファイルは大容量ファイルリンクで送信"
            ),
            "多層構造の迷惑メール・フィッシング対策で、迷惑メールの{spam}%をブロック",
            "既存サーバーからのIMAP移行を専任エンジニアが無償で支援",
        ],
    },
    "Secure Email Gateway": {
        "noun": "メールセキュリティゲートウェイ",
        "unit": "",
        "summary": (
            "サンドボックス解析とDLPルールを備え、"
            "どのメールサーバーのメールもフィルタリングできるクラウド型ゲートウェイ。"
        ),
        "bullets": [
            "MXレコードを変更するだけで、どのメールサーバーの前段にも導入可能",
            (
                "添付ファイルのサンドボックス解析、"
                "クリック時にリンク先を検査するURL書き換え"
            ),
            "身分証番号、銀行カード番号、機密ラベルを対象とするDLPルール",
        ],
    },
    "Email Archiving Service": {
        "noun": "メールアーカイブサービス",
        "unit": "",
        "summary": (
            "{yrs}年間の保存とeDiscovery検索に対応した、"
            "改ざん検知機能付きのメールアーカイブ。"
        ),
        "bullets": [
            "すべてのメールをジャーナリングし、改ざんを検知できるアーカイブに保存",
            "最長{yrs}年の保存ポリシー、リーガルホールドに対応",
            "数百万通のメールを数秒でeDiscovery検索",
        ],
    },
    # video-conferencing
    "Cloud Video Meeting Service": {
        "noun": "クラウド型Web会議サービス",
        "unit": "",
        "summary": (
            "最大{people:,}人が1080pで参加でき、"
            "SIP/H.323ゲートウェイも備えたクラウド型Web会議。"
        ),
        "bullets": [
            "最大{people:,}人が参加可能、1080p映像、2画面同時の画面共有",
            "SIP/H.323ゲートウェイで既存の会議室システムと接続",
            "10言語のリアルタイム字幕と翻訳",
        ],
    },
    "Meeting Room Video Bar": {
        "noun": "会議室用ビデオバー",
        "unit": "ビデオバー",
        "summary": (
            "オートフレーミングと{mics}素子マイクアレイを"
            "搭載したオールインワン型4Kビデオバー。"
        ),
        "bullets": [
            "5倍デジタルズーム、オートフレーミング、話者追尾に対応した4Kカメラ",
            "{mics}素子のビームフォーミングマイクアレイで最大6m先の声を集音",
            "SIP/H.323による発信に加え、WebRTCでブラウザからも参加可能",
        ],
    },
    "Private Video Conferencing Platform": {
        "noun": "プライベート型ビデオ会議プラットフォーム",
        "unit": "",
        "summary": (
            "メディアサーバーを自社の"
            "データセンター内で運用できるビデオ会議プラットフォーム。"
        ),
        "bullets": [
            (
                "メディアサーバーはオンプレミスで稼働し、"
                "クラウドとの通信はライセンス認証のみ"
            ),
            "カスケード接続で最大{people:,}人の会議に対応",
            "SIP/H.323の会議室システムと相互接続",
        ],
    },
    # pos
    "Android Smart POS Terminal": {
        "noun": "AndroidスマートPOSレジ",
        "unit": "端末",
        "summary": (
            "プリンター、スキャナー、"
            "決済機能を内蔵した{screen}インチ・デュアルスクリーンのAndroid POSレジ。"
        ),
        "bullets": [
            "{screen}インチのタッチパネルと10.1インチの客面ディスプレイ",
            (
                "80mm幅サーマルプリンター、"
                "2次元コードスキャナー、キャッシュドロア接続ポートを内蔵"
            ),
            "在庫、会員、販促情報を店舗間で同期",
        ],
    },
    "Cloud POS Software": {
        "noun": "クラウドPOSシステム",
        "unit": "",
        "summary": (
            "売上、在庫、会員、販促をまとめて管理できる多店舗対応のPOSバックオフィス。"
        ),
        "bullets": [
            "売上、在庫、仕入、会員を1つのバックオフィスで管理",
            "Android・Windowsの端末、タブレット、ハンディ端末で動作",
            "認定アクワイアラ経由で{pay}による決済に対応",
        ],
    },
    "Handheld Payment Terminal": {
        "noun": "ハンディ決済端末",
        "unit": "端末",
        "summary": (
            "NFC、QRコード読み取り、"
            "プリンターを備え、テーブル会計に使えるAndroidハンディ端末。"
        ),
        "bullets": [
            "5.5インチ画面、58mm幅プリンター、NFC、QRコード読み取り",
            "EMV・PCI PTS認定のカード決済",
            (
                "{pay}を1つの契約でまとめて導入可能、"
                "{mah}mAhバッテリーで1シフトを通して稼働"
            ),
        ],
    },
    # self-checkout
    "Self-checkout Kiosk": {
        "noun": "セルフレジ端末",
        "unit": "端末",
        "summary": (
            "重量チェックとAIによる不正防止を備え、"
            "1かごあたり{secs}秒で会計できるセルフレジ。"
        ),
        "bullets": [
            "21.5インチのタッチパネル、バーコード・RFID読み取り",
            "重量検品付きの袋詰め台とAIカメラによる不正防止",
            "{pay}に対応",
        ],
    },
    "Scan-and-go Checkout App": {
        "noun": "スキャン＆ゴー型スマホレジ",
        "unit": "",
        "summary": (
            "買い物客が{app}で商品を読み取って支払い、"
            "出口でのQRコード確認とランダム検品で不正を防ぐスマホレジ。"
        ),
        "bullets": [
            "買い物客が{app}で商品をスキャンして支払い",
            "出口でのQRコード確認と、リスクに応じたランダム検品",
            "会員価格とクーポンを自動で適用",
        ],
    },
    "AI Vision Checkout Station": {
        "noun": "AI画像認識レジ",
        "unit": "レジ",
        "summary": (
            "トレー上の商品をまとめて一度に認識する、"
            "ベーカリーや食堂向けのカメラ式レジ。"
        ),
        "bullets": [
            "トレー上の全商品を1秒未満で認識",
            "最大{items:,}品目を登録でき、新商品は数分で学習",
            "{pay}に加え、社員証での支払いにも対応",
        ],
    },
    # e-learning
    "Corporate Learning Platform": {
        "noun": "法人向けeラーニングプラットフォーム",
        "unit": "",
        "summary": (
            "講座、試験、学習パスに加え、"
            "最大{people:,}人が参加できるライブ授業にも対応した学習プラットフォーム。"
        ),
        "bullets": [
            "講座、試験、修了証、職種別の学習パス",
            "SCORM 1.2/2004とxAPIのコンテンツを取り込み可能",
            "専用アプリや{app}でモバイル学習",
        ],
    },
    "Professional Skills Course Library": {
        "noun": "職業スキル講座ライブラリ",
        "unit": "",
        "summary": (
            "マネジメント、IT、財務、"
            "安全の各分野で{courses:,}本の動画講座を{lang}で提供する講座ライブラリ。"
        ),
        "bullets": [
            "マネジメント、IT、財務、安全の{courses:,}講座",
            "{lang}で提供、字幕と文字起こし付き",
            "単体でも、SCORM準拠の任意のLMS上でも利用可能",
        ],
    },
    "On-premise Learning Management System": {
        "noun": "オンプレミス型学習管理システム",
        "unit": "",
        "summary": "試験、資格認定、人事システム連携の機能を備えた自社運用型のLMS。",
        "bullets": [
            "お客様のサーバーまたはプライベートクラウドに導入",
            "受験中の定期撮影による不正防止と問題バンクを備えた試験機能",
            "人事システムと連携し、組織構成と職務を同期",
        ],
    },
    # simulation-training
    "VR Safety Training Kit": {
        "noun": "VR安全教育キット",
        "unit": "VRヘッドセットキット",
        "summary": (
            "{scen}種類の安全教育シナリオと指導者用コンソールを備えた、"
            "スタンドアロン型VRヘッドセットキット。"
        ),
        "bullets": [
            "6DoFコントローラー付きのスタンドアロン型4K VRヘッドセット",
            "高所作業、電気安全、火災時の避難など{scen}種類のシナリオ",
            "指導者用コンソールで最大{seats}台のヘッドセットを同時にモニタリング",
        ],
    },
    "Emergency Command Drill Simulator": {
        "noun": "災害対応指揮訓練シミュレーター",
        "unit": "",
        "summary": (
            "地域の3Dデジタルツイン上で"
            "図上訓練（指揮所演習）を行える訓練シミュレーター。"
        ),
        "bullets": [
            "地域の街区と重要施設を3Dデジタルツインで再現",
            "浸水、火災、化学物質の漏えい、雑踏事故などのシナリオを設定可能",
            "最大{seats}席のロールプレイ席、無線・電話の模擬通信付き",
        ],
    },
    "Industrial Operations Simulator": {
        "noun": "プラント運転訓練シミュレーター",
        "unit": "",
        "summary": (
            "変電所、浄水場、化学プラントの運転訓練をブラウザ上で行えるシミュレーター。"
        ),
        "bullets": [
            "変電所、浄水場、化学プラントを忠実に再現した高精度モデル",
            "実機どおりのインターロックロジックを備えた{scen}種類の故障シナリオ",
            "ブラウザで動作し、受講者側でのインストールは不要",
        ],
    },
    # object-storage
    "S3-compatible Object Storage Service": {
        "noun": "S3互換オブジェクトストレージサービス",
        "unit": "",
        "summary": (
            "アーカイブ階層、オブジェクトロック、"
            "{zones}ゾーン冗長化に対応したS3互換のストレージサービス。"
        ),
        "bullets": [
            "S3 API互換のため、既存のSDKやバックアップツールをそのまま利用可能",
            "{zones}か所のアベイラビリティゾーンにまたがるイレイジャーコーディング",
            "標準、低頻度アクセス、アーカイブの各階層とライフサイクルルール",
        ],
    },
    "Distributed Object Storage Appliance": {
        "noun": "分散オブジェクトストレージアプライアンス",
        "unit": "ノード",
        "summary": (
            "単一のS3名前空間で最大{nodes}ノードまで拡張できる、"
            "物理容量{tb}TBの4Uストレージノード。"
        ),
        "bullets": [
            "4Uノードあたり物理容量{tb}TB、NVMeメタデータキャッシュを搭載",
            "単一の名前空間で{nodes}ノードまでスケールアウト",
            "S3 API、マルチサイトレプリケーション、オブジェクトロックに対応",
        ],
    },
    "Software-defined Object Storage Platform": {
        "noun": "ソフトウェア定義型オブジェクトストレージ",
        "unit": "",
        "summary": (
            "汎用サーバーをS3互換のストレージクラスターに変える、"
            "ノード単位ライセンスのソフトウェア。"
        ),
        "bullets": [
            "汎用のx86/ARMサーバーで動作",
            "同じデータにS3、NFS、HDFSでアクセス可能",
            "{nodes}ノード、数十億オブジェクトまで拡張可能",
        ],
    },
    # backup
    "Cloud Server Backup Service": {
        "noun": "サーバー向けクラウドバックアップサービス",
        "unit": "",
        "summary": (
            "イミュータブルなバックアップと高速リストアに対応した、"
            "サーバー、仮想マシン、データベース向けのバックアップサービス。"
        ),
        "bullets": [
            "Windows、Linux、VMware、主要なデータベースをバックアップ",
            "永久増分バックアップとブロックレベルの重複排除",
            "ランサムウェアでも削除できないイミュータブルなコピー",
        ],
    },
    "Backup and Recovery Appliance": {
        "noun": "バックアップ・リカバリーアプライアンス",
        "unit": "アプライアンス",
        "summary": (
            "実効容量{tb}TB、重複排除と"
            "S3ストレージへの階層化に対応したバックアップアプライアンス。"
        ),
        "bullets": [
            "実効容量{tb}TB、重複排除後の論理容量は最大1.2PB",
            "物理サーバー、仮想マシン、データベース、NASの共有フォルダーを保護",
            "古い世代のバックアップを任意のS3互換オブジェクトストレージへ階層化",
        ],
    },
    "Email and Collaboration Backup Service": {
        "noun": "メール・グループウェアバックアップサービス",
        "unit": "",
        "summary": (
            "メールボックス、カレンダー、"
            "共有ファイルを毎日バックアップし、任意の時点に復元できるサービス。"
        ),
        "bullets": [
            "メールボックス、カレンダー、連絡先、共有ドライブをバックアップ",
            "単一のアイテムからアカウント全体まで、任意の時点に復元",
            "容量無制限、保存期間は{days}日間または無期限",
        ],
    },
    # endpoint-security
    "Endpoint Protection Platform": {
        "noun": "エンドポイント保護プラットフォーム",
        "unit": "",
        "summary": (
            "ランサムウェア被害のロールバックと"
            "ワンクリック隔離に対応した次世代アンチウイルス・EDR。"
        ),
        "bullets": [
            "振る舞い検知型のアンチウイルス、ランサムウェア被害のロールバック",
            "EDRのプロセスツリー表示、脅威ハンティング、ワンクリックでの端末隔離",
            "デバイス制御、パッチ管理、IT資産管理",
        ],
    },
    "Managed Detection and Response Service": {
        "noun": "マネージド検知・対応（MDR）サービス",
        "unit": "",
        "summary": (
            "24時間365日の監視により、"
            "脅威を{mins}分以内に封じ込めるマネージドサービス。"
        ),
        "bullets": [
            "アナリストがエンドポイントのアラートを24時間365日監視",
            "脅威を確認してから{mins}分以内に封じ込めを開始",
            "脅威ハンティングの月次レポートと経営層向けサマリー",
        ],
    },
    "On-premise Endpoint Security Suite": {
        "noun": "オンプレミス型エンドポイントセキュリティスイート",
        "unit": "",
        "summary": "閉域網でも管理コンソールを自社運用できるエンドポイント保護製品。",
        "bullets": [
            "管理コンソールはオンプレミスに導入し、クラウドには依存しない",
            (
                "インターネットから隔離されたネットワーク向けに、"
                "定義ファイルとルールをオフラインで更新"
            ),
            "承認ワークフロー付きのUSB・周辺機器制御",
        ],
    },
    # identity-access
    "Cloud Identity and Single Sign-on Service": {
        "noun": "クラウドID・シングルサインオンサービス",
        "unit": "",
        "summary": (
            "{apps:,}種類のアプリへのシングルサインオン、"
            "多要素認証、ユーザープロビジョニングの自動化を提供するサービス。"
        ),
        "bullets": [
            "SAML 2.0とOpenID Connectで{apps:,}種類のアプリにシングルサインオン",
            "プッシュ通知、TOTP、SMS、FIDO2セキュリティキーによる多要素認証",
            "AD/LDAPや人事システムとIDのライフサイクルを同期",
        ],
    },
    "Privileged Access Management Suite": {
        "noun": "特権ID管理スイート",
        "unit": "",
        "summary": (
            "パスワード保管庫と踏み台サーバーの機能を備え、"
            "管理者の操作セッションをすべて記録する特権ID管理製品。"
        ),
        "bullets": [
            "パスワードを自動でローテーションする保管庫",
            "SSH、RDP、データベースへの接続を中継し、セッションをすべて録画",
            "コマンドフィルタリング、リスクの高い操作は二者承認制",
        ],
    },
    "Digital Identity Verification Service": {
        "noun": "オンライン本人確認サービス",
        "unit": "",
        "summary": (
            "書類のOCR読み取り、生体検知、"
            "{eid}との照合によるオンライン本人確認（eKYC）サービス。"
        ),
        "bullets": [
            "身分証明書、パスポート、在留許可証をOCRで読み取り",
            "パッシブ方式の生体検知と顔照合",
            "法令で認められる範囲で、{eid}の情報を公的な情報源と照合",
        ],
    },
}


# --------------------------------------------------------------------------------------
# Service plan names sold with hardware.

SERVICES: dict[str, str] = {
    "Cloud device management": "クラウド機器管理",
    "Remote management": "リモート管理",
    "Algorithm licence": "アルゴリズムライセンス",
    "Alerting platform": "警報配信プラットフォーム",
    "Command-centre service": "指令センター接続サービス",
    "Car park cloud": "駐車場管理クラウド",
    "Occupancy platform": "満空管理プラットフォーム",
    "Signal cloud": "信号制御クラウド",
    "Detector data service": "感知器データサービス",
    "Lighting CMS": "照明集中管理システム",
    "Pole management": "スマートポール管理",
    "Telemetry platform": "遠隔監視プラットフォーム",
    "Monitoring platform": "監視プラットフォーム",
    "Gateway management": "ゲートウェイ管理",
    "Water quality platform": "水質監視プラットフォーム",
    "Air quality platform": "大気環境プラットフォーム",
    "Fill-level platform": "満杯度監視プラットフォーム",
    "Room service": "会議室デバイス管理サービス",
    "POS software": "POSソフトウェア",
    "Terminal management": "端末管理",
    "Kiosk software": "セルフレジソフトウェア",
    "Recognition service": "画像認識サービス",
    "Content licence": "コンテンツライセンス",
}


# --------------------------------------------------------------------------------------
# Plan names built by the plan builders.

PLANS: dict[str, str] = {
    "Standard": "スタンダード",
    "Professional": "プロフェッショナル",
    "Enterprise": "エンタープライズ",
    "{unit} hardware": "{unit}本体",
    "Annual support and updates": "年間保守・アップデート",
    "{name}, annual": "{name}（年額）",
    "Site licence, up to {cap:,} devices": "サイトライセンス（最大{cap:,}台）",
    "Perpetual licence": "永続ライセンス",
    "Annual support and upgrades": "年間保守・アップグレード",
    "Subscription licence with support": "サポート付きサブスクリプションライセンス",
    "{size} TB": "{size}TB",
    "500 TB": "500TB",
}


# --------------------------------------------------------------------------------------
# Listing prose, aligned with _INTROS, _AVAILABILITY and _CLOSINGS.

INTROS: tuple[str, ...] = (
    "{vendor}は、{audience}向けに{short}を開発・提供しています。",
    (
        "{audience}向けに設計された{short}は、"
        "{vendor}が開発からサポートまで一貫して手がけています。"
    ),
    "{vendor}は、{audience}の日々の業務に合わせて{short}を設計しました。",
)

AVAILABILITY: tuple[str, ...] = (
    "{regions}で販売とサポートを行っています。",
    "{regions}での納入とサポートに対応しています。",
    "{regions}では、{vendor}と認定パートナーが導入を担当します。",
)

CLOSINGS: dict[str, tuple[str, ...]] = {
    "hardware_plus_saas": (
        (
            "機器は工場出荷時に初期設定を済ませているため、"
            "電源を入れるとすぐに{brand}の管理コンソールに表示されます。"
        ),
        (
            "ハードウェアには{warranty}年間の保証が付きます。"
            "プラットフォームのサブスクリプションには、"
            "ファームウェアの更新、アラート通知、RESTとMQTTのオープンAPIが含まれます。"
        ),
        (
            "現地調査と設置工事は各地域の認定パートナーが担当します。プラットフォームは"
            "オープンAPIを公開しており、運用センターのシステムと連携できます。"
        ),
    ),
    "saas": (
        (
            "本サービスはマルチテナント型で、データは{residency}で保管されます。"
            "年額プランには導入支援と管理者向けトレーニングが含まれます。"
        ),
        (
            "新規テナントは1日以内に利用を開始できます。"
            "データは{residency}で保管し、毎日暗号化バックアップを取得しています。"
        ),
        (
            "アップグレード、バックアップ、標準サポートはすべてのプランに含まれます。"
            "お客様のデータは{residency}の外に出ることはありません。"
        ),
    ),
    "on_premise": (
        (
            "納入には設置、結合テスト、現地での操作研修が含まれます。"
            "年間保守では、パッチ、アップグレード、交換部品を提供します。"
        ),
        (
            "すべてのシステムがお客様のデータセンター内で稼働し、"
            "パブリッククラウドには依存しません。"
        ),
    ),
    "hybrid": (
        (
            "WAN回線が切断されてもエッジ側の機能は動作を続け、"
            "管理、アップデート、レポートはクラウドで行います。"
        ),
        (
            "録画データと個人情報は現地に保持され、"
            "クラウドに送信されるのはライセンス情報と稼働状態のみです。"
        ),
    ),
}

SUPPORT: dict[str, str] = {
    "24x7": (
        "技術サポートは24時間365日、電話、チケット、リモートセッションで対応します。"
    ),
    "extended": "サポートは毎日、現地時間の8:00～22:00に対応します。",
    "business_hours": (
        "サポートは営業時間内に対応し、リモートでの支援は翌営業日までに行います。"
    ),
}

HEADINGS: dict[str, str] = {
    "Key specifications": "主な仕様",
    "Highlights": "特長",
}


# --------------------------------------------------------------------------------------
# Region and reference city names.

REGIONS: dict[str, str] = {
    "CN": "中国本土",
    "HK": "香港",
    "MO": "マカオ",
    "SG": "シンガポール",
    "MY": "マレーシア",
    "TH": "タイ",
    "ID": "インドネシア",
    "VN": "ベトナム",
    "PH": "フィリピン",
    "JP": "日本",
    "KR": "韓国",
    "AU": "オーストラリア",
    "DE": "ドイツ",
    "NL": "オランダ",
    "FR": "フランス",
    "GB": "英国",
    "AE": "アラブ首長国連邦",
    "SA": "サウジアラビア",
    "QA": "カタール",
}

CITIES: dict[str, str] = {
    "Shenzhen": "深圳",
    "Hangzhou": "杭州",
    "Suzhou": "蘇州",
    "Chengdu": "成都",
    "Wuhan": "武漢",
    "Xi'an": "西安",
    "Nanjing": "南京",
    "Hefei": "合肥",
    "Xiamen": "厦門",
    "Qingdao": "青島",
    "Changsha": "長沙",
    "Foshan": "仏山",
    "Ningbo": "寧波",
    "Zhengzhou": "鄭州",
    "Dongguan": "東莞",
    "Jinan": "済南",
    "Hong Kong": "香港",
    "Macao": "マカオ",
    "Singapore": "シンガポール",
    "Kuala Lumpur": "クアラルンプール",
    "Penang": "ペナン",
    "Johor Bahru": "ジョホールバル",
    "Kuching": "クチン",
    "Bangkok": "バンコク",
    "Chiang Mai": "チェンマイ",
    "Khon Kaen": "コンケン",
    "Jakarta": "ジャカルタ",
    "Surabaya": "スラバヤ",
    "Bandung": "バンドン",
    "Ho Chi Minh City": "ホーチミン市",
    "Hanoi": "ハノイ",
    "Da Nang": "ダナン",
    "Manila": "マニラ",
    "Cebu City": "セブ市",
    "Davao": "ダバオ",
    "Yokohama": "横浜",
    "Osaka": "大阪",
    "Fukuoka": "福岡",
    "Sapporo": "札幌",
    "Sendai": "仙台",
    "Busan": "釜山",
    "Incheon": "仁川",
    "Daejeon": "大田",
    "Sejong": "世宗",
    "Melbourne": "メルボルン",
    "Brisbane": "ブリスベン",
    "Hamburg": "ハンブルク",
    "Munich": "ミュンヘン",
    "Cologne": "ケルン",
    "Leipzig": "ライプツィヒ",
    "Rotterdam": "ロッテルダム",
    "Utrecht": "ユトレヒト",
    "Eindhoven": "アイントホーフェン",
    "Amsterdam": "アムステルダム",
    "Lyon": "リヨン",
    "Bordeaux": "ボルドー",
    "Nantes": "ナント",
    "Manchester": "マンチェスター",
    "Bristol": "ブリストル",
    "Leeds": "リーズ",
    "Glasgow": "グラスゴー",
    "Dubai": "ドバイ",
    "Abu Dhabi": "アブダビ",
    "Sharjah": "シャルジャ",
    "Riyadh": "リヤド",
    "Jeddah": "ジッダ",
    "Doha": "ドーハ",
}


# --------------------------------------------------------------------------------------
# Reference organisations, aligned with _ORGS.

ORGS: list[str] = [
    "地方銀行",
    "広域の病院グループ",
    "大学",
    "物流会社",
    "電力会社",
    "スーパーマーケットチェーン",
    "自動車部品メーカー",
    "港湾運営会社",
    "保険グループ",
    "市役所",
]


# --------------------------------------------------------------------------------------
# Locale wording by the vendor's home country; "" is the default.

PAY: dict[str, str] = {
    "CN": "WeChat Pay、Alipay、銀聯カード",
    "HK": "オクトパス、FPS、QRコード決済、各種カード",
    "SG": "PayNow、NETS、各種カード",
    "MY": "DuitNow QR、電子ウォレット、各種カード",
    "JP": "QRコード決済、交通系ICカード、クレジットカード",
    "KR": "モバイルウォレット、各種カード",
    "": "タッチ決済対応カード、モバイルウォレット",
}

EID: dict[str, str] = {
    "CN": "電子身分証",
    "HK": "iAM Smart",
    "SG": "Singpass",
    "MY": "MyDigital ID",
    "JP": "マイナンバーカード",
    "NL": "DigiD",
    "AE": "UAE Pass",
    "": "公的デジタルID",
}

LANGUAGES: dict[str, str] = {
    "CN": "中国語（普通話）と英語",
    "HK": "広東語、普通話、英語",
    "SG": "英語、中国語、マレー語",
    "MY": "マレー語、英語、中国語",
    "JP": "日本語と英語",
    "KR": "韓国語と英語",
    "DE": "ドイツ語と英語",
    "NL": "オランダ語と英語",
    "AE": "アラビア語と英語",
    "": "英語をはじめとする主要言語",
}

HOTLINES: dict[str, str] = {
    "CN": "12345市民ホットライン",
    "HK": "政府ホットライン1823",
    "": "自治体のコールセンター",
}

APP: dict[str, str] = {
    "CN": "WeChatミニプログラム",
    "": "スマートフォンアプリ",
}

CHAT: dict[str, str] = {
    "CN": "WeChatメッセージ",
    "": "メッセージアプリ",
}

LIST_SEPARATOR = "、"
LIST_LAST = "、"


# --------------------------------------------------------------------------------------
# Self-check: cd /work/main && .venv/bin/python -m marketplace.demo.catalog_text_ja


def _check(condition: object, message: str) -> None:
    if not condition:
        raise AssertionError(message)


def _fields(text: str) -> set[tuple[str, str]]:
    """The placeholders of a format string as (name, format spec) pairs."""
    parsed = list(string.Formatter().parse(text))
    literal = "".join(part for part, *_ in parsed)
    _check("{" not in literal and "}" not in literal, f"literal brace: {text!r}")
    return {(name, spec or "") for _, name, spec, _ in parsed if name is not None}


def _same_fields(english: str, local: str) -> None:
    _check(bool(local.strip()), f"empty text for {english!r}")
    _check(_fields(english) == _fields(local), f"placeholders: {local!r}")


def _pattern(template: str) -> re.Pattern[str]:
    parts = [re.escape(part) for part, *_ in string.Formatter().parse(template)]
    return re.compile("(.+)".join(parts))


def _check_products(data: ModuleType) -> None:
    templates = data._TEMPLATES
    nouns = {v["noun"]: v for t in templates.values() for v in t["variants"]}
    _check(set(PRODUCTS) == set(nouns), "PRODUCTS: one entry per template noun")
    for noun, variant in nouns.items():
        local = PRODUCTS[noun]
        _check(set(local) == {"noun", "unit", "summary", "bullets"}, noun)
        _same_fields(noun, local["noun"])
        _check(bool(local["unit"]) == bool(variant["unit"]), f"{noun}: unit")
        _check(not _fields(local["unit"]), f"{noun}: unit placeholders")
        summary = local["summary"]
        _same_fields(variant["summary"], summary)
        _check(summary.endswith("。") and summary.count("。") == 1, f"{noun}: summary")
        bullets = local["bullets"]
        _check(len(bullets) == len(variant["bullets"]), f"{noun}: bullet count")
        for english, bullet in zip(variant["bullets"], bullets, strict=True):
            cn = english.startswith("CN:")
            _check(bullet.startswith("CN:") == cn, f"{noun}: CN prefix {bullet!r}")
            _same_fields(english, bullet)
            _check(not bullet.endswith("。"), f"{noun}: bullet ends with 。")
    for slug, template in templates.items():
        units: dict[str, str] = {}
        for variant in template["variants"]:
            if variant["unit"]:
                unit = PRODUCTS[variant["noun"]]["unit"]
                mine = units.setdefault(variant["unit"], unit)
                _check(mine == unit, f"{slug}: one translation per unit")


def _check_specs(data: ModuleType) -> None:
    templates = data._TEMPLATES
    _check(set(SPECS) == set(templates), "SPECS: every child category")
    for slug, template in templates.items():
        english, local = template["specs"], SPECS[slug]
        _check(list(local) == list(english), f"{slug}: spec keys")
        for key, values in english.items():
            _check(len(local[key]) == len(values), f"{slug}.{key}: length")
            for value, mine in zip(values, local[key], strict=True):
                if isinstance(value, int):
                    _check(type(mine) is int and mine == value, f"{slug}.{key}")
                else:
                    _check(isinstance(mine, str), f"{slug}.{key}: {mine!r}")
                    _same_fields(value, mine)


def _check_plans(data: ModuleType) -> None:
    catalog = data.build_catalog()
    services = {
        v["service"][0]
        for t in data._TEMPLATES.values()
        for v in t["variants"]
        if v.get("service")
    }
    _check(set(SERVICES) == services, "SERVICES: every service plan name")
    for english, local in (*SERVICES.items(), *PLANS.items()):
        _same_fields(english, local)
    names = {plan["name"] for item in catalog for plan in item["plans"]}
    patterns = [_pattern(key) for key in PLANS]
    for name in names:
        known = name in services or any(p.fullmatch(name) for p in patterns)
        _check(known, f"PLANS: no entry for plan name {name!r}")


def _check_locale(data: ModuleType) -> None:
    _check(set(REGIONS) == set(data._REGION_NAMES), "REGIONS: every code")
    cities = {city for names in data._CITIES.values() for city in names}
    _check(set(CITIES) == cities, "CITIES: every reference city")
    _check(len(ORGS) == len(data._ORGS), "ORGS: aligned with _ORGS")
    for table, english in (
        (PAY, data._PAY),
        (EID, data._EID),
        (LANGUAGES, data._LANGUAGES),
        (HOTLINES, data._HOTLINES),
    ):
        _check(set(table) == {*english, ""}, f"locale keys: {sorted(table)}")
    _check(set(APP) == set(CHAT) == {"CN", ""}, "APP and CHAT keys")
    texts = [
        *REGIONS.values(),
        *CITIES.values(),
        *ORGS,
        *PAY.values(),
        *EID.values(),
        *LANGUAGES.values(),
        *HOTLINES.values(),
        *APP.values(),
        *CHAT.values(),
        LIST_SEPARATOR,
        LIST_LAST,
    ]
    for text in texts:
        _check(bool(text.strip()) and not _fields(text), f"locale text {text!r}")


def _self_check() -> None:
    from marketplace.demo import catalog_data as data

    slugs = {c["slug"] for c in data.CATEGORIES}
    children = {child["slug"] for c in data.CATEGORIES for child in c["children"]}
    _check(set(CATEGORIES) == slugs | children, "CATEGORIES: all 33 slugs")
    for name, description in CATEGORIES.values():
        _check(bool(name.strip()) and bool(description.strip()), name)
        _check(not _fields(name) and not _fields(description), name)
    _check(set(AUDIENCES) == set(SCALES) == children, "AUDIENCES and SCALES keys")
    for slug, template in data._TEMPLATES.items():
        _same_fields(template["audience"], AUDIENCES[slug])
        _same_fields(template["scale"], SCALES[slug])
    _check_specs(data)
    _check_products(data)
    _check_plans(data)
    _check(len(INTROS) == len(data._INTROS), "INTROS aligned")
    _check(len(AVAILABILITY) == len(data._AVAILABILITY), "AVAILABILITY aligned")
    for english, local in (
        *zip(data._INTROS, INTROS, strict=True),
        *zip(data._AVAILABILITY, AVAILABILITY, strict=True),
    ):
        _same_fields(english, local)
    _check(set(CLOSINGS) == set(data._CLOSINGS), "CLOSINGS: every deployment")
    for deployment, closings in data._CLOSINGS.items():
        _check(len(CLOSINGS[deployment]) == len(closings), f"{deployment}: aligned")
        for english, local in zip(closings, CLOSINGS[deployment], strict=True):
            _same_fields(english, local)
    _check(set(SUPPORT) == set(data._SUPPORT), "SUPPORT keys")
    for key, english in data._SUPPORT.items():
        _same_fields(english, SUPPORT[key])
    _check(set(HEADINGS) == {"Key specifications", "Highlights"}, "HEADINGS keys")
    for heading in HEADINGS.values():
        _check(bool(heading.strip()) and not _fields(heading), "HEADINGS text")
    _check_locale(data)
    _check(LANGUAGE == "ja", "LANGUAGE")
    count = sum(len(t["variants"]) for t in data._TEMPLATES.values())
    print(f"categories: {len(CATEGORIES)}, product templates: {count}")
    print(f"services: {len(SERVICES)}, plan names: {len(PLANS)}")
    print(f"regions: {len(REGIONS)}, cities: {len(CITIES)}; self-check passed")


if __name__ == "__main__":
    _self_check()
