from frappe.model.document import Document

from ansvarsgruppe.archive.log import KeptLog


class ArchivePackage(KeptLog, Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		archived_by: DF.Link | None
		archived_on: DF.Datetime | None
		documents: DF.Int
		entries: DF.Int
		file_size: DF.Int
		group: DF.Link
		handover_consent: DF.Check
		package_file: DF.Data | None
		receiving_municipality: DF.Data | None
		sha256: DF.Data | None
		trigger: DF.Literal["Manual", "Group Closed", "Demo", "Moved to Another Municipality"]
	# end: auto-generated types
	"""R19: one archiving of a group: the package (a private ZIP file attached to the group), who made it,
	when and why. Written by the archive job only; kept as written."""
