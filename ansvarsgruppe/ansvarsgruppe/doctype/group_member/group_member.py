import frappe
from frappe import _
from frappe.model.document import Document

from ansvarsgruppe.audit.access_log import AuditedRecord
from ansvarsgruppe.controllers.rules_bridge import (
	covered_units,
	dates_of,
	get_settings,
	throw_problems,
	warn_problem,
)
from ansvarsgruppe.controllers.workflow_status import sync_workflow_state
from ansvarsgruppe.exceptions import GroupError
from ansvarsgruppe.overrides.data_import import HistoryRecord
from ansvarsgruppe.permissions.grants import check_grants
from ansvarsgruppe.rules import groups, members
from ansvarsgruppe.rules import status as st


class GroupMember(HistoryRecord, AuditedRecord, Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		email: DF.Data | None
		from_date: DF.Date | None
		is_external: DF.Check
		full_name: DF.Data | None
		group: DF.Link
		is_permanent: DF.Check
		mandate_clarified: DF.Check
		mandate_note: DF.SmallText | None
		member_role: DF.Literal["Coordinator", "Professional", "Service User", "Relative", "Guardian"]
		relation: DF.Literal[None]
		service_unit: DF.Link | None
		service_user: DF.Link | None
		status: DF.Literal["Proposed", "Approved", "Active", "Ended"]
		to_date: DF.Date | None
		user: DF.Link | None

	# end: auto-generated types
	def validate(self):
		check_grants(self)
		sync_workflow_state(self)
		group = frappe.get_doc("Responsibility Group", self.group)
		if group.status == st.GROUP_CLOSED and self.status != st.MEMBER_ENDED:
			frappe.throw(_("Members cannot be added to a closed group."), GroupError)
		self.service_user = group.service_user
		self.set_person_details()
		values = {
			"status": self.status,
			"member_role": self.member_role,
			"user": self.user,
			"service_unit": self.service_unit,
			"relation": self.relation,
			"mandate_clarified": self.mandate_clarified,
			"mandate_note": self.mandate_note,
			"is_external": self.is_external,
			"full_name": self.full_name,
			"email": self.email,
			**dates_of(self, "from_date", "to_date"),
		}
		throw_problems(
			members.member_problems(
				values,
				covered_units(group.consent),
				group.coordinator,
				self.other_coordinators(),
				bool(get_settings().require_mandate_text),
			)
		)

	def on_update(self):
		if self.is_permanent and self.status != st.MEMBER_ENDED:
			count = frappe.get_doc("Responsibility Group", self.group).permanent_member_count()
			warn_problem(groups.size_warning(count, int(get_settings().group_size_warning or 0)))

	def set_person_details(self):
		if self.member_role in members.FAMILY_ROLES:
			relation = frappe.db.get_value(
				"Service User Relation",
				{"name": self.relation, "parent": self.service_user, "parenttype": "Service User"},
				["full_name", "email", "is_guardian", "portal_user"],
				as_dict=True,
			)
			if self.relation and not relation:
				frappe.throw(_("Choose one of the service user's relations."), GroupError)
			if relation:
				if self.member_role == members.GUARDIAN and not relation.is_guardian:
					frappe.throw(_("This relation is not registered as a guardian."), GroupError)
				self.full_name, self.email = relation.full_name, relation.email
				self.user = self.user or relation.portal_user
			self.service_unit = None
		elif self.member_role == members.SERVICE_USER:
			person = frappe.db.get_value(
				"Service User", self.service_user, ["full_name", "email", "portal_user"], as_dict=True
			)
			self.full_name, self.email = person.full_name, person.email
			self.user = self.user or person.portal_user
			self.relation = self.service_unit = None
		else:
			self.relation = None
			if self.is_external and self.member_role == members.PROFESSIONAL:
				self.user = None  # reached by e-mail only: an external member reads nothing in the app
			elif self.user:
				self.full_name, self.email = frappe.db.get_value("User", self.user, ["full_name", "email"])

	def other_coordinators(self) -> list[str]:
		if self.member_role != members.COORDINATOR:
			return []
		return frappe.get_all(
			"Group Member",
			filters={
				"group": self.group,
				"member_role": members.COORDINATOR,
				"status": ("!=", st.MEMBER_ENDED),
				"name": ("!=", self.name or ""),
			},
			pluck="full_name",
		)


ACCESS_COLUMNS = ("status", "from_date", "to_date", "member_role", "service_unit")


def on_doctype_update():
	# A record's group is checked by one lookup on (group, user) that reads every column it tests from the
	# index (permissions.records.member_of); a user's groups are collected (a list for a user who sees few
	# groups, permissions.records.visible_groups) by one range over (user, status) that reads them likewise.
	# Quoted: "group" is a reserved word and add_index joins names.
	frappe.db.add_index(
		"Group Member",
		[f"`{column}`" for column in ("group", "user", *ACCESS_COLUMNS)],
		"group_user_access",
	)
	frappe.db.add_index(
		"Group Member",
		[f"`{column}`" for column in ("user", "status", "group", *ACCESS_COLUMNS[1:])],
		"user_group_access",
	)
