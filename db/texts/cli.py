"""The words of `python -m db`: backup and restore, export-ledger and import-ledger."""

# Backup and restore (db.io.backup, db.cli.backup).
BACKUP_DONE = "已备份到 {path}（{cases} 件案件）。"
RESTORE_DONE = "已从 {path} 恢复（{cases} 件案件），并迁移到最新版本。"
RESTORE_CONFIRM = "恢复会用备份覆盖当前数据库中的全部数据。请先停止应用，确认后加 --yes 重新执行。"
BACKUP_NOT_A_FILE = "当前数据库不是 SQLite 文件，无法按文件备份。"
BACKUP_NO_DATABASE = "数据库文件 {path} 不存在。"
BACKUP_NO_FILE = "备份文件 {path} 不存在。"
BACKUP_CORRUPT = "{path} 不是完好的 SQLite 数据库（完整性检查未通过），未做任何修改。"
BACKUP_NOT_OURS = "{path} 不是本系统的数据库备份，未做任何修改。"
BACKUP_NO_TOOL = "找不到 {tool}：请安装 PostgreSQL 客户端工具（Debian：postgresql-client）。"
BACKUP_TOOL_FAILED = "{tool} 执行失败，未做任何修改：{error}"
BACKUP_OS_ERROR = "备份或恢复失败（磁盘已满、无写权限或文件被占用？），未做任何修改：{error}"

# export-ledger.
CLI_EXPORTED = "已导出 {rows} 件案件到 {path}。"
CLI_UNKNOWN_USER = "用户 {username} 不存在或已停用。"
CLI_UNKNOWN_UNIT = "单位代码 {code} 不存在。"
CLI_BAD_DATE = "日期 {value} 无效，请写成 2026-05-21。"
CLI_CANNOT_WRITE = "无法写入 {path}：{error}"

# import-ledger.
IMP_CLI_NO_ADMIN = "系统中没有启用的系统管理员账号：命令行导入以第一位启用的系统管理员的身份进行。"
IMP_CLI_DRY_RUN = "试运行：未写入任何数据。"

__all__ = [name for name in dir() if name.isupper()]
