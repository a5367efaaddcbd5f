"""The app's title, the names of its pages as the menu shows them, and the home page."""

APP_TITLE = "矛盾纠纷排查化解工作台"
SIGNED_IN_AS = "{name}（{role}，{unit}）"

PAGE_HOME = "首页"
PAGE_INTAKE = "受理登记"
PAGE_CASES = "纠纷台账"
PAGE_CASE = "案件详情"
PAGE_KANBAN = "看板"
PAGE_DASHBOARD = "领导看板"
PAGE_REPORTS = "每日报告"
PAGE_CAMPAIGNS = "专项活动"
PAGE_WEEKLY = "周研判"
PAGE_INSPECTIONS = "督查检查"
PAGE_RECTIFICATIONS = "整改任务"
PAGE_ADMIN = "系统管理"
PAGE_ACCOUNT = "我的账号"

# The home page: links to the pages (the desks' words are in db.texts.desk).
HOME_LINKS = {
    "intake": "受理登记 — 登记新发现的矛盾纠纷",
    "kanban": "看板 — 各阶段案件，最紧急的在前；交办、调处、化解、销号",
    "cases": "纠纷台账 — 查找、筛选本单位及下级单位的案件",
    "dashboard": "领导看板 — 化解率、趋势、层级和超期，实时刷新",
    "admin": "系统管理 — 用户、单位和审计日志",
    "account": "我的账号 — 修改密码",
}

__all__ = [name for name in dir() if name.isupper()]
