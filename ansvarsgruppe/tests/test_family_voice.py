"""The person's own voice before a meeting (R5, R9, R24): the family answers the invitation and proposes
agenda items in the portal, the coordinator takes each in or answers why not, the invitation's print shows
them. Tried through the controllers and over HTTP against the served test site as the family and as staff
of every kind; every forbidden attempt is refused and writes nothing (rows counted before and after). The
data is committed (the web server reads it through its own connection) and removed when the module ends.
"""

import json

import frappe
from frappe.utils.password import update_password

from ansvarsgruppe.api import voice as api
from ansvarsgruppe.api.portal import withdraw_consent
from ansvarsgruppe.exceptions import MeetingError
from ansvarsgruppe.tests import factories as f
from ansvarsgruppe.tests.family_http import FamilyHttpCase, add_other_family, count, readable

PASSWORD = "Familiens-Stemme-2026!"
ATTEMPTS = [0]
S = frappe._dict()
NOTE = "Sondre sover dårlig etter nye medisiner"
OTHER_NOTE = "Per Annen gruer seg til skolestart"


def setUpModule():
	frappe.set_user("Administrator")
	f.ensure_outgoing_email_account()
	with f.unthrottled_users():
		build_scene(S)
	frappe.db.commit()


def tearDownModule():
	frappe.set_user("Administrator")
	frappe.db.rollback()
	for doctype in ("Agenda Proposal", "Meeting Response"):
		frappe.db.delete(doctype, {"group": ("in", [S.group, S.other_group])})
	frappe.db.commit()
	print(f"\nfamily voice: {ATTEMPTS[0]} attempts")


def build_scene(s):
	town = s.town = f.Municipality()
	s.coordinator, s.teacher, s.nurse, s.outsider = town.coordinator, town.teacher, town.nurse, town.outsider
	s.update(f.conversation_scene(town))
	add_other_family(s, town)
	# a member who is a coordinator elsewhere, and the minute-taker of the next meeting: writes its minutes,
	# but the family's proposals are answered by this group's coordinator alone
	s.taker = f.make_user("Mia Referent", ["Coordinator"])
	f.make_member(s.group, s.taker, town.school)
	for user in (
		s.taker,
		s.coordinator,
		s.teacher,
		s.nurse,
		s.outsider,
		s.ended,
		s.leader,
		s.ke,
		s.other_coordinator,
		s.parent,
		s.mother,
		s.other_parent,
	):
		update_password(user, PASSWORD)
	# a meeting already held (its invitation still open), then the next one, a week ahead
	s.held = f.make_minutes(s.group, days_ago=3).name
	s.minutes = f.make_minutes(s.group, days_ago=-7, minute_taker=s.taker).name
	s.other_minutes = f.make_minutes(s.other_group, days_ago=-7).name
	with f.as_user(s.other_parent):
		api.answer_invitation(s.other_minutes, "Coming", "Per", OTHER_NOTE)
		s.other_proposal = api.propose_agenda_item(s.other_minutes, "Skolestart for Per")
	# the health unit loses coverage: the nurse keeps her membership row but loses access (R5)
	withdraw_consent(town.consent.name, "Helsestasjonen trenger ikke lenger opplysninger", town.health)


class FamilyVoiceCase(FamilyHttpCase):
	password = PASSWORD
	attempts = ATTEMPTS
	sessions: dict = {}

	def propose(self, title: str, user: str | None = None) -> str:
		with f.as_user(user or S.parent):
			name = api.propose_agenda_item(S.minutes, title, "Vi vil gjerne snakke om dette.")
		frappe.db.commit()
		return name

	def staff_without_access(self) -> dict[str, str]:
		return {
			"uncovered member": S.nurse,
			"ended member": S.ended,
			"unit leader": S.leader,
			"KE": S.ke,
			"outsider": S.outsider,
			"another group's coordinator": S.other_coordinator,
		}


class TestTheFamilyAnswers(FamilyVoiceCase):
	def test_r24_a_parent_answers_the_invitation_and_proposes_an_item_in_the_portal(self):
		web = self.web(S.parent)
		before = count("Meeting Response", {"minutes": S.minutes})
		self.allowed(
			web.call(
				"ansvarsgruppe.api.voice.answer_invitation",
				minutes=S.minutes,
				attendance="Coming",
				who_comes="Ola og Sondre",
				note=NOTE,
			)
		)
		# a new answer replaces the parent's earlier one
		self.allowed(
			web.call(
				"ansvarsgruppe.api.voice.answer_invitation",
				minutes=S.minutes,
				attendance="Not coming",
				note=NOTE,
			)
		)
		self.assertEqual(count("Meeting Response", {"minutes": S.minutes}), before + 1)
		answer = frappe.get_doc("Meeting Response", {"minutes": S.minutes, "responder": S.parent})
		self.assertEqual((answer.attendance, answer.who_comes, answer.note), ("Not coming", None, NOTE))
		self.assertEqual((answer.group, answer.service_user), (S.group, S.town.child.name))
		response = self.allowed(
			web.call(
				"ansvarsgruppe.api.voice.propose_agenda_item",
				minutes=S.minutes,
				title="Skyss til skolen",
				details="Drosjen kommer for sent.",
			)
		)
		frappe.db.rollback()
		proposal = frappe.get_doc("Agenda Proposal", response.json()["message"])
		self.assertEqual(
			(proposal.proposed_by, proposal.status, proposal.group), (S.parent, "Proposed", S.group)
		)
		page = self.allowed(web.get("/innkallinger"))
		self.assertIn("Skyss til skolen", page.text)
		self.assertIn("Foreslått", page.text)
		self.assertNotIn("Skolestart for Per", page.text)
		self.assertNotIn(OTHER_NOTE, page.text)

	def test_r9_a_held_meeting_takes_no_answers_and_bad_answers_change_nothing(self):
		before = (count("Meeting Response"), count("Agenda Proposal"))
		frappe.set_user(S.mother)
		for action in (
			lambda: api.answer_invitation(S.held, "Coming"),
			lambda: api.propose_agenda_item(S.held, "For sent"),
			lambda: api.answer_invitation(S.minutes, "Kanskje"),
			lambda: api.answer_invitation(S.minutes, "Not coming", "Mona"),
			lambda: api.propose_agenda_item(S.minutes, "   "),
			lambda: api.propose_agenda_item(S.minutes, "x" * 141),
		):
			with self.assertRaises(MeetingError) as caught:
				action()
			self.assertIn("R9", caught.exception.rules)
		frappe.set_user("Administrator")
		self.assertEqual((count("Meeting Response"), count("Agenda Proposal")), before)

	def test_r24_the_record_takes_the_meeting_group_and_person_from_the_minutes(self):
		doc = frappe.get_doc(
			{
				"doctype": "Agenda Proposal",
				"minutes": S.minutes,
				"group": S.other_group,
				"service_user": frappe.db.get_value("Responsibility Group", S.other_group, "service_user"),
				"title": "Egen sak",
				"status": "Taken in",
				"answer": "Allerede tatt inn",
			}
		)
		doc.insert(ignore_permissions=True)
		self.assertEqual((doc.group, doc.status, doc.answer), (S.group, "Proposed", None))
		doc.title, doc.status = "Endret av noen andre", "Proposed"
		doc.save(ignore_permissions=True)
		self.assertEqual(doc.title, "Egen sak")
		frappe.db.rollback()


class TestWhoReads(FamilyVoiceCase):
	def test_r5_no_family_reads_or_writes_another_familys_meeting(self):
		before = (count("Meeting Response"), count("Agenda Proposal"))
		other = self.web(S.other_parent)
		for method, args in (
			("answer_invitation", {"attendance": "Coming"}),
			("propose_agenda_item", {"title": "Innbrudd"}),
		):
			self.refused(
				other.call(f"ansvarsgruppe.api.voice.{method}", minutes=S.minutes, **args), what=method
			)
			self.refused(
				self.web(S.parent).call(f"ansvarsgruppe.api.voice.{method}", minutes=S.other_minutes, **args),
				what=method,
			)
			self.refused(other.call(f"ansvarsgruppe.api.voice.{method}", minutes="finnes-ikke", **args))
		self.assertEqual((count("Meeting Response"), count("Agenda Proposal")), before)
		self.propose("Sondres søvn")
		page = other.get("/innkallinger").text
		self.assertIn("Skolestart for Per", page)
		self.assertNotIn("Sondres søvn", page)
		for user in (S.parent, S.other_parent):
			web = self.web(user)
			for doctype in ("Agenda Proposal", "Meeting Response"):
				self.refused(
					web.get(f"/api/resource/{doctype}", fields=["name", "title"]),
					"Skolestart for Per",
					what=user,
				)
				self.refused(web.get(f"/api/resource/{doctype}/{S.other_proposal}"), what=user)
				self.refused(web.call("frappe.client.get_list", doctype=doctype, fields=["name"]), what=user)
				self.refused(
					web.call("frappe.desk.form.load.getdoc", doctype="Meeting Minutes", name=S.other_minutes),
					OTHER_NOTE,
					what=user,
				)

	def test_r5_the_proposals_reach_the_coordinator_and_the_covered_members_only(self):
		title = "Fritidsaktivitet på kveldstid"
		name = self.propose(title, S.mother)
		with f.as_user(S.mother):
			api.answer_invitation(S.minutes, "Coming", "Mona", NOTE)
		frappe.db.commit()
		for who in (S.coordinator, S.teacher):
			web = self.web(who)
			for doctype, secret in (("Agenda Proposal", title), ("Meeting Response", NOTE)):
				fields = ["name", "title"] if doctype == "Agenda Proposal" else ["name", "note"]
				listed = self.allowed(
					web.call("frappe.client.get_list", doctype=doctype, fields=fields, limit_page_length=0)
				)
				text = readable(listed)
				self.assertIn(secret, text, who)
				self.assertNotIn(OTHER_NOTE, text, who)
				self.assertNotIn("Skolestart for Per", text, who)
		form = self.allowed(
			self.web(S.coordinator).call(
				"frappe.desk.form.load.getdoc", doctype="Meeting Minutes", name=S.minutes
			)
		)
		form = readable(form)
		self.assertIn(title, form)
		self.assertIn(NOTE, form)
		for what, user in self.staff_without_access().items():
			web = self.web(user)
			for doctype in ("Agenda Proposal", "Meeting Response"):
				self.answered_nothing(
					web.call(
						"frappe.client.get_list",
						doctype=doctype,
						fields=["name"],
						filters={"group": S.group},
						limit_page_length=0,
					),
					title,
					NOTE,
					what=f"{what} {doctype} list",
				)
			self.refused(web.get(f"/api/resource/Agenda Proposal/{name}"), title, what=what)
			self.answered_nothing(
				web.call(
					"frappe.client.get_value",
					doctype="Agenda Proposal",
					filters={"name": name},
					fieldname="title",
				),
				title,
				what=what,
			)

	def test_r24_staff_do_not_write_as_the_family(self):
		before = (count("Meeting Response"), count("Agenda Proposal"))
		for user in (S.coordinator, S.teacher, S.ke):
			web = self.web(user)
			self.refused(
				web.call("ansvarsgruppe.api.voice.answer_invitation", minutes=S.minutes, attendance="Coming")
			)
			self.refused(
				web.call("ansvarsgruppe.api.voice.propose_agenda_item", minutes=S.minutes, title="x")
			)
			self.refused(
				web.post(
					"/api/resource/Agenda Proposal", data=json.dumps({"minutes": S.minutes, "title": "x"})
				)
			)
		self.assertEqual((count("Meeting Response"), count("Agenda Proposal")), before)


class TestTheCoordinatorAnswers(FamilyVoiceCase):
	def answer(self, user: str, proposal: str, decision: str, answer: str | None = None):
		return self.web(user).call(
			"run_doc_method",
			dt="Meeting Minutes",
			dn=S.minutes,
			method="answer_proposal",
			args=json.dumps({"proposal": proposal, "decision": decision, "answer": answer}),
		)

	def test_r24_the_coordinator_takes_a_proposal_in_or_answers_why_not(self):
		taken = self.propose("Overgang til ungdomsskolen")
		declined = self.propose("Klage på assistenten")
		agenda = count("Meeting Agenda Item", {"parent": S.minutes})
		for user in (S.teacher, S.taker, S.other_coordinator, S.ke, S.parent):
			self.refused(self.answer(user, taken, "Taken in"), what=user)
		self.refused(self.answer(S.coordinator, declined, "Not taken in"), what="no reason")
		self.refused(self.answer(S.coordinator, S.other_proposal, "Taken in"), what="another meeting's")
		self.assertEqual(frappe.db.get_value("Agenda Proposal", taken, "status"), "Proposed")
		self.assertEqual(frappe.db.get_value("Agenda Proposal", declined, "status"), "Proposed")
		self.assertEqual(count("Meeting Agenda Item", {"parent": S.minutes}), agenda)

		self.allowed(self.answer(S.coordinator, taken, "Taken in"))
		reason = "Klager på ansatte tas med leder, ikke i ansvarsgruppen."
		self.allowed(self.answer(S.coordinator, declined, "Not taken in", reason))
		self.refused(self.answer(S.coordinator, taken, "Not taken in", "Likevel ikke"), what="twice")
		frappe.db.rollback()
		minutes = frappe.get_doc("Meeting Minutes", S.minutes)
		row = minutes.agenda[-1]
		self.assertEqual((row.title, row.proposal), ("Overgang til ungdomsskolen", taken))
		self.assertEqual(len(minutes.agenda), agenda + 1)
		declined_doc = frappe.get_doc("Agenda Proposal", declined)
		self.assertEqual((declined_doc.status, declined_doc.answer), ("Not taken in", reason))
		self.assertEqual(declined_doc.answered_by, S.coordinator)
		page = self.web(S.parent).get("/innkallinger").text
		self.assertIn(reason, page)
		self.assertIn("Tatt inn", page)
		html = frappe.get_print("Meeting Minutes", S.minutes, "Innkalling")
		self.assertIn("Saker familien har meldt inn", html)
		self.assertIn("Overgang til ungdomsskolen", html)
		self.assertIn("(foreslått av familien)", html)
		self.assertIn(reason, html)
