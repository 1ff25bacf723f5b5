import frappe
from frappe import _
from frappe.model.document import Document
from frappe.query_builder.functions import Coalesce
from frappe.utils import cint
from pypika.terms import Interval

from ansvarsgruppe.rules import minutes as minutes_rules
from ansvarsgruppe.rules import status as st

MINIMUMS = {
	"consent_age_limit": 12,
	"minutes_deadline_days": 1,
	"annual_review_interval_months": 1,
	"group_size_warning": 2,
	"application_answer_days": 1,
	"interim_answer_days": 1,
	"escalation_reminder_days": 1,
	"plan_deadline_months": 1,
}


class AnsvarsgruppeSettings(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		alert_catch_up_days: DF.Int
		allow_synthetic_national_ids: DF.Check
		annual_review_interval_months: DF.Int
		application_answer_days: DF.Int
		consent_age_limit: DF.Int
		coordinating_unit_email: DF.Data | None
		escalation_reminder_days: DF.Int
		group_size_warning: DF.Int
		interim_answer_days: DF.Int
		minutes_deadline_days: DF.Int
		municipality_name: DF.Data | None
		portal_age: DF.Int
		require_mandate_text: DF.Check
		require_pre_meeting: DF.Check
		standing_items_removable: DF.Check

	# end: auto-generated types
	def validate(self):
		for fieldname, minimum in MINIMUMS.items():
			if cint(self.get(fieldname)) < minimum:
				frappe.throw(
					_("{0} must be at least {1}.").format(_(self.meta.get_label(fieldname)), minimum),
					frappe.ValidationError,
				)
		if cint(self.consent_age_limit) > 18:
			frappe.throw(_("The consent age limit cannot be above 18."), frappe.ValidationError)

	def on_update(self):
		before = self.get_doc_before_save()
		if before and before.annual_review_interval_months != self.annual_review_interval_months:
			self.reschedule_reviews()
		if before and before.minutes_deadline_days != self.minutes_deadline_days:
			self.reschedule_minutes()

	def reschedule_minutes(self):
		"""R12: a new minutes deadline moves the due date and the reminder of every minutes not yet approved,
		in one statement (the same dates ``rules.minutes`` computes)."""
		days = cint(self.minutes_deadline_days)
		reminder = max(1, days - minutes_rules.REMINDER_DAYS_BEFORE_DUE)
		table = frappe.qb.DocType("Meeting Minutes")
		(
			frappe.qb.update(table)
			.set(table.minutes_due_date, table.meeting_date + Interval(days=days))
			.set(
				table.approval_reminder_date,
				table.meeting_date + Interval(days=reminder) if reminder < days else None,
			)
			.where(table.status.notin(st.MINUTES_FINAL))
		).run()

	def reschedule_reviews(self):
		"""R13: a new review interval moves every group's next review date, in one statement."""
		group = frappe.qb.DocType("Responsibility Group")
		start = Coalesce(group.last_annual_review, group.established_date)
		(
			frappe.qb.update(group)
			.set(group.next_review_due, start + Interval(months=self.annual_review_interval_months))
			.where(start.isnotnull())
		).run()
