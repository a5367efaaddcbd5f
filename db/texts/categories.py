"""Words of the categories: the local ones an admin adds under an official 人民调解 category
(issue 20; db.cases.categories, 系统管理 → 分类)."""

CAT_TAB = "分类"
CAT_CAPTION = (
    "内置分类与本地分类。每个分类计入一个司法部人民调解统计分类（人民调解统计表按它计数），"
    "本地分类另归入一个内置分类（看板、台账筛选等其他统计按它计数）。内置分类不可修改；"
    "已有案件使用的本地分类只能停用，不能删除。"
)
CAT_COLUMNS = {
    "name": "分类",
    "kind": "类型",
    "official": "人民调解统计分类",
    "base": "归入内置分类",
    "state": "状态",
    "cases": "案件数",
}
CAT_SHOWN = "{name}（归入{base}）"  # a case's local category and its base
CAT_KIND_BUILTIN = "内置"
CAT_KIND_LOCAL = "本地"
CAT_ACTIVE = "在用"
CAT_INACTIVE = "已停用"
CAT_ADD = "新增本地分类"
CAT_NAME = "名称"
CAT_OFFICIAL = "人民调解统计分类"
CAT_BASE = "归入内置分类"
CAT_BASE_HELP = "看板、台账筛选和其他统计按此内置分类计数。"
CAT_SUBMIT = "新增分类"
CAT_ADDED = "已新增本地分类“{name}”。"
CAT_MANAGE = "停用或恢复本地分类"
CAT_PICK = "本地分类"
CAT_RETIRE = "停用/删除"
CAT_REACTIVATE = "恢复使用"
CAT_DELETED = "本地分类“{name}”没有案件使用，已删除。"
CAT_DEACTIVATED = "本地分类“{name}”已停用；已使用它的案件保留该分类。"
CAT_REACTIVATED = "本地分类“{name}”已恢复使用。"
CAT_NONE = "还没有本地分类。"
CAT_E_NAME_EMPTY = "请填写分类名称。"
CAT_E_NAME_ODD = "分类名称只能包含汉字、字母、数字、空格和常用分隔符（- / . ( ) · 、）。"
CAT_E_NAME_TAKEN = "已有在用的本地分类“{name}”。"
CAT_E_NAME_BUILTIN = "“{name}”是内置分类，不能再作本地分类。"
CAT_E_INACTIVE = "该本地分类不存在或已停用，请重新选择。"
CAT_E_NOT_RETIRED = "该本地分类不存在或仍在使用中。"
CAT_AUDIT_ADDED = "新增本地分类：{name}（人民调解统计：{official}；归入：{base}）"
CAT_AUDIT_DEACTIVATED = "停用本地分类：{name}（人民调解统计：{official}；归入：{base}）"
CAT_AUDIT_DELETED = "删除本地分类：{name}（人民调解统计：{official}；归入：{base}）"
CAT_AUDIT_REACTIVATED = "恢复本地分类：{name}（人民调解统计：{official}；归入：{base}）"

__all__ = [name for name in dir() if name.isupper()]
