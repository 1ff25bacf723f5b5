import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import getdate

from ansvarsgruppe.audit.access_log import AuditedRecord
from ansvarsgruppe.controllers.rules_bridge import get_settings, throw_violation, today
from ansvarsgruppe.exceptions import IdentityNumberError
from ansvarsgruppe.rules import RuleViolation, national_id
from ansvarsgruppe.rules.dates import age_on, is_minor


class ServiceUser(AuditedRecord, Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		from ansvarsgruppe.ansvarsgruppe.doctype.service_user_relation.service_user_relation import (
			ServiceUserRelation,
		)

		address: DF.SmallText | None
		age: DF.Int
		birth_date: DF.Date | None
		email: DF.Data | None
		full_name: DF.Data
		internal_notes: DF.SmallText | None
		is_minor: DF.Check
		national_id: DF.Data | None
		phone: DF.Data | None
		portal_user: DF.Link | None
		relations: DF.Table[ServiceUserRelation]

	# end: auto-generated types
	@property
	def age(self) -> int | None:
		return age_on(getdate(self.birth_date), today()) if self.birth_date else None

	@property
	def is_minor(self) -> int:
		if not self.birth_date:
			return 0
		return int(is_minor(getdate(self.birth_date), today(), int(get_settings().consent_age_limit or 18)))

	def validate(self):
		self.validate_national_id()
		self.validate_birth_date()
		self.validate_relations()

	def validate_national_id(self):
		if not self.national_id:
			self.national_id = None
			return
		parsed = parse_national_id(self.national_id)
		self.national_id = parsed.number
		self.birth_date = parsed.birth_date
		duplicate = frappe.db.exists(
			"Service User", {"national_id": parsed.number, "name": ("!=", self.name)}
		)
		if duplicate:
			frappe.throw(_("Another service user already has this identity number."), IdentityNumberError)

	def validate_birth_date(self):
		if self.birth_date and getdate(self.birth_date) > today():
			frappe.throw(_("The birth date cannot be in the future."), frappe.ValidationError)

	def validate_relations(self):
		for relation in self.relations:
			# R20; the relation's number lets them log in to the portal with ID-porten
			relation.national_id = (
				parse_national_id(relation.national_id).number if relation.national_id else None
			)
			if relation.relation_type == "Guardian":
				relation.is_guardian = 1
			if relation.has_parental_responsibility and relation.relation_type != "Parent":
				frappe.throw(
					_("Row {0}: only a parent can have parental responsibility.").format(relation.idx),
					frappe.ValidationError,
				)


def parse_national_id(value: str):
	"""R20: a valid fødselsnummer or D-number (synthetic test numbers only in test mode)."""
	try:
		return national_id.parse(
			value, allow_synthetic=bool(get_settings().allow_synthetic_national_ids), today=today()
		)
	except RuleViolation as violation:
		throw_violation(violation, _("Invalid identity number"))
