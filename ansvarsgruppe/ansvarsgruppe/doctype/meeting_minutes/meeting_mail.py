"""E-mail around a meeting, all through Frappe's Email Queue.

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
from frappe.utils import escape_html, get_fullname, get_system_timezone, now_datetime, validate_email_address
from icalendar import Calendar, Event, vCalAddress, vText

from ansvarsgruppe.alerts.ledger import mail_not_queued_message
from ansvarsgruppe.alerts.recipients import addresses_with_access
from ansvarsgruppe.audit.access_log import log_sent
from ansvarsgruppe.controllers.rules_bridge import get_settings
from ansvarsgruppe.exceptions import MailNotQueuedError
from ansvarsgruppe.printing import formats
from ansvarsgruppe.printing.pdf import get_pdf
from ansvarsgruppe.rules import minutes as minutes_rules
from ansvarsgruppe.rules import norwegian
from ansvarsgruppe.rules import status as st

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


def _collect(rows, name_field: str, covered: set[str] | None = None):
	"""(name, e-mail) of the rows that have an address the consent covers, once per address; the names
	without an address; and the names whose address the consent does not cover (R5). ``covered``: the
	addresses covered (``covered_addresses``), ``None`` for every address. A row with the family's recorded
	agreement for this meeting (``family_agreed``, a guest) is covered."""
	found, missing, refused, seen = [], [], [], set()
	for row in rows:
		address = _email_of(row.get("email"), row.get("user"))
		if not address:
			missing.append(row.get(name_field))
		elif covered is not None and address.lower() not in covered and not row.get("family_agreed"):
			refused.append(row.get(name_field) or address)
		elif address.lower() not in seen:
			seen.add(address.lower())
			found.append((row.get(name_field), address))
	return found, missing, refused


def covered_addresses(doc) -> set[str]:
	"""R5: the addresses the group's consent covers today: the coordinator, the members with access, the
	person and those who act for them (a guardian, a parent with parental responsibility); lower case."""
	service_user = frappe.db.get_value("Responsibility Group", doc.group, "service_user")
	return addresses_with_access(doc.group, keep=family_addresses(service_user))


def family_addresses(service_user: str | None) -> list[str]:
	"""The addresses of the person and of those who act for them (a guardian, a parent with parental
	responsibility)."""
	if not service_user:
		return []
	family = []
	person = frappe.db.get_value("Service User", service_user, ["email", "portal_user"], as_dict=True)
	family += [person.email, person.portal_user] if person else []
	for relation in frappe.get_all(
		"Service User Relation",
		filters={"parent": service_user, "parenttype": "Service User"},
		or_filters={"is_guardian": 1, "has_parental_responsibility": 1},
		fields=["email", "portal_user"],
	):
		family += [relation.email, relation.portal_user]
	return [address for address in family if address]


def record_covered_addresses(doctype: str, name: str) -> set[str]:
	"""R5: whom the consent covers for a record of the app: the addresses of every open group the record
	belongs to (``covered_addresses``), and the person's family."""
	if doctype == "Responsibility Group":
		groups, service_user = [name], frappe.db.get_value(doctype, name, "service_user")
	elif frappe.get_meta(doctype).has_field("group"):
		group = frappe.db.get_value(doctype, name, "group")
		groups = [group] if group else []
		service_user = frappe.db.get_value("Responsibility Group", group, "service_user") if group else None
	else:
		service_user = (
			name if doctype == "Service User" else frappe.db.get_value(doctype, name, "service_user")
		)
		groups = frappe.get_all(
			"Responsibility Group",
			{"service_user": service_user, "status": ("in", st.GROUP_OPEN)},
			pluck="name",
		)
	covered = {address.lower() for address in family_addresses(service_user)}
	if doctype == "IP Application":  # before there is a group: KE and the unit deciding it (R2)
		values = frappe.db.get_value(
			doctype, name, ["responsible_unit_leader", "proposed_coordinator", "appointed_coordinator"]
		)
		users = [user for user in values or () if user]
		covered |= {
			(email or "").lower() for email in frappe.get_all("User", {"name": ("in", users)}, pluck="email")
		}
		covered.add((get_settings().coordinating_unit_email or "").strip().lower())
	for group in groups:
		covered |= addresses_with_access(group)
	return covered


def _addresses(value) -> list[str]:
	if not value:
		return []
	if isinstance(value, list | tuple):
		return [str(v).strip() for v in value if v and str(v).strip()]
	return [part.strip() for part in str(value).replace(";", ",").split(",") if part.strip()]


@frappe.whitelist()
def make_communication(doctype=None, name=None, recipients=None, cc=None, bcc=None, **kwargs):
	"""The desk's e-mail composer (``frappe.core.doctype.communication.email.make``); a record of the app
	is mailed only to addresses its consent covers (R5), and the mail is logged for Innsyn."""
	from frappe.core.doctype.communication.email import make

	from ansvarsgruppe.permissions.endpoints import PARENT_DOCTYPES

	if doctype in PARENT_DOCTYPES and name:
		addresses = [*_addresses(recipients), *_addresses(cc), *_addresses(bcc)]
		if kwargs.get("send_me_a_copy"):
			addresses.append(frappe.session.user)
		covered = record_covered_addresses(doctype, name)
		outside = [address for address in addresses if _plain_address(address).lower() not in covered]
		if outside:
			frappe.throw(
				_("{0} cannot be sent to {1}: the consent does not cover them.").format(
					_(doctype), _names(outside)
				),
				frappe.PermissionError,
			)
	result = make(doctype=doctype, name=name, recipients=recipients, cc=cc, bcc=bcc, **kwargs)
	if doctype in PARENT_DOCTYPES and name and kwargs.get("send_email"):
		log_sent(doctype, name, [], addresses)
	return result


def _plain_address(address: str) -> str:
	"""``Name <a@b.no>`` → ``a@b.no``."""
	address = address.strip()
	if "<" in address and address.endswith(">"):
		address = address.rsplit("<", 1)[1][:-1]
	return address.strip()


def invitees(doc) -> tuple[list[tuple[str, str]], list[str], list[str]]:
	"""The meeting's invitees the consent covers who can be e-mailed (a guest with the family's agreement
	for the meeting), the names of those without an address, and of those the consent does not cover."""
	return _collect(doc.participants, "participant_name", covered_addresses(doc))


def distribution(doc) -> tuple[list[tuple[str, str]], list[str], list[str]]:
	"""The distribution list (R11 part 9) with addresses the consent covers (or a guest's who took part
	with the family's agreement), the names without an address, and those the consent does not cover."""
	agreed = {
		address.lower()
		for p in doc.participants
		if p.family_agreed and (address := _email_of(p.email, p.user))
	}
	return _collect(doc.distribution, "recipient_name", covered_addresses(doc) | agreed)


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


def _names(names) -> str:
	"""Names typed by users, for a message or comment shown as HTML."""
	return escape_html(", ".join(str(name) for name in names if name))


def _plain(value) -> str:
	"""A value for a subject line: one line, no markup (Frappe also puts the subject in the HTML)."""
	return " ".join(escape_html(str(value or "")).split())


def _send(doc, recipients, coordinator, subject: str, template: str, attachments: list, **context):
	"""One meeting mail from the coordinator (replies go to them) to ``recipients``, filed on ``doc``;
	the document sent is logged for Innsyn."""
	addresses = [email for _name, email in recipients]
	frappe.sendmail(
		recipients=addresses,
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
	log_sent(doc.doctype, doc.name, [att["fname"] for att in attachments], addresses)


def _not_covered_message(names) -> str:
	return _(
		"Not sent to {0}: the consent does not cover them (a guest needs the family's agreement for the"
		" meeting)."
	).format(_names(names))


def send_invitation(doc) -> dict:
	"""E-mail the invitation to every invitee the consent covers (R5, R9) and record when it was sent."""
	if doc.status != st.MINUTES_INVITED:
		frappe.throw(
			_("The invitation can only be sent while the meeting is at the invitation stage."),
			frappe.ValidationError,
		)
	if not doc.start_time:
		frappe.throw(_("Set the start time before sending the invitation."), frappe.ValidationError)
	recipients, without_email, not_covered = invitees(doc)
	if not recipients:
		if not_covered:
			frappe.throw(_not_covered_message(not_covered), frappe.ValidationError)
		frappe.throw(_("None of the invitees has an e-mail address."), frappe.ValidationError)
	coordinator = _coordinator(doc)
	pdf = get_pdf(doc.doctype, doc.name, formats.INVITATION_FORMAT, ignore_permissions=True)
	when = norwegian.meeting_time(doc.meeting_date, doc.start_time, doc.end_time)
	kind = "formøte" if doc.meeting_type == minutes_rules.PRE_MEETING else "ansvarsgruppemøte"
	_send(
		doc,
		recipients,
		coordinator,
		subject=_plain(f"Innkalling til {kind} {when} ({doc.group})"),
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
	names = _names(name for name, _email in recipients)
	doc.add_comment("Info", _("The invitation was e-mailed to {0}.").format(names))
	message = _("The invitation was e-mailed to {0}.").format(names)
	if without_email:
		message += "<br>" + _("No e-mail address for {0}: send them the invitation another way.").format(
			_names(without_email)
		)
	if not_covered:
		message += "<br>" + _not_covered_message(not_covered)
	warn = bool(without_email or not_covered)
	frappe.msgprint(message, indicator="orange" if warn else "green", alert=not warn)
	return {
		"sent_to": [email for _name, email in recipients],
		"without_email": without_email,
		"not_covered": not_covered,
	}


def send_approved_minutes(doc) -> dict:
	"""E-mail the approved minutes to the distribution list (R11 part 9), to those on it the consent covers
	(R5), and nobody else.

	Called when the minutes are approved, as part of the approval: if the mail cannot be rendered or
	queued, the approval (with the plan and the group it updated) is undone and the user is told why. A site
	without an outgoing e-mail account approves without mail, and the user is told to send the minutes
	another way.
	"""
	if any(frappe.flags.get(flag) for flag in QUIET_FLAGS):
		return {"sent_to": [], "without_email": [], "not_covered": []}
	recipients, without_email, not_covered = distribution(doc)
	if recipients:
		try:
			pdf = get_pdf(doc.doctype, doc.name, formats.MINUTES_FORMAT, ignore_permissions=True)
			coordinator = _coordinator(doc)
			kind = "formøtet" if doc.meeting_type == minutes_rules.PRE_MEETING else "ansvarsgruppemøtet"
			date = norwegian.short_date(doc.meeting_date)
			_send(
				doc,
				recipients,
				coordinator,
				subject=_plain(f"Godkjent møtereferat fra {kind} {date} ({doc.group})"),
				template="approved_minutes",
				attachments=[{"fname": f"Møtereferat {doc.name}.pdf", "fcontent": pdf}],
				kind=kind,
				date=date,
			)
		except Exception as e:
			if not (
				isinstance(e, frappe.OutgoingEmailError | frappe.InvalidEmailAddressError)
				or frappe.are_emails_muted()
			):
				frappe.throw(mail_not_queued_message(_("Approved minutes")), MailNotQueuedError)
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
			return {"sent_to": [], "without_email": without_email, "not_covered": not_covered}
		doc.add_comment(
			"Info",
			_("The approved minutes were e-mailed to {0}.").format(_names(n for n, _e in recipients)),
		)
	if without_email:
		frappe.msgprint(
			_("No e-mail address for {0}: send them the minutes another way.").format(_names(without_email)),
			indicator="orange",
		)
	if not_covered:
		frappe.msgprint(_not_covered_message(not_covered), indicator="orange")
	return {
		"sent_to": [email for _name, email in recipients],
		"without_email": without_email,
		"not_covered": not_covered,
	}
