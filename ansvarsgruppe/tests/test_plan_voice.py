"""The plan as the person's own (R5, R18, R24): the family proposes goals and comments on a draft plan in
the portal, the coordinator takes a goal in or answers why not, the person agrees to the plan as it stands,
and a plan is approved in the workflow only with that agreement or the coordinator's reason why not; goals
carry their area of life on the plan's print. Through the controllers and over HTTP against the served
test site as the family and as staff of every kind; every forbidden attempt is refused and writes nothing
(rows counted before and after). The data is committed and removed when the module ends.
"""

import json

import frappe
from frappe.utils.password import update_password

from ansvarsgruppe.api import plan_voice as api
from ansvarsgruppe.api.portal import withdraw_consent
from ansvarsgruppe.exceptions import RuleError
from ansvarsgruppe.portal import idporten
from ansvarsgruppe.rules import status as st
from ansvarsgruppe.tests import factories as f
from ansvarsgruppe.tests import idporten_support as support
from ansvarsgruppe.tests.family_http import FamilyHttpCase, add_other_family, count, readable

PASSWORD = "Planens-Stemme-2026!"
ATTEMPTS = [0]
S = frappe._dict()
GOAL = "Jeg vil lære å sykle til skolen selv"
OTHER_GOAL = "Per vil slutte i korpset"
PROPOSE = "ansvarsgruppe.api.plan_voice.propose_to_plan"
AGREE = "ansvarsgruppe.api.plan_voice.agree_to_plan"
ANSWER = "ansvarsgruppe.api.plan_voice.answer_plan_proposal"


def setUpModule():
	frappe.set_user("Administrator")
	f.ensure_outgoing_email_account()
	with f.unthrottled_users():
		build_scene(S)
	frappe.db.commit()


def tearDownModule():
	frappe.set_user("Administrator")
	frappe.db.rollback()
	frappe.db.delete("Plan Proposal", {"group": ("in", [S.group, S.other_group])})
	frappe.db.commit()
	print(f"\nplan voice: {ATTEMPTS[0]} attempts")


def build_scene(s):
	town = s.town = f.Municipality()
	s.coordinator, s.teacher, s.nurse, s.outsider = town.coordinator, town.teacher, town.nurse, town.outsider
	s.update(f.conversation_scene(town))
	s.plan = f.make_plan(s.group, town.teacher, town.school, status=st.PLAN_DRAFT).name
	add_other_family(s, town)
	s.other_plan = f.make_plan(s.other_group, s.other_coordinator, town.welfare, status=st.PLAN_DRAFT).name
	for user in (
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
	with f.as_user(s.other_parent):
		s.other_proposal = api.propose_to_plan(s.other_plan, "Goal", OTHER_GOAL, "Leisure")
	# the health unit loses coverage: the nurse keeps her membership row but loses access (R5)
	withdraw_consent(town.consent.name, "Helsestasjonen trenger ikke lenger opplysninger", town.health)


class PlanVoiceCase(FamilyHttpCase):
	password = PASSWORD
	attempts = ATTEMPTS
	sessions: dict = {}

	def propose(self, text: str, kind: str = "Goal", life_area: str | None = None, user=None) -> str:
		with f.as_user(user or S.parent):
			name = api.propose_to_plan(S.plan, kind, text, life_area)
		frappe.db.commit()
		return name

	def staff_without_access(self) -> dict[str, str]:
		return {
			"uncovered member": S.nurse,
			"former member": S.ended,
			"unit leader": S.leader,
			"KE": S.ke,
			"outsider": S.outsider,
			"another group's coordinator": S.other_coordinator,
		}


class TestTheFamilyProposes(PlanVoiceCase):
	def test_r24_a_parent_proposes_a_goal_and_comments_on_the_draft_plan_in_the_portal(self):
		web = self.web(S.parent)
		page = self.allowed(web.get("/individuell-plan"))
		self.assertIn("Utkast til individuell plan", page.text)
		self.assertIn("Foreslå et eget mål", page.text)
		self.assertNotIn(OTHER_GOAL, page.text)
		before = count("Plan Proposal", {"plan": S.plan})
		response = self.allowed(
			web.call(PROPOSE, plan=S.plan, kind="Goal", text=GOAL, life_area="School and Education")
		)
		self.allowed(web.call(PROPOSE, plan=S.plan, kind="Comment", text="Vi ønsker oftere møter"))
		self.assertEqual(count("Plan Proposal", {"plan": S.plan}), before + 2)
		proposal = frappe.get_doc("Plan Proposal", response.json()["message"])
		self.assertEqual(
			(proposal.proposed_by, proposal.status, proposal.group, proposal.life_area),
			(S.parent, "Proposed", S.group, "School and Education"),
		)
		page = self.allowed(web.get("/individuell-plan")).text
		self.assertIn(GOAL, page)
		self.assertIn("Skole og utdanning", page)
		self.assertIn("Foreslått", page)

	def test_r24_bad_proposals_and_proposals_to_an_approved_plan_change_nothing(self):
		before = count("Plan Proposal")
		frappe.set_user(S.mother)
		for kind, text, area in (
			("Goal", "   ", None),
			("Wish", "Et mål", None),
			("Goal", "Et mål", "Astrologi"),
			("Comment", "x" * 2001, None),
		):
			with self.assertRaises(RuleError):
				api.propose_to_plan(S.plan, kind, text, area)
		frappe.set_user("Administrator")
		self.assertEqual(count("Plan Proposal"), before)

	def test_r24_the_record_takes_the_plan_group_and_person_from_the_plan(self):
		doc = frappe.get_doc(
			{
				"doctype": "Plan Proposal",
				"plan": S.plan,
				"group": S.other_group,
				"kind": "Goal",
				"text": "Eget mål",
				"status": "Taken in",
				"answer": "Allerede tatt inn",
			}
		).insert(ignore_permissions=True)
		self.assertEqual((doc.group, doc.status, doc.answer), (S.group, "Proposed", None))
		doc.text = "Endret av noen andre"
		doc.save(ignore_permissions=True)
		self.assertEqual(doc.text, "Eget mål")
		frappe.db.rollback()


class TestWhoReads(PlanVoiceCase):
	def test_r5_no_family_reads_or_writes_another_familys_plan(self):
		before = count("Plan Proposal")
		other, parent = self.web(S.other_parent), self.web(S.parent)
		self.refused(other.call(PROPOSE, plan=S.plan, kind="Goal", text="Innbrudd"))
		self.refused(parent.call(PROPOSE, plan=S.other_plan, kind="Comment", text="Innbrudd"))
		self.refused(other.call(PROPOSE, plan="finnes-ikke", kind="Goal", text="Innbrudd"))
		self.refused(other.call(AGREE, plan=S.plan))
		self.refused(parent.call(ANSWER, proposal=S.other_proposal, decision="Taken in"))
		self.assertEqual(count("Plan Proposal"), before)
		frappe.db.rollback()
		self.assertFalse(frappe.db.get_value("Individual Plan", S.plan, "person_agreed"))
		self.propose("Sondre vil spille fotball")
		page = other.get("/individuell-plan").text
		self.assertIn(OTHER_GOAL, page)
		self.assertNotIn("Sondre vil spille fotball", page)
		for user in (S.parent, S.other_parent):
			web = self.web(user)
			self.refused(web.get("/api/resource/Plan Proposal", fields=["name", "text"]), OTHER_GOAL)
			self.refused(web.get(f"/api/resource/Plan Proposal/{S.other_proposal}"), OTHER_GOAL)
			self.refused(web.call("frappe.client.get_list", doctype="Plan Proposal", fields=["name"]))
			self.refused(
				web.call("frappe.desk.form.load.getdoc", doctype="Individual Plan", name=S.other_plan),
				OTHER_GOAL,
			)

	def test_r5_the_proposals_reach_the_coordinator_and_the_covered_members_only(self):
		text = "Kommentar om skoleskyss"
		name = self.propose(text, "Comment", user=S.mother)
		for who in (S.coordinator, S.teacher):
			listed = self.allowed(
				self.web(who).call(
					"frappe.client.get_list",
					doctype="Plan Proposal",
					fields=["name", "text"],
					limit_page_length=0,
				)
			)
			self.assertIn(text, readable(listed), who)
			self.assertNotIn(OTHER_GOAL, readable(listed), who)
		form = self.allowed(
			self.web(S.coordinator).call(
				"frappe.desk.form.load.getdoc", doctype="Individual Plan", name=S.plan
			)
		)
		self.assertIn(text, readable(form), "beside the plan in the desk")
		for what, user in self.staff_without_access().items():
			web = self.web(user)
			self.answered_nothing(
				web.call(
					"frappe.client.get_list",
					doctype="Plan Proposal",
					fields=["name", "text"],
					filters={"group": S.group},
					limit_page_length=0,
				),
				text,
				what=what,
			)
			self.refused(web.get(f"/api/resource/Plan Proposal/{name}"), text, what=what)
			self.answered_nothing(
				web.call(
					"frappe.client.get_value",
					doctype="Plan Proposal",
					filters={"name": name},
					fieldname="text",
				),
				text,
				what=what,
			)
			self.refused(web.call(ANSWER, proposal=name, decision="Answered", answer="x"), what=what)

	def test_r24_staff_do_not_write_as_the_family(self):
		before = count("Plan Proposal")
		for user in (S.coordinator, S.teacher, S.ke, S.ended):
			web = self.web(user)
			self.refused(web.call(PROPOSE, plan=S.plan, kind="Goal", text="x"), what=user)
			self.refused(web.call(AGREE, plan=S.plan), what=user)
			self.refused(
				web.post(
					"/api/resource/Plan Proposal",
					data=json.dumps({"plan": S.plan, "kind": "Goal", "text": "x"}),
				),
				what=user,
			)
		self.assertEqual(count("Plan Proposal"), before)
		frappe.db.rollback()
		self.assertFalse(frappe.db.get_value("Individual Plan", S.plan, "person_agreed"))


class TestWorkflowApproval(PlanVoiceCase):
	def answer(self, user: str, proposal: str, decision: str, answer: str | None = None):
		given = {"answer": answer} if answer is not None else {}
		return self.web(user).call(ANSWER, proposal=proposal, decision=decision, **given)

	def test_r24_the_coordinator_takes_a_goal_in_answers_why_not_and_the_person_agrees(self):
		taken = self.propose(GOAL, life_area="School and Education")
		declined = self.propose("Jeg vil ha egen bil", life_area="Other")
		goals = len(frappe.get_doc("Individual Plan", S.plan).goals)
		for user in (S.teacher, S.other_coordinator, S.ke, S.parent):
			self.refused(self.answer(user, taken, "Taken in"), what=user)
		self.refused(self.answer(S.coordinator, declined, "Not taken in"), what="no reason")
		self.refused(self.answer(S.coordinator, taken, "Answered", "Takk"), what="a goal is not a comment")
		self.assertEqual(count("Plan Proposal", {"name": taken, "status": "Proposed"}), 1)
		self.assertEqual(len(frappe.get_doc("Individual Plan", S.plan).goals), goals)

		self.allowed(self.answer(S.coordinator, taken, "Taken in"))
		reason = "Bil er ikke noe kommunen kan hjelpe med nå."
		self.allowed(self.answer(S.coordinator, declined, "Not taken in", reason))
		self.refused(self.answer(S.coordinator, taken, "Not taken in", "Likevel ikke"), what="twice")
		frappe.db.rollback()
		plan = frappe.get_doc("Individual Plan", S.plan)
		row = plan.goals[-1]
		self.assertEqual(
			(row.goal, row.is_persons_own_goal, row.life_area), (GOAL, 1, "School and Education")
		)
		self.assertEqual(frappe.db.get_value("Plan Proposal", taken, "goal_id"), row.goal_id)
		page = self.web(S.parent).get("/individuell-plan").text
		self.assertIn(reason, page)
		self.assertIn("Tatt inn", page)

		# the workflow's approval needs the person's agreement to the plan as it stands, or a reason
		with f.as_user(S.coordinator), self.assertRaises(RuleError) as caught:
			f.advance(frappe.get_doc("Individual Plan", S.plan), st.PLAN_APPROVED)
		self.assertIn("R24", caught.exception.rules)
		frappe.db.rollback()  # the refused save's row locks go with it
		self.allowed(self.web(S.parent).call(AGREE, plan=S.plan))
		frappe.db.rollback()
		plan = frappe.get_doc("Individual Plan", S.plan)
		self.assertEqual(
			(plan.person_agreed, plan.agreed_by, plan.agreed_as, plan.agreement_signed_digitally),
			(1, S.parent, "Parent with Parental Responsibility", 0),
		)
		# a change after the agreement makes it an agreement to another plan: it no longer counts
		plan.goals[0].goal = "Lese lengre tekster"
		plan.save(ignore_permissions=True)
		frappe.db.commit()
		self.assertEqual((plan.person_agreed, plan.agreed_by), (0, None))
		with f.as_user(S.coordinator), self.assertRaises(RuleError):
			f.advance(frappe.get_doc("Individual Plan", S.plan), st.PLAN_APPROVED)
		frappe.db.rollback()
		self.allowed(self.web(S.parent).call(AGREE, plan=S.plan))
		frappe.db.rollback()
		with f.as_user(S.coordinator):
			plan = f.advance(frappe.get_doc("Individual Plan", S.plan), st.PLAN_APPROVED)
		frappe.db.commit()
		self.assertEqual((plan.status, plan.person_agreed), (st.PLAN_APPROVED, 1))
		self.refused(self.web(S.parent).call(PROPOSE, plan=S.plan, kind="Comment", text="For sent"))
		html = frappe.get_print("Individual Plan", S.plan, "Individuell plan")
		self.assertIn("Livsområde", html)
		self.assertIn("Skole og utdanning", html)
		self.assertIn("sa seg enig i planen", html)
		page = self.web(S.parent).get("/individuell-plan").text
		self.assertIn("sa seg enig i planen", page)

	def test_r24_a_status_set_by_hand_in_a_saved_form_is_no_way_around_the_agreement(self):
		doc = frappe.get_doc("Individual Plan", S.other_plan).as_dict()
		doc["status"] = st.PLAN_APPROVED
		response = self.web(S.other_coordinator).call(
			"frappe.desk.form.save.savedocs", doc=frappe.as_json(doc), action="Save"
		)
		self.assertNotEqual(response.status_code, 200, response.text[:300])
		frappe.db.rollback()
		self.assertNotEqual(frappe.db.get_value("Individual Plan", S.other_plan, "status"), st.PLAN_APPROVED)

	def test_r24_approved_without_agreement_only_with_the_coordinators_reason(self):
		plan = frappe.get_doc("Individual Plan", S.other_plan)
		plan.person_agreed, plan.agreement_digest, plan.agreed_by = 1, "forged", S.other_coordinator
		plan.save(ignore_permissions=True)
		self.assertEqual((plan.person_agreed, plan.agreed_by), (0, None), "only the portal records it")
		with f.as_user(S.other_coordinator), self.assertRaises(RuleError) as caught:
			f.advance(frappe.get_doc("Individual Plan", S.other_plan), st.PLAN_APPROVED)
		self.assertIn("R24", caught.exception.rules)
		frappe.db.rollback()
		reason = "Per var innlagt og kunne ikke ta stilling; planen gjennomgås med ham ved neste møte."
		frappe.db.set_value("Individual Plan", S.other_plan, "no_agreement_reason", reason)
		with f.as_user(S.other_coordinator):
			plan = f.advance(frappe.get_doc("Individual Plan", S.other_plan), st.PLAN_APPROVED)
		self.assertEqual((plan.status, plan.no_agreement_reason), (st.PLAN_APPROVED, reason))
		html = frappe.get_print("Individual Plan", S.other_plan, "Individuell plan")
		self.assertIn("Godkjent uten personens tilslutning fordi", html)
		self.assertIn(reason, html)
		frappe.db.rollback()


class TestSignedWithIdporten(f.MunicipalityTestCase):
	"""R4, R24: agreeing to the plan after an ID-porten log-in is signed with it; a log-in too old to sign
	with is refused until the person logs in again (``prompt=login``, ``max_age``)."""

	sends_email = True

	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.provider = support.start_provider()
		support.configure(cls.provider)
		family = cls.family = support.Family(cls.staff)
		town = family.town
		consent = f.make_consent(family.adult, [town.school])
		group = f.make_group(
			family.adult.name, town.school, town.coordinator, consent.name, status=st.GROUP_APPROVED
		)
		cls.plan = f.make_plan(group.name, town.teacher, town.school, status=st.PLAN_DRAFT).name
		frappe.db.commit()

	@classmethod
	def tearDownClass(cls):
		support.disable()
		super().tearDownClass()

	def test_r24_the_person_signs_their_plan_with_a_fresh_idporten_log_in(self):
		browser = support.Browser()
		answer = browser.idporten_login(self.provider, self.family.adult_pid, auth_age=3600)
		self.assertEqual(answer.status_code, 302, answer.text[:300])
		refused = browser.post(f"/api/method/{AGREE}", plan=self.plan)
		self.assertEqual(refused.status_code, 417, refused.text[:300])
		self.assertEqual(refused.json()["exc_type"], "FreshLoginNeeded")
		frappe.db.rollback()
		self.assertFalse(frappe.db.get_value("Individual Plan", self.plan, "person_agreed"))
		page = browser.get("/individuell-plan")
		self.assertIn("Logg inn på nytt med ID-porten for å signere", page.text)

		self.provider.next_login(self.family.adult_pid, auth_age=3600)  # fresh only by prompt=login
		fresh = idporten.fresh_login_url("/individuell-plan")
		answer = browser.get(fresh)
		answer = browser.session.get(answer.headers["Location"], allow_redirects=False)
		self.assertEqual(self.provider.authorize_requests[-1]["prompt"], "login")
		back = browser.session.get(answer.headers["Location"], allow_redirects=False)
		self.assertIn(back.status_code, (301, 302, 303), back.text[:300])
		page = browser.get("/individuell-plan")
		self.assertIn("Signer planen med ID-porten", page.text)
		signed = browser.post(f"/api/method/{AGREE}", plan=self.plan)
		self.assertEqual(signed.status_code, 200, signed.text[:300])
		frappe.db.rollback()
		plan = frappe.get_doc("Individual Plan", self.plan)
		self.assertEqual(
			(plan.person_agreed, plan.agreed_by, plan.agreed_as, plan.agreement_signed_digitally),
			(1, self.family.adult_user, "The Person", 1),
		)
		self.assertEqual(
			(plan.agreement_signature_level, plan.agreement_amr), ("idporten-loa-high", "BankID")
		)
		self.assertIn("sid=", plan.agreement_signature_ids)
		html = frappe.get_print("Individual Plan", self.plan, "Individuell plan")
		self.assertIn("(personen) sa seg enig i planen", html)
		self.assertIn("signert med ID-porten", html)
