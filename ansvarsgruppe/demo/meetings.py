"""A case's individual plan, meetings with their minutes, and closing."""

import datetime

from frappe.utils import getdate

from ansvarsgruppe.demo.data import ACTIONS, CONCLUSIONS, DEMO_DOMAIN, PLACES, PLAN_MEASURES, STATUS_NOTES
from ansvarsgruppe.rules import groups as group_rules
from ansvarsgruppe.rules import minutes as minutes_rules
from ansvarsgruppe.rules import status as st
from ansvarsgruppe.rules.dates import add_months


class Meetings:
	"""The case's individual plan, meetings and closing; mixed into :class:`Case`."""

	# the individual plan (R18), approved, for the active cases whose application asked for one
	def individual_plan(self) -> dict:
		"""The plan with the values its controller fills in (the group's person, consent and coordinator,
		who took part, goal and measure numbers, the day it was approved); ``approved_by`` is the writer's."""
		rng, today = self.rng, self.town.today
		name = self.names.next("Individual Plan")
		professionals = [m for m in self.members if m["member_role"] == "Professional" and m["user"]]
		held = [
			m
			for m in self.minutes
			if m["meeting_type"] != "Pre-meeting" and m["status"] != "Invited" and m["meeting_date"] <= today
		]
		measures = []
		for number, member in enumerate(professionals, 1):
			start = self.plus(self.established, rng.randint(0, 20))
			end = self.plus(start, rng.choice((90, 180, 365)))
			measures.append(
				{
					"goal_id": "M1" if number % 2 else "M2",
					"measure_id": f"T{number}",
					"description": PLAN_MEASURES[(self.k + number) % len(PLAN_MEASURES)],
					"scope": rng.choice(
						("1 time i uka", "2 × 45 minutter i uka", "Hver 14. dag", "Ved behov")
					),
					"implementation": f"{member['service_unit']} har ansvaret og gir status i hvert møte.",
					"responsible_unit": member["service_unit"],
					"responsible_person": member["user"],
					"start_date": start,
					"end_date": end,
					"status": "Ongoing" if start <= today else "Planned",
					"evaluation_form": rng.choice(("Conversation", "Observation", "Measurement", "Report")),
					"next_evaluation_date": self.plus(today, rng.randint(14, 120)),
				}
			)
		evaluations = (
			[
				{
					"reference": "T1",
					"evaluation_date": getdate(held[-1]["meeting_date"]),
					"participants": "Deltakerne i ansvarsgruppemøtet",
					"result": rng.choice(("Achieved", "Partly", "Partly", "Not achieved")),
					"notes": rng.choice(STATUS_NOTES),
				}
			]
			if held and measures
			else []
		)
		participants = [
			f"{m['full_name']} ({m['service_unit']})" if m["service_unit"] else m["full_name"]
			for m in self.members
			if m["status"] in (st.MEMBER_APPROVED, st.MEMBER_ACTIVE)
		]
		return {
			"doctype": "Individual Plan",
			"name": name,
			"group": self.group["name"],
			"service_user": self.person["name"],
			"service_user_name": self.full_name,
			"consent": self.consent["name"],
			"coordinator": self.coordinator,
			"ip_application": self.application["name"],
			"status": st.PLAN_APPROVED,
			"approved_on": today,
			"participants": "\n".join(participants),
			"plan_from": self.established,
			"plan_to": self.plus(self.established, 3 * 365),
			"next_revision_date": self.plus(
				self.established, 365 * (1 + (today - self.established).days // 365)
			),
			"own_goals": f"{self.first_name} ønsker å klare mer selv i hverdagen og ha noen å være sammen med.",
			"resources": "God støtte i familien og et godt samarbeid med tjenestene.",
			"needs": self.application.get("needs_description"),
			"person_contribution": "Sier fra om hva som fungerer og ikke, og deltar i møtene når det passer.",
			"services_contribution": "Hver tjeneste har ansvar for sine tiltak og gir status i hvert møte.",
			"family_contribution": "Familien deltar i møtene og følger opp hjemme.",
			"collaboration": self.application.get("services_involved"),
			"goals": self.named_rows(
				name,
				[
					{
						"goal_id": "M1",
						"goal": "Mestre hverdagen med mindre hjelp",
						"is_persons_own_goal": 1,
						"status": "Open",
					},
					{"goal_id": "M2", "goal": "Delta i aktiviteter sammen med andre", "status": "Open"},
					{
						"goal_id": "M3",
						"goal": "Få faste rutiner hjemme og ute",
						"parent_goal": "M1",
						"status": "Open",
					},
				],
			),
			"measures": self.named_rows(name, measures),
			"evaluations": self.named_rows(name, evaluations),
		}

	# meetings (R8–R13)
	def meeting_dates(self) -> list[tuple[datetime.date, str, str]]:
		"""(date, meeting type, minutes status) for every meeting, oldest first."""
		today, rng = self.town.today, self.rng
		if self.kind == st.GROUP_PROPOSED:
			return []
		first = minutes_rules.PRE_MEETING if self.town.pre_meeting else minutes_rules.ORDINARY
		if self.kind == st.GROUP_APPROVED:
			return [(self.plus(today, rng.randint(3, 21)), first, st.MINUTES_INVITED)]
		end = self.closed or today
		meetings = [(self.plus(self.established, rng.randint(5, 14)), first)]
		day = self.plus(meetings[0][0], rng.randint(14, 28))
		reviews, holds_reviews = 1, rng.random() < 0.8  # some groups let the annual review slip (R13)
		while day < end:
			kind = minutes_rules.ORDINARY
			if holds_reviews and day >= add_months(self.established, 12 * reviews):
				kind, reviews = minutes_rules.ANNUAL_REVIEW, reviews + 1
			meetings.append((day, kind))
			day = self.plus(day, rng.randint(56, 120))
		if self.closed:
			closing = max(self.plus(self.closed, -rng.randint(0, 10)), self.plus(meetings[-1][0], 1))
			self.closed = self.group["closed_date"] = max(self.closed, closing)
			for member in self.members:
				member["to_date"] = self.closed
			self.consent["valid_to"] = self.closed
			meetings.append((closing, minutes_rules.CLOSING))
		elif day <= self.plus(today, 45):
			meetings.append((day, minutes_rules.ORDINARY))  # the next meeting has been called
		result = []
		for day, kind in meetings:
			if day >= today:
				status = st.MINUTES_INVITED
			elif (today - day).days <= self.town.deadline_days and rng.random() < 0.6:
				status = st.MINUTES_DRAFT  # the minutes of a recent meeting are still being written
			else:
				status = st.MINUTES_DISTRIBUTED if rng.random() < 0.6 else st.MINUTES_APPROVED
			result.append((day, kind, status))
		return result

	def make_minutes(self):
		meetings = self.meeting_dates()
		previous = None
		for i, (day, kind, status) in enumerate(meetings):
			following = meetings[i + 1][0] if i + 1 < len(meetings) else None
			minutes = self.one_meeting(day, kind, status, previous, following)
			self.minutes.append(minutes)
			if kind != minutes_rules.PRE_MEETING:
				previous = minutes

	def one_meeting(self, day, kind, status, previous, following) -> dict:
		rng, today = self.rng, self.town.today
		held = status != st.MINUTES_INVITED
		final = minutes_rules.is_final(status)
		name = self.names.next("Meeting Minutes")
		# R8: the pre-meeting is for the municipality's own representatives.
		members = [
			m
			for m in self.members
			if kind != minutes_rules.PRE_MEETING or m["service_unit"] in self.town.internal
		]
		professionals = [m for m in self.members if m["user"]]
		participants = [
			{
				"participant_name": m["full_name"],
				"group_member": m["name"],
				"user": m["user"],
				"service_unit": m["service_unit"],
				"email": m["email"],
				"mandate": m["mandate_note"],
				"attendance": self.attendance(m) if held else None,
			}
			for m in members
		]
		if kind != minutes_rules.PRE_MEETING and rng.random() < 0.1:
			participants.append(  # R6: a professional invited to one meeting only
				{
					"participant_name": "Lise Vang, audiopedagog (Statped)",
					"invited_for_this_meeting": 1,
					"attendance": "Present" if held else None,
				}
			)
		next_day = following or (
			self.plus(day, rng.randint(56, 90)) if kind != minutes_rules.CLOSING else None
		)
		next_taker = rng.choice(professionals)
		agenda = self.agenda(kind, len(participants), next_day, next_taker, held, final)
		start = rng.choice(("09:00:00", "10:00:00", "13:00:00", "14:30:00"))
		actions = []
		if held and kind != minutes_rules.CLOSING:
			for description in self.pick(ACTIONS, rng.randint(1, 3)):
				actions.append(
					{
						"description": description,
						"responsible": rng.choice(self.members)["full_name"],
						"due_date": self.plus(day, rng.randint(14, 60)),
					}
				)
		distribution = [
			{"recipient_name": m["full_name"], "email": m["email"], "user": m["user"]}
			for m in members
			if m["email"] or m["user"]
		]
		if kind == minutes_rules.CLOSING:  # R16: KE is told that the group is closed
			distribution.append(
				{"recipient_name": "Koordinerende enhet", "email": f"koordinerende.enhet@{DEMO_DOMAIN}"}
			)
		return {
			"doctype": "Meeting Minutes",
			"name": name,
			"group": self.group["name"],
			"service_user_name": self.full_name,
			"coordinator": self.coordinator,
			"meeting_type": kind,
			"meeting_date": day,
			"start_time": start,
			"end_time": f"{int(start[:2]) + 1:02d}{start[2:]}",
			"status": status,
			"place": rng.choice(PLACES).format(unit=self.responsible_unit),
			# R9: the minute-taker agreed at the previous meeting, if one was agreed.
			"minute_taker": (self.minutes and self.minutes[-1]["next_minute_taker"])
			or rng.choice(professionals)["user"],
			"invitation_sent_on": datetime.datetime.combine(
				min(today, self.plus(day, -rng.randint(10, 20))), datetime.time(8, 30)
			),
			"minutes_due_date": minutes_rules.due_date(day, self.town.deadline_days),
			"approval_reminder_date": minutes_rules.reminder_date(day, self.town.deadline_days),
			"consent_reservations": self.consent["reservations"],
			"guidelines_reviewed": int(held and kind == minutes_rules.PRE_MEETING),
			"mandate_reviewed": int(held and kind == minutes_rules.PRE_MEETING),
			"participants": self.named_rows(name, participants),
			"agenda": self.named_rows(name, agenda),
			"previous_minutes": previous["name"] if previous and kind != minutes_rules.PRE_MEETING else None,
			"previous_minutes_approved": int(
				held and previous is not None and kind != minutes_rules.PRE_MEETING
			),
			"previous_minutes_result": minutes_rules.PREVIOUS_APPROVED
			if held and previous is not None and kind != minutes_rules.PRE_MEETING
			else None,
			"previous_minutes_comments": "Ingen merknader." if held and previous else None,
			"actions": self.named_rows(name, actions),
			"conclusion": rng.choice(CONCLUSIONS) if final else None,
			"next_meeting_date": next_day if held else None,
			"next_meeting_time": start if held and next_day else None,
			"next_meeting_topic": "Oppfølging av tiltak og mål" if held and next_day else None,
			"next_minute_taker": next_taker["user"] if held and next_day else None,
			"distribution": self.named_rows(name, distribution if held else []),
			"approved_by": self.coordinator if final else None,
			"approved_on": min(today, self.plus(day, rng.randint(2, 14))) if final else None,
		}

	def attendance(self, member: dict) -> str:
		if member["member_role"] == "Coordinator":
			return "Present"
		return self.rng.choices(("Present", "Sent regrets", "Absent"), weights=(85, 12, 3))[0]

	def agenda(self, kind, participant_count, next_day, next_taker, held, final) -> list[dict]:
		"""R9: the standing agenda (the pre-meeting's own for a pre-meeting), written up after the meeting."""
		rng = self.rng
		titles = list(minutes_rules.standing_agenda(kind))  # with the annual review's or closing's item
		texts = {
			minutes_rules.STANDING_AGENDA[0]: "Referatet fra forrige møte ble godkjent.",
			minutes_rules.STANDING_AGENDA[1]: "Alle deltakerne ga status. " + rng.choice(STATUS_NOTES),
			minutes_rules.STANDING_AGENDA[
				2
			]: "Tiltakene og ansvaret fram til neste møte står i tiltakslisten.",
			minutes_rules.STANDING_AGENDA[3]: rng.choice(("Ingen saker.", "Familien orienterte om ferien.")),
			minutes_rules.STANDING_AGENDA[4]: f"Neste møte {next_day:%d.%m.%Y}."
			if next_day
			else "Ikke aktuelt.",
			minutes_rules.STANDING_AGENDA[5]: f"{next_taker['full_name']} skriver referat.",
			minutes_rules.PRE_MEETING_AGENDA[0]: "Retningslinjene for ansvarsgrupper ble gjennomgått.",
			minutes_rules.PRE_MEETING_AGENDA[1]: "Mandatet ble drøftet og er ført inn i ansvarsgruppen.",
			minutes_rules.PRE_MEETING_AGENDA[2]: "Alle representantene har avklart fullmakten med sin leder.",
			minutes_rules.PRE_MEETING_AGENDA[3]: "Innkalling og saksliste sendes alle medlemmene.",
		}
		written = len(titles) if final else rng.randint(2, len(titles) - 1)  # a draft is half written
		rows = []
		for i, title in enumerate(titles):
			rows.append(
				{
					"title": title,
					"minutes_allotted": minutes_rules.STATUS_ROUND_MINUTES * max(1, participant_count)
					if title.startswith("Status")
					else None,
					"responsible": self.town.staff[self.coordinator][0] if i == 0 else None,
					"discussion": texts.get(title, "Gjennomgått; se konklusjonen.")
					if held and i < written
					else None,
				}
			)
		return rows

	def finish_group(self):
		"""The fields the minutes' controller keeps on the group (R13): next meeting and review dates."""
		upcoming = [m["meeting_date"] for m in self.minutes if m["meeting_date"] >= self.town.today]
		agreed = [
			m["next_meeting_date"]
			for m in self.minutes
			if minutes_rules.is_final(m["status"])
			and m["next_meeting_date"]
			and m["next_meeting_date"] >= self.town.today
		]
		reviews = [
			m["meeting_date"]
			for m in self.minutes
			if m["meeting_type"] == minutes_rules.ANNUAL_REVIEW and minutes_rules.is_final(m["status"])
		]
		last_review = max(reviews, default=None)
		self.group.update(
			next_meeting_date=min(upcoming + agreed, default=None),
			last_annual_review=last_review,
			next_review_due=group_rules.next_review_due(
				last_review, self.established, self.town.review_months
			),
		)
