"""«Legg til medlemmer»: the group's coordinator adds several members in one go, approved at once (R5, R6,
R7): each is saved through its own controller, so every rule of a single member holds; one that cannot be
approved stops the whole list, and the coordinator is told why for each, so nothing is left half-made."""

import frappe
from frappe import _

from ansvarsgruppe.controllers.rules_bridge import format_problem
from ansvarsgruppe.exceptions import GroupError, for_rules
from ansvarsgruppe.permissions import records
from ansvarsgruppe.rules import members
from ansvarsgruppe.rules import status as st

FIELDS = (
	"member_role",
	"is_external",
	"user",
	"relation",
	"full_name",
	"email",
	"service_unit",
	"is_permanent",
	"mandate_clarified",
	"mandate_note",
	"from_date",
	"to_date",
)


def _coordinated_group(group: str):
	"""The group, for its coordinator: read permission first (someone else's group is not theirs to read)."""
	if not group or not frappe.db.exists("Responsibility Group", group):
		frappe.throw(_("Responsibility Group {0} not found").format(group), frappe.DoesNotExistError)
	doc = frappe.get_doc("Responsibility Group", group)
	doc.check_permission("read")
	user = frappe.session.user
	if doc.coordinator != user and not records.has_unrestricted_access(user):
		frappe.throw(_("Only the group's coordinator adds its members."), frappe.PermissionError)
	if doc.status == st.GROUP_CLOSED:
		frappe.throw(_("Members cannot be added to a closed group."), GroupError)
	return doc


def _rows(rows) -> list[dict]:
	rows = frappe.parse_json(rows) if isinstance(rows, str) else rows
	if not isinstance(rows, list) or not rows or not all(isinstance(row, dict) for row in rows):
		frappe.throw(_("Add at least one member."), GroupError)
	return [{field: row.get(field) for field in FIELDS} for row in rows]


def _label(index: int, row: dict) -> str:
	who = row.get("full_name") or row.get("user") or row.get("relation") or _(row.get("member_role") or "")
	return _("Row {0} ({1})").format(index + 1, who)


@frappe.whitelist(methods=["POST"])
def add_members(group: str, rows) -> list[str]:
	"""Adds ``rows`` (one dict per member, Group Member's fields) to ``group`` as approved members and
	returns their names; refuses them all, with a reason per row, when any one cannot be approved."""
	doc = _coordinated_group(group)
	rows = _rows(rows)
	for row in rows:
		if row.get("user") and not row.get("is_external"):
			row["full_name"] = frappe.db.get_value("User", row["user"], "full_name") or row["user"]
	present = {
		(m.user, m.member_role)
		for m in frappe.get_all(
			"Group Member",
			filters={"group": doc.name, "status": ("!=", st.MEMBER_ENDED), "user": ("is", "set")},
			fields=["user", "member_role"],
		)
	}
	found = members.batch_problems(rows, present)
	errors = {index: [format_problem(problem) for problem in problems] for index, problems in found.items()}
	rules = {problem.rule for problems in found.values() for problem in problems}
	names = []
	frappe.db.savepoint("add_members")
	for index, row in enumerate(rows):
		if index in errors:
			continue
		logged = len(frappe.local.message_log)
		member = frappe.get_doc({"doctype": "Group Member", "group": doc.name, **row})
		try:
			# a new record starts in the workflow's first state; approval is its next save
			member.insert()
			member.status = st.MEMBER_APPROVED
			member.save()
		except frappe.ValidationError as error:
			del frappe.local.message_log[logged:]
			errors[index] = [str(error) or _("This member cannot be added.")]
			rules.update(getattr(error, "rules", ()))
			continue
		member.add_comment("Workflow", member.workflow_state)
		names.append(member.name)
	if errors:
		frappe.db.rollback(save_point="add_members")
		message = "".join(
			f"<p><b>{_label(index, rows[index])}</b>: {' '.join(errors[index])}</p>"
			for index in sorted(errors)
		)
		error = for_rules(tuple(sorted(rules))) if rules else GroupError
		try:
			frappe.throw(
				_("No member was added. Correct these and try again:") + message,
				error,
				title=_("Add Members"),
			)
		except error as raised:
			raised.rules = tuple(sorted(rules))
			raise
	return names
