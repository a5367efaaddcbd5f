"""人民调解统计表: the official categories and the printable return by them
(db.figures.mediation_return, db.io.exports.mediation_return)."""

from db.enums import OfficialCategory as Official

# The Ministry of Justice's 人民调解 categories, in the statistics' order.
MR_OFFICIAL_NAMES = {
    Official.MARRIAGE_FAMILY: "婚姻家庭纠纷",
    Official.NEIGHBOUR: "邻里纠纷",
    Official.HOUSING_HOMESTEAD: "房屋宅基地纠纷",
    Official.CONTRACT: "合同纠纷",
    Official.BUSINESS: "生产经营纠纷",
    Official.DAMAGES: "损害赔偿纠纷",
    Official.FOREST_LAND: "山林土地纠纷",
    Official.VILLAGE_AFFAIRS: "村务管理纠纷",
    Official.LAND_REQUISITION: "征地拆迁纠纷",
    Official.ENVIRONMENT: "环境污染纠纷",
    Official.LABOUR: "劳动争议纠纷",
    Official.MEDICAL: "医疗纠纷",
    Official.PROPERTY_MGMT: "物业纠纷",
    Official.TRAFFIC: "交通事故纠纷",
    Official.CONSUMER: "消费纠纷",
    Official.OTHER: "其他纠纷",
}
MR_TITLE = "人民调解案件统计表"
MR_PERIOD = "统计期间：{start}至{end}"
MR_UNIT = "填报单位：{unit}"
MR_COLUMNS = (
    "纠纷类别",
    "调解案件数（件）",
    "调解成功（件）",
    "书面协议（件）",
    "口头协议（件）",
    "司法确认（件）",
    "涉及当事人（人）",
    "涉及金额（元）",
)
MR_TOTAL = "合计"
MR_SHEET = "人民调解统计表"
MR_DEFINITION = (
    "口径：统计期间内排查登记的纠纷（按排查日期），含下级单位；调解成功＝已化解或已销号；"
    "书面协议＝调解成功且签订书面调解协议，其余调解成功为口头协议；司法确认＝协议经人民法院司法确认。"
    "纠纷类别：内置分类按固定对应关系归入统计分类，本地分类按系统管理中设定的统计分类计。"
)
MR_AUDIT = "导出人民调解统计表：{unit}，{start}至{end}"
MR_FILE = "人民调解统计表_{unit}_{start}_{end}.xlsx"
# The dashboard's controls.
MR_HEADER = "人民调解统计表（按司法部统计分类）"
MR_MAKE = "生成统计表"
MR_KIND = "报表周期"
MR_KINDS = {"month": "月报", "quarter": "季报", "year": "年报"}
MR_YEAR = "年份"
MR_NUMBER = "月份/季度"

__all__ = [name for name in dir() if name.isupper()]
