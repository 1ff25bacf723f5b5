"""E-mail around a meeting (issue #5), all through Frappe's Email Queue.

- The invitation (R9): every invitee with an e-mail address gets the Innkalling as PDF and an
  iCalendar invitation (.ics) for the meeting; the send is recorded in ``invitation_sent_on``.
- The approved minutes (R11 part 9): the Møtereferat PDF goes to exactly the distribution list.

Subjects and bodies name the group's reference, the date and the place but no personal data about the
service user (as the other notices, see test_notifications); the attached documents are confidential.
"""

import datetime
import zoneinfo

import frappe
from frappe import _
from frappe.utils import get_fullname, get_system_timezone, now_datetime, validate_email_address
from icalendar import Calendar, Event, vCalAddress, vText

from ansvarsgruppe import printing
from ansvarsgruppe.rules import minutes as minutes_rules
from ansvarsgruppe.rules import norwegian
from ansvarsgruppe.rules import status as st
from ansvarsgruppe.utils import get_settings

DEFAULT_DURATION = datetime.timedelta(hours=1)
ICS_FILENAME = "innkalling.ics"
ICS_CONTENT_TYPE = "text/calendar; method=REQUEST"
# Records that arrive approved (a data import, demo data, install, migrate, a patch, or with e-mail muted)
# are not mailed.
QUIET_FLAGS = ("in_import", "in_install", "in_migrate", "in_patch", "mute_emails")


# ---------------------------------------------------------------- recipients


def _email_of(email: str | None, user: str | None) -> str:
	address = (email or "").strip() or (frappe.db.get_value("User", user, "email") if user else "") or ""
	return validate_email_address(address) if address else ""


def _collect(rows, name_field: str) -> tuple[list[tuple[str, str]], list[str]]:
	"""(name, e-mail) of the rows that have an address, once per address; and the names without one."""
	found, missing, seen = [], [], set()
	for row in rows:
		address = _email_of(row.get("email"), row.get("user"))
		if not address:
			missing.append(row.get(name_field))
		elif address.lower() not in seen:
			seen.add(address.lower())
			found.append((row.get(name_field), address))
	return found, missing


def invitees(doc) -> tuple[list[tuple[str, str]], list[str]]:
	"""The meeting's invitees who can be e-mailed, and the names of those who cannot."""
	return _collect(doc.participants, "participant_name")


def distribution(doc) -> tuple[list[tuple[str, str]], list[str]]:
	"""The distribution list (R11 part 9) with addresses, and the names without one."""
	return _collect(doc.distribution, "recipient_name")


# ---------------------------------------------------------------- the calendar invitation


def meeting_start_end(doc) -> tuple[datetime.datetime, datetime.datetime]:
	"""The meeting's start and end in the system's time zone (an hour when no end time is set)."""
	tz = zoneinfo.ZoneInfo(get_system_timezone())
	day = norwegian.as_date(doc.meeting_date)
	start = datetime.datetime.combine(day, norwegian.as_time(doc.start_time), tzinfo=tz)
	end_time = norwegian.as_time(doc.end_time)
	end = datetime.datetime.combine(day, end_time, tzinfo=tz) if end_time else None
	if not end or end <= start:
		end = start + DEFAULT_DURATION
	return start, end


def build_ics(doc, attendees: list[tuple[str, str]], organizer: tuple[str, str] | None = None) -> bytes:
	"""An iCalendar REQUEST for the meeting. The UID is stable per meeting and SEQUENCE grows with each
	send, so a re-sent invitation updates the event already in the invitees' calendars."""
	start, end = meeting_start_end(doc)
	calendar = Calendar()
	calendar.add("prodid", "-//Ansvarsgruppe//Innkalling//NO")
	calendar.add("version", "2.0")
	calendar.add("method", "REQUEST")
	event = Event()
	event.add("uid", f"{doc.name}@{frappe.local.site}")
	event.add("dtstamp", datetime.datetime.now(datetime.timezone.utc))
	event.add("sequence", int(now_datetime().timestamp()) // 60)
	event.add("dtstart", start)
	event.add("dtend", end)
	event.add("summary", _meeting_title(doc))
	if doc.place:
		event.add("location", doc.place)
	event.add(
		"description",
		f"{_meeting_title(doc)} {norwegian.meeting_time(doc.meeting_date, doc.start_time, doc.end_time)}. "
		"Innkallingen med saksliste ligger ved e-posten.",
	)
	if organizer and organizer[1]:
		address = vCalAddress(f"mailto:{organizer[1]}")
		address.params["cn"] = vText(organizer[0] or organizer[1])
		event["organizer"] = address
	for name, email in attendees:
		address = vCalAddress(f"mailto:{email}")
		address.params["cn"] = vText(name or email)
		address.params["role"] = vText("REQ-PARTICIPANT")
		address.params["partstat"] = vText("NEEDS-ACTION")
		address.params["rsvp"] = vText("TRUE")
		event.add("attendee", address, encode=0)
	calendar.add_component(event)
	calendar.add_missing_timezones(
		first_date=start.date() - datetime.timedelta(days=366),
		last_date=end.date() + datetime.timedelta(days=366),
	)
	return calendar.to_ical()


def _meeting_title(doc) -> str:
	kind = "Formøte i ansvarsgruppe" if doc.meeting_type == minutes_rules.PRE_MEETING else "Ansvarsgruppemøte"
	return f"{kind} {doc.group}"


# ---------------------------------------------------------------- sending


def _coordinator(doc) -> tuple[str, str]:
	user = doc.coordinator or frappe.db.get_value("Responsibility Group", doc.group, "coordinator")
	return (get_fullname(user), _email_of(None, user)) if user else ("", "")


def _body(template: str, **context) -> str:
	return frappe.render_template(f"ansvarsgruppe/templates/emails/{template}.html", context)


def _send(doc, recipients, coordinator, subject: str, template: str, attachments: list, **context):
	"""One meeting mail from the coordinator (replies go to them) to ``recipients``, filed on ``doc``."""
	frappe.sendmail(
		recipients=[email for _name, email in recipients],
		subject=subject,
		message=_body(
			template,
			doc=doc,
			coordinator=coordinator,
			municipality=(get_settings().municipality_name or "").strip(),
			**context,
		),
		attachments=attachments,
		reply_to=coordinator[1] or None,
		reference_doctype=doc.doctype,
		reference_name=doc.name,
	)


def send_invitation(doc) -> dict:
	"""E-mail the invitation to every invitee with an address (R9) and record when it was sent."""
	if doc.status != st.MINUTES_INVITED:
		frappe.throw(
			_("The invitation can only be sent while the meeting is at the invitation stage."),
			frappe.ValidationError,
		)
	if not doc.start_time:
		frappe.throw(_("Set the start time before sending the invitation."), frappe.ValidationError)
	recipients, without_email = invitees(doc)
	if not recipients:
		frappe.throw(_("None of the invitees has an e-mail address."), frappe.ValidationError)
	coordinator = _coordinator(doc)
	pdf = printing.get_pdf(doc.doctype, doc.name, printing.INVITATION_FORMAT, ignore_permissions=True)
	when = norwegian.meeting_time(doc.meeting_date, doc.start_time, doc.end_time)
	kind = "formøte" if doc.meeting_type == minutes_rules.PRE_MEETING else "ansvarsgruppemøte"
	_send(
		doc,
		recipients,
		coordinator,
		subject=f"Innkalling til {kind} {when} ({doc.group})",
		template="meeting_invitation",
		attachments=[
			{"fname": f"Innkalling {doc.name}.pdf", "fcontent": pdf},
			{
				"fname": ICS_FILENAME,
				"fcontent": build_ics(doc, recipients, coordinator),
				"content_type": ICS_CONTENT_TYPE,
			},
		],
		kind=kind,
		when=when,
	)
	doc.db_set("invitation_sent_on", now_datetime())
	names = ", ".join(name for name, _email in recipients)
	doc.add_comment("Info", _("The invitation was e-mailed to {0}.").format(names))
	message = _("The invitation was e-mailed to {0}.").format(names)
	if without_email:
		message += "<br>" + _("No e-mail address for {0}: send them the invitation another way.").format(
			", ".join(without_email)
		)
	frappe.msgprint(message, indicator="orange" if without_email else "green", alert=not without_email)
	return {"sent_to": [email for _name, email in recipients], "without_email": without_email}


def send_approved_minutes(doc) -> dict:
	"""E-mail the approved minutes to exactly the distribution list (R11 part 9) and nobody else.

	Called when the minutes are approved; a failure to render or queue the mail never undoes the
	approval: it is logged and the user is told to send the minutes another way.
	"""
	if any(frappe.flags.get(flag) for flag in QUIET_FLAGS):
		return {"sent_to": [], "without_email": []}
	recipients, without_email = distribution(doc)
	if recipients:
		try:
			pdf = printing.get_pdf(doc.doctype, doc.name, printing.MINUTES_FORMAT, ignore_permissions=True)
			coordinator = _coordinator(doc)
			kind = "formøtet" if doc.meeting_type == minutes_rules.PRE_MEETING else "ansvarsgruppemøtet"
			date = norwegian.short_date(doc.meeting_date)
			_send(
				doc,
				recipients,
				coordinator,
				subject=f"Godkjent møtereferat fra {kind} {date} ({doc.group})",
				template="approved_minutes",
				attachments=[{"fname": f"Møtereferat {doc.name}.pdf", "fcontent": pdf}],
				kind=kind,
				date=date,
			)
		except Exception:
			frappe.log_error(
				f"Approved minutes {doc.name} could not be e-mailed",
				reference_doctype=doc.doctype,
				reference_name=doc.name,
			)
			frappe.msgprint(
				_(
					"The minutes were approved but could not be e-mailed. Send them to the distribution list another way."
				),
				indicator="red",
			)
			return {"sent_to": [], "without_email": without_email}
		doc.add_comment(
			"Info",
			_("The approved minutes were e-mailed to {0}.").format(", ".join(n for n, _e in recipients)),
		)
	if without_email:
		frappe.msgprint(
			_("No e-mail address for {0}: send them the minutes another way.").format(
				", ".join(without_email)
			),
			indicator="orange",
		)
	return {"sent_to": [email for _name, email in recipients], "without_email": without_email}
