import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import getdate

from ansvarsgruppe.alerts.consent_withdrawal import notify_access_ended
from ansvarsgruppe.audit.access_log import AuditedRecord
from ansvarsgruppe.controllers.rules_bridge import (
	check_final_change,
	check_final_delete,
	check_representation,
	dates_of,
	mark_correctable,
	stored_final,
	throw_problems,
	today,
)
from ansvarsgruppe.controllers.workflow_status import set_status, sync_workflow_state
from ansvarsgruppe.overrides.data_import import HistoryRecord
from ansvarsgruppe.permissions.grants import check_grants
from ansvarsgruppe.portal.idporten import digital_signature
from ansvarsgruppe.portal.people import is_portal_user, portal_party
from ansvarsgruppe.portal.web_forms import check_portal_road
from ansvarsgruppe.rules import consent as consent_rules
from ansvarsgruppe.rules import final
from ansvarsgruppe.rules import status as st

GIVEN_SIGNATURE = (
	"signed_digitally",
	"digital_signer",
	"digitally_signed_at",
	"digital_signature_level",
	"digital_signature_ids",
	"digital_signature_auth_time",
	"digital_signature_amr",
)
SIGNATURE_FIELDS = ("given_in_portal", *GIVEN_SIGNATURE, *final.CONSENT_WITHDRAWAL_SIGNATURE)


class Consent(HistoryRecord, AuditedRecord, Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		from ansvarsgruppe.ansvarsgruppe.doctype.consent_partner.consent_partner import ConsentPartner

		case_description: DF.Text
		collecting_unit: DF.Link
		digital_signature_amr: DF.Data | None
		digital_signature_auth_time: DF.Datetime | None
		digital_signature_ids: DF.SmallText | None
		digital_signature_level: DF.Data | None
		digital_signer: DF.Link | None
		digitally_signed_at: DF.Datetime | None
		given_in_portal: DF.Check
		partners: DF.Table[ConsentPartner]
		received_by: DF.Link | None
		received_by_unit: DF.Link | None
		reservations: DF.SmallText | None
		service_user: DF.Link
		service_user_name: DF.Data | None
		signed_by_kind: DF.Literal["", "Service User", "Relation"]
		signed_by_name: DF.Data | None
		signed_by_relation: DF.Literal[None]
		signed_digitally: DF.Check
		signed_copy: DF.Attach | None
		signed_date: DF.Date | None
		status: DF.Literal["Registered", "Signed", "Active", "Withdrawn", "Expired", "Superseded"]
		supersedes: DF.Link | None
		valid_from: DF.Date
		valid_to: DF.Date | None
		withdrawal_auth_time: DF.Datetime | None
		withdrawal_reason: DF.SmallText | None
		withdrawal_signature_amr: DF.Data | None
		withdrawal_signature_ids: DF.SmallText | None
		withdrawal_signature_level: DF.Data | None
		withdrawal_signed_at: DF.Datetime | None
		withdrawal_signed_digitally: DF.Check
		withdrawal_signer: DF.Link | None
		withdrawn_on: DF.Date | None

	# end: auto-generated types
	def onload(self):
		mark_correctable(self)

	def as_rule_values(self) -> dict:
		return {
			"status": self.status,
			"signed_by_kind": self.signed_by_kind,
			"received_by": self.received_by,
			"reviewed_with_signer": bool(self.reviewed_with_signer),
			"reviewed_by": self.reviewed_by,
			"withdrawal_reason": self.withdrawal_reason,
			"given_in_portal": self.given_in_portal,
			"signed_digitally": self.signed_digitally,
			"signed_copy": self.signed_copy,
			**dates_of(self, "valid_from", "valid_to", "signed_date", "withdrawn_on"),
			"partners": [
				{
					"service_unit": p.service_unit,
					"withdrawal_reason": p.withdrawal_reason,
					**dates_of(p, "withdrawn_on"),
				}
				for p in self.partners
			],
		}

	def validate(self):
		check_grants(self)
		sync_workflow_state(self)
		check_portal_road(self)
		check_final_change(self, final.CONSENT)
		if self.is_new() and is_portal_user():
			self.set_portal_signer()
		self.keep_signature_records()
		self.keep_supersedes()
		if not stored_final(self, final.CONSENT):  # once signed, who signed stays as signed (R4)
			self.set_signer_name()
		throw_problems(consent_rules.consent_problems(self.as_rule_values(), today()))

	def set_signer_name(self):
		if self.signed_by_kind:
			self.signed_by_name = check_representation(
				"sign",
				self.service_user,
				self.signed_by_kind,
				self.signed_by_relation,
				self.signed_date or self.valid_from,
			)
		else:
			self.signed_by_relation = self.signed_by_name = None

	def set_portal_signer(self):
		"""Given in the family portal: signed today by whoever is logged in, as the rules allow (R4);
		digitally when they logged in with ID-porten at the required level. The consent waits as registered
		until an employee has received it."""
		party = portal_party(self.service_user)
		self.record_signature(GIVEN_SIGNATURE, given_in_portal=1)
		self.signed_by_kind, self.signed_by_relation = party["kind"], party["relation"]
		self.signed_date = self.valid_from = today()
		self.received_by = self.received_by_unit = self.withdrawn_on = self.reviewed_by = None
		self.reviewed_with_signer = 0
		for partner in self.partners:
			partner.withdrawn_on = None

	def record_signature(self, fields: tuple, **values):
		"""What this save records about who signed it digitally: ``fields`` (signed, signer, time, level,
		the log-in's identifiers) from the ID-porten log-in, if the session is one at the required level."""
		signature = digital_signature()
		values.update(
			zip(fields, (1, *signature) if signature else (0, *[None] * (len(fields) - 1)), strict=True)
		)
		self.flags.signature_values = {**(self.flags.signature_values or {}), **values}

	def sign_withdrawal(self):
		self.record_signature(final.CONSENT_WITHDRAWAL_SIGNATURE)

	def keep_signature_records(self):
		"""Who signed digitally is recorded by the portal's own actions only: on any other road these
		fields keep their stored values (R4)."""
		before = None if self.is_new() else self.get_doc_before_save()
		for field in SIGNATURE_FIELDS:
			self.set(field, before.get(field) if before else None)
		for field, value in (self.flags.signature_values or {}).items():
			self.set(field, value)
		for field in ("given_in_portal", GIVEN_SIGNATURE[0], final.CONSENT_WITHDRAWAL_SIGNATURE[0]):
			self.set(field, int(self.get(field) or 0))

	def keep_supersedes(self):
		"""Which version a consent supersedes is set by the correction that made it, and kept (R4)."""
		before = None if self.is_new() else self.get_doc_before_save()
		self.supersedes = before.supersedes if before else (self.flags.supersedes or None)

	def supersede_earlier_version(self):
		"""Put in force, a new version supersedes the one it corrects: the old one stays as signed, marked
		superseded, and the open groups that rested on it rest on this one (R4, R5)."""
		before = self.get_doc_before_save()
		if not self.supersedes or not consent_rules.supersedes_now(before and before.status, self.status):
			return
		old = frappe.get_doc("Consent", self.supersedes)
		dropped = consent_rules.ended_units(old.as_rule_values(), self.as_rule_values(), getdate())
		status = consent_rules.superseded_status(old.status)
		if status:
			set_status(old, status)
			old.add_comment("Info", _("Superseded by the new version {0}.").format(self.name))
		for group in frappe.get_all(
			"Responsibility Group",
			filters={"consent": old.name, "status": ("!=", st.GROUP_CLOSED)},
			pluck="name",
		):
			frappe.db.set_value("Responsibility Group", group, "consent", self.name, update_modified=False)
		if dropped:
			# units the old version covered and the new one does not: their members lose access now
			self.flags.superseded_version = old.name
			notify_access_ended(self, dropped, getdate())

	def become_the_groups_consent(self):
		"""Put in force, a consent becomes the consent of the service user's open group that has none yet
		(R4): the coordinator registers it from the group's form and goes on with the group."""
		before = self.get_doc_before_save()
		if self.status != st.CONSENT_ACTIVE or (before and before.status == st.CONSENT_ACTIVE):
			return
		for name in frappe.get_all(
			"Responsibility Group",
			filters={
				"service_user": self.service_user,
				"status": ("!=", st.GROUP_CLOSED),
				"consent": ("is", "not set"),
			},
			pluck="name",
		):
			group = frappe.get_doc("Responsibility Group", name)
			group.consent = self.name
			group.save(ignore_permissions=True)

	def on_trash(self):
		check_final_delete(self, final.CONSENT)

	def on_update(self):
		self.supersede_earlier_version()
		self.become_the_groups_consent()
		if (
			self.withdrawn_on
			and getdate(self.withdrawn_on) <= today()
			and self.status != st.CONSENT_WITHDRAWN
		):
			# A withdrawal takes effect at once, whatever road it came by and whoever made it (R4).
			set_status(self, st.CONSENT_WITHDRAWN)

	def covered_units(self, on_date=None) -> set[str]:
		return consent_rules.covered_units(self.as_rule_values(), on_date or today())
