"""Document names in each DocType's naming series, reserved ahead so a case can link its documents."""

from collections import defaultdict, deque

import frappe
from frappe.model.naming import parse_naming_series
from frappe.utils import cint

# --- Names ---------------------------------------------------------------------------------------------

SLOT = "\x00"


class Names:
	"""New names in each DocType's naming series (AG-.YYYY.-.#### …), numbered from tabSeries.

	The template and the series key come from Frappe's own parser; numbers are reserved ``block`` at a
	time, so a case can link its documents to each other before anything is written. The unused numbers
	of a run's last block are skipped, as after deleted documents.
	"""

	def __init__(self, block: int):
		self.block, self.free, self.patterns = block, defaultdict(deque), {}

	def next(self, doctype: str) -> str:
		if not self.free[doctype]:
			self.free[doctype] = self.reserve(doctype, self.block)
		return self.free[doctype].popleft()

	def reserve(self, doctype: str, count: int) -> deque:
		if doctype not in self.patterns:
			self.patterns[doctype] = self.pattern(doctype)
		template, key, digits = self.patterns[doctype]
		current = frappe.db.sql("select `current` from `tabSeries` where `name`=%s for update", key)
		start = cint(current[0][0]) if current else 0
		if current:
			frappe.db.sql("update `tabSeries` set `current`=%s where `name`=%s", (start + count, key))
		else:
			frappe.db.sql("insert into `tabSeries` (`name`, `current`) values (%s, %s)", (key, count))
		return deque(
			template.replace(SLOT, str(n).zfill(digits)) for n in range(start + 1, start + count + 1)
		)

	@staticmethod
	def pattern(doctype: str) -> tuple[str, str, int]:
		"""("AG-2026-\\x00", series key, digits) for the naming series ``AG-.YYYY.-.####``, parsed as
		Frappe does, so the key is the one Frappe's own inserts count on."""
		autoname = frappe.get_meta(doctype).autoname or ""
		series = {}

		def number(key, digits):
			series.update(key=key, digits=digits)
			return SLOT

		template = parse_naming_series(autoname, number_generator=number)
		return template, series["key"], series["digits"]
