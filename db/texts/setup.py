"""The words of setting up a county: the first admin (`python -m db init`), the world loaded,
and the unit tree in 系统管理."""

# The first county and admin (db.accounts.first_admin, `python -m db init`).
INIT_DEFAULT_COUNTY = "本县"
INIT_DEFAULT_CODE = "COUNTY"
INIT_ADMIN_NAME = "系统管理员"
INIT_DONE = "已建立 {county}（{code}）及首位系统管理员。"
INIT_ACCOUNT = "用户名：{username}　一次性密码：{password}（只显示这一次，首次登录须修改）"
INIT_RENAME_HINT = "县名与代码可在 系统管理 → 单位 中修改。"
INIT_ALREADY = "数据库已有单位，未做任何修改。"
INIT_AUDIT = "建立 {county}（{code}）及首位系统管理员 {username}"
INIT_BY = "python -m db init"
E_INIT_NOT_EMPTY = "数据库已有单位：只能在空数据库上建立首位系统管理员，未做任何修改。"
E_UNIT_CODE_FORMAT = "单位代码须为 2 至 32 个大写字母、数字或短横线，如 QSZ、QSZ01。"
E_UNIT_NAME_EMPTY = "单位名称不能为空，最多 100 字。"

# Which world is loaded (系统管理).
WORLD_DEMO = "当前数据：演示数据（{county}）"
WORLD_REAL = "当前数据：{county}"
WORLD_EMPTY = "当前数据：尚无单位"

__all__ = [name for name in dir() if name.isupper()]
