"""Simplified Chinese (mainland) text for the demo catalogue.

Every table mirrors one in ``catalog_data``: lists and tuples are aligned by index with
the English ones, and templates keep the English placeholders, so the listings can be
rendered in Chinese from the same random choices. Run this module to check the
alignment: ``python -m marketplace.demo.catalog_text_zh_hans``.
"""

from __future__ import annotations

LANGUAGE = "zh-hans"

# --------------------------------------------------------------------------------------
# Categories: sections and child categories, slug -> (name, description).

CATEGORIES: dict[str, tuple[str, str]] = {
    "public-safety": (
        "公共安全",
        "帮助城市在公共空间防范、发现和处置各类突发事件。",
    ),
    "video-surveillance": (
        "视频监控",
        "面向街道、校园和交通枢纽的网络摄像机、录像设备及AI视频分析。",
    ),
    "emergency-alerts": (
        "应急预警",
        "警报器、求助终端和多渠道预警平台，及时向居民发布预警并提供求助通道。",
    ),
    "mobility": (
        "智慧交通",
        "保障道路通畅，让找车位、缴停车费更便捷的各类系统。",
    ),
    "unmanned-parking": (
        "无人值守停车",
        "面向无人值守停车场的无感通行道闸、车位检测器和云端管理后台。",
    ),
    "traffic-signal-control": (
        "交通信号控制",
        "路口自适应信号控制机、交通检测器和信号配时平台。",
    ),
    "lighting": (
        "智慧照明",
        "节能降耗、故障自动上报的联网公共照明。",
    ),
    "smart-street-lights": (
        "智慧路灯",
        "LED路灯灯具、单灯控制器、智慧灯杆及路灯集中管理系统。",
    ),
    "utilities": (
        "市政公用",
        "供水、排水和地下管网的感知与监测。",
    ),
    "groundwater-level-gauges": (
        "地下水位监测",
        "监测井、大坝和基坑地下水位的自动记录仪与渗压计。",
    ),
    "smart-manholes": (
        "智能井盖",
        "监测井盖状态、管道水位和有毒有害气体的传感器与平台。",
    ),
    "water-quality": (
        "水质监测",
        "面向饮用水、河流和水库的在线分析仪表与数据平台。",
    ),
    "environment": (
        "生态环境",
        "守护清新空气和整洁街道的监测系统与服务。",
    ),
    "air-quality": (
        "空气质量",
        "绘制城市大气污染分布的微型站、传感节点和网格化管理平台。",
    ),
    "waste-bin-sensors": (
        "垃圾桶满溢监测",
        "满溢传感器、智能垃圾桶和垃圾清运路线规划。",
    ),
    "e-government": (
        "数字政务",
        "让群众和企业足不出户办理政务事项的数字化服务。",
    ),
    "digital-forms": (
        "电子表单",
        "用于网上申报的低代码表单搭建工具和证照识别服务。",
    ),
    "citizen-service": (
        "便民服务",
        "市民服务应用、热线工单管理和政务服务智能助手。",
    ),
    "collaboration": (
        "协同办公",
        "服务于团队内部及跨组织协作的邮件和会议工具。",
    ),
    "email": (
        "企业邮件",
        "企业邮箱托管服务、邮件安全网关和邮件归档。",
    ),
    "video-conferencing": (
        "视频会议",
        "云视频会议、会议室终端和私有化会议平台。",
    ),
    "retail": (
        "智慧零售",
        "面向商店、超市和餐厅的收银与支付技术。",
    ),
    "pos": (
        "POS收银",
        "POS收银机、门店管理软件和手持支付终端。",
    ),
    "self-checkout": (
        "自助结算",
        "自助收银机、手机扫码购和视觉识别结算，有效缩短排队时间。",
    ),
    "training": (
        "教育培训",
        "助力员工成长的数字化学习与实操仿真训练。",
    ),
    "e-learning": (
        "在线学习",
        "适合各种规模组织的学习平台和课程资源库。",
    ),
    "simulation-training": (
        "仿真培训",
        "用于安全生产、应急处置和操作人员培训的VR套件与仿真系统。",
    ),
    "cloud-storage": (
        "云存储",
        "应对业务数据持续增长的存储与数据保护方案。",
    ),
    "object-storage": (
        "对象存储",
        "兼容S3的对象存储，提供云服务、一体机和软件三种交付形态。",
    ),
    "backup": (
        "数据备份",
        "服务器、虚拟机和云应用的备份与恢复。",
    ),
    "security": (
        "网络安全",
        "覆盖整个组织的终端、身份与访问安全防护。",
    ),
    "endpoint-security": (
        "终端安全",
        "面向笔记本、台式机和服务器的防病毒、EDR及托管检测响应服务。",
    ),
    "identity-access": (
        "身份与访问管理",
        "单点登录、多因素认证、特权访问管理和在线身份核验。",
    ),
}


# The platform's capability names (what a solution needs or brings).
CAPABILITIES: dict[str, str] = {
    "nb-iot-gateway": "NB-IoT 网关",
    "lorawan-gateway": "LoRaWAN 网关",
    "iot-platform": "物联网设备管理平台",
    "video-storage": "视频存储（NVR / 云存储）",
    "video-analytics": "AI 视频分析",
    "gis-platform": "GIS 地图平台",
    "sso": "单点登录",
    "directory": "目录服务（LDAP / AD）",
    "e-id": "电子身份核验",
    "payment-gateway": "支付网关",
    "edge-compute": "边缘计算节点",
    "sms-gateway": "短信与语音通知网关",
    "mobile-app": "市民 / 客户移动应用",
    "object-storage": "S3 兼容对象存储",
}

# --------------------------------------------------------------------------------------
# Per child category: audience, reference scale and spec values.

AUDIENCES: dict[str, str] = {
    "video-surveillance": "公安机关、区级城市运行管理中心和校园安保团队",
    "emergency-alerts": "应急管理部门、学校和产业园区",
    "unmanned-parking": "停车场运营企业、区级交通主管部门和购物中心业主",
    "traffic-signal-control": "公安交警部门和城市交通运输主管部门",
    "smart-street-lights": "市政路灯管理部门和道路养护单位",
    "groundwater-level-gauges": "水利部门、地质调查院所和矿山企业",
    "smart-manholes": "排水企业、通信运营商和市政公用企业",
    "water-quality": "供水企业、生态环境部门和河湖管理单位",
    "air-quality": "生态环境部门、工业园区和建设工程监管单位",
    "waste-bin-sensors": "环卫部门和垃圾清运服务企业",
    "digital-forms": "政务服务中心、事业单位和国有企业",
    "citizen-service": "城市人民政府、区级政务服务中心和公用事业单位",
    "email": "企业、学校和事业单位",
    "video-conferencing": "企业、医院和政府部门",
    "pos": "连锁零售企业、餐厅和便利店",
    "self-checkout": "超市、连锁便利店和员工食堂",
    "e-learning": "企业、培训机构和机关事业单位人事部门",
    "simulation-training": "应急救援队伍、公用事业单位、制造企业和职业院校",
    "object-storage": "企业、媒体机构和科研院所",
    "backup": "大中型组织的IT团队",
    "endpoint-security": "企业和事业单位的IT与安全团队",
    "identity-access": "企业、高校和政府机构的IT团队",
}

SCALES: dict[str, str] = {
    "video-surveillance": "{d}个区共{n:,}台摄像机",
    "emergency-alerts": "覆盖{d}个区的{n:,}个预警终端",
    "unmanned-parking": "{d}个停车场共{n:,}个车位",
    "traffic-signal-control": "{d}条干线共{n:,}个信号控制路口",
    "smart-street-lights": "{d}个区共{n:,}盏路灯",
    "groundwater-level-gauges": "{d}个县（区）共{n:,}眼监测井",
    "smart-manholes": "{d}个区共{n:,}个井盖",
    "water-quality": "{d}个流域及供水分区共{n:,}个监测点",
    "air-quality": "{d}个区共{n:,}个微型站",
    "waste-bin-sensors": "{d}条清运线路共{n:,}个垃圾桶",
    "digital-forms": "{d}个部门共{n:,}个在线表单",
    "citizen-service": "{d}个服务中心，月活跃用户{n:,}人",
    "email": "{org}，{n:,}个邮箱账号",
    "video-conferencing": "{org}，{n:,}个主持人账号、{d}间会议室",
    "pos": "{d}家门店共{n:,}个收银台",
    "self-checkout": "{d}家门店共{n:,}台自助收银设备",
    "e-learning": "{org}，{n:,}名学员",
    "simulation-training": "{org}，年培训{n:,}人次",
    "object-storage": "{org}，存储数据{n:,} TB",
    "backup": "{org}，{n:,}台服务器纳入备份保护",
    "endpoint-security": "{org}，{n:,}个终端",
    "identity-access": "{org}，{n:,}个身份账号、{d}个接入应用",
}

SPECS: dict[str, dict[str, list]] = {
    "video-surveillance": {
        "ir": [30, 40, 50, 80],
        "days": [30, 60, 90],
        "ch": [16, 32, 64],
        "tops": [4, 8, 16],
        "streams": [8, 16, 32],
        "lens": ["2.8-12 mm电动变焦", "4 mm定焦", "2.7-13.5 mm电动变焦"],
        "ai": ["入侵与越界", "人群密度与徘徊", "客流统计"],
    },
    "emergency-alerts": {
        "db": [120, 125, 130],
        "km": ["1.5", 2, 3],
        "mins": [3, 5],
        "hrs": [48, 72],
    },
    "unmanned-parking": {
        "acc": ["99.5", "99.7", "99.8"],
        "years": [5, 6, 8],
        "secs": ["1.5", 2, 3],
    },
    "traffic-signal-control": {
        "grp": [16, 32, 48],
        "pct": [12, 15, 18, 22],
        "reach": [200, 250, 300],
    },
    "smart-street-lights": {
        "w": [60, 80, 100, 120, 150, 200],
        "eff": [150, 160, 170, 180],
        "cct": [3000, 4000],
        "save": [40, 45, 50, 55, 60],
        "lamps": [2000, 5000, 10000],
    },
    "groundwater-level-gauges": {
        "span": [10, 20, 50, 100],
        "acc": ["0.05", "0.1"],
        "years": [3, 5, 8],
        "mins": [5, 15, 60],
    },
    "smart-manholes": {
        "tilt": [5, 10, 15],
        "years": [5, 6, 8],
        "lvl": [2, 3, 5],
        "gas": ["CH4和H2S", "CH4、H2S和CO", "CH4、H2S、CO和O2"],
    },
    "water-quality": {
        "ntu": [100, 1000],
        "cal": [7, 14, 30],
        "mins": [5, 15],
        "params": [
            "pH、浊度、余氯和电导率",
            "pH、溶解氧、浊度、COD和氨氮",
            "pH、ORP、浊度和游离氯",
        ],
    },
    "air-quality": {
        "grid": ["500 m", "1 km"],
        "mins": [2, 5, 10],
        "r2": ["0.85", "0.9"],
        "params": [
            "PM2.5、PM10、NO2、O3、CO和SO2",
            "PM2.5、PM10、NO2和O3",
            "PM2.5、PM10、NO2、O3和TVOC",
        ],
    },
    "waste-bin-sensors": {
        "years": [5, 7, 10],
        "reach": ["0.3-3 m", "0.25-4 m"],
        "cut": [20, 25, 30, 35],
        "ratio": [5, 6, 8],
    },
    "digital-forms": {
        "fields": [40, 60],
        "acc": [98, 99, "99.5"],
    },
    "citizen-service": {
        "answers": [3000, 5000, 8000],
    },
    "email": {
        "gb": [30, 50, 100],
        "spam": ["99.5", "99.7", "99.9"],
        "yrs": [5, 7, 10],
    },
    "video-conferencing": {
        "people": [100, 300, 500, 1000],
        "gb": [5, 10, 20],
        "mics": [6, 8, 12],
    },
    "pos": {
        "screen": ["15.6", 14],
        "mah": [5000, 5200],
    },
    "self-checkout": {
        "secs": [30, 40, 45],
        "items": [200, 500, 1000],
    },
    "e-learning": {
        "people": [500, 1000, 3000],
        "courses": [800, 1500, 3000],
    },
    "simulation-training": {
        "scen": [12, 20, 30],
        "seats": [10, 20, 30],
    },
    "object-storage": {
        "zones": [2, 3],
        "tb": [648, 864],
        "nodes": [288, 512],
    },
    "backup": {
        "rto": [15, 30, 60],
        "days": [30, 90, 365],
        "tb": [96, 192, 384],
    },
    "endpoint-security": {
        "mins": [10, 15, 30],
    },
    "identity-access": {
        "apps": [1000, 3000, 5000],
    },
}

# --------------------------------------------------------------------------------------
# Product templates, keyed by the English noun template.

PRODUCTS: dict[str, dict] = {
    # Video surveillance.
    "4 MP AI Bullet Camera": {
        "noun": "400万像素AI智能枪型摄像机",
        "unit": "摄像机",
        "summary": "室外400万像素枪型摄像机，支持H.265编码、{ir} m红外补光"
        "和前端{ai}智能分析。",
        "bullets": [
            "400万像素1/2.8英寸逐行扫描CMOS，配{lens}镜头",
            "支持H.265/H.264三码流，全分辨率下25 fps",
            "{ir} m智能红外，120 dB真宽动态，逆光街道画面依然清晰",
            "CN:支持ONVIF Profile S/T，可按GB/T 28181注册接入城市视频平台",
        ],
    },
    "8 MP 4K AI Dome Camera": {
        "noun": "800万像素4K AI防暴半球摄像机",
        "unit": "摄像机",
        "summary": "防暴型800万像素（4K）半球摄像机，支持H.265编码、{ir} m红外补光"
        "和{ai}智能分析。",
        "bullets": [
            "800万像素1/1.8英寸CMOS，4K@25 fps，配{lens}镜头",
            "H.265智能编码，存储空间较H.264最多节省50%",
            "基于深度学习的{ai}分析，报警时自动抓拍",
            "CN:支持ONVIF Profile S/G/T；支持GB/T 28181，可接入公安视频平台",
        ],
    },
    "{ch}-channel AI Network Video Recorder": {
        "noun": "{ch}路AI网络硬盘录像机",
        "unit": "录像机",
        "summary": "{ch}路网络硬盘录像机，8盘位设计，录像可保存{days}天，"
        "支持结构化检索。",
        "bullets": [
            "{ch}路IP通道接入，最高支持1200万像素，接入带宽320 Mbps",
            "8个SATA盘位，单盘最大16 TB，支持RAID 5/6和热插拔",
            "{ch}路400万像素H.265码流（2 Mbps）录像可保存{days}天",
            "CN:支持GB/T 28181级联至区级、市级视频平台",
        ],
    },
    "Cloud Video Surveillance Service": {
        "noun": "云视频监控服务",
        "unit": "",
        "summary": "摄像机直连上云的视频监控服务，录像保存{days}天，"
        "{ai}告警可推送至各类终端。",
        "bullets": [
            "直接接入现有ONVIF摄像机，无需更换硬件",
            "CN:支持GB/T 28181设备接入，并可级联至市级平台",
            "录像云端加密保存{days}天，视频片段可打包导出作为证据",
            "{ai}AI告警秒级推送至值班人员",
        ],
    },
    "AI Video Analytics Edge Box": {
        "noun": "AI视频分析边缘计算盒",
        "unit": "边缘计算盒",
        "summary": "无风扇边缘计算盒，算力{tops} TOPS，可对{streams}路视频"
        "进行{ai}分析。",
        "bullets": [
            "{tops} TOPS NPU，可实时解码{streams}路1080p H.265视频",
            "算法商城：{ai}、烟火识别、违停检测、安全帽佩戴检测",
            "兼容各品牌ONVIF摄像机；事件通过MQTT和HTTPS Webhook推送",
        ],
    },
    # Emergency alerts.
    "Outdoor Emergency Broadcast Siren": {
        "noun": "室外应急广播警报器",
        "unit": "警报器",
        "summary": "室外应急警报器，声压级{db} dB(A)，支持通过4G/5G实时喊话"
        "和文字转语音播报。",
        "bullets": [
            "1 m处声压级{db} dB(A)；开阔地带有效覆盖半径最远{km} km",
            "支持警报音、录音播放、实时喊话及{lang}文字转语音",
            "4G/5G与以太网双链路上行，备用电池续航{hrs}小时",
        ],
    },
    "Mass Notification Platform": {
        "noun": "应急预警信息发布平台",
        "unit": "",
        "summary": "按地理围栏向目标区域推送短信、语音、App和警报器预警，"
        "{mins}分钟内即可触达。",
        "bullets": [
            "一个控制台统一调度短信、语音电话、App推送、{chat}和警报器",
            "按地图多边形或行政区划精准圈定发布范围",
            "内置台风、洪水、地震和危化品事故预警模板",
        ],
    },
    "Emergency Help Point": {
        "noun": "一键报警求助柱",
        "unit": "求助柱",
        "summary": "不锈钢一键求助柱，一键发起SIP视频通话直连指挥中心。",
        "bullets": [
            "一键SIP视频呼叫，内置1080p摄像头和回声消除音频",
            "95 dB扬声器和频闪警示灯，适用于嘈杂街道和停车场",
            "支持光纤、以太网或4G/5G上行，链路故障时自动切换",
        ],
    },
    # Unmanned parking.
    "ALPR Barrier Gate Lane Kit": {
        "noun": "车牌识别道闸一体机",
        "unit": "道闸套件",
        "summary": "无票化停车场出入口车道设备，车牌识别准确率{acc}%，"
        "出口支持移动支付。",
        "bullets": [
            "车牌识别摄像机白天识别准确率{acc}%，支持新能源号牌和临时号牌",
            "道闸{secs} s内抬杆，配防砸雷达和地感线圈检测",
            "车主可通过{pay}缴费，无需取票，出场不停车",
        ],
    },
    "Geomagnetic Parking Bay Sensor": {
        "noun": "地磁车位检测器",
        "unit": "车位检测器",
        "summary": "嵌入式安装的车位检测器，采用地磁+雷达双模检测，"
        "通过NB-IoT上传数据。",
        "bullets": [
            "地磁+微波雷达双模检测，车位状态识别准确率{acc}%",
            "NB-IoT上行；按每天40次停车计，电池寿命{years}年",
            "道钉式安装，15分钟即可完成，承重20吨，IP68防护",
        ],
    },
    "Smart Parking Cloud Platform": {
        "noun": "智慧停车云平台",
        "unit": "",
        "summary": "封闭停车场与路内泊位统一管理的云端后台，支持移动支付。",
        "bullets": [
            "一个控制台统一管理封闭停车场和路内泊位",
            "车主可在{app}中通过{pay}缴费",
            "支持月租卡、访客车辆授权和分时段收费标准",
        ],
    },
    # Traffic signal control.
    "Adaptive Traffic Signal Controller": {
        "noun": "自适应交通信号控制机",
        "unit": "信号机",
        "summary": "自适应交通信号控制机，支持{grp}个信号灯组，"
        "路口延误最多可降低{pct}%。",
        "bullets": [
            "{grp}个信号灯组、32路检测器输入，配硬件冲突监测",
            "逐周期优化绿信比、周期时长和相位差",
            "CN:支持GB/T 20999中心系统通信协议",
            "支持NTCIP 1202对象，可接入多厂商混合组网的中心系统",
        ],
    },
    "Intersection Radar Traffic Detector": {
        "noun": "路口毫米波雷达检测器",
        "unit": "雷达检测器",
        "summary": "79 GHz毫米波雷达，可分车道输出{reach} m范围内的排队长度、"
        "流量和车速。",
        "bullets": [
            "79 GHz雷达，最多同时跟踪128个目标，检测距离{reach} m",
            "逐秒输出各车道排队长度、流量、占有率和车速",
            "全天候工作，不受雾、雨、强光和夜间光线影响",
        ],
    },
    "Traffic Signal Optimisation Platform": {
        "noun": "交通信号配时优化平台",
        "unit": "",
        "summary": "绿波协调与信号配时优化平台，试点干线实测延误下降{pct}%。",
        "bullets": [
            "干线绿波协调设计，自动生成配时方案",
            "基于信号机和检测器数据构建路口数字孪生",
            "每次配时调整均生成前后对比评估报告",
        ],
    },
    # Smart street lights.
    "{w} W Smart LED Street Light": {
        "noun": "{w}W智慧LED路灯",
        "unit": "灯具",
        "summary": "{w}W联网LED路灯，按时段策略调光，节能{save}%。",
        "bullets": [
            "{w}W LED模组，光效{eff} lm/W，色温{cct} K，II型和III型道路配光",
            "内置NB-IoT单灯控制器，采用Zhaga Book 18接口",
            "支持0-10 V和DALI调光策略，节能{save}%",
        ],
    },
    "Single-lamp Controller": {
        "noun": "单灯控制器",
        "unit": "单灯控制器",
        "summary": "适用于存量路灯改造的NEMA或Zhaga单灯控制器，"
        "为现有灯具增加调光和电能计量功能。",
        "bullets": [
            "NEMA 7芯或Zhaga旋锁接口，几分钟即可装上现有灯具",
            "支持开关灯及0-10 V或DALI调光，电能计量精度±1%",
            "LoRaWAN Class C上行，通信中断时按天文时钟自动运行",
        ],
    },
    "Street Lighting Central Management System": {
        "noun": "路灯集中管理系统",
        "unit": "",
        "summary": "云端路灯集中管理系统，单站点最多接入{lamps:,}盏路灯，"
        "实现地图化管理、策略调度和电能计量。",
        "bullets": [
            "GIS地图实时展示每盏路灯、每个配电箱和每条回路的状态",
            "支持时控策略、天文时钟和按车流量自适应调光",
            "按道路、按区县生成能耗和碳排放报表",
        ],
    },
    "Multi-function Smart Pole": {
        "noun": "多功能智慧灯杆",
        "unit": "灯杆",
        "summary": "集成{w}W LED灯头的智慧灯杆，预留摄像机和5G设备挂载位，"
        "内置边缘网关。",
        "bullets": [
            "8-12 m热镀锌灯杆，{w}W LED灯头，光效{eff} lm/W",
            "可挂载摄像机、5G微基站、环境传感器和LED信息屏",
            "边缘网关提供4个PoE口，集成LoRaWAN集中器",
        ],
    },
    # Groundwater level gauges.
    "Piezometric Groundwater Level Logger": {
        "noun": "地下水位自动监测仪",
        "unit": "水位监测仪",
        "summary": "井下水位记录仪，量程0-{span} m，精度±{acc}% FS，"
        "电池续航{years}年。",
        "bullets": [
            "压阻式传感器，量程0-{span} m，精度±{acc}% FS",
            "通过通气电缆或参比记录仪进行气压补偿",
            "每{mins}分钟记录一次，本机可存储10万条数据",
        ],
    },
    "Vibrating-wire Piezometer Node": {
        "noun": "振弦式渗压计采集节点",
        "unit": "采集节点",
        "summary": "面向大坝、尾矿库和基坑振弦式渗压计的LoRaWAN采集节点。",
        "bullets": [
            "最多接入4支振弦式渗压计，带热敏电阻温度修正",
            "0-{span} m水头范围内精度±{acc}% FS",
            "LoRaWAN Class A；按{mins}分钟采集间隔，电池寿命{years}年",
        ],
    },
    "Groundwater Monitoring Data Platform": {
        "noun": "地下水监测数据平台",
        "unit": "",
        "summary": "提供监测井台账、水位过程线和降深告警，兼容各厂商的水位记录仪。",
        "bullets": [
            "监测井台账叠加GIS地图，附成井资料和现场照片",
            "水位过程线支持气压校正，自动标记数据缺失",
            "水位降深超阈值或变化速率异常时自动告警",
            "CN:支持SL 651水文监测数据通信规约，并兼容Modbus和MQTT记录仪",
        ],
    },
    # Smart manholes.
    "Smart Manhole Cover Monitor": {
        "noun": "智能井盖监测终端",
        "unit": "井盖监测终端",
        "summary": "通过NB-IoT上报井盖开启及超过{tilt}°的倾斜，电池寿命{years}年。",
        "bullets": [
            "检测井盖开启、位移及超过{tilt}°的倾斜",
            "NB-IoT（Band 3、5、8），电池可更换，寿命{years}年",
            "10 s内报警；IP68防护，工作温度-40 °C至85 °C，无需土建施工",
        ],
    },
    "Manhole Water-level and Gas Monitor": {
        "noun": "井下水位气体监测仪",
        "unit": "监测仪",
        "summary": "雷达水位监测仪，集成{gas}气体检测，提前预警污水溢流。",
        "bullets": [
            "雷达水位计，量程0-{lvl} m，分辨率±2 mm",
            "采用电化学和催化燃烧传感器检测{gas}",
            "结合降雨预报实现溢流提前预警",
        ],
    },
    "Underground Utility Monitoring Platform": {
        "noun": "地下管网监测平台",
        "unit": "",
        "summary": "将井盖告警、巡检和工单整合到同一张GIS地图上的市政管网监测平台。",
        "bullets": [
            "井盖、管道和泵站一张图管理",
            "告警自动转工单，配套巡检人员移动App",
            "按汇水区结合降雨数据预测内涝风险",
        ],
    },
    "Multi-protocol IoT Edge Gateway": {
        "noun": "多协议物联网边缘网关",
        "unit": "网关",
        "summary": "室外LoRaWAN网关，支持NB-IoT和4G/5G回传，并提供RS-485传感器接口。",
        "bullets": [
            "8通道LoRaWAN集中器，覆盖半径最远5 km",
            "支持NB-IoT和4G/5G回传，故障时可切换至以太网",
            "RS-485和Modbus接口，可接入存量仪表和传感器",
        ],
    },
    # Water quality.
    "Multi-parameter Water Quality Station": {
        "noun": "多参数水质自动监测站",
        "unit": "监测站",
        "summary": "水质自动监测站，每{mins}分钟监测一次{params}。",
        "bullets": [
            "监测参数：{params}",
            "浊度0-{ntu} NTU，精度±2%；余氯0-5 mg/L",
            "配自清洁刷，每{cal}天自动校准一次",
            "CN:通过HJ 212协议向生态环境监管平台上报数据",
        ],
    },
    "Online Residual Chlorine Analyser": {
        "noun": "管网余氯在线分析仪",
        "unit": "分析仪",
        "summary": "无试剂在线分析仪，用于供水管网余氯、pH和浊度监测。",
        "bullets": [
            "电流法测量余氯，量程0-5 mg/L，精度±0.02 mg/L，无需试剂",
            "同一流通池内同步测量pH和浊度（0-{ntu} NTU）",
            "样水流量低于200 mL/min，可选配排水回流",
        ],
    },
    "Water Quality Data Platform": {
        "noun": "水质监测数据平台",
        "unit": "",
        "summary": "汇聚在线监测与实验室水质数据，提供数据看板、告警和达标报告。",
        "bullets": [
            "所有监测站和采样点的实时数据看板",
            "阈值、趋势和突变告警通过{chat}和短信推送",
            "实验室（LIMS）检测结果与在线监测数据合并分析",
            "CN:依据GB 5749-2022《生活饮用水卫生标准》生成达标报告",
        ],
    },
    # Air quality.
    "Air Quality Micro-station": {
        "noun": "空气质量微型监测站",
        "unit": "微型站",
        "summary": "杆装式空气质量微型站，每{mins}分钟监测一次{params}。",
        "bullets": [
            "监测{params}，同步采集温湿度和风速风向",
            "激光散射颗粒物传感器，配温湿度补偿的电化学气体传感器",
            "与标准站并行比对校准，R² ≥ {r2}",
        ],
    },
    "Compact Air Sensor Node": {
        "noun": "紧凑型空气质量传感节点",
        "unit": "传感节点",
        "summary": "重1.2 kg的PM2.5、PM10和NO2传感节点，适用于{grid}高密度监测网格。",
        "bullets": [
            "1.2 kg机身内集成PM2.5、PM10和NO2监测",
            "NB-IoT或LoRaWAN上行，每{mins}分钟上报一次",
            "以最近的标准站为参照，自动修正传感器漂移",
        ],
    },
    "Air Quality Grid Management Platform": {
        "noun": "大气网格化管理平台",
        "unit": "",
        "summary": "逐小时生成{grid}分辨率的污染分布图，支持污染溯源和72小时预报。",
        "bullets": [
            "{grid}分辨率污染热力图，每小时更新",
            "结合风场、交通和持证排污单位数据进行污染溯源",
            "通过移动App将事件派发给网格员",
        ],
    },
    # Waste bin sensors.
    "Ultrasonic Fill-level Sensor": {
        "noun": "超声波垃圾桶满溢传感器",
        "unit": "满溢传感器",
        "summary": "超声波垃圾桶满溢传感器，具备火情和倾倒告警，电池寿命{years}年。",
        "bullets": [
            "超声波测距{reach}，精度±1 cm，带温度补偿",
            "检测满溢程度、倾倒、火情（温度）和清运动作",
            "NB-IoT或LoRaWAN；按每天上报24次计，电池寿命{years}年",
        ],
    },
    "Waste Collection Route Planner": {
        "noun": "垃圾清运路线优化系统",
        "unit": "",
        "summary": "依据实时满溢数据生成每日清运路线，清运车次减少约{cut}%。",
        "bullets": [
            "每天早晨根据实时满溢数据和路况规划清运路线",
            "清运车次及相应油耗通常可降低{cut}%",
            "司机App提供逐向导航，清运完成后拍照留证",
        ],
    },
    "Solar Compacting Smart Bin": {
        "noun": "太阳能压缩智能垃圾桶",
        "unit": "智能垃圾桶",
        "summary": "太阳能街头垃圾桶，压缩比{ratio}:1，可自动上报满溢状态。",
        "bullets": [
            "容量最高可达标准120 L街头垃圾桶的{ratio}倍",
            "40 W太阳能板加蓄电池供电，无需接入市电",
            "通过4G或LoRaWAN上报满溢状态和投放门开启情况",
        ],
    },
    # Digital forms.
    "Low-code Government Forms Builder": {
        "noun": "低代码政务表单平台",
        "unit": "",
        "summary": "拖拽式搭建表单和审批流程，可同时发布至网页端和{app}。",
        "bullets": [
            "{fields}种以上字段类型，支持条件逻辑、计算和校验",
            "一次设计，同时发布到网页端和{app}",
            "支持{eid}登录、电子签名和电子印章",
        ],
    },
    "On-premise Digital Forms Platform": {
        "noun": "电子表单平台私有化部署版",
        "unit": "",
        "summary": "私有化部署的表单与流程引擎，支持身份证OCR识别自动预填。",
        "bullets": [
            "支持x86或ARM服务器，适配主流Linux操作系统和数据库",
            "OCR识别身份证和营业执照，自动预填表单",
            "表单版本管理、审计日志和批量数据导出",
        ],
    },
    "Document OCR and Pre-fill Service": {
        "noun": "证照识别与表单预填服务",
        "unit": "",
        "summary": "自动识别身份证和营业执照，并预填网上申报表单。",
        "bullets": [
            "识别身份证、护照、营业执照和不动产权证书",
            "印刷体证照字段识别准确率高于{acc}%",
            "通过JavaScript SDK在网页端和{app}中预填表单",
        ],
    },
    # Citizen service.
    "Citizen Service App": {
        "noun": "掌上城市服务平台",
        "unit": "",
        "summary": "通过{app}和网页提供城市服务，支持{eid}登录和办件进度查询。",
        "bullets": [
            "100多个服务模板，涵盖许可审批、社会福利、水电气缴费等",
            "{eid}登录，敏感事项办理加验人脸识别",
            "在线预约、取号排队和办件进度实时查询",
        ],
    },
    "Citizen Hotline Case Management System": {
        "noun": "市民热线工单系统",
        "unit": "",
        "summary": "面向{hotline}的全渠道工单管理系统，支持AI智能分派和办理时限管理。",
        "bullets": [
            "电话、网页在线咨询、{chat}和电子邮件统一进入工单队列",
            "AI自动分类，推荐承办部门",
            "办理时限计时、超时升级和满意度回访",
        ],
    },
    "AI Government Service Assistant": {
        "noun": "政务智能问答助手",
        "unit": "",
        "summary": "依据本地办事指南，以{lang}解答政策咨询的智能助手。",
        "bullets": [
            "支持以{lang}问答，并注明所依据的办事指南",
            "基于本地办事指南训练，随政策调整同步更新",
            "可转接人工坐席，并同步完整对话记录",
        ],
    },
    # Email.
    "Enterprise Email Service": {
        "noun": "企业邮箱",
        "unit": "",
        "summary": "企业邮箱服务，每用户{gb} GB空间，多层反垃圾防护，支持免费迁移。",
        "bullets": [
            "每用户{gb} GB邮箱空间，另提供超大附件链接，单个附件最大2 GB",
            "多层反垃圾、反钓鱼防护，垃圾邮件拦截率{spam}%",
            "支持从现有邮件服务器免费IMAP迁移，配专属工程师",
        ],
    },
    "Secure Email Gateway": {
        "noun": "邮件安全网关",
        "unit": "",
        "summary": "适用于各类邮件服务器的云邮件安全网关，提供沙箱检测和DLP规则。",
        "bullets": [
            "只需修改MX记录，即可部署在任意邮件服务器前端",
            "附件沙箱检测，URL改写并在点击时实时检测",
            "针对身份证号、银行卡号和密级标识的DLP规则",
        ],
    },
    "Email Archiving Service": {
        "noun": "邮件归档服务",
        "unit": "",
        "summary": "防篡改邮件归档服务，可保存{yrs}年，支持电子取证检索。",
        "bullets": [
            "所有收发邮件自动存入防篡改归档库",
            "保存策略最长{yrs}年，支持诉讼保全",
            "电子取证检索，数百万封邮件秒级查询",
        ],
    },
    # Video conferencing.
    "Cloud Video Meeting Service": {
        "noun": "云视频会议服务",
        "unit": "",
        "summary": "云视频会议服务，单场最多{people:,}人参会，1080p高清画质，"
        "提供SIP/H.323网关。",
        "bullets": [
            "单场会议最多{people:,}人参会，1080p视频，支持双屏共享",
            "SIP/H.323网关，可接入现有会议室终端",
            "实时字幕和10种语言翻译",
        ],
    },
    "Meeting Room Video Bar": {
        "noun": "会议室视频一体机",
        "unit": "视频一体机",
        "summary": "4K视频会议一体机，支持自动取景，内置{mics}麦克风阵列。",
        "bullets": [
            "4K摄像头，5倍数字变焦，支持自动取景和发言人跟踪",
            "{mics}麦克风波束成形阵列，拾音距离达6 m",
            "支持SIP和H.323呼叫，也可通过WebRTC从浏览器入会",
        ],
    },
    "Private Video Conferencing Platform": {
        "noun": "私有化视频会议平台",
        "unit": "",
        "summary": "媒体服务器部署在客户自有数据中心的视频会议平台。",
        "bullets": [
            "媒体服务器本地部署，仅授权信息与云端交互",
            "级联会议最多支持{people:,}人参会",
            "与SIP和H.323会议室终端互联互通",
        ],
    },
    # Point of sale.
    "Android Smart POS Terminal": {
        "noun": "安卓智能收银机",
        "unit": "收银机",
        "summary": "{screen}英寸双屏安卓收银机，内置打印机、扫码器和支付模块。",
        "bullets": [
            "{screen}英寸触摸主屏，另配10.1英寸客显屏",
            "内置80 mm热敏打印机、二维扫码头和钱箱接口",
            "库存、会员和促销活动多门店同步",
        ],
    },
    "Cloud POS Software": {
        "noun": "云收银系统",
        "unit": "",
        "summary": "多门店收银管理后台，涵盖销售、库存、会员和促销管理。",
        "bullets": [
            "销售、库存、采购和会员统一在一个后台管理",
            "支持安卓和Windows收银机、平板及手持终端",
            "通过持牌收单机构受理{pay}",
        ],
    },
    "Handheld Payment Terminal": {
        "noun": "手持智能POS机",
        "unit": "手持终端",
        "summary": "集NFC、扫码和打印于一体的安卓手持终端，适合餐桌边买单。",
        "bullets": [
            "5.5英寸屏幕，58 mm打印机，支持NFC和二维码扫描",
            "银行卡受理通过EMV和PCI PTS认证",
            "聚合收单，支持{pay}；{mah} mAh电池满足整班使用",
        ],
    },
    # Self-checkout.
    "Self-checkout Kiosk": {
        "noun": "自助收银机",
        "unit": "自助收银机",
        "summary": "具备称重校验和AI防损的自助收银机，每单结算约{secs}秒。",
        "bullets": [
            "21.5英寸触摸屏，支持条码和RFID扫描",
            "装袋区称重校验，配AI摄像头防损",
            "支持{pay}",
        ],
    },
    "Scan-and-go Checkout App": {
        "noun": "扫码购自助结算",
        "unit": "",
        "summary": "顾客在{app}中扫码付款，出口扫码核验并随机抽检。",
        "bullets": [
            "顾客在{app}中自助扫码、付款",
            "出口二维码核验，按风险等级随机抽检",
            "自动享受会员价和优惠券",
        ],
    },
    "AI Vision Checkout Station": {
        "noun": "AI视觉自助结算台",
        "unit": "结算台",
        "summary": "面向烘焙店和食堂的视觉结算台，整盘商品一次识别。",
        "bullets": [
            "一秒内识别托盘上的全部商品",
            "可学习多达{items:,}种商品，新品几分钟即可完成训练",
            "支持员工卡，也支持{pay}",
        ],
    },
    # E-learning.
    "Corporate Learning Platform": {
        "noun": "企业在线学习平台",
        "unit": "",
        "summary": "提供课程、考试和学习路径，直播课堂最多支持{people:,}名学员"
        "同时在线。",
        "bullets": [
            "课程、考试、证书及按岗位定制的学习路径",
            "支持导入SCORM 1.2/2004和xAPI课件",
            "支持原生App和{app}移动学习",
        ],
    },
    "Professional Skills Course Library": {
        "noun": "职业技能课程库",
        "unit": "",
        "summary": "{courses:,}门管理、IT、财务和安全类视频课程，以{lang}授课。",
        "bullets": [
            "{courses:,}门课程，涵盖管理、IT、财务和安全",
            "以{lang}授课，配字幕和文字稿",
            "可独立使用，也可嵌入任何符合SCORM标准的LMS",
        ],
    },
    "On-premise Learning Management System": {
        "noun": "学习管理系统私有化部署版",
        "unit": "",
        "summary": "私有化部署的学习管理系统，支持考试、认证和HR系统集成。",
        "bullets": [
            "部署在客户服务器或私有云上",
            "在线考试支持监考抓拍，内置题库管理",
            "与HR系统同步组织架构和岗位信息",
        ],
    },
    # Simulation training.
    "VR Safety Training Kit": {
        "noun": "VR安全培训套件",
        "unit": "VR头显套件",
        "summary": "一体式VR头显套件，内置{scen}个安全培训场景，配讲师控制台。",
        "bullets": [
            "一体式4K VR头显，配6DoF手柄",
            "{scen}个场景：高处作业、电气安全、火灾疏散等",
            "讲师控制台可同时监控最多{seats}台头显",
        ],
    },
    "Emergency Command Drill Simulator": {
        "noun": "应急指挥演练仿真系统",
        "unit": "",
        "summary": "基于本地城区三维数字孪生开展指挥部推演。",
        "bullets": [
            "本地城区及重点建筑三维数字孪生",
            "预置洪涝、火灾、危化品泄漏和人群聚集等脚本化场景",
            "最多{seats}个角色扮演席位，支持无线电和电话模拟",
        ],
    },
    "Industrial Operations Simulator": {
        "noun": "工业操作仿真培训系统",
        "unit": "",
        "summary": "基于浏览器的变电站、水厂和化工装置操作仿真培训。",
        "bullets": [
            "变电站、水厂和化工装置的高保真模型",
            "{scen}个故障场景，联锁逻辑贴近真实",
            "在浏览器中运行，学员无需本地安装",
        ],
    },
    # Object storage.
    "S3-compatible Object Storage Service": {
        "noun": "S3兼容对象存储服务",
        "unit": "",
        "summary": "兼容S3的对象存储服务，提供归档存储、对象锁定"
        "和{zones}个可用区冗余。",
        "bullets": [
            "兼容S3 API，现有SDK和备份工具可直接使用",
            "跨{zones}个可用区纠删码冗余",
            "标准、低频和归档三种存储类型，支持生命周期规则",
        ],
    },
    "Distributed Object Storage Appliance": {
        "noun": "分布式对象存储一体机",
        "unit": "存储节点",
        "summary": "4U存储节点，裸容量{tb} TB，单一S3命名空间可扩展至{nodes}个节点。",
        "bullets": [
            "每个4U节点裸容量{tb} TB，配NVMe元数据缓存",
            "横向扩展至{nodes}个节点，共享同一命名空间",
            "S3 API，支持多站点复制和对象锁定",
        ],
    },
    "Software-defined Object Storage Platform": {
        "noun": "软件定义对象存储平台",
        "unit": "",
        "summary": "按节点授权的存储软件，可将标准服务器组建为兼容S3的存储集群。",
        "bullets": [
            "运行于标准x86或ARM服务器",
            "同一份数据支持S3、NFS和HDFS访问",
            "可扩展至{nodes}个节点、数十亿个对象",
        ],
    },
    # Backup.
    "Cloud Server Backup Service": {
        "noun": "服务器云备份服务",
        "unit": "",
        "summary": "面向服务器、虚拟机和数据库的备份服务，提供不可篡改副本和快速恢复。",
        "bullets": [
            "支持Windows、Linux、VMware及常见数据库备份",
            "永久增量备份，块级重复数据删除",
            "不可篡改副本，勒索软件无法删除",
        ],
    },
    "Backup and Recovery Appliance": {
        "noun": "备份恢复一体机",
        "unit": "一体机",
        "summary": "可用容量{tb} TB的备份一体机，支持重复数据删除并可分层至S3存储。",
        "bullets": [
            "可用容量{tb} TB，重删后逻辑容量最高1.2 PB",
            "保护物理服务器、虚拟机、数据库和NAS共享",
            "较早的备份副本可分层至任意兼容S3的对象存储",
        ],
    },
    "Email and Collaboration Backup Service": {
        "noun": "邮件与协同办公备份服务",
        "unit": "",
        "summary": "每日备份邮箱、日历和共享文件，支持按时间点恢复。",
        "bullets": [
            "备份邮箱、日历、联系人和共享网盘",
            "可按时间点恢复单个条目或整个账号",
            "存储空间不限，保留期{days}天或永久保留",
        ],
    },
    # Endpoint security.
    "Endpoint Protection Platform": {
        "noun": "终端安全管理系统",
        "unit": "",
        "summary": "新一代防病毒与EDR平台，支持勒索软件回滚和一键隔离。",
        "bullets": [
            "基于行为检测的防病毒，支持勒索软件回滚",
            "EDR进程树、威胁狩猎和一键隔离",
            "外设管控、补丁管理和资产清点",
        ],
    },
    "Managed Detection and Response Service": {
        "noun": "托管检测与响应服务",
        "unit": "",
        "summary": "7×24小时安全监测服务，威胁确认后{mins}分钟内即可遏制。",
        "bullets": [
            "安全分析师7×24小时监测终端告警",
            "威胁确认后{mins}分钟内启动遏制处置",
            "每月提供威胁狩猎报告和管理层摘要",
        ],
    },
    "On-premise Endpoint Security Suite": {
        "noun": "终端安全管理系统私有化部署版",
        "unit": "",
        "summary": "管理控制台本地部署的终端防护套件，适用于隔离网络。",
        "bullets": [
            "管理控制台本地部署，不依赖云端",
            "物理隔离网络可离线更新病毒库和规则",
            "USB及外设管控，附审批流程",
        ],
    },
    # Identity and access.
    "Cloud Identity and Single Sign-on Service": {
        "noun": "身份认证与单点登录云服务",
        "unit": "",
        "summary": "预集成{apps:,}款应用的单点登录服务，支持多因素认证和用户自动开通。",
        "bullets": [
            "基于SAML 2.0和OpenID Connect，可单点登录{apps:,}款应用",
            "多因素认证支持App推送、TOTP动态口令、短信验证码和FIDO2安全密钥",
            "与AD/LDAP和HR系统同步用户全生命周期",
        ],
    },
    "Privileged Access Management Suite": {
        "noun": "特权账号管理系统",
        "unit": "",
        "summary": "集密码保险箱与堡垒机于一体，对每一次管理员会话全程录像。",
        "bullets": [
            "密码保险箱，自动定期改密",
            "代理SSH、RDP和数据库会话，全程审计录像",
            "高危操作命令过滤和双人复核审批",
        ],
    },
    "Digital Identity Verification Service": {
        "noun": "数字身份核验服务",
        "unit": "",
        "summary": "远程身份核验服务，支持证件OCR、活体检测和{eid}核验。",
        "bullets": [
            "身份证、护照和居留许可证件OCR识别",
            "静默活体检测与人脸比对",
            "在合规前提下对接权威数据源进行{eid}核验",
        ],
    },
}

# --------------------------------------------------------------------------------------
# Plans: service plan names from the pricing lines, and the names of the plan builders.

SERVICES: dict[str, str] = {
    "Air quality platform": "空气质量监测平台",
    "Alerting platform": "预警发布平台",
    "Algorithm licence": "算法授权",
    "Car park cloud": "停车场云平台",
    "Cloud device management": "设备云管理",
    "Command-centre service": "指挥中心接入服务",
    "Content licence": "培训内容授权",
    "Detector data service": "检测数据服务",
    "Fill-level platform": "满溢监测平台",
    "Gateway management": "网关管理服务",
    "Kiosk software": "自助收银软件",
    "Lighting CMS": "路灯集中管理平台",
    "Monitoring platform": "监测平台",
    "Occupancy platform": "车位状态平台",
    "POS software": "收银软件",
    "Pole management": "灯杆管理平台",
    "Recognition service": "商品识别服务",
    "Remote management": "远程管理服务",
    "Room service": "会议室云服务",
    "Signal cloud": "信控云平台",
    "Telemetry platform": "遥测数据平台",
    "Terminal management": "终端管理服务",
    "Water quality platform": "水质监测平台",
}

PLANS: dict[str, str] = {
    "Standard": "标准版",
    "Professional": "专业版",
    "Enterprise": "企业版",
    "{unit} hardware": "{unit}硬件",
    "Annual support and updates": "年度维保与软件更新",
    "{name}, annual": "{name}（包年）",
    "Site licence, up to {cap:,} devices": "站点授权（不超过{cap:,}台设备）",
    "Perpetual licence": "永久授权",
    "Annual support and upgrades": "年度维保与版本升级",
    "Subscription licence with support": "订阅授权（含技术支持）",
    "500 TB": "500 TB容量包",
    "{size} TB": "{size} TB容量包",
}

# --------------------------------------------------------------------------------------
# Text shared by every listing.

INTROS: tuple[str, ...] = (
    "{vendor}面向{audience}推出{short}。",
    "{short}专为{audience}打造，由{vendor}研发并提供技术支持。",
    "{short}由{vendor}设计，紧贴{audience}的日常工作需要。",
)
AVAILABILITY: tuple[str, ...] = (
    "产品在{regions}销售并提供技术支持。",
    "可在{regions}提供交付与技术支持服务。",
    "{vendor}及其认证合作伙伴可在{regions}提供交付服务。",
)
CLOSINGS: dict[str, tuple[str, ...]] = {
    "hardware_plus_saas": (
        "设备出厂前已完成预配置，通电即可自动接入{brand}管理平台。",
        "硬件提供{warranty}年质保；平台订阅包含固件升级、告警服务以及开放的"
        "REST和MQTT接口。",
        "由经过认证的本地合作伙伴负责现场勘查和安装，平台向运营中心开放API接口。",
    ),
    "saas": (
        "服务采用多租户架构，数据存储于{residency}；包年方案含上线实施和管理员培训。",
        "新租户一天内即可上线，数据存储于{residency}，每日加密备份。",
        "所有方案均包含版本升级、数据备份和标准技术支持；客户数据始终保存在"
        "{residency}。",
    ),
    "on_premise": (
        "交付内容包括安装部署、联调测试和现场培训；年度维保涵盖补丁、版本升级"
        "和备件更换。",
        "整套系统运行在客户自有数据中心内，不依赖任何公有云。",
    ),
    "hybrid": (
        "即使广域网链路中断，边缘组件仍可持续运行；管理、升级和报表功能在云端完成。",
        "录像和个人信息均保留在本地，仅授权和运行状态信息上传至云端。",
    ),
}
SUPPORT: dict[str, str] = {
    "24x7": "提供7×24小时电话、工单和远程技术支持。",
    "extended": "每天08:00至22:00（当地时间）提供技术支持。",
    "business_hours": "工作时间内提供技术支持，远程协助最迟于下一个工作日响应。",
}
HEADINGS: dict[str, str] = {
    "Key specifications": "主要技术参数",
    "Highlights": "产品亮点",
}

# --------------------------------------------------------------------------------------
# Locale details.

REGIONS: dict[str, str] = {
    "CN": "中国大陆",
    "HK": "中国香港",
    "MO": "中国澳门",
    "SG": "新加坡",
    "MY": "马来西亚",
    "TH": "泰国",
    "ID": "印度尼西亚",
    "VN": "越南",
    "PH": "菲律宾",
    "JP": "日本",
    "KR": "韩国",
    "AU": "澳大利亚",
    "DE": "德国",
    "NL": "荷兰",
    "FR": "法国",
    "GB": "英国",
    "AE": "阿联酋",
    "SA": "沙特阿拉伯",
    "QA": "卡塔尔",
}
CITIES: dict[str, str] = {
    "Shenzhen": "深圳",
    "Hangzhou": "杭州",
    "Suzhou": "苏州",
    "Chengdu": "成都",
    "Wuhan": "武汉",
    "Xi'an": "西安",
    "Nanjing": "南京",
    "Hefei": "合肥",
    "Xiamen": "厦门",
    "Qingdao": "青岛",
    "Changsha": "长沙",
    "Foshan": "佛山",
    "Ningbo": "宁波",
    "Zhengzhou": "郑州",
    "Dongguan": "东莞",
    "Jinan": "济南",
    "Hong Kong": "香港",
    "Macao": "澳门",
    "Singapore": "新加坡",
    "Kuala Lumpur": "吉隆坡",
    "Penang": "槟城",
    "Johor Bahru": "新山",
    "Kuching": "古晋",
    "Bangkok": "曼谷",
    "Chiang Mai": "清迈",
    "Khon Kaen": "孔敬",
    "Jakarta": "雅加达",
    "Surabaya": "泗水",
    "Bandung": "万隆",
    "Ho Chi Minh City": "胡志明市",
    "Hanoi": "河内",
    "Da Nang": "岘港",
    "Manila": "马尼拉",
    "Cebu City": "宿务市",
    "Davao": "达沃",
    "Yokohama": "横滨",
    "Osaka": "大阪",
    "Fukuoka": "福冈",
    "Sapporo": "札幌",
    "Sendai": "仙台",
    "Busan": "釜山",
    "Incheon": "仁川",
    "Daejeon": "大田",
    "Sejong": "世宗",
    "Melbourne": "墨尔本",
    "Brisbane": "布里斯班",
    "Hamburg": "汉堡",
    "Munich": "慕尼黑",
    "Cologne": "科隆",
    "Leipzig": "莱比锡",
    "Rotterdam": "鹿特丹",
    "Utrecht": "乌得勒支",
    "Eindhoven": "埃因霍温",
    "Amsterdam": "阿姆斯特丹",
    "Lyon": "里昂",
    "Bordeaux": "波尔多",
    "Nantes": "南特",
    "Manchester": "曼彻斯特",
    "Bristol": "布里斯托尔",
    "Leeds": "利兹",
    "Glasgow": "格拉斯哥",
    "Dubai": "迪拜",
    "Abu Dhabi": "阿布扎比",
    "Sharjah": "沙迦",
    "Riyadh": "利雅得",
    "Jeddah": "吉达",
    "Doha": "多哈",
}
ORGS: list[str] = [
    "某区域性银行",
    "某省级医院集团",
    "某高校",
    "某物流企业",
    "某电力公司",
    "某连锁超市",
    "某汽车零部件供应商",
    "某港口运营商",
    "某保险集团",
    "某市人民政府",
]
PAY: dict[str, str] = {
    "CN": "微信支付、支付宝和银联",
    "HK": "八达通、转数快、二维码钱包和银行卡",
    "SG": "PayNow、NETS和银行卡",
    "MY": "DuitNow QR、电子钱包和银行卡",
    "JP": "二维码钱包、交通IC卡和信用卡",
    "KR": "手机钱包和银行卡",
    "": "非接触式银行卡和手机钱包",
}
EID: dict[str, str] = {
    "CN": "电子身份证",
    "HK": "智方便",
    "SG": "Singpass",
    "MY": "MyDigital ID",
    "JP": "个人编号卡",
    "NL": "DigiD",
    "AE": "UAE Pass",
    "": "国家数字身份",
}
LANGUAGES: dict[str, str] = {
    "CN": "普通话和英语",
    "HK": "粤语、普通话和英语",
    "SG": "英语、华语和马来语",
    "MY": "马来语、英语和华语",
    "JP": "日语和英语",
    "KR": "韩语和英语",
    "DE": "德语和英语",
    "NL": "荷兰语和英语",
    "AE": "阿拉伯语和英语",
    "": "英语及其他主要语言",
}
HOTLINES: dict[str, str] = {
    "CN": "12345政务服务便民热线",
    "HK": "1823政府热线",
    "": "城市热线服务中心",
}
APP: dict[str, str] = {"CN": "微信小程序", "": "手机App"}
CHAT: dict[str, str] = {"CN": "微信消息", "": "即时通讯应用"}
LIST_SEPARATOR = "、"
LIST_LAST = "和"


# --------------------------------------------------------------------------------------
# Self-check: python -m marketplace.demo.catalog_text_zh_hans


def _check(condition: object, message: str) -> None:
    if not condition:
        raise AssertionError(message)


def _fields(text: str, where: str) -> set[tuple[str, str]]:
    """The (name, format spec) pairs of a template; no literal braces allowed."""
    import string

    fields: set[tuple[str, str]] = set()
    try:
        parsed = list(string.Formatter().parse(text))
    except ValueError as error:
        raise AssertionError(f"{where}: {error}") from error
    for literal, name, spec, _ in parsed:
        _check("{" not in literal and "}" not in literal, f"{where}: literal brace")
        if name is not None:
            fields.add((name, spec or ""))
    return fields


def _same_fields(english: str, local: str, where: str) -> None:
    _check(local.strip(), f"{where}: empty")
    _check(
        _fields(english, where) == _fields(local, where),
        f"{where}: placeholders differ: {english!r} / {local!r}",
    )


def _self_check() -> None:
    import re

    from marketplace.demo import catalog_data as en

    slugs = {top["slug"] for top in en.CATEGORIES} | {
        child["slug"] for top in en.CATEGORIES for child in top["children"]
    }
    _check(set(CATEGORIES) == slugs and len(slugs) == 33, "category slugs")
    for slug, (name, description) in CATEGORIES.items():
        _same_fields("", name, f"category {slug} name")
        _same_fields("", description, f"category {slug} description")

    templates = en._TEMPLATES
    for mapping, label in ((AUDIENCES, "AUDIENCES"), (SCALES, "SCALES")):
        _check(set(mapping) == set(templates), f"{label}: child categories")
    _check(set(SPECS) == set(templates), "SPECS: child categories")
    english_nouns: set[str] = set()
    for slug, template in templates.items():
        _same_fields("", AUDIENCES[slug], f"audience {slug}")
        _same_fields(template["scale"], SCALES[slug], f"scale {slug}")
        specs = SPECS[slug]
        _check(list(specs) == list(template["specs"]), f"{slug}: spec keys")
        for key, values in template["specs"].items():
            local = specs[key]
            _check(len(local) == len(values), f"{slug}.{key}: length")
            for value, mine in zip(values, local, strict=True):
                where = f"{slug}.{key}"
                if isinstance(value, int):
                    _check(type(mine) is int and mine == value, f"{where}: {mine!r}")
                else:
                    _check(isinstance(mine, str), f"{where}: {mine!r}")
                    _same_fields(value, mine, where)
        for variant in template["variants"]:
            noun = variant["noun"]
            english_nouns.add(noun)
            _check(noun in PRODUCTS, f"product missing: {noun}")
            product = PRODUCTS[noun]
            _check(
                set(product) == {"noun", "unit", "summary", "bullets"}, f"{noun}: keys"
            )
            _same_fields(noun, product["noun"], f"{noun}: noun")
            if variant["unit"]:
                _same_fields(variant["unit"], product["unit"], f"{noun}: unit")
            else:
                _check(product["unit"] == "", f"{noun}: unit should be empty")
            summary = product["summary"]
            _same_fields(variant["summary"], summary, f"{noun}: summary")
            _check(
                summary.endswith("。") and summary.count("。") == 1,
                f"{noun}: summary must be one sentence ending with 。",
            )
            bullets = product["bullets"]
            _check(len(bullets) == len(variant["bullets"]), f"{noun}: bullet count")
            for index, (english, mine) in enumerate(
                zip(variant["bullets"], bullets, strict=True)
            ):
                where = f"{noun}: bullet {index + 1}"
                prefixed = english.startswith("CN:")
                _check(mine.startswith("CN:") == prefixed, f"{where}: CN: prefix")
                _same_fields(english, mine.removeprefix("CN:"), where)
    _check(set(PRODUCTS) == english_nouns, "no extra product templates")

    services = {
        variant["service"][0]
        for template in templates.values()
        for variant in template["variants"]
        if variant["service"]
    }
    _check(set(SERVICES) == services, "SERVICES: every service plan name")
    for english, mine in SERVICES.items():
        _same_fields(english, mine, f"service {english}")
    for english, mine in PLANS.items():
        _same_fields(english, mine, f"plan {english}")
    # Every plan name the builders produce comes from one of the PLANS templates.
    units = {
        variant["unit"]
        for template in templates.values()
        for variant in template["variants"]
    }
    patterns = []
    for english in PLANS:
        pattern = re.escape(english)
        for name, spec in _fields(english, english):
            field = re.escape("{" + name + (":" + spec if spec else "") + "}")
            pattern = pattern.replace(field, f"(?P<{name}>.+)")
        patterns.append(re.compile(pattern))
    for listing in en.build_catalog():
        for plan in listing["plans"]:
            if plan["name"] in services:  # a monthly platform plan
                continue
            found = [p.fullmatch(plan["name"]) for p in patterns]
            matches = [m for m in found if m]
            _check(matches, f"plan name not covered: {plan['name']!r}")
            for match in matches:
                values = match.groupdict()
                if "unit" in values:
                    _check(values["unit"] in units, f"{plan['name']}: unit")
                if "name" in values:
                    _check(values["name"] in services, f"{plan['name']}: service")

    _check(len(INTROS) == len(en._INTROS), "INTROS length")
    for english, mine in zip(en._INTROS, INTROS, strict=True):
        _same_fields(english, mine, f"intro {english}")
    _check(len(AVAILABILITY) == len(en._AVAILABILITY), "AVAILABILITY length")
    for english, mine in zip(en._AVAILABILITY, AVAILABILITY, strict=True):
        _same_fields(english, mine, f"availability {english}")
    _check(set(CLOSINGS) == set(en._CLOSINGS), "CLOSINGS keys")
    for key, closings in en._CLOSINGS.items():
        _check(len(CLOSINGS[key]) == len(closings), f"CLOSINGS[{key}] length")
        for english, mine in zip(closings, CLOSINGS[key], strict=True):
            _same_fields(english, mine, f"closing {key}")
    _check(set(SUPPORT) == set(en._SUPPORT), "SUPPORT keys")
    for key, english in en._SUPPORT.items():
        _same_fields(english, SUPPORT[key], f"support {key}")
    _check(set(HEADINGS) == {"Key specifications", "Highlights"}, "HEADINGS keys")
    for english, mine in HEADINGS.items():
        _same_fields(english, mine, f"heading {english}")

    _check(set(REGIONS) == set(en._REGION_NAMES), "REGIONS: every region code")
    cities = {city for names in en._CITIES.values() for city in names}
    _check(set(CITIES) == cities, "CITIES: every city")
    _check(len(ORGS) == len(en._ORGS), "ORGS length")
    for table, english in (
        (PAY, en._PAY),
        (EID, en._EID),
        (LANGUAGES, en._LANGUAGES),
        (HOTLINES, en._HOTLINES),
        (APP, {"CN": ""}),
        (CHAT, {"CN": ""}),
    ):
        _check(set(table) == set(english) | {""}, f"locale keys: {sorted(table)}")
    for table in (REGIONS, CITIES, PAY, EID, LANGUAGES, HOTLINES, APP, CHAT):
        for key, value in table.items():
            _same_fields("", value, f"locale {key}")
    for org in ORGS:
        _same_fields("", org, "org")
    _check(LIST_SEPARATOR == "、" and LIST_LAST == "和", "list joiners")
    _check(LANGUAGE == "zh-hans", "LANGUAGE")

    counts = {
        "categories": len(CATEGORIES),
        "products": len(PRODUCTS),
        "services": len(SERVICES),
        "plans": len(PLANS),
        "regions": len(REGIONS),
        "cities": len(CITIES),
    }
    print(", ".join(f"{key}: {value}" for key, value in counts.items()))
    print(f"{LANGUAGE}: self-check passed")


if __name__ == "__main__":
    _self_check()
