from frappe.model.document import Document

from ansvarsgruppe.archive.log import KeptLog


class RecordCorrection(KeptLog, Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		corrected_by: DF.Link | None
		corrected_on: DF.Datetime | None
		group: DF.Link
		new_version: DF.DynamicLink
		reason: DF.SmallText
		reference_doctype: DF.Link
		superseded: DF.DynamicLink
	# end: auto-generated types
	"""R11, R18: a final record corrected by a new version that supersedes it: who, when and why. The
	superseded version stays as it was. Kept as written."""
