"""Where a browser may be sent after a log-in: only to a path on this site.

A target comes from the address the user followed (``/logg-inn?redirect-to=…``, ``/login?redirect-to=…``,
ID-porten's log-in), so anyone can write it into a link. Browsers read it more loosely than a parser does:
they drop tabs and newlines anywhere in it, turn ``\\`` into ``/``, and take ``//host`` as another site. The
target is therefore read the way a browser would, after undoing every layer of percent-encoding, and kept
only when what is left is one path on this site.
"""

import re
from urllib.parse import quote, unquote

# Browsers remove these anywhere in an address (WHATWG URL standard, "ASCII tab or newline").
_DROPPED = re.compile(r"[\t\n\r]")
# C0 controls, space and DEL: trimmed at the ends by browsers, refused inside a target here.
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_ENDS = "".join(chr(c) for c in range(0x21))
# Layers of percent-encoding undone before a target is refused as too deeply hidden.
MAX_DECODINGS = 5
# Characters a path and its query keep as they are; everything else is percent-encoded.
_SAFE = "/?&=#:@!$'()*+,;~-._"


def site_path(target: str | None) -> str | None:
	"""The path on this site ``target`` leads to, percent-encoded, or None when it may lead anywhere else
	(another host, a scheme such as ``javascript:``, a protocol-relative ``//host``, or nothing)."""
	if not target or not isinstance(target, str):
		return None
	text = target
	for _ in range(MAX_DECODINGS + 1):
		decoded = unquote(text)
		if decoded == text:
			break
		text = decoded
	else:
		return None
	text = _DROPPED.sub("", text).replace("\\", "/").strip(_ENDS)
	if _CONTROL.search(text) or not text.startswith("/") or text.startswith("//"):
		return None
	return quote(text, safe=_SAFE)
