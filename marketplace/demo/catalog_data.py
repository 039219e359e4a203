"""Demo catalogue for Agora: categories, vendors and listings.

Pure data plus a deterministic generator (standard library only: no Django, no
database). ``build_catalog()`` returns the same listings on every call; prices are
integers in fen (1 CNY = 100 fen). The three text tables below keep the module short:

* ``_CATEGORY_TABLE``: top-level rows carry the sector, children are indented, and
  each row is followed by its description.
* ``_VENDOR_TABLE``: ``name | country | regions | brand, model prefix, Chinese brand
  | listings per category``, then ``legal name | domain`` and a description.
* ``_PRODUCTS``: per child category, ``==`` reference scale and size range, the
  audience and ``$`` spec choices; per product template, ``--`` noun, Chinese noun,
  model series and hardware unit, then pricing (``<archetype> <deployment>
  <CNY range>[/unit] [| service <CNY a month>/unit]``), ``tags``, ``proto``,
  ``cert``, ``req``, ``prov``, the ``>`` summary and ``*`` bullets. Placeholders come
  from the specs and the vendor's locale; ``CN:`` bullets only appear on listings
  sold in mainland China.
"""

from __future__ import annotations

import html
import random
import re
from typing import Any

CURRENCY = "CNY"


def _split(text: str, sep: str = ",") -> list[str]:
    return [part.strip() for part in text.split(sep) if part.strip()]


PROTOCOLS = _split(
    "NB-IoT, LoRaWAN, 4G/5G, Wi-Fi, Ethernet, MQTT, ONVIF, Zigbee, RS-485, Modbus, "
    "HTTPS/REST, SIP, WebRTC, SAML 2.0, OpenID Connect, S3 API"
)
CERTIFICATIONS = _split(
    "ISO 27001, ISO 9001, MLPS Level 3, CCC, CE, IP68, IP67, IP66, FCC, "
    "SOC 2 Type II, GB/T 28181, PCI DSS, ISO 14001"
)
CAPABILITIES = {
    "nb-iot-gateway": "NB-IoT gateway",
    "lorawan-gateway": "LoRaWAN gateway",
    "iot-platform": "IoT device platform",
    "video-storage": "Video storage (NVR/cloud)",
    "video-analytics": "AI video analytics",
    "gis-platform": "GIS map platform",
    "sso": "Single sign-on",
    "directory": "Directory service (LDAP/AD)",
    "e-id": "Electronic identity verification",
    "payment-gateway": "Payment gateway",
    "edge-compute": "Edge computing node",
    "sms-gateway": "SMS and voice notification gateway",
    "mobile-app": "Citizen or customer mobile app",
    "object-storage": "S3-compatible object storage",
}
DEPLOYMENTS = ("saas", "on_premise", "hybrid", "hardware_plus_saas")
SUPPORT_HOURS = ("24x7", "business_hours", "extended")

_SEED = 20240611


def _pairs(text: str) -> dict[str, str]:
    """'a: one; b: two' -> {'a': 'one', 'b': 'two'}."""
    items = (item.partition(":") for item in _split(text, ";"))
    return {key.strip(): value.strip() for key, _, value in items}


def _slugify(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


# --------------------------------------------------------------------------------------
# Categories.

_CATEGORY_TABLE = """
public-safety | Public safety | smart_city
  Tools that help cities prevent, detect and respond to incidents in public spaces.
  video-surveillance | Video surveillance
    Network cameras, video recorders and AI analytics for streets, campuses and hubs.
  emergency-alerts | Emergency alerts
    Sirens, help points and multi-channel platforms that warn residents and get help.
mobility | Mobility | smart_city
  Systems that keep traffic moving and make parking easier to find and pay for.
  unmanned-parking | Unmanned parking
    Ticketless gates, bay sensors and cloud back offices for unattended car parks.
  traffic-signal-control | Traffic signal control
    Adaptive signal controllers, detectors and timing platforms for intersections.
lighting | Lighting | smart_city
  Connected public lighting that saves energy and reports its own faults.
  smart-street-lights | Smart street lights
    LED luminaires, lamp controllers, smart poles and central lighting management.
utilities | Utilities | smart_city
  Sensing and monitoring for water supply, drainage and underground networks.
  groundwater-level-gauges | Groundwater level gauges
    Loggers and piezometers that track groundwater in wells, dams and foundation pits.
  smart-manholes | Smart manholes
    Sensors and platforms that watch manhole covers, sewer levels and toxic gases.
  water-quality | Water quality
    Online analysers and data platforms for drinking water, rivers and reservoirs.
environment | Environment | smart_city
  Monitoring and services that keep the air clean and the streets tidy.
  air-quality | Air quality
    Micro-stations, sensor nodes and grid platforms that map urban air pollution.
  waste-bin-sensors | Waste bin sensors
    Fill-level sensors, smart bins and route planning for waste collection.
e-government | E-government | smart_city
  Digital services that let residents and businesses deal with government online.
  digital-forms | Digital forms
    Low-code form builders and document recognition for online applications.
  citizen-service | Citizen service
    Citizen apps, hotline case management and assistants for public services.
collaboration | Collaboration | enterprise
  Email and meeting tools for teams inside and across organisations.
  email | Email
    Hosted business email, mail security gateways and email archiving.
  video-conferencing | Video conferencing
    Cloud meetings, meeting-room systems and private conferencing platforms.
retail | Retail | enterprise
  Checkout and payment technology for shops, supermarkets and restaurants.
  pos | Point of sale
    Point-of-sale terminals, store software and handheld payment devices.
  self-checkout | Self-checkout
    Kiosks, mobile scan-and-go and vision checkout that shorten queues.
training | Training | enterprise
  Digital learning and hands-on simulation for staff development.
  e-learning | E-learning
    Learning platforms and course libraries for organisations of any size.
  simulation-training | Simulation training
    VR kits and simulators for safety, emergency and operator training.
cloud-storage | Cloud storage | enterprise
  Storage and data protection for growing volumes of business data.
  object-storage | Object storage
    S3-compatible object storage as a cloud service, an appliance or software.
  backup | Backup
    Backup and recovery for servers, virtual machines and cloud applications.
security | Security | enterprise
  Protection for devices, identities and access across the organisation.
  endpoint-security | Endpoint security
    Antivirus, EDR and managed detection for laptops, desktops and servers.
  identity-access | Identity and access
    Single sign-on, MFA, privileged access and online identity verification.
"""


def _parse_categories(table: str) -> list[dict]:
    categories: list[dict] = []
    lines = [line for line in table.splitlines() if line.strip()]
    for head, text in zip(lines[::2], lines[1::2], strict=True):
        slug, name, *sector = _split(head, "|")
        if head.startswith(" "):
            child = {"slug": slug, "name": name, "description": text.strip()}
            categories[-1]["children"].append(child)
        else:
            categories.append(
                {
                    "slug": slug,
                    "name": name,
                    "sector": sector[0],
                    "description": text.strip(),
                    "children": [],
                }
            )
    return categories


CATEGORIES = _parse_categories(_CATEGORY_TABLE)


# --------------------------------------------------------------------------------------
# Vendors.

_FOCUS = _pairs(
    "vs: video-surveillance; ea: emergency-alerts; pk: unmanned-parking; "
    "ts: traffic-signal-control; sl: smart-street-lights; mh: smart-manholes; "
    "gw: groundwater-level-gauges; wq: water-quality; aq: air-quality; "
    "wb: waste-bin-sensors; df: digital-forms; cs: citizen-service; em: email; "
    "vc: video-conferencing; pos: pos; sc: self-checkout; el: e-learning; "
    "st: simulation-training; os: object-storage; bk: backup; "
    "ep: endpoint-security; ia: identity-access"
)

_VENDOR_TABLE = """
Lumen Urban Systems | CN | CN HK SG MY | Lumen LU 路明 | sl:3 mh:2 aq:2
  Lumen Urban Systems Co., Ltd. | lumen-urban
  Shenzhen maker of connected street lighting, smart manhole covers and air-quality
  micro-stations for district governments in South China and South-East Asia.
Lanxin IoT | CN | CN HK | Lanxin LX 蓝信 | mh:3 wb:2 gw:2 aq:1
  Hangzhou Lanxin IoT Technology Co., Ltd. | lanxin-iot
  NB-IoT sensor maker for drainage and sanitation operators in the Yangtze Delta.
Tianshu Vision | CN | CN HK MY SG AE | Tianshu TS 天枢 | vs:3 ea:1 pk:1
  Shenzhen Tianshu Vision Technology Co., Ltd. | tianshu-vision
  Camera maker with its own AI chip team and over 2,000 public-safety projects.
Ruitu Intelligence | CN | CN HK SG | Ruitu RT 瑞图 | vs:2 ts:2 ea:1
  Beijing Ruitu Intelligent Technology Co., Ltd. | ruitu-ai
  Computer-vision company serving public security and transport bureaus.
Xinglian Sensing | CN | CN | Xinglian XL 星联 | gw:2 wq:2 mh:2 aq:1
  Suzhou Xinglian Sensing Technology Co., Ltd. | xinglian-sensing
  Designs low-power sensors and telemetry terminals for water and utility networks.
Yunjing Digital | CN | CN HK MO | Yunjing YJ 云景 | df:3 cs:3 ea:1
  Chengdu Yunjing Digital Technology Co., Ltd. | yunjing-digital
  E-government software house behind service portals for over 40 local governments.
Chebo Smart Parking | CN | CN HK MY | Chebo CB 车泊 | pk:3 ts:1
  Guangzhou Chebo Smart Parking Technology Co., Ltd. | chebo-parking
  Equips and runs unattended car parks, from ALPR lanes to payment back offices.
Guangyao Lighting | CN | CN HK SG MY TH AE | Guangyao GY 光曜 | sl:4
  Zhongshan Guangyao Lighting Technology Co., Ltd. | guangyao-lighting
  LED road-lighting manufacturer from Guzhen, Zhongshan, exporting to 30 countries.
Qingyuan Environmental | CN | CN | Qingyuan QY 清源 | aq:3 wq:3 wb:2
  Nanjing Qingyuan Environmental Technology Co., Ltd. | qingyuan-env
  Supplies air and water monitoring networks to ecology and environment bureaus.
Shuiheng Instruments | CN | CN SG MY | Shuiheng SH 水衡 | gw:3 wq:3
  Wuhan Shuiheng Instruments Co., Ltd. | shuiheng-instruments
  Hydrological instrument maker whose loggers run in more than 9,000 wells.
Zhixing Traffic | CN | CN | Zhixing ZX 智行 | ts:3 pk:2
  Xi'an Zhixing Traffic Technology Co., Ltd. | zhixing-traffic
  Builds signal controllers, detectors and timing software for north-west China.
Anxun Technology | CN | CN HK MY | Anxun AX 安讯 | vs:2 ea:3
  Xiamen Anxun Technology Co., Ltd. | anxun-tech
  Security manufacturer focused on campuses, ports and emergency communications.
Pengcheng Smart Pole | CN | CN HK | Pengcheng PC 鹏城 | sl:3 vs:1
  Shenzhen Pengcheng Smart Pole Co., Ltd. | pengcheng-pole
  Builds poles that combine lighting, cameras, 5G small cells and displays.
Xiyun Government Cloud | CN | CN | Xiyun XY 熙云 | df:3 cs:2
  Hefei Xiyun Government Cloud Technology Co., Ltd. | xiyun-gov
  Provides low-code forms and online service halls to government departments.
Zhengyuan Software | CN | CN | Zhengyuan ZY 政远 | df:2 cs:2 ia:1
  Jinan Zhengyuan Software Co., Ltd. | zhengyuan-soft
  Public-sector software company with 20 years in administrative approval systems.
Mingjing Video | CN | CN HK | Mingjing MJ 明镜 | vs:2 vc:2
  Hangzhou Mingjing Video Technology Co., Ltd. | mingjing-video
  Makes both surveillance cameras and meeting-room video systems.
Lingshi Networks | CN | CN HK SG | Lingshi LS 灵视 | vc:3 vs:1
  Shenzhen Lingshi Network Technology Co., Ltd. | lingshi-net
  Real-time video networking specialist for enterprises, hospitals and courts.
Jiuzhou Cloud Mail | CN | CN HK | Jiuzhou JZ 九州 | em:3 bk:2
  Guangzhou Jiuzhou Cloud Mail Technology Co., Ltd. | jiuzhou-mail
  Hosted email provider for 60,000 small and mid-size companies in southern China.
Duoyun Storage | CN | CN HK SG | Duoyun DY 朵云 | os:3 bk:3
  Beijing Duoyun Storage Technology Co., Ltd. | duoyun-storage
  Distributed storage vendor offering object storage as a service and on premises.
Yiwei Security | CN | CN | Yiwei YW 翼卫 | ep:3 ia:2
  Beijing Yiwei Information Security Co., Ltd. | yiwei-sec
  Endpoint and identity security vendor certified for classified government networks.
Tongmen Identity | CN | CN HK | Tongmen TM 通门 | ia:3 em:2
  Shanghai Tongmen Identity Technology Co., Ltd. | tongmen-id
  Identity-as-a-service provider for enterprises, universities and banks.
Xiaoyi Retail Tech | CN | CN HK MY SG | Xiaoyi XI 小易 | pos:3 sc:3
  Shanghai Xiaoyi Retail Technology Co., Ltd. | xiaoyi-retail
  Retail technology company whose POS and self-checkout systems run in 18,000 stores.
Yinhe Commerce | CN | CN MY TH ID | Yinhe YH 银禾 | pos:3 sc:3
  Xiamen Yinhe Commercial Equipment Co., Ltd. | yinhe-commerce
  Commercial terminal maker exporting POS and kiosk hardware across South-East Asia.
Zhixue Online | CN | CN | Zhixue ZU 知学 | el:3 st:3
  Hangzhou Zhixue Online Education Technology Co., Ltd. | zhixue-online
  Corporate learning platform used by manufacturers, banks and state enterprises.
Weimo Simulation | CN | CN SG | Weimo WM 维模 | st:3 el:2
  Changsha Weimo Simulation Technology Co., Ltd. | weimo-sim
  Simulation and VR training for emergency services, power grids and colleges.
Jingwei Spatial | CN | CN | Jingwei JW 经纬 | cs:1 df:1 mh:1 aq:1 gw:1
  Wuhan Jingwei Spatial Information Technology Co., Ltd. | jingwei-spatial
  GIS company that builds city operations platforms on its own map engine.
Anlan Environmental | CN | CN | Anlan AL 安澜 | wb:3 mh:3 aq:1
  Chongqing Anlan Environmental Technology Co., Ltd. | anlan-env
  Sanitation and drainage technology supplier for hill cities in south-west China.
Qianxing Communications | CN | CN HK | Qianxing QX 千星 | ea:3 vc:2 em:1
  Nanjing Qianxing Communication Technology Co., Ltd. | qianxing-comm
  Unified communications for emergency broadcasting, dispatch and video meetings.
Dunyun Security | CN | CN | Dunyun DU 盾云 | ep:3 bk:2 ia:1 os:1
  Chengdu Dunyun Network Security Technology Co., Ltd. | dunyun-sec
  Managed security and data protection for hospitals, schools and local government.
Xunlian Cloud | CN | CN HK SG | Xunlian XN 讯联 | vc:2 em:2
  Shenzhen Xunlian Cloud Communications Co., Ltd. | xunlian-cloud
  Cloud communications provider for meetings, business email and contact centres.
Linghang Mobility | CN | CN | Linghang LH 领航 | pk:3 ts:2
  Hefei Linghang Urban Mobility Technology Co., Ltd. | linghang-mobility
  Runs smart parking for 120,000 bays in Anhui and Jiangsu.
Baishui Technology | CN | CN | Baishui BS 百水 | wq:3 gw:2 mh:1
  Ningbo Baishui Technology Co., Ltd. | baishui-tech
  Water instrumentation for water utilities and river management offices.
Shenyun Retail | CN | CN HK | Shenyun SY 深云 | pos:3 sc:3
  Shenzhen Shenyun Retail Technology Co., Ltd. | shenyun-retail
  Checkout hardware and cloud software for convenience chains and restaurants.
Boya Learning | CN | CN | Boya BY 博雅 | el:3 st:3
  Beijing Boya Learning Technology Co., Ltd. | boya-learning
  Online training provider with a large library of vocational courses.
Qiancheng Data | CN | CN | Qiancheng QC 千城 | os:3 bk:2
  Hangzhou Qiancheng Data Technology Co., Ltd. | qiancheng-data
  Storage and backup vendor for government clouds and media archives.
Lvyuan Environmental | CN | CN HK | Lvyuan LY 绿源 | wb:3 aq:2 mh:2
  Shenzhen Lvyuan Environmental Technology Co., Ltd. | lvyuan-env
  Smart sanitation company equipping street bins, trucks and transfer stations.
Jinwei Emergency | CN | CN | Jinwei JN 金卫 | ea:3 vs:1
  Hangzhou Jinwei Emergency Technology Co., Ltd. | jinwei-emergency
  Supplies sirens, public broadcast systems and emergency help points.
Shuzheng Technology | CN | CN | Shuzheng SZ 数政 | df:3 cs:2
  Guangzhou Shuzheng Technology Co., Ltd. | shuzheng-tech
  Digital government vendor focused on forms, approvals and citizen engagement.
Meridian Urban Tech | SG | SG MY TH ID PH VN | Meridian MU | sl:2 aq:2 pk:2 wb:1
  Meridian Urban Technologies Pte. Ltd. | meridian-urban
  Integrator of connected lighting, parking and environmental sensors in ASEAN.
Kestrel Cloud | SG | SG MY ID TH HK AU | Kestrel KC | os:3 bk:2 em:2
  Kestrel Cloud Pte. Ltd. | kestrel-cloud
  Regional cloud provider with data centres in Singapore, Jakarta and Sydney.
Straits Secure | SG | SG MY ID TH PH | Straits SS | ep:3 ia:2
  Straits Secure Pte. Ltd. | straits-secure
  Cybersecurity company protecting banks and government agencies in the region.
Nusantara Smart Systems | MY | MY SG ID | Nusantara NS | vs:2 pk:2 cs:2 wb:1
  Nusantara Smart Systems Sdn. Bhd. | nusantara-smart
  Kuala Lumpur smart-city integrator working with councils in Malaysia and Indonesia.
Cendana Retail | MY | MY SG TH | Cendana CD | pos:3 sc:3
  Cendana Retail Technologies Sdn. Bhd. | cendana-retail
  Retail technology for supermarkets and food-and-beverage chains.
Aozora Network | JP | JP SG KR | Aozora AZ | vc:2 em:2
  Aozora Network Co., Ltd. | aozora-net
  Tokyo provider of video meetings and mail services for mid-size companies.
Hoshimi Sensing | JP | JP SG TH VN | Hoshimi HS | gw:2 wq:2 ea:2
  Hoshimi Sensing K.K. | hoshimi-sensing
  Instrument maker for river, groundwater and disaster-warning monitoring.
Tsubasa Retail Solutions | JP | JP KR SG | Tsubasa TB | sc:3 pos:2
  Tsubasa Retail Solutions K.K. | tsubasa-retail
  Osaka maker of self-checkout and cashless payment systems for supermarkets.
Hanbit Vision | KR | KR JP SG VN | Hanbit HB | vs:2 ts:3
  Hanbit Vision Co., Ltd. | hanbit-vision
  Korean maker of AI cameras and radar-based traffic detection.
Seorin Edutech | KR | KR JP SG | Seorin SR | el:3 st:2 vc:2
  Seorin Edutech Co., Ltd. | seorin-edutech
  Seoul education-technology firm making learning platforms and VR content.
Gaon Security | KR | KR JP VN | Gaon GA | ep:3 ia:2 bk:2
  Gaon Security Co., Ltd. | gaon-security
  Security software for endpoints, access management and backup.
Rheinlicht Urban Technologies | DE | DE NL FR GB AE | Rheinlicht RL | sl:3 ts:1 aq:2
  Rheinlicht Urban Technologies GmbH | rheinlicht
  Cologne supplier of connected street lighting and traffic technology.
Nordwall IT Security | DE | DE NL FR GB | Nordwall NW | ep:2 ia:2 bk:2
  Nordwall IT-Security GmbH | nordwall
  German security vendor that hosts all customer data in Frankfurt and Nuremberg.
Polderdata | NL | NL DE FR GB | Polderdata PD | wq:2 gw:2 wb:2
  Polderdata B.V. | polderdata
  Dutch water and environment data company with roots in dike monitoring.
Brugwerk Mobility | NL | NL DE FR GB AE | Brugwerk BW | pk:2 ts:2
  Brugwerk Mobility B.V. | brugwerk
  Rotterdam company for parking guidance, bay sensors and signal timing.
Thamesgate Learning | GB | GB NL DE AE SG | Thamesgate TG | el:3 st:3
  Thamesgate Learning Ltd | thamesgate
  London provider of LMS, content and simulation training for regulated industries.
Halcyon Collaboration | GB | GB NL DE AE SG | Halcyon HC | vc:2 em:3 ia:1
  Halcyon Collaboration Ltd | halcyon-collab
  Manchester provider of secure email, meetings and identity services.
Sahara Smart City Solutions | AE | AE SA QA | Sahara SC | vs:2 ea:1 pk:1 cs:1
  Sahara Smart City Solutions FZ-LLC | sahara-smartcity
  Dubai integrator of surveillance, parking and citizen services across the Gulf.
Harbourline Technologies | HK | HK MO CN SG | Harbourline HL | cs:2 df:2 pos:2
  Harbourline Technologies Limited | harbourline
  Hong Kong software house building public-service apps and retail systems.
Kowloon Cloudworks | HK | HK MO SG MY | Cloudworks CW | os:3 bk:1 vc:1
  Kowloon Cloudworks Limited | kowloon-cloudworks
  Hong Kong cloud provider for finance, education and government customers.
"""

# Administrative division codes for Chinese unified social credit codes, and
# registration number formats elsewhere ("#" is a digit, "@" a code character).
_CN_DIVISIONS = _pairs(
    "Beijing: 110108; Shanghai: 310115; Guangzhou: 440106; Shenzhen: 440300; "
    "Hangzhou: 330106; Ningbo: 330203; Suzhou: 320505; Nanjing: 320114; "
    "Wuhan: 420111; Chengdu: 510107; Chongqing: 500112; Xi'an: 610131; "
    "Xiamen: 350206; Hefei: 340104; Jinan: 370112; Changsha: 430104; "
    "Zhongshan: 442000"
)
_REGISTRATION_FORMATS = _pairs(
    "SG: 20#######K; MY: 20##01######; JP: #############; KR: ###-8#-#####; "
    "DE: HRB ######; AE: DIC-9####; HK: 2######; NL: ########; GB: ########"
)


def _registration(rng: random.Random, country: str, legal_name: str) -> str:
    pattern = _REGISTRATION_FORMATS.get(country, "########")
    if country == "CN":
        division = _CN_DIVISIONS.get(legal_name.split()[0], "440300")
        pattern = f"91{division}MA@@@@@@@@"
    return "".join(
        rng.choice("0123456789")
        if char == "#"
        else rng.choice("0123456789ABCDEFGHJKLMNPQRTUWXY")
        if char == "@"
        else char
        for char in pattern
    )


def _parse_vendors(table: str) -> tuple[list[dict], dict[str, dict]]:
    rng = random.Random(_SEED + 1)  # noqa: S311 - demo data, not security
    vendors: list[dict] = []
    extra: dict[str, dict] = {}
    blocks: list[list[str]] = []
    for line in table.strip().splitlines():
        if line.startswith(" "):
            blocks[-1].append(line.strip())
        else:
            blocks.append([line])
    for head, legal, *text in blocks:
        name, country, regions, brand, focus = _split(head, "|")
        legal_name, domain = _split(legal, "|")
        slug = _slugify(name)
        brand_en, prefix, *brand_zh = brand.split()
        registration = _registration(rng, country, legal_name)
        if slug == "lumen-urban-systems":  # as seeded by marketplace.demo.accounts
            registration = "91440300MA5F0LUMEN"
        vendors.append(
            {
                "slug": slug,
                "name": name,
                "legal_name": legal_name,
                "registration_number": registration,
                "country": country,
                "regions": regions.split(),
                "website": f"https://{domain}.example",
                "contact_email": f"sales@{domain}.example",
                "description": " ".join(text),
            }
        )
        extra[slug] = {
            "brand": brand_en,
            "prefix": prefix,
            "brand_zh": "".join(brand_zh),
            "focus": [
                (_FOCUS[key], int(count))
                for key, count in (item.split(":") for item in focus.split())
            ],
        }
    return vendors, extra


VENDORS, _VENDOR_EXTRA = _parse_vendors(_VENDOR_TABLE)

# --------------------------------------------------------------------------------------
# Locale details. Region names and reference cities by country code; payment, e-ID and
# language wording by the vendor's home country.

_PLACES = {
    "CN": "mainland China: Shenzhen, Hangzhou, Suzhou, Chengdu, Wuhan, Xi'an, Nanjing, "
    "Hefei, Xiamen, Qingdao, Changsha, Foshan, Ningbo, Zhengzhou, Dongguan, Jinan",
    "HK": "Hong Kong: Hong Kong",
    "MO": "Macao: Macao",
    "SG": "Singapore: Singapore",
    "MY": "Malaysia: Kuala Lumpur, Penang, Johor Bahru, Kuching",
    "TH": "Thailand: Bangkok, Chiang Mai, Khon Kaen",
    "ID": "Indonesia: Jakarta, Surabaya, Bandung",
    "VN": "Vietnam: Ho Chi Minh City, Hanoi, Da Nang",
    "PH": "the Philippines: Manila, Cebu City, Davao",
    "JP": "Japan: Yokohama, Osaka, Fukuoka, Sapporo, Sendai",
    "KR": "South Korea: Busan, Incheon, Daejeon, Sejong",
    "AU": "Australia: Melbourne, Brisbane",
    "DE": "Germany: Hamburg, Munich, Cologne, Leipzig",
    "NL": "the Netherlands: Rotterdam, Utrecht, Eindhoven, Amsterdam",
    "FR": "France: Lyon, Bordeaux, Nantes",
    "GB": "the United Kingdom: Manchester, Bristol, Leeds, Glasgow",
    "AE": "the United Arab Emirates: Dubai, Abu Dhabi, Sharjah",
    "SA": "Saudi Arabia: Riyadh, Jeddah",
    "QA": "Qatar: Doha",
}
_REGION_NAMES = {code: text.split(":")[0] for code, text in _PLACES.items()}
_CITIES = {code: _split(text.split(":")[1]) for code, text in _PLACES.items()}
_ORGS = _split(
    "a regional bank, a provincial hospital group, a university, a logistics company, "
    "a power utility, a supermarket chain, an automotive supplier, a port operator, "
    "an insurance group, a city government"
)
_PAY = _pairs(
    "CN: WeChat Pay, Alipay and UnionPay; HK: Octopus, FPS, QR wallets and cards; "
    "SG: PayNow, NETS and cards; MY: DuitNow QR, e-wallets and cards; "
    "JP: QR wallets, IC transit cards and credit cards; KR: mobile wallets and cards"
)
_EID = _pairs(
    "CN: e-ID; HK: iAM Smart; SG: Singpass; MY: MyDigital ID; JP: My Number card; "
    "NL: DigiD; AE: UAE Pass"
)
_LANGUAGES = _pairs(
    "CN: Mandarin and English; HK: Cantonese, Mandarin and English; "
    "SG: English, Mandarin and Malay; MY: Malay, English and Mandarin; "
    "JP: Japanese and English; KR: Korean and English; DE: German and English; "
    "NL: Dutch and English; AE: Arabic and English"
)
_HOTLINES = _pairs("CN: the 12345 citizen hotline; HK: the 1823 government hotline")


def _locale(country: str) -> dict[str, str]:
    china = country == "CN"
    return {
        "app": "WeChat mini-program" if china else "mobile app",
        "chat": "WeChat messages" if china else "messaging apps",
        "pay": _PAY.get(country, "contactless cards and mobile wallets"),
        "eid": _EID.get(country, "national digital ID"),
        "lang": _LANGUAGES.get(country, "English and other major languages"),
        "hotline": _HOTLINES.get(country, "the city contact centre"),
    }


# --------------------------------------------------------------------------------------
# Product templates per child category.

_PRODUCTS = """
== video-surveillance | {n:,} cameras across {d} districts | 200-6000
public security bureaus, district operations centres and campus security teams
$ ir: 30; 40; 50; 80 | days: 30; 60; 90 | ch: 16; 32; 64 | tops: 4; 8; 16
$ streams: 8; 16; 32 | lens: 2.8-12 mm motorised; 4 mm fixed; 2.7-13.5 mm motorised
$ ai: intrusion and line-crossing; crowd density and loitering; people counting
-- 4 MP AI Bullet Camera | 400万像素AI智能枪型摄像机 | IPC | Camera
device hardware_plus_saas 800-1900 | Cloud device management 6-15/device
tags: camera, cctv, ai-analytics, h265; proto: ONVIF, Ethernet, HTTPS/REST
cert: GB/T 28181, CCC, IP67, CE; req: video-storage
> Outdoor 4 MP bullet camera with H.265, {ir} m infrared and on-camera {ai} detection.
* 4 MP 1/2.8-inch progressive-scan CMOS with a {lens} lens
* H.265/H.264 triple stream at 25 fps full resolution
* {ir} m smart IR and 120 dB true WDR for backlit streets
* CN:ONVIF Profile S/T and GB/T 28181 registration to city video platforms
-- 8 MP 4K AI Dome Camera | 800万像素4K AI半球摄像机 | IPC | Camera
device hardware_plus_saas 1600-3800 | Cloud device management 6-15/device
tags: camera, dome-camera, 4k, ai-analytics; proto: ONVIF, Ethernet
cert: GB/T 28181, CCC, IP67, CE; req: video-storage
> Vandal-resistant 8 MP (4K) dome camera with H.265, {ir} m IR and {ai} analytics.
* 8 MP 1/1.8-inch CMOS, 4K at 25 fps, {lens} lens
* H.265 smart codec cuts storage by up to 50% compared with H.264
* Deep-learning analytics for {ai} with alarm snapshots
* CN:ONVIF Profile S/G/T; GB/T 28181 for public-security platforms
-- {ch}-channel AI Network Video Recorder | {ch}路AI硬盘录像机 | NVR | Recorder
device hardware_plus_saas 6000-16000 | Remote management 30-80/device
tags: nvr, video-storage, recording; proto: ONVIF, Ethernet, HTTPS/REST
cert: GB/T 28181, CCC, CE; prov: video-storage
> {ch}-channel NVR with eight drive bays, {days}-day retention and structured search.
* {ch} IP channels up to 12 MP, 320 Mbps incoming bandwidth
* 8 SATA bays up to 16 TB each, RAID 5/6 and hot-swap
* {days}-day retention for {ch} streams of 4 MP H.265 at 2 Mbps
* CN:GB/T 28181 cascade to district and city video platforms
-- Cloud Video Surveillance Service | 云视频监控服务
saas saas 15-60/device; tags: vsaas, cloud-video, video-storage, ai-analytics
proto: ONVIF, HTTPS/REST, WebRTC, 4G/5G; cert: ISO 27001, MLPS Level 3, GB/T 28181
prov: video-storage, video-analytics
> Camera-to-cloud surveillance with {days}-day retention and {ai} alerts on any device.
* Connects existing ONVIF cameras without replacing hardware
* CN:Accepts GB/T 28181 devices and cascades to city platforms
* {days}-day encrypted cloud retention; clips export as evidence packages
* AI alerts for {ai}, pushed to duty officers in seconds
-- AI Video Analytics Edge Box | AI视频分析边缘盒子 | EB | Edge box
device hybrid 8000-26000 | Algorithm licence 60-200/device
tags: edge-ai, video-analytics, edge-computing
proto: ONVIF, Ethernet, MQTT, HTTPS/REST; cert: CCC, CE
prov: video-analytics, edge-compute
> Fanless {tops} TOPS edge box that analyses {streams} camera streams for {ai}.
* {tops} TOPS NPU decodes {streams} streams of 1080p H.265 in real time
* Algorithm store: {ai}, fire and smoke, illegal parking, helmet detection
* Works with any ONVIF camera; events go out over MQTT and HTTPS webhooks
== emergency-alerts | {n:,} alert endpoints covering {d} districts | 30-2500
emergency management bureaus, schools and industrial parks
$ db: 120; 125; 130 | km: 1.5; 2; 3 | mins: 3; 5 | hrs: 48; 72
-- Outdoor Emergency Broadcast Siren | 室外应急广播警报器 | ES | Siren
device hardware_plus_saas 12000-38000 | Alerting platform 60-150/device
tags: siren, public-warning, broadcast; proto: 4G/5G, Ethernet, SIP, MQTT
cert: CCC, IP66, CE
> Outdoor siren with {db} dB(A) output, live voice and text-to-speech over 4G/5G.
* {db} dB(A) at 1 m; audible radius up to {km} km in open terrain
* Alert tones, recorded messages, live voice and text-to-speech in {lang}
* Dual uplink (4G/5G and Ethernet) with {hrs}-hour battery backup
-- Mass Notification Platform | 应急信息发布平台
saas saas 3000-12000/site
tags: mass-notification, sms, public-warning, cap; proto: HTTPS/REST, SIP
cert: ISO 27001, MLPS Level 3; req: gis-platform; prov: sms-gateway
> Sends SMS, voice, app and siren alerts to geofenced areas in under {mins} minutes.
* One console for SMS, voice calls, app push, {chat} and sirens
* Geofenced targeting by map polygon or administrative boundary
* Templates for typhoon, flood, earthquake and chemical incidents
-- Emergency Help Point | 一键报警求助柱 | HP | Help point
device hardware_plus_saas 6000-15000 | Command-centre service 30-80/device
tags: help-point, sos, video-intercom; proto: SIP, 4G/5G, Ethernet, ONVIF
cert: CCC, IP66, CE
> Stainless-steel help point with one-button SIP video calls to the command centre.
* One-button SIP video call with a 1080p camera and echo-cancelling audio
* 95 dB speaker and strobe beacon for noisy streets and car parks
* Fibre, Ethernet or 4G/5G uplink with automatic failover
== unmanned-parking | {n:,} parking bays in {d} car parks | 300-12000
parking operators, district transport bureaus and shopping-mall landlords
$ acc: 99.5; 99.7; 99.8 | years: 5; 6; 8 | secs: 1.5; 2; 3
-- ALPR Barrier Gate Lane Kit | 车牌识别道闸一体机 | PG | Lane kit
device hardware_plus_saas 18000-42000 | Car park cloud 600-1800/site
tags: alpr, barrier-gate, ticketless, mobile-payment
proto: Ethernet, 4G/5G, HTTPS/REST; cert: CCC, CE, IP66; req: payment-gateway
> Ticketless car-park lane with {acc}% plate recognition and mobile payment at exit.
* ALPR camera with {acc}% daytime accuracy, including EV and temporary plates
* Barrier opens in {secs} s, with anti-collision radar and loop detection
* Drivers pay by {pay} with no ticket and no stop at the exit
-- Geomagnetic Parking Bay Sensor | 地磁车位检测器 | GS | Sensor
device hardware_plus_saas 300-800 | Occupancy platform 3-10/device
tags: parking-sensor, geomagnetic, nb-iot, on-street
proto: NB-IoT, MQTT, HTTPS/REST; cert: CCC, IP68
> Flush-mounted bay sensor with geomagnetic and radar detection and NB-IoT uplink.
* Dual geomagnetic and microwave-radar detection, {acc}% occupancy accuracy
* NB-IoT uplink; {years}-year battery at 40 parking events per day
* Road-stud install in 15 minutes, 20-tonne load rating, IP68
-- Smart Parking Cloud Platform | 智慧停车云平台
saas saas 1200-4500/site
tags: parking-management, mobile-payment, saas; proto: HTTPS/REST, MQTT
cert: ISO 27001, MLPS Level 3; req: payment-gateway; prov: mobile-app
> One back office for gated car parks and on-street bays, with mobile payment.
* Manages gated car parks and on-street bays from one console
* Drivers pay by {pay} through the {app}
* Monthly passes, visitor permits and time-of-day tariffs
== traffic-signal-control | {n:,} signalised intersections on {d} corridors | 20-600
traffic police detachments and city transport bureaus
$ grp: 16; 32; 48 | pct: 12; 15; 18; 22 | reach: 200; 250; 300
-- Adaptive Traffic Signal Controller | 自适应信号控制机 | TSC | Controller
device hardware_plus_saas 38000-95000 | Signal cloud 300-900/device
tags: traffic-signal, adaptive-control, intersection
proto: Ethernet, 4G/5G, RS-485; cert: CCC, CE
> Adaptive signal controller with {grp} signal groups that cuts delay by up to {pct}%.
* {grp} signal groups and 32 detector inputs with a hardware conflict monitor
* Adaptive split, cycle and offset optimisation every cycle
* CN:Supports the GB/T 20999 central-system protocol
* NTCIP 1202 objects for mixed-vendor central systems
-- Intersection Radar Traffic Detector | 路口毫米波雷达检测器 | RD | Detector
device hardware_plus_saas 16000-42000 | Detector data service 50-150/device
tags: radar, traffic-detection, queue-length
proto: Ethernet, RS-485, HTTPS/REST; cert: CCC, CE, IP67
> 79 GHz radar that reports queues, flow and speed per lane up to {reach} m away.
* 79 GHz radar tracks up to 128 targets to {reach} m
* Per-lane queue length, flow, occupancy and speed every second
* Unaffected by fog, rain, glare and darkness
-- Traffic Signal Optimisation Platform | 交通信号优化平台
onprem on_premise 8000-20000/device
tags: traffic-management, green-wave, digital-twin; proto: Ethernet, HTTPS/REST
cert: ISO 27001, MLPS Level 3; req: gis-platform
> Green-wave and signal timing platform that cut delay by {pct}% in pilot corridors.
* Green-wave design for arterial corridors with automatic plan generation
* Intersection digital twin built from controller and detector data
* Before-and-after evaluation reports for every timing change
== smart-street-lights | {n:,} street lights across {d} districts | 500-30000
municipal lighting departments and road maintenance contractors
$ w: 60; 80; 100; 120; 150; 200 | eff: 150; 160; 170; 180 | cct: 3000; 4000
$ save: 40; 45; 50; 55; 60 | lamps: 2000; 5000; 10000
-- {w} W Smart LED Street Light | {w}W智慧LED路灯 | SL | Luminaire
device hardware_plus_saas 900-3200 | Lighting CMS 2-6/device
tags: street-lighting, led, dimming, energy-saving; proto: NB-IoT, MQTT
cert: CCC, CE, IP66
> {w} W networked LED street light that saves {save}% energy with dimming schedules.
* {w} W LED module at {eff} lm/W, {cct} K, Type II and III road optics
* Built-in NB-IoT single-lamp controller on a Zhaga Book 18 socket
* 0-10 V and DALI dimming schedules that save {save}% energy
-- Single-lamp Controller | 单灯控制器 | LC | Controller
device hardware_plus_saas 220-600 | Lighting CMS 2-6/device
tags: lamp-controller, retrofit, lorawan, dimming; proto: LoRaWAN, MQTT
cert: CCC, CE, IP66; req: lorawan-gateway
> Retrofit NEMA or Zhaga controller that adds dimming and metering to existing lamps.
* NEMA 7-pin or Zhaga twist-lock; fits existing luminaires in minutes
* On/off and 0-10 V or DALI dimming with metering to ±1%
* LoRaWAN Class C uplink with astronomical-clock fallback
-- Street Lighting Central Management System | 路灯集中管理系统
saas saas 2500-8000/site
tags: lighting-cms, gis, energy-reports; proto: HTTPS/REST, MQTT
cert: ISO 27001, MLPS Level 3; prov: iot-platform, gis-platform
> Cloud CMS that maps, schedules and meters up to {lamps:,} street lights per site.
* GIS map of every lamp, cabinet and circuit with live status
* Schedules, astronomical clock and traffic-adaptive dimming
* Energy and carbon reports per road and per district
-- Multi-function Smart Pole | 多功能智慧灯杆 | SP | Pole
device hardware_plus_saas 28000-85000 | Pole management 80-260/device
tags: smart-pole, 5g, edge-computing, street-lighting
proto: Ethernet, 4G/5G, LoRaWAN, MQTT; cert: CCC, CE, IP66
prov: edge-compute, lorawan-gateway
> Smart pole with a {w} W LED head, camera and 5G mounts and a built-in edge gateway.
* Galvanised 8-12 m pole with a {w} W LED head at {eff} lm/W
* Mounts for cameras, 5G small cell, environment sensor and LED display
* Edge gateway with 4 PoE ports and a LoRaWAN concentrator
== groundwater-level-gauges | {n:,} monitoring wells in {d} counties | 20-800
water resources bureaus, geological survey institutes and mining companies
$ span: 10; 20; 50; 100 | acc: 0.05; 0.1 | years: 3; 5; 8 | mins: 5; 15; 60
-- Piezometric Groundwater Level Logger | 地下水位自动监测仪 | GW | Logger
device hardware_plus_saas 3500-12000 | Telemetry platform 20-60/device
tags: groundwater, water-level, flood-warning, piezometer, telemetry
proto: NB-IoT, 4G/5G, RS-485, Modbus; cert: IP68, CE, CCC
> Borehole level logger, 0-{span} m at ±{acc}% FS, with a {years}-year battery.
* Piezoresistive sensor, 0-{span} m range, ±{acc}% FS accuracy
* Barometric compensation by vented cable or reference logger
* Logs every {mins} min and stores 100,000 readings on board
-- Vibrating-wire Piezometer Node | 振弦式渗压计采集节点 | VW | Node
device hardware_plus_saas 2800-8000 | Telemetry platform 15-40/device
tags: piezometer, dam-safety, lorawan, geotechnical
proto: LoRaWAN, RS-485, Modbus; cert: IP68, CE; req: lorawan-gateway
> LoRaWAN node for vibrating-wire piezometers in dams, tailings and foundation pits.
* Reads up to 4 vibrating-wire piezometers with thermistor correction
* ±{acc}% FS accuracy over a 0-{span} m water head
* LoRaWAN Class A; {years}-year battery at {mins}-minute intervals
-- Groundwater Monitoring Data Platform | 地下水监测数据平台
saas saas 1500-5000/site
tags: groundwater, hydrology, flood-warning, data-platform, gis; proto: HTTPS/REST, MQTT
cert: ISO 27001, MLPS Level 3; prov: iot-platform, gis-platform
> Well register, hydrographs and drawdown alerts for loggers from any vendor.
* Well register on a GIS map with construction logs and photos
* Hydrographs with barometric correction and data-gap flags
* Alerts on drawdown thresholds and abnormal rates of change
* CN:Imports SL 651 hydrological telemetry as well as Modbus and MQTT loggers
== smart-manholes | {n:,} manhole covers across {d} districts | 500-20000
drainage companies, telecom operators and municipal utilities
$ tilt: 5; 10; 15 | years: 5; 6; 8 | lvl: 2; 3; 5
$ gas: CH4 and H2S; CH4, H2S and CO; CH4, H2S, CO and O2
-- Smart Manhole Cover Monitor | 智能井盖监测终端 | MH | Monitor
device hardware_plus_saas 380-1200 | Monitoring platform 3-10/device
tags: manhole, tilt-sensor, nb-iot, anti-theft; proto: NB-IoT, MQTT; cert: IP68, CCC
> Detects cover opening and tilt beyond {tilt}° over NB-IoT; {years}-year battery life.
* Detects opening, displacement and tilt beyond {tilt}°
* NB-IoT (bands 3, 5 and 8) with a {years}-year replaceable battery
* Alarm in under 10 s; IP68, -40 °C to 85 °C, no civil works needed
-- Manhole Water-level and Gas Monitor | 井下水位气体监测仪 | MW | Monitor
device hardware_plus_saas 1800-5200 | Monitoring platform 8-20/device
tags: manhole, water-level, flood-warning, gas-detection, overflow
proto: NB-IoT, 4G/5G, MQTT; cert: IP68, CCC, CE
> Radar water-level monitor with {gas} sensing that warns of sewer overflows.
* Radar level gauge 0-{lvl} m with ±2 mm resolution
* Electrochemical and catalytic sensors for {gas}
* Overflow early warning linked to rainfall forecasts
-- Underground Utility Monitoring Platform | 地下管网监测平台
onprem on_premise 180000-520000/site
tags: utility-network, gis, work-orders, drainage; proto: HTTPS/REST, MQTT
cert: ISO 27001, MLPS Level 3; prov: iot-platform, gis-platform
> GIS platform uniting manhole alarms, inspections and work orders for utilities.
* Manholes, pipes and pump stations on one GIS map
* Alarm-to-work-order flow with an inspector mobile app
* Rainfall-linked waterlogging forecasts per catchment
-- Multi-protocol IoT Edge Gateway | 多协议物联网边缘网关 | GT | Gateway
device hardware_plus_saas 3800-9800 | Gateway management 30-80/device
tags: iot-gateway, lorawan, nb-iot, edge-computing; cert: CE, CCC, IP67
proto: LoRaWAN, NB-IoT, 4G/5G, Ethernet, RS-485, Modbus, MQTT
prov: lorawan-gateway, nb-iot-gateway, edge-compute
> Outdoor LoRaWAN gateway with NB-IoT and 4G/5G backhaul and RS-485 sensor ports.
* 8-channel LoRaWAN concentrator covering up to 5 km
* NB-IoT and 4G/5G backhaul with Ethernet failover
* RS-485 and Modbus ports bridge legacy meters and sensors
== water-quality | {n:,} monitoring points in {d} catchments and supply zones | 10-300
water supply companies, environmental protection bureaus and river managers
$ ntu: 100; 1000 | cal: 7; 14; 30 | mins: 5; 15
$ params: pH, turbidity, residual chlorine and conductivity
$ params: pH, dissolved oxygen, turbidity, COD and ammonia nitrogen
$ params: pH, ORP, turbidity and free chlorine
-- Multi-parameter Water Quality Station | 多参数水质自动监测站 | WQ | Station
device hardware_plus_saas 45000-160000 | Water quality platform 200-600/device
tags: water-quality, ph, turbidity, residual-chlorine
proto: 4G/5G, Modbus, RS-485, HTTPS/REST; cert: CCC, CE, ISO 9001
> Station measuring {params} every {mins} min.
* Measures {params}
* Turbidity 0-{ntu} NTU at ±2%; residual chlorine 0-5 mg/L
* Self-cleaning brushes and automatic calibration every {cal} days
* CN:Reports to environmental platforms over the HJ 212 protocol
-- Online Residual Chlorine Analyser | 管网余氯在线分析仪 | CL | Analyser
device hardware_plus_saas 12000-32000 | Water quality platform 60-150/device
tags: residual-chlorine, drinking-water, pipe-network
proto: 4G/5G, RS-485, Modbus; cert: CCC, CE, IP66
> Reagent-free analyser for residual chlorine, pH and turbidity in supply networks.
* Amperometric residual chlorine 0-5 mg/L at ±0.02 mg/L, no reagents
* pH and turbidity (0-{ntu} NTU) in the same flow cell
* Under 200 mL/min sample flow with a drain-return option
-- Water Quality Data Platform | 水质监测数据平台
saas saas 1500-5000/site
tags: water-quality, compliance, data-platform; proto: HTTPS/REST, MQTT
cert: ISO 27001, MLPS Level 3; prov: iot-platform
> Dashboards, alerts and compliance reports for online and laboratory water data.
* Live dashboards for every station and sampling point
* Threshold, trend and sudden-change alerts by {chat} and SMS
* Laboratory (LIMS) results merged with online readings
* CN:Compliance reports against the GB 5749-2022 drinking-water standard
== air-quality | {n:,} micro-stations across {d} districts | 20-600
environmental protection bureaus, industrial parks and construction supervisors
$ grid: 500 m; 1 km | mins: 2; 5; 10 | r2: 0.85; 0.9
$ params: PM2.5, PM10, NO2, O3, CO and SO2; PM2.5, PM10, NO2 and O3
$ params: PM2.5, PM10, NO2, O3 and TVOC
-- Air Quality Micro-station | 空气质量微型监测站 | AQ | Station
device hardware_plus_saas 18000-58000 | Air quality platform 120-400/device
tags: air-quality, pm2.5, no2, micro-station; proto: 4G/5G, MQTT, HTTPS/REST
cert: CCC, CE, IP66
> Pole-mounted micro-station measuring {params} every {mins} min.
* Measures {params} plus temperature, humidity and wind
* Laser-scattering PM sensor and compensated electrochemical gas cells
* Co-location calibration against reference stations, R² ≥ {r2}
-- Compact Air Sensor Node | 紧凑型空气质量传感节点 | AN | Node
device hardware_plus_saas 3500-9800 | Air quality platform 30-80/device
tags: air-quality, sensor-network, pm2.5, lorawan; proto: NB-IoT, LoRaWAN, MQTT
cert: CE, IP66
> 1.2 kg PM2.5, PM10 and NO2 node for dense {grid} monitoring grids.
* PM2.5, PM10 and NO2 in a 1.2 kg enclosure
* NB-IoT or LoRaWAN uplink, readings every {mins} min
* Automatic drift correction against the nearest reference station
-- Air Quality Grid Management Platform | 大气网格化管理平台
saas saas 3000-9000/site
tags: air-quality, pollution-mapping, grid-management; proto: HTTPS/REST, MQTT
cert: ISO 27001, MLPS Level 3; prov: gis-platform
> Hourly {grid} pollution maps with source tracing and 72-hour forecasts.
* Pollution heat maps at {grid} resolution, refreshed hourly
* Source tracing using wind fields, traffic and permitted emitters
* Events dispatched to grid inspectors through a mobile app
== waste-bin-sensors | {n:,} bins on {d} collection routes | 300-12000
sanitation departments and waste-collection contractors
$ years: 5; 7; 10 | reach: 0.3-3 m; 0.25-4 m | cut: 20; 25; 30; 35 | ratio: 5; 6; 8
-- Ultrasonic Fill-level Sensor | 超声波垃圾桶满溢传感器 | FL | Sensor
device hardware_plus_saas 350-980 | Fill-level platform 3-9/device
tags: waste-management, fill-level, ultrasonic, nb-iot
proto: NB-IoT, LoRaWAN, MQTT; cert: CE, IP67
> Ultrasonic bin fill-level sensor with fire and tilt alerts and a {years}-year battery.
* Ultrasonic ranging {reach}, ±1 cm, temperature-compensated
* Fill level, tilt, fire (temperature) and pick-up detection
* NB-IoT or LoRaWAN; {years}-year battery at 24 readings per day
-- Waste Collection Route Planner | 垃圾清运路线优化系统
saas saas 2000-6000/site
tags: route-optimisation, waste-collection, fleet; proto: HTTPS/REST, MQTT
cert: ISO 27001, ISO 14001; req: gis-platform
> Daily routes from live fill levels that cut collection trips by about {cut}%.
* Routes planned each morning from live fill levels and traffic
* Typically cuts collection trips, and fuel use with them, by {cut}%
* Driver app with turn-by-turn guidance and proof-of-collection photos
-- Solar Compacting Smart Bin | 太阳能压缩智能垃圾桶 | SB | Bin
device hardware_plus_saas 22000-48000 | Fill-level platform 40-90/device
tags: smart-bin, solar, compaction, fill-level; proto: 4G/5G, LoRaWAN, MQTT
cert: CE, CCC
> Solar street bin that compacts waste at {ratio}:1 and reports its own fill level.
* Holds up to {ratio} times the waste of a standard 120 L street bin
* 40 W solar panel and battery; no mains connection needed
* Fill-level and door-open reports over 4G or LoRaWAN
== digital-forms | {n:,} online forms for {d} departments | 50-2000
government service centres, public institutions and state-owned enterprises
$ fields: 40; 60 | acc: 98; 99; 99.5
-- Low-code Government Forms Builder | 低代码政务表单平台
saas saas 40-120/user; tags: low-code, e-forms, workflow, e-government
proto: HTTPS/REST, OpenID Connect; cert: ISO 27001, MLPS Level 3
req: e-id, sso; prov: mobile-app
> Drag-and-drop forms and approval workflows published to the web and the {app}.
* {fields}+ field types with conditional logic, calculations and validation
* Publishes to the web and the {app} from one design
* {eid} sign-in, electronic signatures and seals
-- On-premise Digital Forms Platform | 智能表单系统私有化部署版
onprem on_premise 180000-480000/site
tags: e-forms, on-premise, ocr, workflow; proto: HTTPS/REST, SAML 2.0
cert: ISO 27001, MLPS Level 3; req: sso
> Self-hosted forms and workflow engine with ID-card OCR pre-fill.
* Runs on x86 or ARM servers with mainstream Linux and databases
* OCR of ID cards and business licences pre-fills forms
* Form versioning, audit trail and bulk data export
-- Document OCR and Pre-fill Service | 证照识别与表单预填服务
saas saas 2000-8000/site; tags: ocr, document-recognition, e-forms; proto: HTTPS/REST
cert: ISO 27001, MLPS Level 3
> Reads ID cards and business licences and pre-fills online forms automatically.
* Reads ID cards, passports, business licences and property certificates
* Field accuracy above {acc}% on printed documents
* Pre-fills web forms and the {app} through a JavaScript SDK
== citizen-service | {n:,} monthly users across {d} service centres | 20000-900000
city governments, district service centres and public utilities
$ answers: 3000; 5000; 8000
-- Citizen Service App | 城市服务小程序
saas saas 8000-25000/site
tags: citizen-services, mobile-app, e-government, appointments
proto: HTTPS/REST, OpenID Connect; cert: ISO 27001, MLPS Level 3
req: e-id, sms-gateway; prov: mobile-app
> City services on the {app} and the web, with {eid} sign-in and case tracking.
* More than 100 service templates: permits, benefits, utilities and more
* {eid} sign-in with face verification for sensitive services
* Appointment booking, queue tickets and real-time progress tracking
-- Citizen Hotline Case Management System | 12345热线工单系统
saas saas 150-400/user; tags: contact-centre, case-management, hotline, omnichannel
proto: SIP, HTTPS/REST, WebRTC; cert: ISO 27001, MLPS Level 3; req: sms-gateway
> Omnichannel case management for {hotline}, with AI routing and SLA tracking.
* Phone, web chat, {chat} and email in one case queue
* AI classification suggests the responsible department
* SLA clocks, escalation and satisfaction callbacks
-- AI Government Service Assistant | 政务智能问答助手
saas saas 6000-18000/site
tags: chatbot, ai-assistant, e-government; proto: HTTPS/REST, WebRTC
cert: ISO 27001, MLPS Level 3
> Assistant that answers policy questions in {lang} from local service guides.
* Answers in {lang}, citing the service guide it used
* Trained on local service guides and updated as policies change
* Hands over to human agents with the conversation history
== email | {n:,} mailboxes at {org} | 200-40000
companies, schools and public institutions
$ gb: 30; 50; 100 | spam: 99.5; 99.7; 99.9 | yrs: 5; 7; 10
-- Enterprise Email Service | 企业邮箱
saas saas 8-30/user
tags: email, collaboration, anti-spam, migration; proto: HTTPS/REST, SAML 2.0
cert: ISO 27001, MLPS Level 3; req: sso
> Business email with {gb} GB mailboxes, multi-layer anti-spam and free migration.
* {gb} GB mailbox per user plus large-file links for attachments up to 2 GB
* Multi-layer anti-spam and anti-phishing that blocks {spam}% of junk mail
* Free IMAP migration from existing servers with a dedicated engineer
-- Secure Email Gateway | 邮件安全网关
saas saas 3-10/user; tags: email-security, anti-phishing, dlp; proto: HTTPS/REST
cert: ISO 27001, SOC 2 Type II
> Cloud gateway that filters mail for any server, with sandboxing and DLP rules.
* Sits in front of any mail server by changing MX records
* Attachment sandboxing and time-of-click URL rewriting
* DLP rules for ID numbers, bank cards and confidential labels
-- Email Archiving Service | 邮件归档
saas saas 5-15/user; tags: email-archiving, compliance, ediscovery; proto: HTTPS/REST
cert: ISO 27001, SOC 2 Type II
> Tamper-evident email archive with {yrs}-year retention and eDiscovery search.
* Journals every message into a tamper-evident archive
* Retention policies up to {yrs} years with legal hold
* eDiscovery search across millions of messages in seconds
== video-conferencing | {n:,} licensed hosts and {d} meeting rooms at {org} | 50-5000
enterprises, hospitals and government departments
$ people: 100; 300; 500; 1000 | gb: 5; 10; 20 | mics: 6; 8; 12
-- Cloud Video Meeting Service | 云视频会议
saas saas 40-150/user
tags: video-conferencing, meetings, webinars; cert: ISO 27001, MLPS Level 3
proto: SIP, WebRTC, HTTPS/REST, SAML 2.0; req: sso
> Cloud meetings for up to {people:,} people in 1080p, with a SIP/H.323 gateway.
* Meetings up to {people:,} participants with 1080p video and dual screen share
* SIP/H.323 gateway connects existing room systems
* Live captions and translation in 10 languages
-- Meeting Room Video Bar | 会议室视频一体机 | VB | Video bar
device hardware_plus_saas 6000-26000 | Room service 80-250/device
tags: room-system, video-bar, 4k, huddle-room; proto: SIP, WebRTC, Wi-Fi, Ethernet
cert: CCC, CE, FCC
> All-in-one 4K video bar with auto-framing and a {mics}-microphone array.
* 4K camera with 5x digital zoom, auto-framing and speaker tracking
* {mics}-microphone beamforming array picks up voices up to 6 m away
* SIP and H.323 dialling plus WebRTC browser join
-- Private Video Conferencing Platform | 私有化视频会议平台
saas hybrid 30-100/user
tags: video-conferencing, private-cloud, secure-meetings; req: sso
proto: SIP, WebRTC, HTTPS/REST, SAML 2.0; cert: ISO 27001, MLPS Level 3
> Video conferencing whose media servers run in your own data centre.
* Media servers run on premises; only licensing talks to the cloud
* Cascaded meetings up to {people:,} participants
* Interoperates with SIP and H.323 room systems
== pos | {n:,} checkout lanes in {d} stores | 40-3000
retail chains, restaurants and convenience stores
$ screen: 15.6; 14 | mah: 5000; 5200
-- Android Smart POS Terminal | 安卓智能收银机 | PT | Terminal
device hardware_plus_saas 1500-5800 | POS software 50-200/device
tags: pos, retail, mobile-payment, inventory; cert: CCC, CE, PCI DSS
proto: Wi-Fi, Ethernet, 4G/5G, HTTPS/REST; req: payment-gateway
> Dual-screen {screen}-inch Android POS with built-in printer, scanner and payments.
* {screen}-inch touchscreen plus a 10.1-inch customer display
* Built-in 80 mm thermal printer, 2D scanner and cash-drawer port
* Inventory, membership and promotions synced across stores
-- Cloud POS Software | 云收银系统
saas saas 150-600/site; tags: pos-software, retail, membership, saas; proto: HTTPS/REST
cert: ISO 27001, PCI DSS; req: payment-gateway
> Multi-store POS back office for sales, stock, memberships and promotions.
* Sales, stock, purchasing and memberships in one back office
* Runs on Android and Windows terminals, tablets and handhelds
* Payments by {pay} through certified acquirers
-- Handheld Payment Terminal | 手持智能POS机 | HT | Terminal
device hardware_plus_saas 900-2600 | Terminal management 20-60/device
tags: payment-terminal, handheld, nfc, qr-payment; proto: 4G/5G, Wi-Fi, HTTPS/REST
cert: PCI DSS, CCC, CE; prov: payment-gateway
> Handheld Android terminal with NFC, QR and printer for table-side payment.
* 5.5-inch screen, 58 mm printer, NFC and QR scanning
* EMV and PCI PTS certified card acceptance
* Aggregated acquiring for {pay}; {mah} mAh battery for a full shift
== self-checkout | {n:,} self-checkout units in {d} stores | 20-1500
supermarkets, convenience chains and staff canteens
$ secs: 30; 40; 45 | items: 200; 500; 1000
-- Self-checkout Kiosk | 自助收银机 | SK | Kiosk
device hardware_plus_saas 18000-48000 | Kiosk software 150-500/device
tags: self-checkout, kiosk, loss-prevention, retail; cert: CCC, CE, PCI DSS
proto: Ethernet, Wi-Fi, HTTPS/REST; req: payment-gateway
> Self-checkout kiosk with weight checks and AI loss prevention; {secs} s per basket.
* 21.5-inch touchscreen with barcode and RFID scanning
* Weight-verified bagging area and AI camera loss prevention
* Accepts {pay}
-- Scan-and-go Checkout App | 扫码购自助结算
saas saas 800-3000/site; tags: scan-and-go, mobile-checkout, retail; proto: HTTPS/REST
cert: ISO 27001, PCI DSS; req: payment-gateway; prov: mobile-app
> Shoppers scan and pay in the {app}, with QR exit checks and random audits.
* Shoppers scan and pay in the {app}
* QR exit verification with risk-based random audits
* Member prices and coupons applied automatically
-- AI Vision Checkout Station | AI视觉自助结算台 | VC | Station
device hardware_plus_saas 12000-36000 | Recognition service 100-300/device
tags: vision-checkout, ai, canteen, bakery; proto: Ethernet, Wi-Fi, HTTPS/REST
cert: CCC, CE; req: payment-gateway
> Camera checkout for bakeries and canteens that recognises a whole tray at once.
* Recognises all items on a tray in under a second
* Learns up to {items:,} products; new items are trained in minutes
* Accepts staff cards as well as {pay}
== e-learning | {n:,} learners at {org} | 200-60000
enterprises, training centres and public-sector HR departments
$ people: 500; 1000; 3000 | courses: 800; 1500; 3000
-- Corporate Learning Platform | 企业在线学习平台
saas saas 10-40/user
tags: lms, e-learning, training, compliance; cert: ISO 27001; req: sso
proto: HTTPS/REST, SAML 2.0, OpenID Connect
> Courses, exams and learning paths, with live classes for up to {people:,} learners.
* Courses, exams, certificates and role-based learning paths
* SCORM 1.2/2004 and xAPI content import
* Mobile learning in a native app and the {app}
-- Professional Skills Course Library | 职业技能课程库
saas saas 20-60/user
tags: course-library, upskilling, content; proto: HTTPS/REST; cert: ISO 27001
> {courses:,} video courses in management, IT, finance and safety, in {lang}.
* {courses:,} courses in management, IT, finance and safety
* Delivered in {lang} with subtitles and transcripts
* Runs standalone or inside any SCORM-compliant LMS
-- On-premise Learning Management System | 学习管理系统私有化部署版
onprem on_premise 150000-450000/site
tags: lms, on-premise, training; proto: HTTPS/REST, SAML 2.0
cert: ISO 27001, MLPS Level 3; req: sso
> Self-hosted LMS with exams, certification and HR integration.
* Installs on customer servers or a private cloud
* Exams with proctoring snapshots and question banks
* Sync with HR systems for organisation structure and job roles
== simulation-training | {n:,} trainees a year at {org} | 100-8000
emergency services, utilities, manufacturers and vocational schools
$ scen: 12; 20; 30 | seats: 10; 20; 30
-- VR Safety Training Kit | VR安全培训套件 | VR | Headset kit
device hardware_plus_saas 9000-28000 | Content licence 150-400/device
tags: vr, safety-training, simulation; proto: Wi-Fi, HTTPS/REST; cert: CE, CCC
> Standalone VR headset kit with {scen} safety scenarios and a trainer console.
* Standalone 4K VR headset with 6DoF controllers
* {scen} scenarios: work at height, electrical safety, fire evacuation and more
* Trainer console monitors up to {seats} headsets at once
-- Emergency Command Drill Simulator | 应急指挥演练仿真系统
onprem on_premise 300000-900000/site
tags: emergency-drill, simulation, digital-twin, command
proto: Ethernet, HTTPS/REST; cert: ISO 9001, MLPS Level 3; req: gis-platform
> Command-post exercises on 3D digital twins of local districts.
* 3D digital twins of local districts and key buildings
* Scripted floods, fires, chemical leaks and crowd incidents
* Up to {seats} role-play seats with radio and phone simulation
-- Industrial Operations Simulator | 工业操作仿真培训系统
saas saas 80-300/user; tags: process-simulation, operator-training, industrial
proto: HTTPS/REST, WebRTC; cert: ISO 9001, ISO 27001
> Browser-based simulators for substations, water plants and chemical units.
* High-fidelity models of substations, water plants and chemical units
* {scen} fault scenarios with realistic interlock logic
* Runs in the browser with no local install for trainees
== object-storage | {n:,} TB of data for {org} | 50-20000
enterprises, media companies and research institutes
$ zones: 2; 3 | tb: 648; 864 | nodes: 288; 512
-- S3-compatible Object Storage Service | 对象存储服务
bundle saas 60-120/tb
tags: object-storage, s3, cloud-storage, archive; proto: S3 API, HTTPS/REST
cert: ISO 27001, SOC 2 Type II, MLPS Level 3; prov: object-storage
> S3-compatible storage with archive tiers, object lock and {zones}-zone redundancy.
* S3 API compatible, so existing SDKs and backup tools just work
* Erasure coding across {zones} availability zones
* Standard, infrequent-access and archive tiers with lifecycle rules
-- Distributed Object Storage Appliance | 分布式对象存储一体机 | OS | Node
device on_premise 120000-380000
tags: object-storage, s3, appliance, on-premise; proto: S3 API, Ethernet
cert: CCC, CE, ISO 9001; prov: object-storage
> 4U storage node with {tb} TB raw that scales to {nodes} nodes in one S3 namespace.
* {tb} TB raw per 4U node with an NVMe metadata cache
* Scales out to {nodes} nodes in one namespace
* S3 API with multi-site replication and object lock
-- Software-defined Object Storage Platform | 软件定义对象存储
onprem on_premise 8000-20000/device
tags: object-storage, software-defined, s3; proto: S3 API, HTTPS/REST
cert: ISO 27001; prov: object-storage
> Per-node software that turns standard servers into an S3-compatible cluster.
* Runs on standard x86 or ARM servers
* S3, NFS and HDFS access to the same data
* Scales to {nodes} nodes and billions of objects
== backup | {n:,} protected servers at {org} | 20-4000
IT teams in mid-size and large organisations
$ rto: 15; 30; 60 | days: 30; 90; 365 | tb: 96; 192; 384
-- Cloud Server Backup Service | 服务器云备份
saas saas 60-220/device
tags: backup, disaster-recovery, ransomware; proto: HTTPS/REST, S3 API
cert: ISO 27001, SOC 2 Type II
> Backup for servers, VMs and databases, with immutable copies and fast restores.
* Backs up Windows, Linux, VMware and common databases
* Incremental-forever backups with block-level deduplication
* Immutable copies that ransomware cannot delete
-- Backup and Recovery Appliance | 备份一体机 | BA | Appliance
device on_premise 60000-220000
tags: backup-appliance, deduplication, on-premise; proto: Ethernet, S3 API
cert: CCC, CE, ISO 9001; req: object-storage
> Backup appliance with {tb} TB usable, deduplication and tiering to S3 storage.
* {tb} TB usable, up to 1.2 PB logical after deduplication
* Protects physical servers, VMs, databases and NAS shares
* Tiers older copies to any S3-compatible object storage
-- Email and Collaboration Backup Service | 邮件与协同办公备份
saas saas 10-25/user; tags: saas-backup, email-backup, retention; proto: HTTPS/REST
cert: ISO 27001, SOC 2 Type II
> Daily backup of mailboxes, calendars and shared files with point-in-time restore.
* Backs up mailboxes, calendars, contacts and shared drives
* Point-in-time restore of single items or whole accounts
* Unlimited storage with {days}-day or unlimited retention
== endpoint-security | {n:,} endpoints at {org} | 200-60000
IT and security teams in companies and public institutions
$ mins: 10; 15; 30
-- Endpoint Protection Platform | 终端安全管理系统
saas saas 8-25/device
tags: antivirus, edr, ransomware, endpoint; proto: HTTPS/REST; req: directory
cert: ISO 27001, SOC 2 Type II, MLPS Level 3
> Next-generation antivirus and EDR with ransomware rollback and one-click isolation.
* Behaviour-based antivirus with ransomware rollback
* EDR process trees, threat hunting and one-click isolation
* Device control, patch management and asset inventory
-- Managed Detection and Response Service | 托管检测与响应服务
saas saas 30-90/device
tags: mdr, soc, threat-hunting; proto: HTTPS/REST; cert: ISO 27001, SOC 2 Type II
> Round-the-clock monitoring that contains threats within {mins} minutes.
* Analysts monitor endpoint alerts around the clock
* Containment starts within {mins} minutes of a confirmed threat
* Monthly threat-hunting reports and executive summaries
-- On-premise Endpoint Security Suite | 终端安全管理系统私有化部署版
onprem on_premise 100-300/device
tags: antivirus, on-premise, endpoint, air-gapped; proto: HTTPS/REST
cert: ISO 27001, MLPS Level 3; req: directory
> Endpoint protection with a self-hosted console for isolated networks.
* Management console installs on premises with no cloud dependency
* Offline signature and rule updates for air-gapped networks
* USB and peripheral control with an approval workflow
== identity-access | {n:,} identities and {d} connected apps at {org} | 300-80000
IT teams in enterprises, universities and government agencies
$ apps: 1000; 3000; 5000
-- Cloud Identity and Single Sign-on Service | 身份认证云服务
saas saas 8-30/user
tags: sso, mfa, idaas, identity; proto: SAML 2.0, OpenID Connect, HTTPS/REST
cert: ISO 27001, SOC 2 Type II, MLPS Level 3; prov: sso, directory
> Single sign-on to {apps:,} apps, MFA and automated user provisioning.
* Single sign-on over SAML 2.0 and OpenID Connect to {apps:,} apps
* MFA with push, TOTP, SMS and FIDO2 security keys
* Lifecycle sync with AD/LDAP and HR systems
-- Privileged Access Management Suite | 特权账号管理系统
onprem on_premise 600-1500/device
tags: pam, privileged-access, session-recording; proto: HTTPS/REST, SAML 2.0
cert: ISO 27001, MLPS Level 3; req: directory
> Password vault and bastion host that records every administrator session.
* Password vault with automatic rotation
* Brokered SSH, RDP and database sessions with full recording
* Command filtering and four-eyes approval for risky actions
-- Digital Identity Verification Service | 电子身份认证服务
saas saas 5000-15000/site; tags: e-id, identity-verification, kyc, e-government
proto: HTTPS/REST, OpenID Connect; cert: ISO 27001, MLPS Level 3; prov: e-id
> Remote identity checks with document OCR, liveness detection and {eid} lookups.
* Document OCR for ID cards, passports and residence permits
* Passive liveness detection and face matching
* {eid} checks against authoritative sources where permitted
"""


_ATTRIBUTES = {
    "tags": "tags",
    "proto": "protocols",
    "cert": "certifications",
    "req": "requires",
    "prov": "provides",
}


def _price_range(text: str) -> tuple[float, float, str]:
    span, _, unit = text.partition("/")
    low, high = span.split("-")
    return float(low), float(high), unit or "device"


def _pricing(text: str) -> dict:
    main, _, service = text.partition("|")
    archetype, deployment, price = main.split()
    name, _, service_price = service.strip().rpartition(" ")
    return {
        "archetype": archetype,
        "deployment": deployment,
        "price": _price_range(price),
        "service": (name, *_price_range(service_price)) if name else None,
    }


def _parse_products(text: str) -> dict[str, dict]:
    templates: dict[str, dict] = {}
    for block in text.split("\n== ")[1:]:
        head, audience, *lines = block.strip().splitlines()
        slug, scale, span = _split(head, "|")
        specs: dict[str, list] = {}
        variants: list[dict] = []
        for line in lines:
            marker, _, rest = line.partition(" ")
            if marker == "$":
                for group in rest.split(" | "):
                    key, _, values = group.partition(":")
                    specs.setdefault(key.strip(), []).extend(
                        int(value) if value.isdigit() else value
                        for value in _split(values, ";")
                    )
            elif marker == "--":
                noun, zh, series, unit = [*_split(rest, "|"), "", ""][:4]
                variants.append(
                    {"noun": noun, "zh": zh, "series": series, "unit": unit}
                    | {"summary": "", "bullets": []}
                    | {field: [] for field in _ATTRIBUTES.values()}
                )
            elif marker == ">":
                variants[-1]["summary"] = f"{variants[-1]['summary']} {rest}".lstrip()
            elif marker == "*":
                variants[-1]["bullets"].append(rest)
            else:
                for group in _split(line, ";"):
                    key, _, values = group.partition(":")
                    if key in _ATTRIBUTES:
                        variants[-1][_ATTRIBUTES[key]] = _split(values)
                    else:
                        variants[-1] |= _pricing(group)
        low, high = span.split("-")
        templates[slug] = {
            "audience": audience,
            "scale": scale,
            "scale_range": (int(low), int(high)),
            "specs": specs,
            "variants": variants,
        }
    return templates


_TEMPLATES = _parse_products(_PRODUCTS)

# --------------------------------------------------------------------------------------
# Text shared by every listing.

_INTROS = (
    "{vendor} builds {short} for {audience}.",
    "Built for {audience}, {short} is developed and supported by {vendor}.",
    "{vendor} designed {short} around the daily work of {audience}.",
)
_AVAILABILITY = (
    "It is sold and supported in {regions}.",
    "Delivery and support are available in {regions}.",
    "{vendor} and its certified partners deliver it in {regions}.",
)
_CLOSINGS = {
    "hardware_plus_saas": (
        "Devices are pre-provisioned at the factory and appear in the {brand} "
        "console as soon as they are powered on.",
        "The hardware carries a {warranty}-year warranty; the platform subscription "
        "covers firmware updates, alerting and open REST and MQTT APIs.",
        "Certified local partners handle site surveys and installation, and the "
        "platform exposes open APIs for operations centres.",
    ),
    "saas": (
        "The service is multi-tenant with data hosted in {residency}; onboarding and "
        "administrator training are included with annual plans.",
        "New tenants go live within a day, and data is kept in {residency} with "
        "encrypted daily backups.",
        "Upgrades, backups and standard support are included in every plan; "
        "customer data stays in {residency}.",
    ),
    "on_premise": (
        "Delivery includes installation, integration testing and on-site training; "
        "annual support covers patches, upgrades and replacement parts.",
        "Everything runs inside the customer's own data centre, with no dependency "
        "on a public cloud.",
    ),
    "hybrid": (
        "Edge components keep working if the WAN link drops, while management, "
        "updates and reporting run in the cloud.",
        "Recordings and personal data stay on site; only licensing and health "
        "information reach the cloud.",
    ),
}
_SUPPORT = {
    "24x7": "Technical support is available 24x7 by phone, ticket and remote session.",
    "extended": "Support is available from 08:00 to 22:00 local time, every day.",
    "business_hours": "Support is available in business hours, with remote help "
    "by the next business day.",
}
_SLA = {
    "saas": ("99.90", "99.95", "99.99"),
    "hardware_plus_saas": ("99.50", "99.90", "99.95"),
    "hybrid": ("99.90", "99.95"),
    "on_premise": ("99.00", "99.50", "99.90"),
}
_DEPLOYMENT_TAGS = {
    "saas": "cloud",
    "on_premise": "on-premise",
    "hybrid": "hybrid-cloud",
    "hardware_plus_saas": "iot",
}
_CN_ONLY_CERTS = {"CCC", "GB/T 28181", "MLPS Level 3"}
_ENVIRONMENT = {"air-quality", "water-quality", "waste-bin-sensors"}
_ROUND_THE_CLOCK = _split(
    "video-surveillance emergency-alerts traffic-signal-control endpoint-security "
    "identity-access",
    " ",
)
# The last listing of each of these vendors is in review, or a draft.
_IN_REVIEW_VENDORS = _split(
    "ruitu-intelligence xinglian-sensing chebo-smart-parking xiaoyi-retail-tech "
    "duoyun-storage hanbit-vision polderdata thamesgate-learning",
    " ",
)
_DRAFT_VENDORS = ("lumen-urban-systems", "kestrel-cloud", "gaon-security")

# --------------------------------------------------------------------------------------
# Plans. Price ranges in the templates are CNY; plans carry fen.

_TIERS = (("STD", "Standard"), ("PRO", "Professional"), ("ENT", "Enterprise"))
# Minimum and maximum seats per tier for plans sold per user or per device.
_SEATS = (
    ((1, 5, 10), (100, 300, 500, None)),
    ((10, 20), (1000, None)),
    ((100, 200), (None,)),
)


def _fen(cny: float) -> int:
    """Round a CNY amount to a sensible price step and return it in fen."""
    if cny >= 10_000:
        return round(cny / 100) * 10_000
    if cny >= 1_000:
        return round(cny / 10) * 1_000
    if cny >= 100:
        return round(cny) * 100
    return max(10, round(cny * 10) * 10)


def _scaled(fen: int, factor: float) -> int:
    return _fen(fen / 100 * factor)


def _list_price(rng: random.Random, low: float, high: float) -> int:
    cny = low + (high - low) * rng.random()
    if 100 <= cny < 10_000:  # shelf prices such as 1,299 or 1,280
        return (round(cny / 100) * 100 - rng.choice((0, 1, 20))) * 100
    return _fen(cny)


def _breaks(
    rng: random.Random, price: int, steps: tuple, quantity: tuple
) -> list[dict]:
    wanted, (low, high) = rng.choice((0, 1, 2, 2, 3)), quantity
    breaks: list[dict] = []
    for step in steps:
        if len(breaks) < wanted and step > low and (high is None or step <= high):
            price = min(_scaled(price, 1 - rng.choice((0.04, 0.05, 0.08))), price - 10)
            breaks.append({"min_quantity": step, "unit_price": price})
    return breaks


def _plan(
    code: str,
    name: str,
    billing: str,
    unit: str,
    price: int,
    setup: int = 0,
    quantity: tuple = (1, None),
    term: int = 0,
    trial: int = 0,
) -> dict:
    return {
        "code": code,
        "name": name,
        "billing": billing,
        "unit": unit,
        "unit_price": price,
        "setup_fee": setup,
        "min_quantity": quantity[0],
        "max_quantity": quantity[1],
        "contract_term_months": term,
        "trial_days": trial,
        "price_breaks": [],
    }


def _device_plans(rng: random.Random, variant: dict) -> list[dict]:
    """Hardware bought once per device, plus a platform plan or annual support."""
    low, high, _ = variant["price"]
    price = _list_price(rng, low, high)
    cny = price / 100
    quantity = (rng.choice((1, 10, 20)) if cny < 1_000 else 1, None)
    steps = (100, 500, 2000) if cny < 1_000 else (20, 100, 500)
    setup = rng.choice((0, 2000, 5000)) * 100 if cny >= 10_000 else 0
    hardware = _plan(
        "HW",
        f"{variant['unit']} hardware",
        "one_time",
        "device",
        price,
        setup,
        quantity,
    )
    hardware["price_breaks"] = _breaks(
        rng, price, (5, 20, 50) if cny >= 10_000 else steps, quantity
    )
    if variant["deployment"] == "on_premise":
        support = _scaled(price, rng.choice((0.12, 0.15, 0.18)))
        term = rng.choice((12, 36))
        name = "Annual support and updates"
        return [hardware, _plan("SUP", name, "annual", "device", support, term=term)]
    name, service_low, service_high, unit = variant["service"]
    monthly = _fen(service_low + (service_high - service_low) * rng.random())
    if rng.random() < 0.5:
        term, trial = rng.choice((0, 12)), rng.choice((0, 0, 30))
        platform = _plan("PLT", name, "monthly", unit, monthly, term=term, trial=trial)
        if unit == "device":
            platform["price_breaks"] = _breaks(
                rng, monthly, (100, 1000, 5000), (1, None)
            )
    else:
        annual = _scaled(monthly, 12 * rng.choice((0.8, 0.85, 0.9)))
        platform = _plan("PLT", f"{name}, annual", "annual", unit, annual, term=12)
    plans = [hardware, platform]
    if unit == "device" and service_high <= 100 and rng.random() < 0.35:
        cap = rng.choice((200, 500, 1000))
        site = _scaled(monthly, 12 * cap * rng.choice((0.5, 0.6)))
        name, term = f"Site licence, up to {cap:,} devices", rng.choice((12, 36))
        plans.append(_plan("SITE", name, "annual", "site", site, term=term))
    return plans


def _saas_plans(rng: random.Random, variant: dict) -> list[dict]:
    """One to three subscription tiers, billed monthly or annually."""
    low, high, unit = variant["price"]
    base = _fen(low + (high - low) * rng.random())
    factors = (1.0, rng.uniform(1.5, 1.9), rng.uniform(2.4, 3.2))
    steps = {"user": (50, 200, 1000), "site": (5, 20, 50)}.get(unit, (100, 500, 2000))
    plans = []
    for index in range(rng.choice((1, 2, 2, 3, 3))):
        code, name = _TIERS[index]
        monthly = _scaled(base, factors[index])
        quantity: tuple[int | None, ...] = (1, None)
        if unit != "site":
            quantity = tuple(rng.choice(choices) for choices in _SEATS[index])
        setup = 0
        if index == 2 and unit == "site":
            setup = _scaled(base, rng.choice((3, 6, 10)))
        elif index == 2:
            setup = rng.choice((0, 5000, 10000, 20000)) * 100
        if index == 2 or rng.random() < 0.35:
            price = _scaled(monthly, 12 * rng.choice((0.8, 0.85, 0.9)))
            term = rng.choice((12, 24, 36)) if index == 2 else 12
            plan = _plan(code, name, "annual", unit, price, setup, quantity, term)
        else:
            price, trial = monthly, rng.choice((0, 14, 30) if index == 0 else (0, 14))
            plan = _plan(code, name, "monthly", unit, price, setup, quantity, 0, trial)
        plan["price_breaks"] = _breaks(rng, price, steps, quantity)
        plans.append(plan)
    return plans


def _onprem_plans(rng: random.Random, variant: dict) -> list[dict]:
    """A perpetual licence plus annual support, sometimes a term licence too."""
    low, high, unit = variant["price"]
    price = _list_price(rng, low, high)
    cny = price / 100
    quantity = (1 if unit == "site" or cny >= 1_000 else rng.choice((50, 100)), None)
    setup = _scaled(price, rng.choice((0.05, 0.1))) if unit == "site" else 0
    licence = _plan(
        "LIC", "Perpetual licence", "one_time", unit, price, setup, quantity
    )
    if unit != "site":
        steps = (500, 2000, 10000) if cny < 1_000 else (20, 50, 200)
        licence["price_breaks"] = _breaks(rng, price, steps, quantity)
    support = _scaled(price, rng.choice((0.15, 0.18, 0.2, 0.22)))
    term = rng.choice((12, 36))
    name = "Annual support and upgrades"
    plans = [licence, _plan("SUP", name, "annual", unit, support, 0, quantity, term)]
    if rng.random() < 0.3:
        yearly = _scaled(price, rng.choice((0.35, 0.4)))
        name = "Subscription licence with support"
        plans.append(_plan("TERM", name, "annual", unit, yearly, setup, quantity, 36))
    return plans


def _bundle_plans(rng: random.Random, variant: dict) -> list[dict]:
    """Storage capacity bundles at a flat price."""
    low, high, _ = variant["price"]
    per_tb = low + (high - low) * rng.random()
    plans = []
    for size, factor in ((10, 1.0), (100, 0.85), (500, 0.72)):
        price = _fen(per_tb * size * factor)
        if size == 500:
            annual = _scaled(price, 12 * 0.9)
            plans.append(_plan("T500", "500 TB", "annual", "flat", annual, term=12))
        else:
            trial = 30 if size == 10 else 0
            name = f"{size} TB"
            plans.append(_plan(f"T{size}", name, "monthly", "flat", price, trial=trial))
    return plans


_PLAN_BUILDERS = {
    "device": _device_plans,
    "saas": _saas_plans,
    "onprem": _onprem_plans,
    "bundle": _bundle_plans,
}

# --------------------------------------------------------------------------------------
# Listings.


def _an(text: str) -> str:
    """Fix articles before numbers: 'a 8-year battery' -> 'an 8-year battery'."""
    return re.sub(r"\b([Aa]) (?=8)", r"\1n ", text)


def _join(items: list[str]) -> str:
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"


def _lower_noun(noun: str) -> str:
    """'Smart Manhole Cover Monitor' -> 'smart manhole cover monitor', keeping AI."""
    return " ".join(
        word.lower() if re.fullmatch(r"[A-Z][a-z]+(-[a-z]+)*", word) else word
        for word in noun.split()
    )


def _references(
    rng: random.Random, template: dict, regions: list[str], home: str
) -> list[dict]:
    low, high = template["scale_range"]
    references: dict[str, dict] = {}
    for _ in range(rng.choice((0, 1, 1, 2, 2, 3, 4))):
        country = home if home in regions and rng.random() < 0.6 else None
        country = country or rng.choice(regions)
        size = low * (high / low) ** rng.random()
        step = 10 ** max(len(str(int(size))) - 2, 0)  # two significant digits
        values = {
            "n": max(step, round(size / step) * step),
            "d": rng.randint(2, 12),
            "org": rng.randrange(len(_ORGS)),
        }
        city = rng.choice(_CITIES[country])
        references[city] = {
            "city": city,
            "country": country,
            "year": rng.randint(2019, 2025),
            "scale": template["scale"].format_map(
                values | {"org": _ORGS[values["org"]]}
            ),
            "choices": values,
        }
    return sorted(references.values(), key=lambda reference: -reference["year"])


def _description(
    rng: random.Random, variant: dict, context: dict, text: dict, support: str
) -> tuple[str, dict]:
    """The description, and the choices it was made of (to write it again in
    another language)."""
    deployment = variant["deployment"]
    kept = [
        index
        for index, bullet in enumerate(variant["bullets"])
        if context["serves_cn"] or not bullet.startswith("CN:")
    ]
    bullets = [variant["bullets"][index].removeprefix("CN:") for index in kept]
    picked = sorted(rng.sample(range(len(bullets)), min(len(bullets), 4)))
    choices: dict[str, Any] = {
        "bullets": [kept[index] for index in picked],
        "intro": rng.randrange(len(_INTROS)),
    }
    intro = _INTROS[choices["intro"]].format_map(text)
    choices["availability"] = rng.randrange(len(_AVAILABILITY))
    intro = f"{intro[0].upper()}{intro[1:]} {_AVAILABILITY[choices['availability']]}"
    choices["closing"] = rng.randrange(len(_CLOSINGS[deployment]))
    closing = f"{_CLOSINGS[deployment][choices['closing']]} {_SUPPORT[support]}"
    items = "".join(
        f"<li>{html.escape(bullets[i].format_map(context), quote=False)}</li>"
        for i in picked
    )
    parts = [f"<p>{html.escape(intro.format_map(text), quote=False)}</p>"]
    choices["heading"] = rng.random() < 0.6
    if choices["heading"]:
        hardware = variant["archetype"] == "device"
        parts.append(f"<h3>{'Key specifications' if hardware else 'Highlights'}</h3>")
    parts.append(f"<ul>{items}</ul>")
    parts.append(f"<p>{html.escape(closing.format_map(text), quote=False)}</p>")
    return _an("".join(parts)), choices


def _listing(rng: random.Random, vendor: dict, category: str, variant: dict) -> dict:
    extra, template = _VENDOR_EXTRA[vendor["slug"]], _TEMPLATES[category]
    home, deployment = vendor["country"], variant["deployment"]
    regions = [code for code in vendor["regions"] if code == home or rng.random() < 0.7]
    picks = {
        key: rng.randrange(len(values)) for key, values in template["specs"].items()
    }
    context = {key: template["specs"][key][index] for key, index in picks.items()}
    context |= _locale(home) | {"serves_cn": "CN" in regions}
    noun, zh = variant["noun"].format_map(context), variant["zh"].format_map(context)
    title, title_local = f"{extra['brand']} {noun}", f"{extra['brand_zh']}{zh}"
    short = f"the {_lower_noun(noun)}"
    model = ""
    if variant["series"]:
        number = rng.randrange(2, 10) * 100 + rng.choice((0, 10, 20, 50, 60, 80))
        suffix = rng.choice(("", "", "S", "E", "X"))
        model = f"{extra['prefix']}-{variant['series']}{number}{suffix}"
        title = f"{extra['brand']} {model} {noun}"
        title_local = f"{extra['brand_zh']} {model} {zh}"
        short = f"the {model} {_lower_noun(noun)}"
    residency = "" if deployment == "on_premise" else home
    if residency and residency not in regions:
        residency = regions[0]
    support = rng.choice(
        ("24x7", "24x7", "extended")
        if category in _ROUND_THE_CLOCK
        else ("24x7", "extended", "business_hours")
    )
    text = {
        "vendor": vendor["name"],
        "brand": extra["brand"],
        "short": short,
        "audience": template["audience"],
        "regions": _join([_REGION_NAMES[code] for code in regions]),
        "residency": _REGION_NAMES.get(residency, ""),
        "warranty": rng.choice((2, 3, 5)),
    }
    description, choices = _description(rng, variant, context, text, support)
    tags = list(variant["tags"])
    if len(tags) < 6 and rng.random() < 0.5:
        tags = list(dict.fromkeys([*tags, _DEPLOYMENT_TAGS[deployment]]))
    hardware = variant["archetype"] == "device"
    certs = set(variant["certifications"])
    if rng.random() < 0.7:
        certs.add("ISO 9001" if hardware else "ISO 27001")
    if category in _ENVIRONMENT and rng.random() < 0.4:
        certs.add("ISO 14001")
    if hardware and home in ("JP", "KR") and rng.random() < 0.5:
        certs.add("FCC")
    if not context["serves_cn"]:
        certs -= _CN_ONLY_CERTS
    slug = _slugify(title)
    if len(slug) > 80:
        slug = slug[:80].rsplit("-", 1)[0]
    sla_uptime = rng.choice(_SLA[deployment])
    references = _references(rng, template, regions, home)
    _spare_draws(rng)
    plans = _PLAN_BUILDERS[variant["archetype"]](rng, variant)
    return {
        "vendor": vendor["slug"],
        "slug": slug,
        "title": title,
        "title_local": title_local if extra["brand_zh"] else "",
        "category": category,
        "summary": _an(variant["summary"].format_map(context)),
        "description": description,
        "tags": tags[:6],
        "deployment": deployment,
        "protocols": [p for p in PROTOCOLS if p in variant["protocols"]],
        "certifications": [c for c in CERTIFICATIONS if c in certs],
        "regions": regions,
        "data_residency": residency,
        "sla_uptime": sla_uptime,
        "support_hours": support,
        "references": references,
        "requires": list(variant["requires"]),
        "provides": list(variant["provides"]),
        "status": "published",
        "plans": plans,
        # How the text was made, to write it again in another language.
        "choices": choices
        | {
            "specs": picks,
            "noun": variant["noun"],
            "model": model,
            "warranty": text["warranty"],
            "home": home,
        },
    }


def _spare_draws(rng: random.Random) -> None:
    """Two draws that no field uses any more: kept, so that the prices, plans and
    references drawn after them stay those of every earlier catalog. (Ratings are
    not catalog data: they come from buyers' reviews.)"""
    rng.uniform(3.6, 4.9)
    if rng.random() < 0.9:
        rng.randint(0, 240)


def select_picks(catalog: list[dict]) -> dict[str, str]:
    """The listing Select endorses in each kind, by category slug: the published
    one with the most reference deployments, then the highest SLA, then by title.
    The curation loader endorses these, and they are translated into every
    language, their rationale included."""
    best: dict[str, dict] = {}

    def rank(spec: dict) -> tuple:
        return (-len(spec["references"]), -float(spec["sla_uptime"]), spec["title"])

    for spec in catalog:
        if spec["status"] != "published" or not spec["plans"]:
            continue
        current = best.get(spec["category"])
        if current is None or rank(spec) < rank(current):
            best[spec["category"]] = spec
    return {category: spec["slug"] for category, spec in best.items()}


def build_catalog() -> list[dict]:
    """Every demo listing; the same output on every call."""
    rng = random.Random(_SEED)  # noqa: S311 - demo data, not security
    listings: list[dict] = []
    latest: dict[str, dict] = {}
    for vendor in VENDORS:
        for category, count in _VENDOR_EXTRA[vendor["slug"]]["focus"]:
            variants = _TEMPLATES[category]["variants"]
            offset = rng.randrange(len(variants))
            for index in range(count):
                variant = variants[(offset + index) % len(variants)]
                listing = _listing(rng, vendor, category, variant)
                listings.append(listing)
                latest[vendor["slug"]] = listing
    seen: set[str] = set()
    for listing in listings:
        base, number = listing["slug"], 2
        while listing["slug"] in seen:
            listing["slug"], number = f"{base[:76]}-{number}", number + 1
        seen.add(listing["slug"])
    for status, slugs in (("in_review", _IN_REVIEW_VENDORS), ("draft", _DRAFT_VENDORS)):
        for slug in slugs:
            latest[slug] |= {"status": status}
    return listings


# --------------------------------------------------------------------------------------
# Self-check: python3 marketplace/demo/catalog_data.py


def _check(condition: object, message: str) -> None:
    if not condition:
        raise AssertionError(message)


def _check_listing(item: dict, vendor: dict, children: set[str]) -> None:
    slug, plans = item["slug"], item["plans"]
    _check(re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", slug) and len(slug) <= 80, slug)
    _check(len(item["title"]) <= 120 and len(item["summary"]) <= 240, slug)
    _check(item["summary"].endswith(".") and ". " not in item["summary"], slug)
    _check("{" not in item["summary"] + item["description"], slug)
    tags = set(re.findall(r"</?(\w+)>", item["description"]))
    _check(tags <= {"p", "ul", "ol", "li", "strong", "em", "h3"}, slug)
    _check(bool(item["title_local"]) == (vendor["country"] == "CN"), slug)
    _check(item["category"] in children and item["deployment"] in DEPLOYMENTS, slug)
    _check(3 <= len(item["tags"]) <= 6 and all(t.islower() for t in item["tags"]), slug)
    _check(set(item["protocols"]) <= set(PROTOCOLS), slug)
    _check(set(item["certifications"]) <= set(CERTIFICATIONS), slug)
    _check(set(item["requires"] + item["provides"]) <= set(CAPABILITIES), slug)
    _check(set(item["regions"]) <= set(vendor["regions"]), slug)
    _check(item["data_residency"] in ["", *item["regions"]], slug)
    _check(re.fullmatch(r"99\.\d\d", item["sla_uptime"]), slug)
    _check(
        item["support_hours"] in SUPPORT_HOURS and len(item["references"]) <= 4, slug
    )
    for ref in item["references"]:
        _check(2019 <= ref["year"] <= 2026 and ref["country"] in item["regions"], slug)
    _check("rating" not in item and "rating_count" not in item, f"{slug}: rating")
    _check(1 <= len(plans) <= 3 and len({p["code"] for p in plans}) == len(plans), slug)
    hardware = plans[0]["code"] == "HW"
    per_user = item["category"] in ("email", "video-conferencing") and not hardware
    for plan in plans:
        where, low, high = f"{slug}/{plan['code']}", *_quantities(plan)
        _check(plan["billing"] in ("one_time", "monthly", "annual"), where)
        _check(plan["unit"] in ("device", "site", "user", "flat"), where)
        _check(isinstance(plan["unit_price"], int) and plan["unit_price"] > 0, where)
        _check(isinstance(plan["setup_fee"], int) and plan["setup_fee"] >= 0, where)
        _check(low >= 1 and (high is None or low <= high), f"{where}: quantities")
        _check(plan["contract_term_months"] in (0, 12, 24, 36), where)
        _check(
            plan["trial_days"] in (0, 14, 30) and len(plan["price_breaks"]) <= 3, where
        )
        quantity, price = low, plan["unit_price"]
        for step in plan["price_breaks"]:
            _check(quantity < step["min_quantity"] <= (high or 10**9), where)
            _check(0 < step["unit_price"] < price, f"{where}: break price")
            quantity, price = step["min_quantity"], step["unit_price"]
        if plan["billing"] == "one_time":  # hardware per device, or a licence
            ok = plan["unit"] == "device" if hardware else plan["code"] == "LIC"
            _check(ok and plan is plans[0], f"{where}: one-time plan")
        elif hardware:
            _check(plan["unit"] in ("device", "site"), f"{where}: platform unit")
        _check(not per_user or plan["unit"] == "user", f"{where}: per user")
    _check(not hardware or plans[1]["billing"] != "one_time", f"{slug}: platform")


def _quantities(plan: dict) -> tuple[int, int | None]:
    return plan["min_quantity"], plan["max_quantity"]


def _self_check() -> None:
    import time

    started = time.perf_counter()
    catalog = build_catalog()
    elapsed = time.perf_counter() - started
    _check(catalog == build_catalog(), "build_catalog() is deterministic")
    vendors = {vendor["slug"]: vendor for vendor in VENDORS}
    _check(len(vendors) == len(VENDORS) >= 44, "at least 44 unique vendors")
    for vendor in VENDORS:
        urls = vendor["website"] + " " + vendor["contact_email"]
        _check(urls.count(".example") == 2, vendor["slug"])
    lumen = vendors["lumen-urban-systems"]
    _check(lumen["legal_name"] == "Lumen Urban Systems Co., Ltd.", "lumen")
    _check(lumen["regions"] == ["CN", "HK", "SG", "MY"], "lumen regions")
    children = {child["slug"] for top in CATEGORIES for child in top["children"]}
    _check(len(CATEGORIES) == 11 and len(children) == 22, "category tree")
    _check(set(_TEMPLATES) == children, "product templates for every category")
    _check(len(catalog) >= 320, "at least 320 listings")
    _check(len({item["slug"] for item in catalog}) == len(catalog), "unique slugs")
    by_status: dict[str, list[dict]] = {"published": [], "in_review": [], "draft": []}
    for item in catalog:
        _check_listing(item, vendors[item["vendor"]], children)
        by_status[item["status"]].append(item)
    review = {item["vendor"] for item in by_status["in_review"]}
    _check(len(by_status["in_review"]) == len(review) == 8, "8 in review, 8 vendors")
    _check("lumen-urban-systems" not in review, "no lumen listing in review")
    _check(len(by_status["draft"]) == 3, "exactly 3 drafts")
    published: dict[str, list[dict]] = {slug: [] for slug in sorted(children)}
    for item in by_status["published"]:
        published[item["category"]].append(item)
    minimums = dict.fromkeys(children, (8, 1)) | {
        "video-surveillance": (12, 8),
        "smart-manholes": (8, 5),
        "unmanned-parking": (8, 5),
        "smart-street-lights": (8, 5),
        "video-conferencing": (8, 5),
    }
    for slug, (listing_minimum, seller_minimum) in minimums.items():
        _check(
            len(published[slug]) >= listing_minimum,
            f"{slug}: {listing_minimum} published",
        )
        _check(len({i["vendor"] for i in published[slug]}) >= seller_minimum, slug)
    sellers = {item["vendor"] for item in by_status["published"]}
    _check(len(sellers) >= 40, "at least 40 vendors with published listings")
    mine = [item for item in catalog if item["vendor"] == "lumen-urban-systems"]
    live = [item for item in mine if item["status"] == "published" and item["plans"]]
    _check(len(live) >= 5, "lumen: 5 published listings with plans")
    _check([item["status"] for item in mine].count("draft") == 1, "lumen: 1 draft")

    plans = [plan for item in catalog for plan in item["plans"]]
    breaks = sum(len(plan["price_breaks"]) for plan in plans)
    counts = {status: len(items) for status, items in by_status.items()}
    print(f"vendors: {len(VENDORS)}, {len(sellers)} with published listings")
    print(f"listings: {len(catalog)} {counts}; plans: {len(plans)}, breaks: {breaks}")
    print(f"lumen-urban-systems: {len(live)} published, 1 draft")
    for slug, items in published.items():
        count = len({item["vendor"] for item in items})
        print(f"  {slug:26} {len(items):3} published from {count:2} vendors")
    print(f"build_catalog(): {elapsed * 1000:.0f} ms; self-check passed")


if __name__ == "__main__":
    _self_check()
