"""Any member of staff may register an application or a need on a person's behalf (seed 000, seed 004: the
initiative comes from whoever first sees the need); it goes to KE, who decides it.

Over HTTP against the served test site: a group participant and a unit leader register the person and the
application from the desk; KE is told; they cannot decide it; once KE has acted on it they read the
application and the person only as their other roles allow. Rows counted before and after.
"""

import frappe
from frappe.tests.utils import FrappeTestCase
from frappe.utils import add_days, getdate, today

from ansvarsgruppe.rules import status as st
from ansvarsgruppe.tests import factories as f
from ansvarsgruppe.tests import idnumbers
from ansvarsgruppe.tests.test_print_formats import queued

PASSWORD = "Staff-applies-2026!"
SAVE = "frappe.desk.form.save.savedocs"


def count(doctype: str, filters=None) -> int:
	frappe.db.rollback()
	return frappe.db.count(doctype, filters)


class TestStaffRegistersApplication(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.users = {
			key: f.make_login_user(name, roles, PASSWORD)
			for key, (name, roles) in {
				"participant": ("Pia Deltaker", ["Group Participant"]),
				"leader": ("Leif Leder", ["Unit Leader"]),
				"ke": ("Kari KE", ["Coordinating Unit"]),
			}.items()
		}
		frappe.db.commit()
		cls.clients = {key: f.WebSession(user, PASSWORD) for key, user in cls.users.items()}

	def tearDown(self):
		frappe.set_user("Administrator")

	def save(self, key: str, doc: dict):
		doc = {"__islocal": 1, "name": f"new-{frappe.scrub(doc['doctype'])}-1", **doc}
		return self.clients[key].call(SAVE, doc=doc, action="Save")

	def register(self, key: str) -> tuple[str, str]:
		"""The person and the application as ``key`` saves them from the desk's forms."""
		birth = add_days(getdate(), -9 * 365)
		person = self.save(
			key,
			{
				"doctype": "Service User",
				"full_name": f"Siri Behov {frappe.generate_hash(length=5)}",
				"birth_date": str(birth),
				"national_id": idnumbers.make(birth.strftime("%d%m%y"), individual=400 + len(key)),
				"relations": [
					{
						"doctype": "Service User Relation",
						"full_name": "Mona Behov",
						"relation_type": "Parent",
						"has_parental_responsibility": 1,
					}
				],
			},
		)
		self.assertTrue(person.ok, person.text[-2000:])
		saved = person.json()["docs"][0]
		person, relation = saved["name"], saved["relations"][0]["name"]
		application = self.save(
			key,
			{
				"doctype": "IP Application",
				"service_user": person,
				"applicant_kind": "Relation",
				"applicant_relation": relation,
				"applied_for": "Both",
				"date_received": today(),
				"needs_description": "Læreren ser at eleven trenger samordnet oppfølging.",
			},
		)
		self.assertTrue(application.ok, application.json().get("exception") or application.text[-2000:])
		return person, application.json()["docs"][0]["name"]

	def test_r17_a_participant_registers_an_application_that_goes_to_ke(self):
		before = count("IP Application"), count("Service User")
		person, application = self.register("participant")
		self.assertEqual((count("IP Application"), count("Service User")), (before[0] + 1, before[1] + 1))
		doc = frappe.get_doc("IP Application", application)
		self.assertEqual(
			(doc.status, doc.owner, doc.service_user),
			(st.APPLICATION_RECEIVED, self.users["participant"], person),
		)
		(mail,) = queued(application, "Ny søknad om IP/koordinator")
		self.assertIn(self.users["ke"], mail["recipients"])
		self.assertNotIn(self.users["participant"], mail["recipients"])
		# while it waits for KE, the one who registered it reads it
		read = self.clients["participant"].get(f"/api/resource/IP Application/{application}")
		self.assertTrue(read.ok, read.text[:300])

	def test_r17_a_unit_leader_registers_one_too(self):
		before = count("IP Application")
		_person, application = self.register("leader")
		self.assertEqual(count("IP Application"), before + 1)
		self.assertEqual(
			frappe.db.get_value("IP Application", application, "status"), st.APPLICATION_RECEIVED
		)

	def test_r17_whoever_registered_it_cannot_decide_it_and_then_reads_only_what_their_roles_allow(self):
		person, application = self.register("participant")
		client = self.clients["participant"]
		doc = client.get(f"/api/resource/IP Application/{application}").json()["data"]
		decided = client.call(
			"frappe.model.workflow.apply_workflow",
			doc={**doc, "doctype": "IP Application"},
			action="Behandle",
		)
		self.assertFalse(decided.ok)
		changed = client.call(
			"frappe.client.set_value",
			doctype="IP Application",
			name=application,
			fieldname="status",
			value="Decided",
		)
		self.assertFalse(changed.ok)
		self.assertEqual(count("IP Application", {"name": application, "status": st.APPLICATION_RECEIVED}), 1)
		# KE acts on it (rejects it here): the participant no longer reads the application or the person
		frappe.set_user(self.users["ke"])
		ke_doc = frappe.get_doc("IP Application", application)
		ke_doc.status = st.APPLICATION_REJECTED
		ke_doc.decision_date = today()
		ke_doc.rejection_reason = "Behovet dekkes av skolens egne tiltak."
		ke_doc.save()
		frappe.db.commit()
		frappe.set_user("Administrator")
		for doctype, name in (("IP Application", application), ("Service User", person)):
			response = client.get(f"/api/resource/{doctype}/{name}")
			self.assertFalse(response.ok, doctype)
			listed = client.get(f"/api/resource/{doctype}", filters=[["name", "=", name]])
			self.assertFalse(listed.ok and listed.json().get("data"), doctype)
		edited = client.call(
			"frappe.client.set_value",
			doctype="Service User",
			name=person,
			fieldname="phone",
			value="99999999",
		)
		self.assertFalse(edited.ok)
		self.assertFalse(frappe.db.get_value("Service User", person, "phone"))
		# KE, and coordinators, keep reading what they registered
		self.assertTrue(
			frappe.has_permission("IP Application", "read", doc=application, user=self.users["ke"])
		)
