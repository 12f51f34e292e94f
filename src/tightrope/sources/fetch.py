"""Fetching http(s) URLs without becoming a way into the local network.

Every hop (the URL and each redirect) is checked before anything is sent:
  * the scheme must be http or https;
  * the host is resolved and *every* address it resolves to must be a public unicast address
    (loopback, private, link-local, shared, reserved, multicast and unspecified ranges are
    refused unless `allow_private`), following the OWASP SSRF prevention cheat sheet;
  * the connection then goes to one of the addresses that were checked (the hostname is kept
    for the Host header and TLS SNI/certificate checks), so a DNS answer that changes between
    the check and the connection (DNS rebinding) cannot redirect it.
Redirects are followed by hand, at most `max_redirects`. The body is streamed and refused as
soon as it passes `max_bytes` (after content decoding, so a compressed bomb is caught too);
`timeout` bounds connecting and each read, `total_timeout` the whole exchange.
Environment proxies are ignored (`trust_env=False`): the checks are about where we connect.
"""
from __future__ import annotations

import ipaddress
import socket
import ssl
import time
from dataclasses import dataclass

import httpx

from tightrope.errors import SkippedItem
from tightrope.sources.base import ReadOptions

USER_AGENT = "tightrope/0.1 (+https://github.com/tightrope; news reader)"
REDIRECT_STATUSES = {301, 302, 303, 307, 308}
_CHUNK = 65536


@dataclass
class Fetched:
    url: str                  # the final URL, after redirects
    content_type: str         # media type, lower case, without parameters
    charset: str | None
    data: bytes


def address_problem(address: str) -> str | None:
    """Why `address` may not be fetched from ("a loopback address"), or None if it is public."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    for label, test in (("an unspecified", ip.is_unspecified), ("a loopback", ip.is_loopback),
                        ("a link-local", ip.is_link_local), ("a multicast", ip.is_multicast),
                        ("a private", ip.is_private), ("a reserved", ip.is_reserved)):
        if test:
            return f"{label} address"
    if not ip.is_global:  # shared address space (100.64/10) and other special ranges
        return "a non-public address"
    return None


def resolve(host: str, port: int, item: str) -> list[str]:
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError, OSError) as exc:
        raise SkippedItem(item, "network-error", f"cannot resolve {host!r}: {exc}") from None
    addresses: list[str] = []
    for family, _, _, _, sockaddr in infos:
        if family in (socket.AF_INET, socket.AF_INET6) and sockaddr[0] not in addresses:
            addresses.append(sockaddr[0])
    if not addresses:
        raise SkippedItem(item, "network-error", f"{host!r} has no IP address")
    return addresses


def _tls_failure(exc: BaseException) -> bool:
    seen = 0
    while exc is not None and seen < 8:
        if isinstance(exc, ssl.SSLError):
            return True
        exc = exc.__cause__ or exc.__context__
        seen += 1
    return False


class Fetcher:
    """GETs URLs under ReadOptions' limits. Use as a context manager, or call close()."""

    def __init__(self, options: ReadOptions) -> None:
        self.options = options
        # One client per (scheme, host, port): connections are pooled by the address we pin,
        # and a pooled TLS connection must never be reused for another hostname.
        self._clients: dict[tuple[str, str, int], httpx.Client] = {}

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        for client in self._clients.values():
            client.close()
        self._clients.clear()

    def _client(self, key: tuple[str, str, int]) -> httpx.Client:
        client = self._clients.get(key)
        if client is None:
            timeout = httpx.Timeout(self.options.timeout)
            verify: ssl.SSLContext | bool = True
            if self.options.ca_file:
                verify = ssl.create_default_context(cafile=self.options.ca_file)
            client = httpx.Client(timeout=timeout, follow_redirects=False, trust_env=False,
                                  verify=verify, headers={"User-Agent": USER_AGENT})
            self._clients[key] = client
        return client

    def get(self, url: str, item: str | None = None) -> Fetched:
        """The body of `url`, or SkippedItem naming `item` (default: the URL) and the reason."""
        item = item or url
        deadline = time.monotonic() + self.options.total_timeout
        current = url
        for _ in range(self.options.max_redirects + 1):
            if time.monotonic() > deadline:
                raise SkippedItem(item, "timeout", f"{url}: not complete within "
                                                   f"{self.options.total_timeout:g} s")
            response_url, status, location, fetched = self._one(current, item, deadline)
            if fetched is not None:
                return fetched
            if location is None:
                raise SkippedItem(item, "http-error", f"HTTP {status} redirect without a Location")
            try:
                current = str(httpx.URL(response_url).join(location))
            except (httpx.InvalidURL, ValueError, TypeError) as exc:
                raise SkippedItem(item, "bad-url", f"redirect to {location!r}: {exc}") from None
        raise SkippedItem(item, "too-many-redirects",
                          f"more than {self.options.max_redirects} redirects (last to {current})")

    def _target(self, url: str, item: str) -> tuple[httpx.URL, list[str]]:
        try:
            parsed = httpx.URL(url)
        except (httpx.InvalidURL, ValueError, TypeError) as exc:
            raise SkippedItem(item, "bad-url", f"{url!r}: {exc}") from None
        if parsed.scheme not in ("http", "https"):
            raise SkippedItem(item, "blocked-scheme",
                              f"{url!r}: only http and https URLs are fetched")
        host = parsed.raw_host.decode("ascii", "replace")
        if not host:
            raise SkippedItem(item, "bad-url", f"{url!r} has no host")
        port = parsed.port or (443 if parsed.scheme == "https" else 80)
        addresses = resolve(host, port, item)
        if not self.options.allow_private:
            for address in addresses:
                problem = address_problem(address)
                if problem:
                    hop = "" if url == item else f"redirect to {url}: "
                    raise SkippedItem(item, "blocked-address",
                                      f"{hop}{host} resolves to {address}, {problem} "
                                      "(use --allow-private to fetch it)")
        return parsed, addresses

    def _one(self, url: str, item: str, deadline: float
             ) -> tuple[str, int, str | None, Fetched | None]:
        """One request: (url, status, redirect location, body if not a redirect)."""
        parsed, addresses = self._target(url, item)
        host = parsed.raw_host.decode("ascii")
        port = parsed.port or (443 if parsed.scheme == "https" else 80)
        client = self._client((parsed.scheme, host, port))
        last_error: Exception | None = None
        for address in addresses:
            request = client.build_request(
                "GET", parsed.copy_with(host=address),
                headers={"Host": parsed.netloc.decode("ascii")},
                extensions={"sni_hostname": host} if parsed.scheme == "https" else None)
            try:
                response = client.send(request, stream=True)
            except httpx.ConnectError as exc:
                if _tls_failure(exc):
                    raise SkippedItem(item, "tls-error", f"{url}: {exc}") from None
                last_error = exc
                continue
            except httpx.TimeoutException:
                raise SkippedItem(item, "timeout", f"{url}: no answer within "
                                                   f"{self.options.timeout:g} s") from None
            except httpx.HTTPError as exc:
                raise SkippedItem(item, "network-error", f"{url}: {exc}") from None
            try:
                return self._response(url, response, item, deadline)
            finally:
                response.close()
        raise SkippedItem(item, "network-error", f"{url}: cannot connect: {last_error}")

    def _response(self, url: str, response: httpx.Response, item: str, deadline: float
                  ) -> tuple[str, int, str | None, Fetched | None]:
        status = response.status_code
        if status in REDIRECT_STATUSES:
            return url, status, response.headers.get("location"), None
        if status >= 400 or status < 200:
            raise SkippedItem(item, "http-error", f"{url}: HTTP {status} "
                                                  f"{response.reason_phrase}".rstrip())
        limit = self.options.max_bytes
        declared = response.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > limit:
            raise SkippedItem(item, "too-large", f"{url}: {int(declared)} bytes declared, "
                                                 f"limit {limit}")
        chunks: list[bytes] = []
        size = 0
        try:
            for chunk in response.iter_bytes(_CHUNK):
                size += len(chunk)
                if size > limit:
                    raise SkippedItem(item, "too-large", f"{url}: more than {limit} bytes")
                if time.monotonic() > deadline:
                    raise SkippedItem(item, "timeout", f"{url}: not complete within "
                                                       f"{self.options.total_timeout:g} s")
                chunks.append(chunk)
        except httpx.TimeoutException:
            raise SkippedItem(item, "timeout", f"{url}: stalled for more than "
                                               f"{self.options.timeout:g} s") from None
        except httpx.DecodingError as exc:
            raise SkippedItem(item, "undecodable", f"{url}: bad content encoding: {exc}") from None
        except httpx.HTTPError as exc:
            raise SkippedItem(item, "network-error", f"{url}: {exc}") from None
        content_type = response.headers.get("content-type", "")
        media_type, _, params = content_type.partition(";")
        charset = None
        for param in params.split(";"):
            key, _, value = param.strip().partition("=")
            if key.lower() == "charset" and value:
                charset = value.strip().strip("\"'").lower()
        return url, status, None, Fetched(url=url, content_type=media_type.strip().lower(),
                                          charset=charset, data=b"".join(chunks))
