import frappe
from frappe import _
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
		group: DF.Link | None
		handover_consent: DF.Check
		individual_plan: DF.Link | None
		package_file: DF.Data | None
		receiving_municipality: DF.Data | None
		sha256: DF.Data | None
		trigger: DF.Literal["Manual", "Group Closed", "Demo", "Moved to Another Municipality", "Plan Closed"]
	# end: auto-generated types
	"""R19: one archiving of a group, or of a plan without a group: the package (a private ZIP file attached
	to the group or the plan), who made it, when and why. Written by the archive job only; kept as written."""

	def validate(self):
		super().validate()
		if bool(self.group) == bool(self.individual_plan):
			frappe.throw(
				_("An archive package belongs to either a responsibility group or an individual plan."),
				frappe.ValidationError,
			)
