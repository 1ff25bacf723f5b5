"""The desk each role opens: Norwegian defaults at install, a home workspace per role, its figures counted
as the user may see them, and the meeting calendar."""

import frappe
from frappe.utils import add_days, getdate

from ansvarsgruppe.api import home
from ansvarsgruppe.rules import status as st
from ansvarsgruppe.setup import homes, locale
from ansvarsgruppe.tests import factories as f

NORWEGIAN = {
	"time_zone": "Europe/Oslo",
	"date_format": "dd.mm.yyyy",
	"time_format": "HH:mm",
	"first_day_of_the_week": "Monday",
	"language": "no",
	"country": "Norway",
}


class TestDeskSetup(f.MunicipalityTestCase):
	def keep_system_settings(self):
		"""Put System Settings and the defaults Frappe derives from them back after the test."""
		saved = self.settings()
		saved["setup_complete"] = frappe.db.get_single_value("System Settings", "setup_complete")
		currency = frappe.db.get_default("currency")

		def restore():
			settings = frappe.get_single("System Settings")
			settings.update(saved)
			settings.flags.ignore_mandatory = settings.flags.ignore_permissions = True
			settings.save()
			frappe.db.set_default("currency", currency)
			frappe.cache.delete_value(["system_settings", "time_zone"])

		self.addCleanup(restore)

	def settings(self) -> dict:
		"""System Settings as stored (no cache)."""
		rows = frappe.db.sql(
			"select field, value from tabSingles where doctype = 'System Settings' and field in %s",
			(tuple(NORWEGIAN),),
		)
		return {field: dict(rows).get(field) for field in NORWEGIAN}

	def test_the_site_made_by_new_site_got_norwegian_defaults_at_install(self):
		# The test site is made by `bench new-site --install-app` (scripts/test), as a municipality's is.
		self.assertEqual(self.settings(), NORWEGIAN)
		self.assertEqual(frappe.db.get_default("currency"), "NOK")
		self.assertEqual(frappe.db.get_default("time_zone"), "Europe/Oslo")

	def test_a_fresh_site_loses_frappes_shipped_values(self):
		self.keep_system_settings()
		# What `bench new-site` leaves before the setup wizard: no time zone, ISO dates, seconds, Sunday.
		frappe.db.set_single_value("System Settings", "setup_complete", 0)
		for field, value in {
			"time_zone": None,
			"date_format": "yyyy-mm-dd",
			"time_format": "HH:mm:ss",
			"first_day_of_the_week": "Sunday",
			"language": None,
			"country": None,
		}.items():
			frappe.db.set_single_value("System Settings", field, value)
		frappe.db.set_default("currency", None)
		locale.ensure_norwegian_defaults()
		self.assertEqual(self.settings(), NORWEGIAN)
		self.assertEqual(frappe.db.get_default("currency"), "NOK")

	def test_a_set_up_site_keeps_its_choices_and_only_empty_values_are_filled(self):
		self.keep_system_settings()
		frappe.db.set_single_value("System Settings", "setup_complete", 1)
		frappe.db.set_single_value("System Settings", "date_format", "yyyy-mm-dd")
		frappe.db.set_single_value("System Settings", "first_day_of_the_week", "Sunday")
		frappe.db.set_single_value("System Settings", "time_zone", None)
		locale.ensure_norwegian_defaults()
		values = self.settings()
		self.assertEqual(values["date_format"], "yyyy-mm-dd")
		self.assertEqual(values["first_day_of_the_week"], "Sunday")
		self.assertEqual(values["time_zone"], "Europe/Oslo")

	def test_the_setup_wizards_answers_win(self):
		from frappe.desk.page.setup_wizard.setup_wizard import update_system_settings

		self.keep_system_settings()
		frappe.db.set_single_value("System Settings", "setup_complete", 0)
		locale.ensure_norwegian_defaults()
		update_system_settings(
			frappe._dict(country="Sweden", language="English", timezone="Europe/Stockholm")
		)
		frappe.db.set_single_value("System Settings", "setup_complete", 1)
		locale.ensure_norwegian_defaults()
		values = self.settings()
		self.assertEqual(values["time_zone"], "Europe/Stockholm")
		self.assertEqual(values["country"], "Sweden")
		self.assertEqual(values["language"], "en")

	def test_users_are_shown_by_name_in_links(self):
		self.assertTrue(frappe.get_meta("User").show_title_field_in_link)

	def home(self, user: str) -> str | None:
		return frappe.db.get_value("User", user, "default_workspace")

	def test_each_role_lands_on_its_own_workspace(self):
		users = {
			"Coordinating Unit": f.make_user("Kari KE", ["Coordinating Unit"]),
			"Unit Leader": f.make_user("Lena Leder", ["Unit Leader"]),
			"Coordinator": self.staff.coordinator,
			"Group Participant": self.staff.teacher,
		}
		for role, workspace in homes.HOMES:
			with self.subTest(role=role):
				user = users[role]
				self.assertEqual(self.home(user), workspace)
				self.assertTrue(frappe.db.exists("Workspace", workspace))
				roles = frappe.get_all(
					"Has Role", {"parent": workspace, "parenttype": "Workspace"}, pluck="role"
				)
				self.assertEqual(roles, [role])

	def test_given_a_role_later_the_home_follows_and_an_own_choice_stays(self):
		user = f.make_user("Hjem", ["Group Participant"])
		self.assertEqual(self.home(user), "Gruppedeltaker")
		frappe.get_doc("User", user).add_roles("Coordinator")
		self.assertEqual(self.home(user), "Mine grupper")

		frappe.db.set_value("User", user, "default_workspace", "Ansvarsgrupper")
		frappe.get_doc("User", user).add_roles("Coordinating Unit")
		self.assertEqual(self.home(user), "Ansvarsgrupper")

	def test_migrate_gives_users_without_a_home_theirs(self):
		frappe.db.set_value("User", self.staff.nurse, "default_workspace", None)
		homes.ensure_homes()
		self.assertEqual(self.home(self.staff.nurse), "Gruppedeltaker")


class TestHomeFigures(f.MunicipalityTestCase):
	"""The cards count what the user may read, as the list they open shows (R5, R17)."""

	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.town = f.Municipality(cls.staff)
		cls.group = f.advance(cls.town.group, st.GROUP_APPROVED)
		f.make_member(cls.group.name, cls.staff.teacher, cls.staff.school)
		cls.coming = f.make_minutes(cls.group.name, "Pre-meeting", days_ago=-7, end_time="11:30:00")
		cls.held = f.make_minutes(cls.group.name, "Ordinary", days_ago=3)
		cls.other_coordinator = f.make_user("Annen Koordinator", ["Coordinator"])
		cls.ke = f.make_user("Kari KE", ["Coordinating Unit"])

	def value(self, method: str, user: str) -> int:
		with self.set_user(user):
			result = getattr(home, method)()
			# The same figure the card's list shows the user.
			listed = frappe.get_list(
				result["route"][1], filters=home._as_list(result["route"][1], result["route_options"])
			)
		if "." not in "".join(result["route_options"]):
			self.assertEqual(result["value"], len(listed), method)
		return result["value"]

	def test_r3_the_coordinators_cards_count_their_own_groups_only(self):
		self.assertEqual(self.value("coordinated_groups", self.staff.coordinator), 1)
		self.assertEqual(self.value("coordinated_groups", self.other_coordinator), 0)
		self.assertEqual(self.value("coordinated_next_meetings", self.staff.coordinator), 1)
		self.assertEqual(self.value("minutes_to_finish", self.staff.coordinator), 1)
		self.assertEqual(self.value("minutes_to_finish", self.other_coordinator), 0)

	def test_r5_a_participant_counts_the_groups_they_sit_in_and_an_outsider_nothing(self):
		self.assertEqual(self.value("my_groups", self.staff.teacher), 1)
		self.assertEqual(self.value("my_next_meetings", self.staff.teacher), 1)
		self.assertEqual(self.value("my_groups", self.staff.outsider), 0)
		self.assertEqual(self.value("my_next_meetings", self.staff.outsider), 0)

	def test_r17_ke_counts_every_open_group_and_its_coordinators(self):
		open_groups = frappe.db.count("Responsibility Group", {"status": ("in", st.GROUP_OPEN)})
		self.assertEqual(self.value("open_groups", self.ke), open_groups)
		self.assertEqual(self.value("open_groups", self.staff.outsider), 0)
		coordinators = len(
			set(
				frappe.get_all(
					"Responsibility Group",
					{"status": ("in", st.GROUP_OPEN), "coordinator": ("is", "set")},
					pluck="coordinator",
				)
			)
		)
		with self.set_user(self.ke):
			self.assertEqual(home.coordinators()["value"], coordinators)

	def test_r15_transitions_within_60_days_are_counted_for_the_coordinator(self):
		group = frappe.get_doc("Responsibility Group", self.group.name)
		group.append(
			"transitions",
			{
				"from_service": "Barnehage",
				"to_service": "Skole",
				"planned_date": add_days(getdate(), 30),
				"responsible": self.staff.coordinator,
			},
		)
		group.save(ignore_permissions=True)
		self.assertEqual(self.value("transitions_due", self.staff.coordinator), 1)
		self.assertEqual(self.value("transitions_due", self.other_coordinator), 0)

	def test_every_shipped_card_answers_for_its_role(self):
		cards = frappe.get_all(
			"Number Card", {"module": "Ansvarsgruppe"}, ["name", "method", "document_type"]
		)
		self.assertGreaterEqual(len(cards), 19)
		users = {
			"Coordinator": self.staff.coordinator,
			"Coordinating Unit": self.ke,
			"Group Participant": self.staff.teacher,
		}
		for card in cards:
			with self.subTest(card=card.name):
				self.assertTrue(card.method.startswith("ansvarsgruppe.api.home."))
				for user in users.values():
					with self.set_user(user):
						result = frappe.get_attr(card.method)()
					self.assertIsInstance(result["value"], int)

	def test_the_calendar_shows_only_the_meetings_the_user_may_read(self):
		start, end = str(add_days(getdate(), -30)), str(add_days(getdate(), 30))
		with self.set_user(self.staff.coordinator):
			events = {e["name"]: e for e in home.get_meeting_events(start, end)}
		self.assertIn(self.coming.name, events)
		self.assertEqual(events[self.coming.name]["start"], f"{self.coming.meeting_date} 10:00:00")
		self.assertEqual(events[self.coming.name]["end"], f"{self.coming.meeting_date} 11:30:00")
		with self.set_user(self.staff.outsider):
			self.assertEqual(home.get_meeting_events(start, end), [])
		with self.set_user(self.other_coordinator):
			self.assertEqual(home.get_meeting_events(start, end), [])


class TestMinutesFormByStage(f.MunicipalityTestCase):
	def test_r11_the_form_has_a_tab_per_stage_and_later_stages_wait_for_the_meeting(self):
		meta = frappe.get_meta("Meeting Minutes")
		tabs = [field for field in meta.fields if field.fieldtype == "Tab Break"]
		self.assertEqual(
			[tab.fieldname for tab in tabs], ["meeting_tab", "minutes_tab", "plan_tab", "distribution_tab"]
		)
		for tab in ("minutes_tab", "distribution_tab"):
			self.assertIn("doc.status !== 'Invited'", meta.get_field(tab).depends_on)
		# What approval requires is shown as required once the minutes are final (R11, R13).
		for fieldname in ("start_time", "conclusion", "next_meeting_date", "distribution", "plan_result"):
			self.assertIn("Approved", meta.get_field(fieldname).mandatory_depends_on or "", fieldname)

	def test_r11_duplicating_approved_minutes_copies_no_approval(self):
		approved = frappe.get_doc(
			{
				"doctype": "Meeting Minutes",
				"status": st.MINUTES_APPROVED,
				"approved_by": self.staff.coordinator,
				"approved_on": getdate(),
				"previous_minutes_approved": 1,
				"invitation_sent_on": "2026-01-01 10:00:00",
			}
		)
		copy = frappe.copy_doc(approved, ignore_no_copy=False)  # as the desk's Duplicate
		for fieldname in ("approved_by", "approved_on", "previous_minutes_approved", "invitation_sent_on"):
			self.assertFalse(copy.get(fieldname), fieldname)
		self.assertNotEqual(copy.status, st.MINUTES_APPROVED)
