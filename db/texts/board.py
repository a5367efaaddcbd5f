"""The board (看板): one column per stage, the most urgent cases first."""

BOARD_MINE = "我的"
BOARD_COUNT = "共 {count} 件，显示最紧急的 {shown} 件"
BOARD_NO_DEADLINE = "待交办"
BOARD_OVERDUE_DAYS = "已超期 {days} 天"
BOARD_DAYS_LEFT = "剩 {days} 天"
BOARD_WAITING_FOLLOW_UP = "化解 {days} 天，待回访"
BOARD_NOBODY = "未定责任人"
BOARD_DIALOG = "办理"
BOARD_FINISHED = "{stage}：{count} 件"
# A move's short name on a card (the full one heads its dialog), by code.
BOARD_MOVE_SHORT = {
    "assign": "交办",
    "start": "调处",
    "refer": "移交",
    "escalate": "提级",
    "reopen": "重新调处",
    "revisit": "回头看",
    "recall": "转镇办理",
    "report_up": "上报",
    "take": "接收",
    "return": "退回",
}
BOARD_MORE = "显示更多（还有 {rest} 件）"
BOARD_MOVED = "{number}：{done}"
BOARD_CARD_GONE = "该案件已不在看板上（可能刚被他人处理），看板已刷新。"

__all__ = [name for name in dir() if name.isupper()]
