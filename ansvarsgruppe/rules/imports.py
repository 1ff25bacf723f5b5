"""Bringing in the groups a municipality already has (SamPro/Samspill, paper, a spreadsheet) as history.

An imported record is history: it is marked with where it came from, who brought it in and when, and the
gates that keep the order of live work (a pre-meeting before the meetings, an invitation before the
minutes, a first meeting before the group is active) do not hold it back. What makes the data valid still
holds: identity numbers, links, one open group per person, a consent in force behind an approved group.
"""

from ansvarsgruppe.rules import Problem

# The order the files are imported in: each one links only to records of the files before it.
IMPORT_ORDER = (
	"Service Unit",
	"Service User",
	"Consent",
	"Responsibility Group",
	"Group Member",
	"Meeting Minutes",
	"Individual Plan",
)
# Every imported record of these carries its marks (the units hold no history of their own).
MARKED = IMPORT_ORDER[1:]
MARK_FIELDS = ("imported_from", "imported_by", "imported_on")
# The scanned document a record is brought in with (a signed consent form, minutes as they were kept): the
# column holds the address of a private file uploaded to the Data Import; the record keeps it as its own.
SCANNED_FIELDS = {"Consent": "signed_copy", "Meeting Minutes": "minutes_pdf"}
# Who imports: the municipality's own administrator of the tool; System Manager imports anything.
IMPORTER_ROLES = ("Local Administrator",)
INSERT = "Insert New Records"

# The live-work gates an imported record is not held to, by their message (``rules/groups.py``).
GATES_WAIVED_FOR_HISTORY = frozenset(
	{
		"The group becomes active when its first meeting has been held.",
		"The group needs the person, or someone who acts for them, as a member before it becomes"
		" active; otherwise record why not.",
		"Closing must be planned in one of the group's meetings (a closing meeting), or choose the"
		" cause that makes the group close without one.",
	}
)


def importer_problems(
	roles, unrestricted: bool, doctype: str | None, import_type: str | None
) -> list[Problem]:
	"""R19: a Local Administrator brings in new records of the app's history DocTypes (never updates);
	System Manager imports anything."""
	if unrestricted:
		return []
	if not any(role in roles for role in IMPORTER_ROLES):
		return [Problem("R19", "Only the Local Administrator brings in existing groups.")]
	if doctype not in IMPORT_ORDER:
		return [
			Problem(
				"R19",
				"{doctype} cannot be imported here; the groups are brought in as {order}.",
				{"doctype": doctype or "", "order": ", ".join(IMPORT_ORDER)},
			)
		]
	if import_type != INSERT:
		return [
			Problem("R19", "Existing groups are brought in as new records; imported history is not updated.")
		]
	return []


def mark_problems(source: str | None) -> list[Problem]:
	"""R19: every imported record says where it comes from (the old system, a paper archive, a sheet)."""
	if not (source or "").strip():
		return [Problem("R19", "Fill in «Imported From»: where the record comes from (for example SamPro).")]
	return []


def history_problems(problems: list[Problem]) -> list[Problem]:
	"""What still holds for an imported record: every problem but the live-work gates."""
	return [p for p in problems if p.message not in GATES_WAIVED_FOR_HISTORY]


def already_imported(stored: dict | None, source: str | None) -> bool:
	"""A row whose record is already here from the same source: a second run leaves it as it is."""
	return (
		bool(stored)
		and bool(stored.get("imported_on"))
		and (stored.get("imported_from") or "") == (source or "")
	)
