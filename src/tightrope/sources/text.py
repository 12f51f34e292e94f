"""Bytes to text: decoding with a fixed, documented order; binary detection; content sniffing;
and the plain text of an HTML fragment (feed summaries)."""
from __future__ import annotations

import codecs
import re
from html.parser import HTMLParser

from tightrope.errors import SkippedItem

# Characters that never occur in prose; a text made of many of them is a binary file that
# happened to decode (or one with a mangled encoding).
_CONTROL = re.compile("[\x00-\x08\x0e-\x1f\x7f]")
_MAX_CONTROL_SHARE = 0.01

_DECLARED_CHARSET = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)"""
    rb"""|<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9._:-]+)""",
    re.IGNORECASE)

_FEED_ROOT = re.compile(r"<(?:rss|feed|rdf:rdf)[\s>]", re.IGNORECASE)
_HTML_START = re.compile(r"<(?:!doctype\s+html|html|head|body|meta|title|article|div|p)[\s>/]",
                         re.IGNORECASE)


def declared_charset(data: bytes) -> str | None:
    """The charset an HTML `<meta>` or an XML declaration names in the first 2 KB, if any."""
    match = _DECLARED_CHARSET.search(data[:2048])
    if not match:
        return None
    return (match.group(1) or match.group(2)).decode("ascii").lower()


def decode(data: bytes, item: str, declared: str | None = None, wide: bool = True) -> str:
    """Decode `data`: a BOM wins (UTF-8/16/32); then UTF-8; then `declared` (an HTTP charset or a
    charset the document itself names). Anything else is reported as undecodable rather than
    guessed, because a wrong guess yields plausible-looking garbage that extraction would trust.
    `wide=False` (a line of a UTF-8 stream) ignores UTF-16/32 byte order marks.
    """
    encoding = None
    if wide and data.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        encoding = "utf-32"
    elif wide and data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encoding = "utf-16"
    elif b"\x00" in data:
        raise SkippedItem(item, "binary", "contains NUL bytes; not a text file")
    if encoding is None:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            declared = declared or declared_charset(data)
            text = _decode_declared(data, declared) if declared else None
            if text is None:
                raise SkippedItem(item, "undecodable",
                                  f"not valid UTF-8 (byte 0x{data[exc.start]:02x} at offset "
                                  f"{exc.start}) and no usable charset declared") from None
    else:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            raise SkippedItem(item, "undecodable", f"starts with a {encoding.upper()} byte order "
                                                   "mark but does not decode as such") from None
    check_text(text, item)
    return text


def _decode_declared(data: bytes, declared: str) -> str | None:
    try:
        codec = codecs.lookup(declared)
    except LookupError:
        return None
    if codec.name == "utf-8":
        return None
    try:
        return data.decode(codec.name)
    except UnicodeDecodeError:
        return None


def check_text(text: str, item: str) -> None:
    """Refuse decoded text that is really binary (control characters) or not encodable."""
    sample = text[:65536]
    if sample:
        controls = len(_CONTROL.findall(sample))
        if "\x00" in sample or controls > _MAX_CONTROL_SHARE * len(sample):
            raise SkippedItem(item, "binary", "mostly control characters; not a text file")
    if has_surrogates(text):
        raise SkippedItem(item, "undecodable", "contains unpaired UTF-16 surrogates")


def has_surrogates(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def normalise_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def sniff(text: str) -> str:
    """Guess the kind of a decoded document from its start: json, feed, html or text.

    JSON that does not parse as one value is retried as JSON Lines by the caller.
    """
    head = text[:4096].lstrip("\ufeff \t\r\n")
    if head.startswith(("{", "[")):
        return "json"
    if head.startswith("<"):
        if _FEED_ROOT.search(head):
            return "feed"
        if _HTML_START.match(head) or _HTML_START.search(head[:1024]):
            return "html"
        if head.startswith("<?xml"):
            return "feed"
        return "html"
    return "text"


class _FragmentText(HTMLParser):
    """Text of an HTML fragment with paragraph breaks at block elements; scripts dropped."""

    BLOCK = {"p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6",
             "blockquote", "tr", "table", "section", "article", "pre", "hr", "figure"}
    SKIP = {"script", "style", "noscript", "template"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag in self.SKIP:
            self.skipping += 1
        elif tag in self.BLOCK:
            self.parts.append("\n\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self.SKIP:
            self.skipping = max(0, self.skipping - 1)
        elif tag in self.BLOCK:
            self.parts.append("\n\n")

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.parts.append(data)


_SPACES = re.compile(r"[ \t\f\v\u00a0]+")
_BREAKS = re.compile(r"\s*\n\s*\n\s*")


def fragment_text(html: str) -> str:
    """Plain text of an HTML fragment (or of plain text, which passes through unchanged but for
    white space): runs of spaces collapse, paragraphs are separated by one blank line."""
    if "<" not in html and "&" not in html:
        text = html
    else:
        parser = _FragmentText()
        parser.feed(html)
        parser.close()
        text = "".join(parser.parts)
    text = _SPACES.sub(" ", normalise_newlines(text))
    text = _BREAKS.sub("\n\n", text)
    return "\n".join(line.strip() for line in text.split("\n")).strip()
