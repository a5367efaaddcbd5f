"""The true client address of a request, for sign-in throttling and the audit log.

The peer (whoever opened the connection) is the client, unless it is a trusted proxy
(DISPUTE_DESK_TRUSTED_PROXIES): then the client is the X-Forwarded-For entry that the last
trusted proxy added. Each proxy appends the address it was reached from, so the list is walked
from the right for as long as the hop is trusted; the first hop that is not is the client. What
lies left of it was written by the client itself and is never believed. X-Forwarded-For sent
by anyone who is not a trusted proxy is ignored altogether.

A pure function: the caller (components.session) reads the peer and the header from the request.
"""

import ipaddress
import re
from collections.abc import Iterable, Sequence

from db.core.settings import Network

UNKNOWN = "unknown"  # no peer known (no request, e.g. a test without a server)
MAX_LENGTH = 64  # the client column of the audit log and the sign-in failures
_KEPT = re.compile(r"[^0-9A-Za-z.:_\[\]-]")

Address = ipaddress.IPv4Address | ipaddress.IPv6Address


def _parsed(entry: str) -> Address | None:
    """An address written as `1.2.3.4`, `1.2.3.4:5678`, `2001:db8::1` or `[2001:db8::1]:443`."""
    text = entry.strip()
    if text.startswith("["):
        text = text[1:].split("]", 1)[0]
    elif text.count(":") == 1:
        text = text.split(":", 1)[0]
    try:
        address = ipaddress.ip_address(text)
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return address.ipv4_mapped
    return address


def _shown(entry: str) -> str:
    """An address as stored: normalised when it is one, else the entry's harmless characters."""
    address = _parsed(entry)
    if address is not None:
        return str(address)
    return _KEPT.sub("", entry)[:MAX_LENGTH] or UNKNOWN


def _trusted(entry: str, trusted: Sequence[Network]) -> bool:
    address = _parsed(entry)
    return address is not None and any(address in network for network in trusted)


def client_address(
    peer: str | None, forwarded_for: str | Iterable[str] | None, trusted: Sequence[Network]
) -> str:
    """The client's address: `peer` unless it is a trusted proxy, then the right-most entry of
    `forwarded_for` (one header value, or all of them in order) that is not a trusted proxy
    (the left-most when all are). None or "" as the peer: UNKNOWN."""
    if not peer:
        return UNKNOWN
    if isinstance(forwarded_for, str):
        forwarded_for = [forwarded_for]
    hops = [h.strip() for value in forwarded_for or () for h in value.split(",") if h.strip()]
    hop = peer
    while hops and _trusted(hop, trusted):
        hop = hops.pop()
    return _shown(hop)
