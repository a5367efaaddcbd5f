"""The true client address (db.accounts.addresses): X-Forwarded-For counts only from a trusted
proxy, walked from the right while the hop is trusted; DISPUTE_DESK_TRUSTED_PROXIES lists the
proxies."""

import ipaddress

import pytest

from db import texts
from db.accounts.addresses import UNKNOWN, client_address
from db.core import settings
from db.core.settings import SettingsError, trusted_proxies

CLIENT, OTHER, PROXY, INNER = "198.51.100.4", "203.0.113.9", "10.0.0.2", "10.1.2.3"


def nets(*entries: str) -> tuple[settings.Network, ...]:
    return tuple(ipaddress.ip_network(e) for e in entries)


@pytest.mark.parametrize(
    ("peer", "forwarded", "trusted", "expected"),
    [
        # Nobody trusted (the default): the peer, whatever the header says.
        (CLIENT, None, (), CLIENT),
        (CLIENT, OTHER, (), CLIENT),
        (PROXY, f"{OTHER}, {CLIENT}", (), PROXY),
        # A client that is no trusted proxy cannot name itself someone else.
        (CLIENT, OTHER, nets(PROXY), CLIENT),
        (CLIENT, f"{PROXY}, {OTHER}", nets(PROXY), CLIENT),
        # From the trusted proxy: the entry it added (the right-most), not what the client wrote.
        (PROXY, CLIENT, nets(PROXY), CLIENT),
        (PROXY, f"{OTHER}, {CLIENT}", nets(PROXY), CLIENT),
        (PROXY, [OTHER, CLIENT], nets(PROXY), CLIENT),  # the header sent twice
        # Two proxies in a row (an outer one at INNER's network): walk while trusted.
        (PROXY, f"{OTHER}, {CLIENT}, {INNER}", nets(PROXY, "10.1.0.0/16"), CLIENT),
        (PROXY, f"{OTHER}, {CLIENT}, {INNER}", nets(PROXY), INNER),
        (PROXY, f"{CLIENT}, {INNER}", nets("10.0.0.0/8"), CLIENT),
        # Every hop trusted: the left-most. No header: the proxy itself.
        (PROXY, f"{INNER}, 10.0.0.9", nets("10.0.0.0/8"), INNER),
        (PROXY, None, nets(PROXY), PROXY),
        (PROXY, " , ", nets(PROXY), PROXY),
        # Ports, brackets, IPv6, IPv4 written as IPv6.
        (PROXY, f"{CLIENT}:51234", nets(PROXY), CLIENT),
        (PROXY, "[2001:db8::1]:443", nets(PROXY), "2001:db8::1"),
        (PROXY, "2001:DB8:0::1", nets(PROXY), "2001:db8::1"),
        ("::ffff:10.0.0.2", CLIENT, nets(PROXY), CLIENT),
        ("::1", CLIENT, nets("::1"), CLIENT),
        # Something that is no address, written by a trusted proxy: kept, harmlessly.
        (PROXY, "unknown", nets(PROXY), "unknown"),
        (PROXY, "<script>x", nets(PROXY), "scriptx"),
        (PROXY, "x" * 300, nets(PROXY), "x" * 64),
        # No peer at all.
        (None, CLIENT, nets(PROXY), UNKNOWN),
        ("", CLIENT, (), UNKNOWN),
    ],
)
def test_the_client_address(
    peer: str | None,
    forwarded: str | list[str] | None,
    trusted: tuple[settings.Network, ...],
    expected: str,
) -> None:
    assert client_address(peer, forwarded, trusted) == expected


def test_two_clients_behind_one_trusted_proxy_are_told_apart() -> None:
    trusted = nets(PROXY)
    assert client_address(PROXY, CLIENT, trusted) != client_address(PROXY, OTHER, trusted)
    # ...and are one client when the proxy is not trusted.
    assert client_address(PROXY, CLIENT, ()) == client_address(PROXY, OTHER, ()) == PROXY


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("", ()),
        ("  ", ()),
        ("10.0.0.2", nets("10.0.0.2/32")),
        (" 10.0.0.2 , 10.1.0.0/16,::1 ,", nets("10.0.0.2/32", "10.1.0.0/16", "::1/128")),
        ("10.1.2.3/16", nets("10.1.0.0/16")),  # host bits allowed: the network is meant
    ],
)
def test_the_trusted_proxies_setting(
    monkeypatch: pytest.MonkeyPatch, value: str, expected: tuple[settings.Network, ...]
) -> None:
    monkeypatch.setenv(settings.TRUSTED_PROXIES.name, value)
    assert trusted_proxies() == expected


@pytest.mark.parametrize("bad", ["proxy.example", "10.0.0.300", "10.0.0.0/33", "*"])
def test_a_trusted_proxy_that_is_no_address_is_refused_by_name(
    monkeypatch: pytest.MonkeyPatch, bad: str
) -> None:
    monkeypatch.setenv(settings.TRUSTED_PROXIES.name, f"10.0.0.2, {bad}")
    with pytest.raises(SettingsError) as refused:
        trusted_proxies()
    assert str(refused.value) == texts.E_SETTING_PROXIES.format(
        name="DISPUTE_DESK_TRUSTED_PROXIES", value=bad
    )
