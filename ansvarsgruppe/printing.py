"""The app's printed documents (issue #5): Jinja helpers for the print formats, and their PDFs.

The standard print formats live in ``ansvarsgruppe/print_format/<name>/``; Frappe reads each
template from the ``<name>.html`` beside the JSON at render time (``frappe.www.printview.get_print_format``).
The templates call the ``ag_*`` helpers below (registered as Jinja methods in hooks.py).

Page numbers: Frappe's PDFs come from wkhtmltopdf, and a wkhtmltopdf built against unpatched Qt (as
Debian's is) ignores ``--footer-center``/``--footer-html``, and CSS page counters do not work in it
either. So every PDF of these print formats gets "Side N av M" stamped on each page afterwards with
pypdf (``number_pages``): in :func:`get_pdf` (e-mail, tests) and in the desk's PDF download, whose
whitelisted method is wrapped by :func:`download_pdf` (hooks.py ``override_whitelisted_methods``).
"""

import io

import frappe
from frappe.translate import print_language
from frappe.utils import get_fullname, now_datetime
from pypdf import PageObject, PdfReader, PdfWriter
from pypdf.generic import DecodedStreamObject, DictionaryObject, NameObject

from ansvarsgruppe.controllers.rules_bridge import get_settings
from ansvarsgruppe.rules import minutes as minutes_rules
from ansvarsgruppe.rules import norwegian, plans

PRINT_LANGUAGE = "no"

CONSENT_FORMAT = "Samtykkeerklæring"
INVITATION_FORMAT = "Innkalling"
MINUTES_FORMAT = "Møtereferat"
APPLICATION_FORMAT = "Søknad om individuell plan og koordinator"
PLAN_FORMAT = "Individuell plan"

# print format: (DocType, short title for the page footer)
PRINT_FORMATS = {
	CONSENT_FORMAT: ("Consent", "Samtykkeerklæring"),
	INVITATION_FORMAT: ("Meeting Minutes", "Innkalling"),
	MINUTES_FORMAT: ("Meeting Minutes", "Møtereferat"),
	APPLICATION_FORMAT: ("IP Application", "Søknad om IP/koordinator"),
	PLAN_FORMAT: ("Individual Plan", "Individuell plan"),
}
# The default print format of each DocType (set at install when the DocType has none: setup/install.py).
# ---------------------------------------------------------------- Jinja helpers (hooks.py "jinja")


def ag_date(value) -> str:
	"""``12.03.2026``"""
	return norwegian.short_date(value)


def ag_long_date(value) -> str:
	"""``torsdag 12. mars 2026``"""
	return norwegian.long_date(value)


def ag_time(value) -> str:
	"""``10.00``"""
	return norwegian.clock(value)


def ag_meeting_time(day, start=None, end=None) -> str:
	"""``torsdag 12. mars 2026 kl. 10.00–11.30``"""
	return norwegian.meeting_time(day, start, end)


def ag_label(value) -> str:
	"""A stored option value (``Sent regrets``, ``Parent``) in Norwegian, whatever the reader's language."""
	return frappe._(value, lang=PRINT_LANGUAGE) if value else ""


def ag_user_name(user) -> str:
	return get_fullname(user) if user else ""


def ag_context(doc) -> dict:
	"""What a print format needs beyond the document's own fields."""
	municipality = (get_settings().municipality_name or "").strip()
	context = frappe._dict(
		municipality=municipality or "kommunen",
		place=municipality.removesuffix(" kommune").strip() if municipality else "",
		printed_on=now_datetime().date(),
	)
	builder = {
		"Consent": _consent_context,
		"IP Application": _application_context,
		"Meeting Minutes": _minutes_context,
		"Individual Plan": _plan_context,
	}.get(doc.doctype)
	if builder:
		context.update(builder(doc))
	return context


def _person(service_user: str | None) -> frappe._dict:
	fields = ["full_name", "national_id", "birth_date", "address", "phone", "email"]
	person = (
		frappe.db.get_value("Service User", service_user, fields, as_dict=True) if service_user else None
	) or frappe._dict()
	person.national_id = norwegian.national_id(person.national_id)
	return person


def _relation(service_user: str | None, relation: str | None) -> frappe._dict:
	if not (service_user and relation):
		return frappe._dict()
	return (
		frappe.db.get_value(
			"Service User Relation",
			{"name": relation, "parent": service_user, "parenttype": "Service User"},
			["full_name", "relation_type", "is_guardian"],
			as_dict=True,
		)
		or frappe._dict()
	)


def _consent_context(doc) -> dict:
	relation = _relation(doc.service_user, doc.signed_by_relation)
	return {
		"person": _person(doc.service_user),
		"signer_role": ag_label(relation.relation_type)
		if relation
		else ("Søker/bruker" if doc.signed_by_kind else ""),
		"employee": ag_user_name(doc.received_by),
		"employee_unit": doc.received_by_unit or doc.collecting_unit or "",
		"active_partners": [p for p in doc.partners if not p.withdrawn_on],
		"withdrawn_partners": [p for p in doc.partners if p.withdrawn_on],
	}


def _application_context(doc) -> dict:
	relation = _relation(doc.service_user, doc.applicant_relation)
	return {
		"person": _person(doc.service_user),
		"applicant_role": ag_label(relation.relation_type) if relation else "Bruker selv",
		"wants_plan": doc.applied_for in ("Individual Plan", "Both"),
		"wants_coordinator": doc.applied_for in ("Coordinator", "Both"),
		"proposed_coordinator": ag_user_name(doc.proposed_coordinator),
		"appointed_coordinator": ag_user_name(doc.appointed_coordinator),
		"unit_leader": ag_user_name(doc.responsible_unit_leader),
		"answer_days": int(get_settings().application_answer_days or 30),
	}


def _plan_context(doc) -> dict:
	group = frappe.db.get_value("Responsibility Group", doc.group, ["responsible_unit"], as_dict=True)
	members = frappe.get_all(
		"Group Member",
		filters={"group": doc.group, "status": ("in", ["Approved", "Active"])},
		fields=["full_name", "member_role", "service_unit"],
		order_by="creation asc",
	)
	person = _person(doc.service_user)
	return {
		"person": frappe._dict(full_name=person.full_name, birth_date=person.birth_date),
		"coordinator": ag_user_name(doc.coordinator),
		"approved_by": ag_user_name(doc.approved_by),
		"responsible_unit": (group.responsible_unit if group else "") or "",
		"members": members,
		"goal_rows": plans.ordered_goals(doc.goals, own_first=True),
		"is_draft": doc.status == "Draft",
	}


def _minutes_context(doc) -> dict:
	def by_attendance(*values):
		return [p for p in doc.participants if (p.attendance or "") in values]

	coordinator = doc.coordinator or frappe.db.get_value("Responsibility Group", doc.group, "coordinator")
	previous = (
		frappe.db.get_value("Meeting Minutes", doc.previous_minutes, ["meeting_date", "status"], as_dict=True)
		if doc.previous_minutes
		else None
	)
	return {
		"coordinator": ag_user_name(coordinator),
		"coordinator_email": frappe.db.get_value("User", coordinator, "email") if coordinator else "",
		"minute_taker": ag_user_name(doc.minute_taker),
		"next_minute_taker": ag_user_name(doc.next_minute_taker),
		"approved_by": ag_user_name(doc.approved_by),
		"responsible_unit": frappe.db.get_value("Responsibility Group", doc.group, "responsible_unit") or "",
		"present": by_attendance("Present"),
		"sent_regrets": by_attendance("Sent regrets"),
		"absent": by_attendance("Absent"),
		"not_recorded": by_attendance(""),
		"previous_date": norwegian.short_date(previous.meeting_date) if previous else "",
		"is_pre_meeting": doc.meeting_type == minutes_rules.PRE_MEETING,
		"is_closing": doc.meeting_type == minutes_rules.CLOSING,
		"is_final": minutes_rules.is_final(doc.status),
		"excluded_topics": minutes_rules.EXCLUDED_TOPICS,
		"status_round_minutes": minutes_rules.STATUS_ROUND_MINUTES,
		"r11_parts": R11_HEADINGS,
		"status_round": plans.status_round(
			[{"user": p.user, "name": p.participant_name} for p in doc.participants],
			[{**row.as_dict(), "status": row.status_before} for row in doc.measure_updates],
		),
	}


# R11's nine parts as the headings of the printed minutes, in the guideline's words and order.
R11_HEADINGS = (
	"1. Tilstedeværelse",
	"2. Forfall",
	"3. Tidspunkt for møtet",
	"4. Godkjenning av forrige referat",
	"5. Referat fra sakene på sakslisten",
	"6. Konklusjon for møtet",
	"7. Tidspunkt for neste møte og tema",
	"8. Referent for neste møte",
	"9. Distribusjon av møtereferatet",
)


# ---------------------------------------------------------------- PDF


def get_pdf(doctype: str, name: str, print_format: str, ignore_permissions: bool = False) -> bytes:
	"""The document as an A4 PDF in Norwegian through Frappe's own path (printview → wkhtmltopdf),
	with page numbers."""
	flag = frappe.flags.ignore_print_permissions
	frappe.flags.ignore_print_permissions = ignore_permissions or flag
	try:
		with print_language(PRINT_LANGUAGE):
			pdf = frappe.get_print(doctype, name, print_format, as_pdf=True, pdf_options={"page-size": "A4"})
	finally:
		frappe.flags.ignore_print_permissions = flag
	return number_pages(pdf, footer_title(print_format, name))


def footer_title(print_format: str, name: str) -> str:
	title = PRINT_FORMATS.get(print_format, (None, print_format))[1]
	return f"{title} {name}"


@frappe.whitelist(allow_guest=True)
def download_pdf(doctype, name, format=None, doc=None, no_letterhead=0, language=None, letterhead=None):
	"""Frappe's PDF download (the desk's PDF button), with page numbers on the app's print formats."""
	from frappe.utils.print_format import download_pdf as frappe_download_pdf

	frappe_download_pdf(
		doctype,
		name,
		format=format,
		doc=doc,
		no_letterhead=no_letterhead,
		language=language,
		letterhead=letterhead,
	)
	print_format = format or frappe.get_meta(doctype).default_print_format
	content = frappe.local.response.get("filecontent")
	if print_format in PRINT_FORMATS and content:
		frappe.local.response.filecontent = number_pages(content, footer_title(print_format, name))


@frappe.whitelist()
def get_html_and_style(
	doc,
	name=None,
	print_format=None,
	no_letterhead=None,
	letterhead=None,
	trigger_print=False,
	style=None,
	settings=None,
):
	"""The desk's print preview; a saved record of the app is logged for Innsyn (Frappe logs the print
	view and the PDF, not the preview)."""
	from frappe.www.printview import get_html_and_style as frappe_get_html_and_style

	from ansvarsgruppe.audit.access_log import log_export
	from ansvarsgruppe.permissions.endpoints import is_app_doctype

	result = frappe_get_html_and_style(
		doc,
		name=name,
		print_format=print_format,
		no_letterhead=no_letterhead,
		letterhead=letterhead,
		trigger_print=trigger_print,
		style=style,
		settings=settings,
	)
	if isinstance(name, str) and name and is_app_doctype(doc):
		log_export(doc, name, "Print preview", file_type="HTML")
		frappe.local.flags.commit = True
	return result


# Helvetica's advance widths (per 1000 units of the font size) for the characters of "Side 12 av 34".
_HELVETICA_WIDTHS = {" ": 278, "S": 667, "i": 222, "d": 556, "e": 556, "a": 556, "v": 500}
_FOOTER_FONT_SIZE = 8
_FOOTER_BASELINE_MM = 8
_FOOTER_SIDE_MM = 15


def number_pages(pdf: bytes, title: str = "") -> bytes:
	"""Stamp ``title`` (left) and ``Side N av M`` (right) at the foot of every page of ``pdf``."""
	reader = PdfReader(io.BytesIO(pdf))
	writer = PdfWriter()
	writer.append_pages_from_reader(reader)
	total = len(writer.pages)
	for number, page in enumerate(writer.pages, start=1):
		page.merge_page(_footer_overlay(page, title, f"Side {number} av {total}"))
	out = io.BytesIO()
	writer.write(out)
	return out.getvalue()


def _footer_overlay(page, left: str, right: str) -> PageObject:
	box = page.mediabox
	width, height = float(box.width), float(box.height)
	mm = 72 / 25.4
	y = float(box.bottom) + _FOOTER_BASELINE_MM * mm
	x_left = float(box.left) + _FOOTER_SIDE_MM * mm
	right_width = sum(_HELVETICA_WIDTHS.get(ch, 556) for ch in right) * _FOOTER_FONT_SIZE / 1000
	x_right = float(box.left) + width - _FOOTER_SIDE_MM * mm - right_width
	size = _FOOTER_FONT_SIZE
	commands = (
		f"q 0.3 g BT /AGFooter {size} Tf {x_left:.2f} {y:.2f} Td ({_pdf_text(left)}) Tj ET "
		f"BT /AGFooter {size} Tf {x_right:.2f} {y:.2f} Td ({_pdf_text(right)}) Tj ET Q"
	)
	overlay = PageObject.create_blank_page(width=width, height=height)
	overlay[NameObject("/Resources")] = DictionaryObject(
		{
			NameObject("/Font"): DictionaryObject(
				{
					NameObject("/AGFooter"): DictionaryObject(
						{
							NameObject("/Type"): NameObject("/Font"),
							NameObject("/Subtype"): NameObject("/Type1"),
							NameObject("/BaseFont"): NameObject("/Helvetica"),
							NameObject("/Encoding"): NameObject("/WinAnsiEncoding"),
						}
					)
				}
			)
		}
	)
	stream = DecodedStreamObject()
	stream.set_data(commands.encode("latin-1"))
	overlay[NameObject("/Contents")] = stream
	return overlay


def _pdf_text(text: str) -> str:
	"""A PDF literal string body in WinAnsiEncoding (æøå, en dash), written with octal escapes."""
	out = []
	for byte in text.encode("cp1252", errors="replace"):
		char = chr(byte)
		if char in "()\\":
			out.append("\\" + char)
		elif 32 <= byte < 127:
			out.append(char)
		else:
			out.append(f"\\{byte:03o}")
	return "".join(out)
