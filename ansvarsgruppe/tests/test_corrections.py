"""R11 with R18: approved minutes corrected by a new version; approving the new version replaces what the
superseded version wrote into the plan (its evaluations, its measures' status) instead of doubling it."""

import frappe
from frappe.utils import getdate

from ansvarsgruppe.ansvarsgruppe.doctype.individual_plan.test_individual_plan import PlanTestCase
from ansvarsgruppe.api.archive import correct
from ansvarsgruppe.rules import status as st
from ansvarsgruppe.tests import factories as f


class TestMinutesCorrection(PlanTestCase):
	def test_r11_a_new_version_of_minutes_keeps_the_old_and_replaces_what_it_wrote_in_the_plan(self):
		plan = self.new_plan(evaluations=[]).insert()
		plan.status = "Approved"
		plan.save()
		f.make_minutes(self.group.name, "Pre-meeting", days_ago=30)
		minutes = f.complete(f.make_minutes(self.group.name, "Ordinary", days_ago=1))
		row = next(r for r in minutes.measure_updates if r.measure_id == "T1")
		row.update(
			{
				"progress": "Leser nå kapittelbøker.",
				"add_evaluation": 1,
				"result": "Achieved",
				"new_status": "Done",
			}
		)
		minutes.save()
		minutes = f.advance(minutes, st.MINUTES_APPROVED)
		self.assertEqual(len(frappe.get_doc("Individual Plan", plan.name).evaluations), 1)

		frappe.set_user(self.town.coordinator)
		new = frappe.get_doc(
			"Meeting Minutes", correct("Meeting Minutes", minutes.name, "Feil i konklusjonen")["new_version"]
		)
		self.assertEqual(new.status, st.MINUTES_DRAFT)
		status_before = row.status_before
		self.assertEqual(self.measure_status(plan.name), "Done")
		corrected = next(r for r in new.measure_updates if r.measure_id == "T1")
		corrected.update({"progress": "Leser kapittelbøker med støtte.", "new_status": None})
		new.conclusion = "Tiltakene videreføres; skolen følger opp leseopplæringen ukentlig."
		new.save()
		new = f.advance(new, st.MINUTES_APPROVED)
		frappe.set_user("Administrator")

		old = frappe.db.get_value("Meeting Minutes", minutes.name, ["status", "conclusion"], as_dict=True)
		self.assertEqual((old.status, old.conclusion), (st.MINUTES_APPROVED, minutes.conclusion))
		# the new version's approval replaces what the superseded one wrote into the plan
		evaluations = frappe.get_doc("Individual Plan", plan.name).evaluations
		self.assertEqual(
			[(e.reference, getdate(e.evaluation_date), e.meeting_minutes, e.notes) for e in evaluations],
			[("T1", getdate(minutes.meeting_date), new.name, "Leser kapittelbøker med støtte.")],
		)
		self.assertEqual(self.measure_status(plan.name), status_before)

	@staticmethod
	def measure_status(plan: str) -> str:
		return frappe.db.get_value(
			"Plan Measure", {"parent": plan, "parenttype": "Individual Plan", "measure_id": "T1"}, "status"
		)
