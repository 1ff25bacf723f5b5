"""The family portal: invitations, web form inserts, withdrawal and what reaches the portal (R1, R4, R5)."""

import importlib
import json

import frappe
from frappe.utils import getdate
from frappe.website.doctype.web_form.web_form import accept

from ansvarsgruppe.api.portal import invite, withdraw_consent
from ansvarsgruppe.rules import status as st
from ansvarsgruppe.tests import factories as f
from ansvarsgruppe.tests.test_permissions import roads


def page_context(route: str):
	"""The context a www page gives the logged-in user (Frappe maps hyphens to underscores)."""
	module = importlib.import_module(f"ansvarsgruppe.www.{route.replace('-', '_')}")
	return module.get_context(frappe._dict())


class TestFamilyPortal(f.MunicipalityTestCase):
	sends_email = True

	with_town = True

	def setUp(self):
		super().setUp()
		child = self.town.child
		child.relations[0].email = f"forelder.{frappe.generate_hash(length=6)}@example.no"
		child.relations[1].email = f"annen.{frappe.generate_hash(length=6)}@example.no"
		child.save()
		with self.set_user(self.staff.coordinator):
			self.parent = invite(child.name, child.relations[0].name)
		other = f.make_service_user(
			relations=[f.parent("Per Annen", email=f"per.{frappe.generate_hash(length=6)}@example.no")]
		)
		self.other_child = other
		self.other_parent = invite(other.name, other.relations[0].name)

	def test_invited_parent_is_a_portal_only_user_told_in_norwegian(self):
		user = frappe.get_doc("User", self.parent)
		self.assertEqual(user.user_type, "Website User")
		self.assertEqual([r.role for r in user.roles], ["Family Portal User"])
		self.assertEqual(frappe.db.get_value("Role", "Family Portal User", "desk_access"), 0)
		self.assertEqual(
			frappe.db.get_value("Service User Relation", self.town.child.relations[0].name, "portal_user"),
			self.parent,
		)
		mail = frappe.get_last_doc("Email Queue", filters={"reference_name": self.town.child.name})
		self.assertIn("familieportalen", mail.message)

	def test_r4_only_parents_with_responsibility_guardians_and_older_users_are_invited(self):
		child = self.town.child
		with self.assertRaises(frappe.ValidationError) as caught:
			invite(child.name, child.relations[1].name)
		self.assertIn("foreldreansvar", str(caught.exception))
		frappe.db.set_value("Service User", child.name, "email", "barnet@example.no")
		with self.assertRaises(frappe.ValidationError) as caught:
			invite(child.name)
		self.assertIn("fra fylte 16 år", str(caught.exception))

	def test_only_the_coordinator_invites(self):
		with self.set_user(self.staff.teacher):
			with self.assertRaises(frappe.PermissionError):
				invite(self.town.child.name, self.town.child.relations[1].name)

	def test_r1_parent_applies_through_the_web_form(self):
		with self.set_user(self.parent):
			data = {
				"doctype": "IP Application",
				"service_user": self.town.child.name,
				"applied_for": "Both",
				"needs_description": "Trenger koordinator",
				"responsible_unit": self.staff.welfare,
			}
			doc = accept("soknad-om-ip", json.dumps(data))
		app = frappe.get_doc("IP Application", doc.name)
		self.assertEqual(
			(app.applicant_kind, app.applicant_relation), ("Relation", self.town.child.relations[0].name)
		)
		self.assertIsNone(app.responsible_unit, "KE's fields cannot be set from the portal")

	def test_r1_parent_cannot_apply_for_someone_elses_child(self):
		before = frappe.db.count("IP Application")
		with self.set_user(self.parent):
			data = {
				"doctype": "IP Application",
				"service_user": self.other_child.name,
				"applied_for": "Both",
				"needs_description": "Forsøk",
			}
			with self.assertRaises(frappe.PermissionError):
				accept("soknad-om-ip", json.dumps(data))
		self.assertEqual(frappe.db.count("IP Application"), before)

	def test_r4_parent_gives_consent_through_the_web_form(self):
		with self.set_user(self.parent):
			data = f.consent_form(self.town.child.name, [self.staff.school])
			doc = accept("samtykke", json.dumps(data))
		consent = frappe.get_doc("Consent", doc.name)
		self.assertEqual(
			(consent.status, consent.signed_by_relation),
			(st.CONSENT_REGISTERED, self.town.child.relations[0].name),
		)
		self.assertEqual(getdate(consent.signed_date), getdate())
		with self.set_user(self.other_parent):
			with self.assertRaises(frappe.PermissionError):
				accept("samtykke", json.dumps(data))

	def test_r5_withdrawal_for_one_partner_ends_that_units_access_at_once(self):
		group = f.advance(self.town.group, st.GROUP_APPROVED)
		nurse = f.make_member(group.name, self.staff.nurse, self.staff.health)
		with self.set_user(self.other_parent):
			with self.assertRaises(frappe.PermissionError):
				withdraw_consent(self.town.consent.name, "Forsøk", self.staff.health)
		with self.set_user(self.parent):
			withdraw_consent(
				self.town.consent.name, "Helsestasjonen trenger ikke opplysninger", self.staff.health
			)
		with self.set_user(self.staff.nurse):
			self.assertFalse(frappe.has_permission("Group Member", "read", doc=nurse.name))
		with self.set_user(self.parent):
			self.assertEqual(withdraw_consent(self.town.consent.name, "Vi trekker alt"), st.CONSENT_WITHDRAWN)

	def test_portal_sees_own_approved_minutes_only(self):
		from frappe.www.printview import validate_print_permission

		group = f.advance(self.town.group, st.GROUP_APPROVED)
		approved = f.advance(
			f.complete(f.make_minutes(group.name, "Pre-meeting", days_ago=9)).save()
			and frappe.get_last_doc("Meeting Minutes", {"group": group.name}),
			st.MINUTES_APPROVED,
		)
		draft = f.advance(f.make_minutes(group.name, days_ago=1), st.MINUTES_DRAFT)
		with self.set_user(self.parent):
			validate_print_permission(frappe.get_doc("Meeting Minutes", approved.name))
			with self.assertRaises(frappe.PermissionError):
				validate_print_permission(frappe.get_doc("Meeting Minutes", draft.name))
		with self.set_user(self.other_parent):
			with self.assertRaises(frappe.PermissionError):
				validate_print_permission(frappe.get_doc("Meeting Minutes", approved.name))
			# and no desk road opens for a portal user
		with self.set_user(self.parent):
			for road, action in roads("Responsibility Group", group.name).items():
				if road == "print":
					continue
				with self.assertRaises(frappe.PermissionError, msg=road):
					result = action()
					if not result:
						raise frappe.PermissionError

	def test_mine_ansvarsgrupper_and_innsyn_pages(self):
		group = f.advance(self.town.group, st.GROUP_APPROVED)
		f.make_member(group.name, self.staff.teacher, self.staff.school)
		with self.set_user(self.staff.teacher):
			frappe.get_attr("frappe.desk.form.load.getdoc")("Responsibility Group", group.name)
		with self.set_user(self.parent):
			context = page_context("mine-ansvarsgrupper")
			self.assertEqual([p["name"] for p in context.people], [self.town.child.name])
			self.assertEqual(context.people[0]["groups"][0]["name"], group.name)
			innsyn = page_context("innsyn")
			self.assertTrue(
				any(row["action"] == "Åpnet" and row["group"] == group.name for row in innsyn.rows)
			)
		with self.set_user(self.other_parent):
			self.assertNotIn(
				self.town.child.name, [p["name"] for p in page_context("mine-ansvarsgrupper").people]
			)
			self.assertFalse(any(row["group"] == group.name for row in page_context("innsyn").rows))

	def test_portal_pages_escape_what_staff_and_families_typed(self):
		from frappe.utils import set_request
		from frappe.website.serve import get_response

		group = f.advance(self.town.group, st.GROUP_APPROVED)
		member = f.make_member(group.name, self.staff.teacher, self.staff.school)
		frappe.db.set_value("Group Member", member.name, "full_name", "<script>alert(1)</script>Per")
		with self.set_user(self.parent):
			set_request(method="GET", path="/mine-ansvarsgrupper")
			try:
				html = get_response().get_data(as_text=True)
			finally:
				del frappe.local.request  # later tests must not run inside this fake request
		self.assertTrue("&lt;script&gt;alert(1)&lt;/script&gt;Per" in html, "the member's name, escaped")
		self.assertFalse("<script>alert(1)</script>" in html, "no script from a name")
